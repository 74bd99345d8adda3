package io.tributary.platform.cli;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.documents.SubmittedDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tributary ingest <path>...}: loads Markdown and text files into docs.submitted.v1. */
@Command(name = "ingest", description = "Load .md/.txt files (or folders of them) into docs.submitted.v1.")
public final class IngestCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to load.")
  List<Path> paths;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = SettingsLoader.fromEnvironment();
    TopicSetup.ensure(settings);
    DocumentFileLoader loader = new DocumentFileLoader(settings.tenant(), Clock.systemUTC());
    List<String> failures = new ArrayList<>();
    int submitted = 0;
    try (DocumentSubmitter submitter = DocumentSubmitter.connect(settings.kafkaBootstrapServers(), "tributary-ingest")) {
      for (Path root : paths) {
        if (!Files.exists(root)) {
          failures.add(root + ": no such file or folder");
          continue;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
          for (Path file : loader.discover(root)) {
            try {
              SubmittedDocument document = loader.load(root, file);
              sends.add(submitter.submit(document, Map.of()));
              files.add(file);
            } catch (java.io.IOException | RuntimeException e) {
              failures.add(file + ": " + e.getMessage());
            }
          }
        } catch (java.io.IOException e) {
          failures.add(root + ": " + e.getMessage());
        }
        for (int i = 0; i < sends.size(); i++) {
          try {
            sends.get(i).get();
            submitted++;
          } catch (ExecutionException e) {
            failures.add(files.get(i) + ": " + e.getCause().getMessage());
          }
        }
      }
    }
    System.out.println("tributary ingest: " + submitted + " document(s) submitted, " + failures.size() + " failed");
    failures.forEach(f -> System.err.println("  failed: " + f));
    return failures.isEmpty() ? 0 : 1;
  }
}
