package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.Vectors;
import io.tributary.schemas.documents.EmbeddedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Searches through the HNSW index where one tenant's 300 chunks all lie nearer to the query than
 * another tenant's 4: a plain filtered HNSW scan returns none of the small tenant's chunks here.
 */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSearchCrowdedTest {

  private static final float[] QUERY = Vectors.oneHot(0);
  private static final int CROWD = 300;

  private Database database;
  private ChunkSearch search;

  @BeforeAll
  void projectDocuments(EmbeddedPostgres postgres) {
    Random random = new Random(42);
    // bigco chunk i lies 0.1 + 0.001 i radians from the query; acme's lie 0.5 radians and beyond.
    List<EmbeddedChunk> crowd = new ArrayList<>();
    for (int i = 0; i < CROWD; i++) {
      crowd.add(Documents.chunk(i, "crowd " + i, Vectors.near(random, 0.1 + 0.001 * i)));
    }
    List<EmbeddedChunk> few = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      few.add(Documents.chunk(i, "few " + i, Vectors.near(random, 0.5 + 0.2 * i)));
    }
    database = MigratedDatabase.searchedByIndex(postgres, "vector_search_crowded",
        List.of(Documents.document("crowd", "bigco", 1, crowd), Documents.document("few", "acme", 1, few)));
    search = new ChunkSearch(database.jdbi());
  }

  @AfterAll
  void close() {
    database.close();
  }

  private List<RankedChunk> nearest(String tenant, int topK) {
    return search.search(new ChunkQuery(tenant, SearchMode.VECTOR, null, QUERY, topK, -1.0, DocumentFilters.NONE));
  }

  @Test
  void shouldFindASmallTenantsChunksBehindALargerTenantsNearerOnes() {
    List<RankedChunk> hits = nearest("acme", 4);

    assertThat(hits).extracting(RankedChunk::text).containsExactly("few 0", "few 1", "few 2", "few 3");
  }

  @Test
  void shouldReturnTopKInOrderWhenTopKExceedsTheDefaultCandidateList() {
    List<RankedChunk> hits = nearest("bigco", 50);

    assertThat(hits).extracting(RankedChunk::text)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "crowd " + i).toList());
  }
}
