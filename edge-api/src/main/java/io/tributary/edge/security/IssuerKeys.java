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

/**
 * The issuer's public signing keys, found through OIDC discovery and cached. Discovery is lazy,
 * so the API starts while the issuer is down and answers 503 until it is back. A token naming a
 * key id that is not cached refetches the key set once (the issuer rotated its keys), at most
 * once per {@code minRefetchInterval}, so random key ids cannot turn the API into a JWKS flood.
 */
public final class IssuerKeys {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final OidcSettings settings;
  private final HttpClient http;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile URI jwksUri;
  private volatile JWKSet keys;
  private long lastFetchNanos;

  public IssuerKeys(OidcSettings settings, LongSupplier nanoTime) {
    this.settings = requireNonNull(settings, "settings");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public IssuerKeys(OidcSettings settings) {
    this(settings, System::nanoTime);
  }

  /** How many keys are cached, fetching them first when none are; throws {@link IssuerUnavailableException}. */
  public int load() {
    JWKSet current = keys;
    return (current == null ? refetch(null) : current).size();
  }

  /** The key with {@code keyId}, refetching the key set once when it is not known yet. */
  public Optional<JWK> key(String keyId) {
    JWKSet current = keys;
    if (current == null) {
      current = refetch(null);
    }
    JWK key = current.getKeyByKeyId(keyId);
    if (key == null) {
      key = refetch(current).getKeyByKeyId(keyId);
    }
    return Optional.ofNullable(key);
  }

  /** Fetches discovery (when not done yet) and the key set, unless another thread or a recent fetch just did. */
  private JWKSet refetch(JWKSet seen) {
    lock.lock();
    try {
      JWKSet current = keys;
      if (current != null && current != seen) {
        return current;
      }
      long now = nanoTime.getAsLong();
      if (current != null && now - lastFetchNanos < settings.minJwksRefetchInterval().toNanos()) {
        return current;
      }
      URI uri = jwksUri == null ? discover() : jwksUri;
      JWKSet fetched = JWKSet.parse(get(uri)).toPublicJWKSet();
      jwksUri = uri;
      keys = fetched;
      lastFetchNanos = now;
      return fetched;
    } catch (ParseException e) {
      throw new IssuerUnavailableException("the issuer's key set is not a JWK set", e);
    } finally {
      lock.unlock();
    }
  }

  private URI discover() {
    String base = settings.issuerName().replaceAll("/+$", "");
    JsonNode document;
    try {
      document = Json.mapper().readTree(get(URI.create(base + "/.well-known/openid-configuration")));
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

  private String get(URI uri) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IssuerUnavailableException(uri + " answered " + response.statusCode(), null);
      }
      return response.body();
    } catch (IOException e) {
      throw new IssuerUnavailableException(uri + " is unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IssuerUnavailableException("interrupted while fetching " + uri, e);
    }
  }
}
