package io.tributary.platform.ingest;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.files.PathExpansion;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.ContentHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

/**
 * Loads files and submits them as documents, never stopping at a failed file: every failure is
 * collected with its reason for the report at the end.
 */
public final class BulkIngest {

  /** What happened: documents submitted (id → content hash) and failures (path → reason). */
  public record Report(Map<String, String> submitted, Map<String, String> failures) {}

  private final DocumentFileLoader loader;
  private final DocumentSubmitter submitter;

  public BulkIngest(DocumentFileLoader loader, DocumentSubmitter submitter) {
    this.loader = loader;
    this.submitter = submitter;
  }

  /** Ingests every argument (file, folder or glob); {@code progress} is made once the file count is known. */
  public Report run(List<String> arguments, IntFunction<IngestProgress> progress) throws InterruptedException {
    PathExpansion expansion = new PathExpansion(loader);
    Map<String, String> failures = new LinkedHashMap<>();
    List<FileToLoad> files = new ArrayList<>();
    for (String argument : arguments) {
      PathExpansion.Expanded expanded = expansion.expand(argument);
      if (expanded.problem() != null) {
        failures.put(argument, expanded.problem());
      }
      Path root = PathExpansion.root(argument);
      expanded.files().forEach(file -> files.add(new FileToLoad(root, file)));
    }
    IngestProgress bar = progress.apply(files.size());
    Map<String, String> submitted = new LinkedHashMap<>();
    List<Pending> pending = new ArrayList<>();
    for (FileToLoad entry : files) {
      try {
        SubmittedDocument document = loader.load(entry.root(), entry.file());
        pending.add(new Pending(entry.file(), document, submitter.submit(document, Map.of())));
      } catch (IOException | RuntimeException e) {
        failures.put(entry.file().toString(), String.valueOf(e.getMessage()));
        bar.fileDone(false);
      }
      // Bound what is in flight: a folder of large PDFs must not sit in memory all at once.
      if (pending.size() >= 64) {
        settle(pending, submitted, failures, bar);
      }
    }
    settle(pending, submitted, failures, bar);
    bar.finish();
    return new Report(submitted, failures);
  }

  /** A file and the argument folder its document id is relative to. */
  private record FileToLoad(Path root, Path file) {}

  private record Pending(Path file, SubmittedDocument document, CompletableFuture<?> send) {}

  private static void settle(
      List<Pending> pending, Map<String, String> submitted, Map<String, String> failures, IngestProgress bar)
      throws InterruptedException {
    for (Pending p : pending) {
      try {
        p.send().get();
        submitted.put(p.document().id(), ContentHash.of(p.document()));
        bar.fileDone(true);
      } catch (ExecutionException e) {
        failures.put(p.file().toString(), String.valueOf(e.getCause().getMessage()));
        bar.fileDone(false);
      }
    }
    pending.clear();
  }
}
