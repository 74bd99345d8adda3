package io.tributary.streams.parsing;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML page: body text with block elements as paragraphs and headings
 * written as Markdown ATX headings, so that the Markdown chunker gives chunks their heading path.
 * Scripts, styles, navigation and forms are dropped.
 */
final class HtmlText {

  private static final Set<String> DROPPED =
      Set.of("script", "style", "noscript", "template", "nav", "form", "iframe", "svg", "head");
  private static final Set<String> BLOCKS = Set.of(
      "p", "div", "section", "article", "main", "header", "footer", "aside", "li", "ul", "ol", "dl", "dt", "dd",
      "blockquote", "pre", "table", "tr", "figure", "figcaption", "address", "details", "summary", "hr");

  private HtmlText() {}

  static String extract(String html) {
    Document document = Jsoup.parse(html);
    String title = document.title().strip();
    document.select(String.join(",", DROPPED)).remove();
    StringBuilder out = new StringBuilder();
    Element body = document.body();
    if (!title.isEmpty() && body.selectFirst("h1") == null) {
      out.append("# ").append(title).append("\n\n");
    }
    body.traverse(new Writer(out));
    return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  /** Appends text nodes, with paragraph breaks around blocks and '#' prefixes on headings. */
  private record Writer(StringBuilder out) implements NodeVisitor {

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode text) {
        String value = text.getWholeText().replaceAll("\\s+", " ");
        if (endsWithBreak()) {
          value = value.stripLeading();
        }
        out.append(value);
      } else if (node instanceof Element element) {
        String tag = element.normalName();
        if (isHeading(tag)) {
          paragraphBreak();
          out.append("#".repeat(tag.charAt(1) - '0')).append(' ');
        } else if (BLOCKS.contains(tag)) {
          paragraphBreak();
        } else if (tag.equals("br")) {
          out.append('\n');
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element element && (isHeading(element.normalName()) || BLOCKS.contains(element.normalName()))) {
        paragraphBreak();
      }
    }

    private static boolean isHeading(String tag) {
      return tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6';
    }

    private boolean endsWithBreak() {
      return out.isEmpty() || out.charAt(out.length() - 1) == '\n' || out.charAt(out.length() - 1) == ' ';
    }

    private void paragraphBreak() {
      if (!out.isEmpty()) {
        out.append("\n\n");
      }
    }
  }
}
