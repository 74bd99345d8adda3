package io.tributary.streams.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.streams.chunking.TextFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentParserTest {

  private final ContentParser parser = new ContentParser();

  private static SubmittedDocument text(String contentType, String text) {
    return new SubmittedDocument("d", null, null, null, contentType, text, null, null);
  }

  private static SubmittedDocument bytes(String contentType, byte[] bytes) {
    return new SubmittedDocument(
        "d", null, null, null, contentType, null, null, null, null, Base64.getEncoder().encodeToString(bytes));
  }

  @Test
  void shouldKeepPlainTextAndMarkdownAsTheyAre() {
    assertThat(parser.parse(text("text/plain; charset=utf-8", "a\n\nb"))).isEqualTo(ParsedText.of("a\n\nb", TextFormat.PLAIN));
    assertThat(parser.parse(text("text/markdown", "# H\n\nb")).format()).isEqualTo(TextFormat.MARKDOWN);
  }

  @Test
  void shouldExtractReadableHtmlWithHeadingsAsMarkdownHeadings() {
    String html = """
        <html><head><title>Ignored title</title><style>p { color: red }</style></head>
        <body><nav><a href="/">Home</a></nav>
        <h1>Kettle care</h1><p>Descale the kettle <b>monthly</b>.</p>
        <script>alert('never indexed')</script>
        <h2>Vinegar</h2><ul><li>White vinegar</li><li>Water</li></ul>
        </body></html>""";

    ParsedText parsed = parser.parse(text("text/html", html));

    assertThat(parsed.format()).isEqualTo(TextFormat.MARKDOWN);
    assertThat(parsed.text()).isEqualTo(
        "# Kettle care\n\nDescale the kettle monthly.\n\n## Vinegar\n\nWhite vinegar\n\nWater");
  }

  @Test
  void shouldUseTheTitleAsTopHeadingWhenThePageHasNoH1() {
    ParsedText parsed = parser.parse(text("text/html", "<title>Notes</title><p>Body text.</p>"));

    assertThat(parsed.text()).isEqualTo("# Notes\n\nBody text.");
  }

  @Test
  void shouldExtractPdfTextPerPageWithPageSpans() {
    byte[] pdf = Pdfs.withPages(List.of(List.of("First page line one.", "Line two."), List.of("Second page text.")));

    ParsedText parsed = parser.parse(bytes("application/pdf", pdf));

    assertThat(parsed.pages()).extracting(ParsedText.Page::number).containsExactly(1, 2);
    ParsedText.Page first = parsed.pages().get(0);
    ParsedText.Page second = parsed.pages().get(1);
    assertThat(parsed.text().substring(first.start(), first.end())).contains("First page line one.", "Line two.");
    assertThat(parsed.text().substring(second.start(), second.end())).isEqualTo("Second page text.");
  }

  @Test
  void shouldDecodeTextSentAsBase64Utf8() {
    ParsedText parsed = parser.parse(bytes("text/markdown", "# Grüße\n\nText".getBytes(StandardCharsets.UTF_8)));

    assertThat(parsed.text()).isEqualTo("# Grüße\n\nText");
  }

  @Test
  void shouldRefuseAPdfSentAsText() {
    InvalidRecordException e =
        catchThrowableOfType(InvalidRecordException.class, () -> parser.parse(text("application/pdf", "%PDF-1.7")));

    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(e).hasMessageContaining("content_base64");
  }

  @Test
  void shouldRefuseTextBytesThatAreNotUtf8() {
    InvalidRecordException e = catchThrowableOfType(
        InvalidRecordException.class, () -> parser.parse(bytes("text/plain", new byte[] {(byte) 0xC3, 0x28})));

    assertThat(e.code()).isEqualTo(ErrorCode.UNDECODABLE_BYTES);
  }
}
