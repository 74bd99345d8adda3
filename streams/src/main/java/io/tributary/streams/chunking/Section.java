package io.tributary.streams.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A run of text under one heading path; headings themselves are not part of any section. */
record Section(int start, int end, List<String> headingPath) {

  // ATX headings as CommonMark writes them: up to 3 spaces, 1-6 '#', a space or the line end,
  // an optional closing sequence of '#'.
  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

  /** The sections of {@code text}: one for plain text, one per heading (plus any preamble) for Markdown. */
  static List<Section> of(String text, TextFormat format) {
    if (format != TextFormat.MARKDOWN) {
      return List.of(new Section(0, text.length(), List.of()));
    }
    List<Section> sections = new ArrayList<>();
    List<Integer> levels = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    int sectionStart = 0;
    char fence = 0;
    for (int lineStart = 0; lineStart < text.length(); ) {
      int lineEnd = Lines.end(text, lineStart);
      int next = Lines.next(text, lineEnd);
      String line = text.substring(lineStart, lineEnd);
      Matcher fenceMatch = FENCE.matcher(line);
      if (fenceMatch.find()) {
        // Inside a code fence '#' starts a comment or a shell prompt, not a heading.
        char marker = fenceMatch.group(1).charAt(0);
        fence = fence == 0 ? marker : (fence == marker ? 0 : fence);
      } else if (fence == 0) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          sections.add(new Section(sectionStart, lineStart, List.copyOf(titles)));
          int level = heading.group(1).length();
          while (!levels.isEmpty() && levels.getLast() >= level) {
            levels.removeLast();
            titles.removeLast();
          }
          levels.add(level);
          titles.add(heading.group(2) == null ? "" : heading.group(2).strip());
          sectionStart = next;
        }
      }
      lineStart = next;
    }
    sections.add(new Section(sectionStart, text.length(), List.copyOf(titles)));
    return sections;
  }
}
