package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.Vectors;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Vector mode of {@link ChunkSearch}, the API's search path, through the HNSW index. */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSearchTest {

  private static final float[] QUERY = Vectors.oneHot(0);

  private Database database;
  private ChunkSearch search;

  @BeforeAll
  void projectDocuments(EmbeddedPostgres postgres) {
    // With so few rows every node of the HNSW index links to every other, so it answers exactly.
    database = MigratedDatabase.searchedByIndex(postgres, "vector_search", List.of(
        Documents.document("a1", "acme", 1, List.of(
            Documents.chunk(0, "exact", Vectors.oneHot(0)),
            Documents.chunk(1, "close", Vectors.tilted(0, 1, 0.2)),
            Documents.chunk(2, "further", Vectors.tilted(0, 1, 0.6)),
            Documents.chunk(3, "far", Vectors.tilted(0, 2, 0.8)))),
        Documents.document("a2", "acme", 1, List.of(Documents.chunk(0, "middle", Vectors.tilted(0, 3, 0.4)))),
        Documents.document("g1", "globex", 1, List.of(
            Documents.chunk(0, "globex exact", Vectors.oneHot(0)),
            Documents.chunk(1, "globex close", Vectors.tilted(0, 1, 0.1))))));
    search = new ChunkSearch(database.jdbi());
  }

  @AfterAll
  void close() {
    database.close();
  }

  private List<RankedChunk> nearest(String tenant, float[] query, int topK) {
    return search.search(new ChunkQuery(tenant, SearchMode.VECTOR, null, query, topK, -1.0, DocumentFilters.NONE));
  }

  @Test
  void shouldReturnTheNearestChunksFirst() {
    List<RankedChunk> hits = nearest("acme", QUERY, 3);

    assertThat(hits).extracting(RankedChunk::text).containsExactly("exact", "close", "middle");
    assertThat(hits.get(0).vectorScore()).isCloseTo(1.0, within(1e-6));
    assertThat(hits.get(1).vectorScore()).isCloseTo(Math.cos(0.1 * Math.PI), within(1e-6));
    assertThat(hits.get(2).vectorScore()).isCloseTo(Math.cos(0.2 * Math.PI), within(1e-6));
    assertThat(hits).allSatisfy(hit -> assertThat(hit.score()).isEqualTo(hit.vectorScore()));
  }

  @Test
  void shouldCarryProvenanceAndDocumentFields() {
    RankedChunk top = nearest("acme", Vectors.tilted(0, 1, 0.2), 1).getFirst();

    assertThat(top).isEqualTo(new RankedChunk("a1", "Title a1", "file:///a1.md", 1, "close",
        List.of("Guide", "Section 1"), 100, 105, top.score(), top.vectorScore(), null, null));
    assertThat(top.vectorScore()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void shouldNeverReturnAnotherTenantsChunks() {
    List<RankedChunk> acme = nearest("acme", QUERY, 10);
    List<RankedChunk> globex = nearest("globex", QUERY, 10);

    assertThat(acme).extracting(RankedChunk::documentId).containsOnly("a1", "a2").hasSize(5);
    assertThat(globex).extracting(RankedChunk::documentId).containsOnly("g1").hasSize(2);
    assertThat(nearest("nobody", QUERY, 10)).isEmpty();
  }

  @Test
  void shouldReturnEveryChunkOfATenantWhenTopKExceedsThem() {
    assertThat(nearest("acme", QUERY, 10)).extracting(RankedChunk::text)
        .containsExactly("exact", "close", "middle", "further", "far");
  }

  @Test
  void shouldRefuseAQueryOfTheWrongDimension() {
    assertThatThrownBy(() -> nearest("acme", new float[10], 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 dimensions");
  }

  @Test
  void shouldRefuseTopKOutOfRange() {
    assertThatThrownBy(() -> nearest("acme", QUERY, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nearest("acme", QUERY, ChunkSearch.MAX_TOP_K + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
