package io.tributary.dev;

import io.tributary.platform.cli.MetricsEndpoint;
import io.tributary.platform.cli.RunUntilStopped;
import io.tributary.platform.cli.output.DevBanner;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.dev.DevEndpoints;
import io.tributary.platform.dev.DevStackFile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tributary dev}: everything in one JVM on embedded services, with a sample corpus. */
@Command(name = "dev", description = "Run broker, pipeline, projector and API in one JVM, with sample data.")
public final class DevCommand implements Callable<Integer> {

  /** A query that shares no word with the sample passage it should find. */
  public static final String SAMPLE_QUERY = "I lost my login credentials";

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    Map<String, String> environment = System.getenv();
    Map<String, String> devDefaults = new HashMap<>();
    // Dev mode listens on loopback only and uses a tenant of its own, unless told otherwise.
    devDefaults.put("TRIBUTARY_API_HOST", environment.getOrDefault("TRIBUTARY_API_HOST", "127.0.0.1"));
    devDefaults.put("TRIBUTARY_METRICS_HOST", environment.getOrDefault("TRIBUTARY_METRICS_HOST", "127.0.0.1"));
    devDefaults.put("TRIBUTARY_TENANT", environment.getOrDefault("TRIBUTARY_TENANT", "dev"));
    // One instance of each role: a standby replica has nowhere to go, and Kafka Streams would warn
    // about every task at each start.
    devDefaults.put("TRIBUTARY_STREAMS_STANDBY_REPLICAS",
        environment.getOrDefault("TRIBUTARY_STREAMS_STANDBY_REPLICAS", "0"));
    Settings settings = SettingsLoader.fromEnvironment().with(devDefaults);
    System.out.println("tributary dev: starting embedded services in " + settings.home());

    DevStack stack = DevStack.start(settings, settings.home(), environment);
    String metrics = MetricsEndpoint.start(settings, stack.telemetry(), stack.closer()).orElse(null);
    int submitted = stack.ingestSampleCorpus();
    int documents = submitted - stack.awaitSampleCorpusSearchable(Duration.ofSeconds(90)).size();
    String api = "http://" + settings.apiHost() + ":" + stack.apiPort();
    recordEndpoints(stack, settings, api);
    // Then ask the API, as a user would: the read model being there is not the whole answer.
    Duration ready = documents < submitted ? null
        : new SearchProbe(api, stack.devToken()).awaitHits(SAMPLE_QUERY, Duration.ofSeconds(30))
            .map(d -> Duration.ofNanos(System.nanoTime() - started)).orElse(null);
    System.out.println(DevBanner.render(api, metrics, stack.settings().kafkaBootstrapServers(), stack.settings().databaseUrl(), settings.tenant(), documents, ready,
        settings.home(), SAMPLE_QUERY, stack.devToken()));
    return RunUntilStopped.await(stack.closer());
  }

  /** Lets operator commands in other shells find this stack; the record goes when the stack stops. */
  private static void recordEndpoints(DevStack stack, Settings settings, String api) {
    long pid = ProcessHandle.current().pid();
    DevStackFile file = new DevStackFile(settings.home());
    Settings running = stack.settings();
    file.write(new DevEndpoints(running.kafkaBootstrapServers(), running.databaseUrl(), running.redisUrl(), api, pid));
    stack.closer().register((AutoCloseable) () -> file.removeIfOwnedBy(pid));
  }
}
