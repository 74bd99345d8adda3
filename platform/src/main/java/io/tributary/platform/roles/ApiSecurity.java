package io.tributary.platform.roles;

import io.tributary.edge.EdgePolicy;
import io.tributary.edge.health.ReadinessCheck;
import io.tributary.edge.http.CorsPolicy;
import io.tributary.edge.http.TrustedProxies;
import io.tributary.edge.ratelimit.RateLimitStore;
import io.tributary.edge.security.BearerTokens;
import io.tributary.edge.security.IssuerCheck;
import io.tributary.edge.security.IssuerKeys;
import io.tributary.edge.security.OidcSettings;
import io.tributary.edge.security.TokenVerifier;
import io.tributary.edge.security.TrustedNetwork;
import io.tributary.edge.tenancy.CallerTenant;
import io.tributary.edge.tenancy.SingleTenant;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api role's guard, from settings: OIDC bearer tokens (tenant from the token) or, only when
 * {@code TRIBUTARY_AUTH=none} says so, no authentication. Missing security settings stop the start.
 */
public record ApiSecurity(EdgePolicy policy, TenantResolver tenants, List<ReadinessCheck> checks) {

  public ApiSecurity {
    checks = List.copyOf(checks);
  }

  private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

  /** Builds the guard; throws {@link SettingsException} naming what is missing or wrong. */
  public static ApiSecurity from(Settings settings) {
    CorsPolicy cors = CorsPolicy.parse(settings.corsOrigins());
    int perClient = settings.rateLimitPerClient();
    int perSubject = settings.rateLimitPerSubject();
    TrustedProxies proxies = trustedProxies(settings);
    if (settings.authMode().equals("none")) {
      refuseRemoteWithoutAuthentication(settings);
      log.warn("TRIBUTARY_AUTH=none: the API authenticates nobody and serves tenant '{}' with every role;"
          + " expose it only to a trusted network", settings.tenant());
      return new ApiSecurity(new EdgePolicy(new TrustedNetwork(settings.tenant()), cors, perClient, perSubject,
              settings.tenantWritesInFlight(), settings.tenantWritesPerMinute(), RateLimitStore.inProcess(), proxies),
          new SingleTenant(settings.tenant()), List.of());
    }
    OidcSettings oidc = new OidcSettings(issuer(settings), audience(settings), settings.oidcTenantClaim(),
        settings.oidcRolesClaim(), Duration.ofSeconds(settings.oidcClockSkewSeconds()),
        Duration.ofSeconds(settings.oidcJwksMinRefetchSeconds()), Duration.ofSeconds(settings.oidcJwksTtlSeconds()));
    IssuerKeys keys = new IssuerKeys(oidc);
    TokenVerifier verifier = new TokenVerifier(oidc, keys, Clock.systemUTC());
    return new ApiSecurity(new EdgePolicy(new BearerTokens(verifier), cors, perClient, perSubject,
            settings.tenantWritesInFlight(), settings.tenantWritesPerMinute(), RateLimitStore.inProcess(), proxies),
        new CallerTenant(), List.of(new IssuerCheck(keys)));
  }

  private static TrustedProxies trustedProxies(Settings settings) {
    try {
      return TrustedProxies.parse(settings.trustedProxies());
    } catch (IllegalArgumentException e) {
      throw new SettingsException("TRIBUTARY_TRUSTED_PROXIES: " + e.getMessage());
    }
  }

  /**
   * Without authentication, anyone who reaches the port acts with every role: only a loopback
   * listener is allowed, unless the operator states that a network boundary guards the port.
   */
  private static void refuseRemoteWithoutAuthentication(Settings settings) {
    String host = settings.apiHost();
    if (!isLoopback(host) && !settings.authNoneAllowRemote()) {
      throw new SettingsException("TRIBUTARY_AUTH=none authenticates nobody, so the api binds only a loopback"
          + " address, but TRIBUTARY_API_HOST is '" + host + "'. Set TRIBUTARY_API_HOST=127.0.0.1, use"
          + " TRIBUTARY_AUTH=oidc, or, if a trusted network alone can reach this port, set"
          + " TRIBUTARY_AUTH_NONE_ALLOW_REMOTE=true; see docs/auth-hardening.md");
    }
  }

  private static URI issuer(Settings settings) {
    String raw = settings.value("TRIBUTARY_OIDC_ISSUER").orElseThrow(() -> new SettingsException(
        "TRIBUTARY_OIDC_ISSUER is not set: the api validates OIDC bearer tokens and needs its issuer"
            + " (or TRIBUTARY_AUTH=none, for trusted networks only); see docs/security.md"));
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("TRIBUTARY_OIDC_ISSUER must be a URL, was '" + raw + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    // Keys fetched over plain HTTP could be swapped on the way: only a loopback issuer may use it.
    if (!(scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost())))) {
      throw new SettingsException("TRIBUTARY_OIDC_ISSUER must be an https URL (http only on loopback), was '"
          + raw + "'");
    }
    return uri;
  }

  private static String audience(Settings settings) {
    return settings.value("TRIBUTARY_OIDC_AUDIENCE").orElseThrow(() -> new SettingsException(
        "TRIBUTARY_OIDC_AUDIENCE is not set: tokens must be issued for this API's audience;"
            + " see docs/security.md"));
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literal addresses: resolving a name here would ask DNS.
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F]*:[0-9a-fA-F:]*\\]?") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
