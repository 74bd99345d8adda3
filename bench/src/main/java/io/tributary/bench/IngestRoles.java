package io.tributary.bench;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.ProjectorRole;
import io.tributary.platform.roles.StreamsRole;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.util.Map;

/**
 * The roles of {@code tributary dev} that make a document searchable (document pipeline and rag
 * projector), started in this JVM against the services in {@code settings}.
 */
public final class IngestRoles implements AutoCloseable {

  private final Closer closer = new Closer();

  private IngestRoles() {}

  /** Provisions the topics and starts the pipeline with {@code workers} embedding workers, and the projector. */
  public static IngestRoles start(Settings settings, int workers) {
    IngestRoles roles = new IngestRoles();
    try {
      Telemetry telemetry = roles.closer.register(Telemetry.fromEnvironment(Map.of()));
      TopicSetup.ensure(settings);
      OnnxEmbedder embedder = roles.closer.register(new OnnxEmbedder(EmbedderSelection.localModel(settings), workers,
          settings.embedWindowTokens()));
      roles.closer.register(ProjectorRole.start(settings, telemetry));
      roles.closer.register(StreamsRole.start(settings, embedder, telemetry));
      return roles;
    } catch (RuntimeException e) {
      roles.close();
      throw e;
    }
  }

  /** Closes what is registered with the roles, before them. */
  public Closer closer() {
    return closer;
  }

  @Override
  public void close() {
    closer.close();
  }
}
