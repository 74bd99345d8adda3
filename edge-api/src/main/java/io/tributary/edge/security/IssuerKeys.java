package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public signing keys, found through OIDC discovery and cached until they expire.
 * Discovery is lazy, so the API starts while the issuer is down and answers 503 until it is back.
 *
 * <p>A key set lives for the issuer's {@code Cache-Control: max-age}, never longer than the
 * configured TTL (so a key the issuer withdrew stops being accepted), and never shorter than the
 * refetch interval. A token naming an unknown key id refetches the set (the issuer rotated its
 * keys). Every fetch, successful or not, starts the refetch interval: random key ids, expired sets
 * and an issuer that is down cannot turn the API into a JWKS flood. Expired keys are never used:
 * while the issuer cannot be reached after expiry, tokens are answered 503.
 */
public final class IssuerKeys {

  private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final OidcSettings settings;
  private final HttpClient http;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile URI jwksUri;
  private volatile Cached cached;
  private boolean attempted;
  private long lastAttemptNanos;
  private IssuerUnavailableException lastFailure;

  /** A fetched key set and the {@link System#nanoTime()} it expires at. */
  private record Cached(JWKSet keys, long expiresAtNanos) {
    boolean usableAt(long now) {
      return now - expiresAtNanos < 0;
    }
  }

  public IssuerKeys(OidcSettings settings, LongSupplier nanoTime) {
    this.settings = requireNonNull(settings, "settings");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public IssuerKeys(OidcSettings settings) {
    this(settings, System::nanoTime);
  }

  /** How many keys are cached, fetching them first when none are usable; throws {@link IssuerUnavailableException}. */
  public int load() {
    return current().size();
  }

  /** The key with {@code keyId}, refetching the key set once when it is not known yet. */
  public Optional<JWK> key(String keyId) {
    JWKSet current = current();
    JWK key = current.getKeyByKeyId(keyId);
    if (key == null) {
      key = refetch(current).getKeyByKeyId(keyId);
    }
    return Optional.ofNullable(key);
  }

  /** The cached key set while it has not expired, else a fresh one. */
  private JWKSet current() {
    Cached current = cached;
    if (current != null && current.usableAt(nanoTime.getAsLong())) {
      return current.keys();
    }
    return refetch(current == null ? null : current.keys());
  }

  /**
   * Fetches discovery (when not done yet) and the key set, unless another thread just replaced
   * {@code seen} or the last attempt was less than the refetch interval ago; then answers from
   * the cache while it is usable, and 503 when it is not.
   */
  private JWKSet refetch(JWKSet seen) {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      Cached current = cached;
      boolean usable = current != null && current.usableAt(now);
      if (usable && current.keys() != seen) {
        return current.keys();
      }
      if (attempted && now - lastAttemptNanos < settings.minJwksRefetchInterval().toNanos()) {
        if (usable) {
          return current.keys();
        }
        throw lastFailure != null ? lastFailure : new IssuerUnavailableException("the issuer's keys expired", null);
      }
      attempted = true;
      lastAttemptNanos = now;
      try {
        Cached fetched = fetch(now);
        cached = fetched;
        lastFailure = null;
        return fetched.keys();
      } catch (IssuerUnavailableException e) {
        lastFailure = e;
        log.warn("identity provider keys not fetched (next try in {} s at the earliest): {}",
            settings.minJwksRefetchInterval().toSeconds(), e.getMessage());
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private Cached fetch(long now) {
    URI uri = jwksUri == null ? discover() : jwksUri;
    HttpResponse<String> response = get(uri);
    JWKSet keys;
    try {
      keys = JWKSet.parse(response.body()).toPublicJWKSet();
    } catch (ParseException e) {
      throw new IssuerUnavailableException("the issuer's key set is not a JWK set", e);
    }
    jwksUri = uri;
    Duration lifetime = KeySetLifetime.of(response.headers().allValues("Cache-Control"), settings.jwksTtl(),
        settings.minJwksRefetchInterval());
    return new Cached(keys, now + lifetime.toNanos());
  }

  private URI discover() {
    String base = settings.issuerName().replaceAll("/+$", "");
    JsonNode document;
    try {
      document = Json.mapper().readTree(get(URI.create(base + "/.well-known/openid-configuration")).body());
    } catch (IOException e) {
      throw new IssuerUnavailableException("the issuer's discovery document is not JSON", e);
    }
    // A discovery document for another issuer would let that issuer's keys sign our tokens.
    if (!settings.issuerName().equals(document.path("issuer").asText())) {
      throw new IssuerUnavailableException("discovery names issuer '" + document.path("issuer").asText()
          + "', expected '" + settings.issuerName() + "'", null);
    }
    String jwks = document.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new IssuerUnavailableException("the issuer's discovery document has no jwks_uri", null);
    }
    return URI.create(jwks);
  }

  private HttpResponse<String> get(URI uri) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IssuerUnavailableException(uri + " answered " + response.statusCode(), null);
      }
      return response;
    } catch (IOException e) {
      throw new IssuerUnavailableException(uri + " is unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IssuerUnavailableException("interrupted while fetching " + uri, e);
    }
  }
}
