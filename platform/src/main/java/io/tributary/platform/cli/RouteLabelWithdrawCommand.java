package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.sources.LabelFile;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary route-label withdraw --tenant T ID...}: tombstones on agents.labels.v1. */
@Command(name = "withdraw", description = "Withdraw labels of one tenant: a tombstone per message id on "
    + "agents.labels.v1. The next snapshot leaves them out; snapshots already taken keep them.")
public final class RouteLabelWithdrawCommand implements Callable<Integer> {

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The labels' tenant.")
  String tenant;

  @Parameters(arity = "0..*", paramLabel = "ID", description = "Message ids of the labels.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--text", paramLabel = "TEXT",
      description = "The text of an imported line that had no id (its id is a hash of tenant and text); repeatable.")
  List<String> texts = new ArrayList<>();

  @Mixin KafkaOption kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!DocumentKey.TENANT.matcher(tenant).matches()) {
      throw new UserError("--tenant '" + tenant + "' must match " + DocumentKey.TENANT.pattern());
    }
    if (ids.isEmpty() && texts.isEmpty()) {
      throw new UserError("name the labels to withdraw: message ids, or --text for imported lines without an id");
    }
    Set<String> keys = new LinkedHashSet<>(ids);
    texts.forEach(text -> keys.add(LabelFile.importId(tenant, text)));
    for (String id : keys) {
      if (id.isEmpty() || id.length() > 256) {
        throw new UserError("message id '" + id + "' must have 1 to 256 characters");
      }
    }
    Settings settings = kafka.settings();
    TopicSetup.ensure(settings);
    long written;
    try (TopicWriter<String, IntentLabel> writer =
        new TopicWriter<>(settings.kafkaClients(), Topics.AGENTS_LABELS, "tributary-label-withdraw")) {
      keys.forEach(id -> writer.send(IntentLabel.key(tenant, id), null));
      written = writer.flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("tributary route-label withdraw: %d label(s) of tenant %s withdrawn from %s%n", written, tenant,
        Topics.AGENTS_LABELS.name());
    out.flush();
    return 0;
  }
}
