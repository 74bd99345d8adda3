package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.kafka.KafkaAccessException;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicChange;
import io.tributary.schemas.topics.TopicPlan;
import io.tributary.schemas.topics.TopicReconciler;
import io.tributary.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary topics --dry-run|--apply}: the differences between the topic catalogue (laid out
 * by {@code TRIBUTARY_TOPIC_*}) and the cluster, printed or applied (ADR 0014).
 */
@Command(name = "topics", description = "Compare the topic catalogue with the cluster: partitions, replication, "
    + "retention and compaction settings. --dry-run prints the differences, --apply applies them. Partitions are "
    + "never lowered and replication factors never changed (a warning says so).")
public final class TopicsCommand implements Callable<Integer> {

  static final class Mode {
    @Option(names = "--dry-run", required = true, description = "Print the differences only (the default).")
    boolean dryRun;

    @Option(names = "--apply", required = true, description = "Create missing topics and set drifted topic configs.")
    boolean apply;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode;

  @Option(names = "--raise-partitions", description = "With --apply, also raise partition counts below "
      + "TRIBUTARY_TOPIC_PARTITIONS. Keys move to other partitions: stop the streams role first.")
  boolean raisePartitions;

  @Spec CommandSpec spec;

  /** Where settings come from: the environment; tests hand in their own. */
  Supplier<Settings> settingsSource = SettingsLoader::fromEnvironment;

  @Override
  public Integer call() {
    Settings settings = settingsSource.get();
    PrintWriter out = spec.commandLine().getOut();
    boolean apply = mode != null && mode.apply;
    KafkaClients kafka = settings.kafkaClients();
    try (Admin admin = kafka.admin("tributary-topics")) {
      TopicReconciler reconciler = new TopicReconciler(admin, settings.topicLayout(), Duration.ofSeconds(30));
      TopicPlan plan = reconciler.plan(catalogue(settings));
      out.println("tributary topics: " + kafka.listener() + ", " + settings.topicLayout().partitions()
          + " partitions per scalable topic");
      if (plan.changes().isEmpty()) {
        out.println("the cluster matches the catalogue");
        return 0;
      }
      plan.changes().forEach(change -> out.println("  " + change.describe()));
      if (!apply) {
        out.println(plan.inSync() ? "nothing to apply" : "dry run: nothing changed; run with --apply to apply");
        return 0;
      }
      List<TopicChange> applied = reconciler.apply(plan, raisePartitions);
      out.println("applied " + applied.size() + " change(s)");
      if (!raisePartitions && plan.changes().stream().anyMatch(c -> c instanceof TopicChange.RaisePartitions)) {
        out.println("partition counts were not raised (add --raise-partitions after stopping the streams role)");
      }
      return 0;
    } catch (RuntimeException e) {
      throw KafkaAccessException.explain(e, kafka);
    }
  }

  /** Every topic of the catalogue, with the request topics of the configured agents. */
  private static List<Topic<?, ?>> catalogue(Settings settings) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    List<Topic<?, ?>> topics = new ArrayList<>();
    List<Topic<?, ?>> all = new ArrayList<>(Topics.all());
    all.addAll(Topics.agentRequests(CatalogueSetup.configured(settings)));
    for (Topic<?, ?> topic : all) {
      if (names.add(topic.name())) {
        topics.add(topic);
      }
    }
    return topics;
  }
}
