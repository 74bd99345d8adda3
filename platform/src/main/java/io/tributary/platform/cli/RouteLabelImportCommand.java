package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.output.LabelTables;
import io.tributary.platform.cli.sources.LabelFile;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary route-label import FILE}: labels from a JSON-lines file onto agents.labels.v1. */
@Command(name = "import", description = "Write the labels of a JSON-lines file {\"text\", \"agent\", \"id\"?, "
    + "\"tenant\"?} to agents.labels.v1 (source import). Every line is checked first: one bad line refuses the whole "
    + "file and names every bad line. A line without an id gets a hash of its tenant and text, so importing a file "
    + "again replaces its labels instead of adding them twice.")
public final class RouteLabelImportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The labels, one JSON object per line.")
  String file;

  @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = AgentMessage.DEFAULT_TENANT,
      description = "Tenant of the lines that name none (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Mixin KafkaOption kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LabelFile labels = new LabelFile(file, tenant, Instant.now());
    LabelFile.Check check = labels.check();
    if (!check.problems().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      check.problems().forEach(problem -> err.println("tributary: " + problem));
      err.flush();
      throw new UserError(file + ": " + check.problems().size() + " bad line(s); nothing was written");
    }
    if (check.labels() == 0) {
      throw new UserError(file + " holds no labels");
    }
    Settings settings = kafka.settings();
    TopicSetup.ensure(settings);
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    long written;
    try (TopicWriter<String, IntentLabel> writer =
        new TopicWriter<>(settings.kafkaClients(), Topics.AGENTS_LABELS, "tributary-label-import")) {
      labels.forEach(label -> {
        writer.send(label.key(), label);
        counts.computeIfAbsent(label.tenant(), t -> new TreeMap<>()).merge(label.agent(), 1, Integer::sum);
      });
      written = writer.flush();
    }
    out.printf("tributary route-label import: %d label(s) from %s written to %s%n", written, file,
        Topics.AGENTS_LABELS.name());
    out.print(LabelTables.counts(counts));
    out.println("they take part in routing from the next snapshot: tributary route-label snapshot");
    out.flush();
    return 0;
  }
}
