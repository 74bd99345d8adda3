package io.tributary.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.eval.RoutingPeer;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.streams.intents.eval.LabelledUtterance;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LangChain4jClassifierPeerTest {

  @Test
  void shouldRouteByExamplesAndSendWhatFitsNothingToDefault() {
    AgentCatalogue catalogue = AgentCatalogue.of(0.3, 0.5, List.of(
        new AgentDefinition("billing", "invoices and payments",
            List.of("I was charged twice", "send me my invoice", "my card payment failed"), null, null),
        new AgentDefinition("shipping", "parcels and delivery",
            List.of("where is my parcel", "the delivery is late", "track my order"), null, null)),
        Instant.EPOCH);
    List<LabelledUtterance> tune = List.of(
        new LabelledUtterance("why was I billed two times", "billing"),
        new LabelledUtterance("my package has not arrived", "shipping"),
        new LabelledUtterance("what is the capital of peru", "default"),
        new LabelledUtterance("tell me a joke about cats", "default"));
    RoutingPeer peer = ServiceLoader.load(RoutingPeer.class).findFirst().orElseThrow();

    RoutingPeer.Router router = peer.fit(catalogue, tune);

    assertThat(router.route("the invoice shows a double charge")).isEqualTo("billing");
    assertThat(router.route("when will my parcel be delivered")).isEqualTo("shipping");
    assertThat(router.describe()).contains("minScore");
  }
}
