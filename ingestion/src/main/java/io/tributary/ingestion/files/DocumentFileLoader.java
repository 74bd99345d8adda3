package io.tributary.ingestion.files;

import io.tributary.ingestion.submit.DocumentIds;
import io.tributary.schemas.documents.SubmittedDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns files on disk into submitted documents: Markdown, plain text, HTML and PDF (sent as
 * bytes in {@code content_base64}; the pipeline extracts the text).
 *
 * <p>The id derives from the file's path relative to the root, so reloading a tree is idempotent.
 */
public final class DocumentFileLoader {

  private final String tenant;
  private final Clock clock;

  public DocumentFileLoader(String tenant, Clock clock) {
    this.tenant = tenant;
    this.clock = clock;
  }

  /** The content type for a file name, or empty when the loader cannot read that kind of file. */
  public static Optional<String> contentTypeOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".md") || name.endsWith(".markdown")) {
      return Optional.of("text/markdown");
    }
    if (name.endsWith(".txt") || name.endsWith(".text")) {
      return Optional.of("text/plain");
    }
    if (name.endsWith(".html") || name.endsWith(".htm")) {
      return Optional.of("text/html");
    }
    if (name.endsWith(".pdf")) {
      return Optional.of("application/pdf");
    }
    return Optional.empty();
  }

  /** Every readable file under {@code root} (or {@code root} itself), sorted by path. */
  public List<Path> discover(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      return contentTypeOf(root).isPresent() ? List.of(root) : List.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> contentTypeOf(p).isPresent())
          .sorted()
          .toList();
    }
  }

  /** Reads one file as a document; the title is the first Markdown heading or the file name. */
  public SubmittedDocument load(Path root, Path file) throws IOException {
    String contentType =
        contentTypeOf(file).orElseThrow(() -> new IOException("unsupported file type: " + file));
    Path base = Files.isDirectory(root) ? root : root.getParent();
    String relative = base == null ? file.toString() : base.relativize(file).toString();
    String source = "file:" + relative;
    String fileName = file.getFileName().toString();
    if (contentType.equals("application/pdf")) {
      return new SubmittedDocument(
          DocumentIds.fromSource(tenant + "/" + source), tenant, titleOf("", fileName), source, contentType, null,
          Map.of("file_name", fileName), clock.instant(), null,
          Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
    }
    return fromText(source, fileName, contentType, Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * A document from text read elsewhere (a classpath resource, an upload); {@code source}
   * decides the id, so the same source always addresses the same document.
   */
  public SubmittedDocument fromText(String source, String fileName, String contentType, String text) {
    return new SubmittedDocument(
        DocumentIds.fromSource(tenant + "/" + source), tenant, titleOf(text, fileName), source,
        contentType, text, Map.of("file_name", fileName), clock.instant());
  }

  /** Loads every readable file under {@code root}. */
  public List<SubmittedDocument> loadAll(Path root) throws IOException {
    List<SubmittedDocument> documents = new ArrayList<>();
    for (Path file : discover(root)) {
      documents.add(load(root, file));
    }
    return documents;
  }

  private static String titleOf(String text, String fileName) {
    for (String line : text.lines().limit(20).toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("# ")) {
        return trimmed.substring(2).strip();
      }
    }
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
