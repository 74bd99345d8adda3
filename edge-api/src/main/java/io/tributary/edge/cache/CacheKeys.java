package io.tributary.edge.cache;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds cache keys: {@code v1:<kind>:<tenant>:g<generation>:p<position>:<sha256 of request>}.
 * The tenant is part of every key, so one tenant can never read another's entry; generation and
 * position change with every replay and every projected batch, so stale entries become
 * unreachable without a SCAN and expire by TTL.
 */
public final class CacheKeys {

  private CacheKeys() {}

  /** The key of {@code normalisedRequest} for {@code tenant} at a read-model state. */
  public static String of(String kind, String tenant, long generation, long position, String normalisedRequest) {
    return "v1:" + kind + ":" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
        + ":g" + generation + ":p" + position + ":" + sha256(normalisedRequest);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
