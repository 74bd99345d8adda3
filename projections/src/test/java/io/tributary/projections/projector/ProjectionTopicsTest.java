package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.documents.DocumentFailuresProjection;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every projection's source and dead-letter topics are in the catalogue the roles create at start. */
class ProjectionTopicsTest {

  @Test
  void shouldFindEveryProjectionsTopicsInTheCatalogue() {
    List<Projection<?, ?>> projections =
        List.of(new RagProjection(), new DocumentFailuresProjection(), new AgentsProjection(),
            new AgentLabelsProjection());

    List<String> catalogue = Topics.all().stream().map(Topic::name).toList();

    assertThat(projections).allSatisfy(projection -> {
      assertThat(catalogue).contains(projection.topic().name());
      // Production brokers create no topic on first write: a dead letter would stall the projector.
      assertThat(catalogue).contains(projection.topic().deadLetters().name());
    });
  }
}
