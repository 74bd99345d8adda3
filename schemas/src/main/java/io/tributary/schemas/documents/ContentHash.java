package io.tributary.schemas.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a document version: SHA-256, lowercase hex, over
 * {@code contentType + "\n" + content} in UTF-8, where content is the text or the base64 bytes,
 * plus {@code "\nchunking=" + strategy} when the producer names a chunking strategy (another
 * strategy gives another chunk set). Title, source and metadata are not part of it: they do not
 * change what is embedded; {@link #described} hashes them, so a change to them alone still makes
 * a new version.
 */
public final class ContentHash {

  private ContentHash() {}

  public static String of(String contentType, String text) {
    return sha256(contentType + "\n" + text);
  }

  public static String of(SubmittedDocument document) {
    String content = document.text() != null ? document.text() : document.contentBase64();
    String base = document.contentType() + "\n" + content;
    return sha256(document.chunking() == null ? base : base + "\nchunking=" + document.chunking());
  }

  /**
   * SHA-256 of what describes a document without being embedded: title, source and metadata
   * (sorted by name). Each part is length-prefixed, so no two descriptions share a hash input.
   */
  public static String described(SubmittedDocument document) {
    StringBuilder input = new StringBuilder();
    part(input, document.title());
    part(input, document.source());
    new java.util.TreeMap<>(document.metadata()).forEach((name, value) -> {
      part(input, name);
      part(input, value);
    });
    return sha256(input.toString());
  }

  private static void part(StringBuilder input, String value) {
    input.append(value.length()).append(':').append(value).append(';');
  }

  private static String sha256(String input) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
