package io.tributary.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that a runbook link names a file in {@code infra/runbooks} and, with {@code #anchor}, one of its headings. */
final class RunbookLinks {

  private static final Pattern LINK = Pattern.compile("(?:^|/)infra/runbooks/([A-Za-z0-9_.-]+\\.md)(?:#([A-Za-z0-9_-]+))?$");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private final Path runbooks;

  /** @param runbooks the {@code infra/runbooks} directory */
  RunbookLinks(Path runbooks) {
    this.runbooks = runbooks;
  }

  /** What is wrong with {@code link}, or empty when it resolves. */
  Optional<String> problem(String link) {
    Matcher matcher = LINK.matcher(link);
    if (!matcher.find()) {
      return Optional.of("'" + link + "' is not a link into infra/runbooks/<file>.md");
    }
    Path file = runbooks.resolve(matcher.group(1));
    if (!Files.isRegularFile(file)) {
      return Optional.of("'" + link + "': no runbook " + file.getFileName());
    }
    String anchor = matcher.group(2);
    if (anchor != null && !anchors(file).contains(anchor)) {
      return Optional.of("'" + link + "': " + file.getFileName() + " has no heading with anchor #" + anchor);
    }
    return Optional.empty();
  }

  /** GitHub-style anchors of the Markdown headings in {@code file} (outside code fences). */
  static Set<String> anchors(Path file) {
    try {
      return anchors(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!fenced && heading.matches()) {
        anchors.add(slug(heading.group(1)));
      }
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
