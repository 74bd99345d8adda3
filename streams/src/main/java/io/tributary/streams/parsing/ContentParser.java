package io.tributary.streams.parsing;

import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.streams.chunking.TextFormat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a submitted document into the text to chunk, by content type: {@code text/plain},
 * {@code text/markdown}, {@code text/html} (readable text, headings kept) and {@code
 * application/pdf} (text per page). Anything else is refused with {@link
 * ErrorCode#UNSUPPORTED_CONTENT_TYPE}. Stateless and thread-safe.
 */
public final class ContentParser {

  /** The content types this parser reads, for error messages and documentation. */
  public static final String SUPPORTED = "text/plain, text/markdown, text/html, application/pdf";

  private final PdfLimits pdfLimits;

  /** A parser with {@link PdfLimits#defaults()}. */
  public ContentParser() {
    this(PdfLimits.defaults());
  }

  /** A parser that reads PDFs within {@code pdfLimits}. */
  public ContentParser(PdfLimits pdfLimits) {
    this.pdfLimits = java.util.Objects.requireNonNull(pdfLimits, "pdfLimits");
  }

  /** The text of {@code document}; throws {@link InvalidRecordException} for content that can never be read. */
  public ParsedText parse(SubmittedDocument document) {
    String type = essence(document.contentType());
    return switch (type) {
      case "text/plain" -> ParsedText.of(text(document), TextFormat.PLAIN);
      case "text/markdown", "text/x-markdown" -> ParsedText.of(text(document), TextFormat.MARKDOWN);
      case "text/html", "application/xhtml+xml" -> ParsedText.of(HtmlText.extract(text(document)), TextFormat.MARKDOWN);
      case "application/pdf" -> PdfText.extract(bytes(document), pdfLimits);
      default -> throw new InvalidRecordException(
          ErrorCode.UNSUPPORTED_CONTENT_TYPE,
          "/content_type: \"" + document.contentType() + "\" is not supported; use one of " + SUPPORTED);
    };
  }

  private static String essence(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** The text of a text format: the {@code text} field, or {@code content_base64} decoded as UTF-8. */
  private static String text(SubmittedDocument document) {
    if (document.text() != null) {
      return document.text();
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes(document)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException(
          ErrorCode.UNDECODABLE_BYTES, "/content_base64: " + document.contentType() + " content is not UTF-8", e);
    }
  }

  private static byte[] bytes(SubmittedDocument document) {
    if (document.contentBase64() == null) {
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION, "/content_base64: " + document.contentType() + " needs its bytes in content_base64");
    }
    try {
      return Base64.getMimeDecoder().decode(document.contentBase64());
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "/content_base64: not valid base64", e);
    }
  }
}
