package io.tributary.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.platform.eval.CorpusDocument;
import io.tributary.platform.eval.RetrievalPeer;
import io.tributary.platform.eval.Retriever;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LangChain4jPeerTest {

  private final DocumentFileLoader loader = new DocumentFileLoader("eval", Clock.systemUTC());

  @Test
  void shouldBeFoundOnTheClassPathAndRankTheAnsweringDocumentFirst() {
    List<CorpusDocument> corpus = List.of(
        CorpusDocument.of(loader.fromText("file:bread.md", "bread.md", "text/markdown",
            "Knead the dough for ten minutes, let it rise overnight and bake it at 230 degrees.")),
        CorpusDocument.of(loader.fromText("file:kafka.md", "kafka.md", "text/markdown",
            "Consumer lag is the number of records a consumer group has not read yet from a partition.")));
    RetrievalPeer peer = ServiceLoader.load(RetrievalPeer.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof LangChain4jPeer).findFirst().orElseThrow();

    try (RetrievalPeer.Index index = peer.index(corpus)) {
      assertThat(index.retrievers()).hasSize(2);
      for (Retriever retriever : index.retrievers()) {
        assertThat(retriever.rank("how long should bread dough rise?", 10)).containsExactly("bread.md", "kafka.md");
      }
    }
  }
}
