package io.tributary.ingestion.submit;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rules for document ids: what a caller may choose, and how ids are made when none is given. */
public final class DocumentIds {

  /** Ids are printable and URL-path safe so that {@code /api/v1/documents/{id}} always works. */
  public static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,255}$");

  private DocumentIds() {}

  /** A fresh random id for a document submitted without one. */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * A stable id derived from where a document came from, so that loading the same file twice
   * addresses the same document (and the pipeline then sees identical content and skips it).
   */
  public static String fromSource(String source) {
    return UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Whether {@code id} may be used as a document id. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
