package io.tributary.streams.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a document version: SHA-256, lowercase hex, over
 * {@code contentType + "\n" + text} in UTF-8. Title, source and metadata are not part of it:
 * they do not change what is embedded.
 */
public final class ContentHash {

  private ContentHash() {}

  public static String of(String contentType, String text) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest((contentType + "\n" + text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
