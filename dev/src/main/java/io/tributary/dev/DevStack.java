package io.tributary.dev;

import io.tributary.edge.security.Role;
import io.tributary.embedded.EmbeddedServices;
import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.platform.config.Settings;
import io.tributary.platform.eval.SampleCorpus;
import io.tributary.platform.ingest.SearchableWait;
import io.tributary.platform.roles.AgentsProjectorRole;
import io.tributary.platform.roles.ApiRole;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.IntentRouterRole;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.StreamsRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.schemas.documents.ContentHash;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Every role in one JVM on embedded (or configured) services: what {@code tributary dev} runs,
 * and what the end-to-end tests start.
 */
public final class DevStack implements AutoCloseable {

  private final Closer closer;
  private final Settings settings;
  private final ApiRole api;
  private final String devToken;
  private final DevIssuer issuer;
  private final Telemetry telemetry;

  private DevStack(Closer closer, Settings settings, ApiRole api, String devToken, DevIssuer issuer,
      Telemetry telemetry) {
    this.telemetry = telemetry;
    this.closer = closer;
    this.settings = settings;
    this.api = api;
    this.devToken = devToken;
    this.issuer = issuer;
  }

  /**
   * Starts services missing from {@code environment} under {@code home}, then the projector,
   * the pipeline and the API, all reporting to one registry (see {@link #telemetry()})
   * and tracing as the {@code OTEL_*} variables of {@code environment} say.
   */
  public static DevStack start(Settings base, Path home, Map<String, String> environment) {
    Closer closer = new Closer();
    // First in, last out: spans and meters of the roles' shutdown still have somewhere to go.
    Telemetry telemetry = closer.register(Telemetry.fromEnvironment(environment));
    return start(base, home, environment, telemetry, closer);
  }

  /** As {@link #start(Settings, Path, Map)}, reporting to {@code telemetry}, which the caller closes. */
  public static DevStack start(Settings base, Path home, Map<String, String> environment, Telemetry telemetry) {
    return start(base, home, environment, telemetry, new Closer());
  }

  private static DevStack start(
      Settings base, Path home, Map<String, String> environment, Telemetry telemetry, Closer closer) {
    try {
      EmbeddedServices services = closer.register(EmbeddedServices.start(home, environment));
      // Dev mode always runs its own issuer, and the API validates its tokens like any other's.
      DevIssuer issuer = closer.register(DevIssuer.start(Clock.systemUTC()));
      Settings settings = base.with(Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", services.kafkaBootstrapServers(),
          "DATABASE_URL", services.databaseUrl(),
          "REDIS_URL", services.redisUri(),
          "TRIBUTARY_AUTH", "oidc",
          "TRIBUTARY_OIDC_ISSUER", issuer.issuer(),
          "TRIBUTARY_OIDC_AUDIENCE", DevIssuer.AUDIENCE));
      String devToken = issuer.token("dev", settings.oidcTenantClaim(), settings.tenant(),
          settings.oidcRolesClaim(), Arrays.stream(Role.values()).map(Role::claimValue).toList());
      TopicSetup.ensure(settings);
      OnnxEmbedder embedder = closer.register(new OnnxEmbedder(settings.embedWorkers(), settings.embedWindowTokens()));
      ProjectorRole projector = closer.register(ProjectorRole.start(settings, telemetry));
      StreamsRole streams = closer.register(StreamsRole.start(settings, embedder, telemetry));
      AgentsProjectorRole agentsProjector = closer.register(AgentsProjectorRole.start(settings, telemetry));
      IntentRouterRole router = closer.register(IntentRouterRole.start(settings, embedder, telemetry));
      ApiRole api = closer.register(
          ApiRole.start(settings, embedder, List.of(streams.readiness(), projector.readiness(),
              router.readiness(), agentsProjector.readiness()), telemetry));
      return new DevStack(closer, settings, api, devToken, issuer, telemetry);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  /** Submits the sample corpus; returns how many documents were accepted by the broker. */
  public int ingestSampleCorpus() {
    List<SubmittedDocument> documents = sampleCorpus();
    try (DocumentSubmitter submitter = DocumentSubmitter.connect(settings.kafkaClients(), "tributary-dev")) {
      CompletableFuture.allOf(documents.stream()
          .map(d -> submitter.submit(d, Map.of()))
          .toArray(CompletableFuture[]::new)).join();
    }
    return documents.size();
  }

  /**
   * Waits until every sample document is in the read model with its current content (as
   * {@code tributary ingest --wait} does); returns the ids still missing after {@code timeout}.
   */
  public Set<String> awaitSampleCorpusSearchable(Duration timeout) throws InterruptedException {
    Map<String, String> expected = sampleCorpus().stream()
        .collect(Collectors.toMap(SubmittedDocument::id, ContentHash::of));
    try (Database database = new Database(settings.databaseUrl(), 1)) {
      return new SearchableWait(database.jdbi(), Duration.ofMillis(200)).await(expected, timeout);
    }
  }

  private List<SubmittedDocument> sampleCorpus() {
    return SampleCorpus.load(new DocumentFileLoader(settings.tenant(), Clock.systemUTC()));
  }

  public Settings settings() {
    return settings;
  }

  public int apiPort() {
    return api.port();
  }

  /** Every route the API serves, as {@code "GET /api/v1/search"}. */
  public Set<String> apiRoutes() {
    return api.routes();
  }

  /** A bearer token from the dev issuer for {@code tenant} with roles read and write: a second tenant in dev mode. */
  public String tokenFor(String tenant) {
    return issuer.token("dev-" + tenant, settings.oidcTenantClaim(), tenant, settings.oidcRolesClaim(),
        List.of(Role.READ.claimValue(), Role.WRITE.claimValue()));
  }

  /** The registry and tracing every role of the stack reports to; dev mode serves its meters on the management port. */
  public Telemetry telemetry() {
    return telemetry;
  }

  /** A bearer token from the dev issuer for the dev tenant with roles read, write and admin. */
  public String devToken() {
    return devToken;
  }

  /** The closer of everything the stack started, for a process that keeps running. */
  public Closer closer() {
    return closer;
  }

  @Override
  public void close() {
    closer.close();
  }
}
