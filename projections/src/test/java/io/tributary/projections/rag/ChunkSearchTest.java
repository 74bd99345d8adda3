package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.freshness.Freshness;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.freshness.GenerationSource;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.projections.testing.Vectors;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkSearchTest {

  private static final float[] QUERY = Vectors.oneHot(0);

  private Database database;
  private ChunkSearch search;
  private Jdbi jdbi;

  @BeforeAll
  void projectDocuments(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "chunk_search");
    EmbeddedDocument kettle = Documents.document("kettle", "acme", 1, List.of(
        Documents.chunk(0, "Descale the kettle monthly with white vinegar.", Vectors.tilted(0, 1, 0.7)),
        Documents.chunk(1, "Unrelated words about gardens.", Vectors.oneHot(0))));
    EmbeddedDocument bread = withSource(Documents.document("bread", "acme", 1, List.of(
        Documents.chunk(0, "Knead the dough, then descale nothing.", Vectors.tilted(0, 2, 0.2)))),
        "file:///bread.md", Map.of("team", "bakery"), Instant.parse("2025-06-01T00:00:00Z"));
    EmbeddedDocument foreign = Documents.document("foreign", "globex", 1, List.of(
        Documents.chunk(0, "Descale the kettle monthly with white vinegar.", Vectors.oneHot(0))));
    // Tenant "faq": "debian" is in three of four chunks, "conffile" in one.
    EmbeddedDocument common = Documents.document("common", "faq", 1, List.of(
        Documents.chunk(0, "Debian, Debian and Debian: Debian everywhere.", Vectors.oneHot(1))));
    EmbeddedDocument rare = Documents.document("rare", "faq", 1, List.of(
        Documents.chunk(0, "A conffile survives an upgrade.", Vectors.oneHot(2))));
    EmbeddedDocument others = Documents.document("others", "faq", 1, List.of(
        Documents.chunk(0, "Debian releases.", Vectors.oneHot(3)), Documents.chunk(1, "Debian mirrors.", Vectors.oneHot(4))));
    List<ConsumerRecord<String, EmbeddedDocument>> batch = new ArrayList<>();
    for (EmbeddedDocument d : List.of(kettle, bread, foreign, common, rare, others)) {
      batch.add(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, batch.size(), d.id(), d));
    }
    database.jdbi().useTransaction(h -> new RagProjection().apply(h, batch));
    search = new ChunkSearch(database.jdbi());
    jdbi = database.jdbi();
  }

  @AfterAll
  void close() {
    database.close();
  }

  private static EmbeddedDocument withSource(EmbeddedDocument d, String source, Map<String, String> metadata,
      Instant submittedAt) {
    return new EmbeddedDocument(d.id(), d.tenant(), d.version(), d.contentHash(), d.title(), source, d.contentType(),
        metadata, d.model(), d.dimensions(), d.chunks(), submittedAt, d.embeddedAt());
  }

  private List<RankedChunk> run(SearchMode mode, String text, DocumentFilters filters) {
    return search.search(new ChunkQuery("acme", mode, text, QUERY, 10, -1, filters));
  }

  @Test
  void shouldRankByCosineInVectorModeWithOnlyTheVectorScore() {
    List<RankedChunk> hits = run(SearchMode.VECTOR, null, DocumentFilters.NONE);

    assertThat(hits).extracting(RankedChunk::documentId, RankedChunk::chunkIndex)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kettle", 1), org.assertj.core.groups.Tuple.tuple("bread", 0),
            org.assertj.core.groups.Tuple.tuple("kettle", 0));
    assertThat(hits.getFirst().vectorScore()).isCloseTo(1.0, within(1e-5));
    assertThat(hits.getFirst().score()).isEqualTo(hits.getFirst().vectorScore());
    assertThat(hits.getFirst().keywordScore()).isNull();
    assertThat(hits.getFirst().hybridScore()).isNull();
  }

  @Test
  void shouldMatchWordsInKeywordModeWithinTheTenantOnly() {
    List<RankedChunk> hits = run(SearchMode.KEYWORD, "kettle vinegar", DocumentFilters.NONE);

    assertThat(hits).extracting(RankedChunk::documentId).containsExactly("kettle");
    assertThat(hits.getFirst().chunkIndex()).isZero();
    assertThat(hits.getFirst().keywordScore()).isPositive();
    assertThat(hits.getFirst().vectorScore()).isNull();
  }

  @Test
  void shouldLeaveOutChunksWithAnExcludedWordWhenMatchingAnyWord() {
    // "descale" is in kettle/0 and bread/0; "-vinegar" must drop kettle/0, not match every chunk
    // without vinegar (kettle/1 "gardens" has neither word).
    List<RankedChunk> hits = run(SearchMode.KEYWORD, "descale -vinegar", DocumentFilters.NONE);
    List<RankedChunk> phrase = run(SearchMode.KEYWORD, "descale -\"white vinegar\"", DocumentFilters.NONE);
    List<RankedChunk> hybrid = run(SearchMode.HYBRID, "descale -vinegar", DocumentFilters.NONE);

    assertThat(hits).extracting(RankedChunk::documentId, RankedChunk::chunkIndex)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bread", 0));
    assertThat(phrase).extracting(RankedChunk::documentId).containsExactly("bread");
    assertThat(hybrid).filteredOn(h -> h.keywordScore() != null).extracting(RankedChunk::documentId)
        .containsExactly("bread");
  }

  private static final SearchTuning TUNING = SearchTuning.DEFAULTS.withFusion(SearchTuning.Fusion.RRF);

  @Test
  void shouldFuseBothRankingsInHybridModeAndReportEveryScore() {
    // "descale" matches kettle/0 (vector rank 3) and bread/0 (vector rank 2) but not kettle/1 (vector rank 1).
    List<RankedChunk> hits = new ChunkSearch(jdbi, TUNING)
        .search(new ChunkQuery("acme", SearchMode.HYBRID, "descale", QUERY, 10, -1, DocumentFilters.NONE));

    assertThat(hits).hasSize(3);
    RankedChunk best = hits.getFirst();
    assertThat(best.documentId()).isEqualTo("bread");
    assertThat(best.hybridScore()).isCloseTo((TUNING.vectorWeight() + TUNING.keywordWeight()) / (TUNING.rrfK() + 2), within(0.01));
    assertThat(best.vectorScore()).isNotNull();
    assertThat(best.keywordScore()).isNotNull();
    RankedChunk vectorOnly = hits.stream().filter(h -> h.chunkIndex() == 1).findFirst().orElseThrow();
    assertThat(vectorOnly.keywordScore()).isNull();
    assertThat(vectorOnly.hybridScore()).isCloseTo(TUNING.vectorWeight() / (TUNING.rrfK() + 1), within(1e-9));
  }

  @Test
  void shouldFuseScoresAsCosinePlusWeightedKeywordScoreRelativeToTheBestCandidate() {
    SearchTuning tuning = SearchTuning.DEFAULTS.withFusion(SearchTuning.Fusion.SCORE).withWeights(1.0, 0.1);

    List<RankedChunk> hits = new ChunkSearch(jdbi, tuning)
        .search(new ChunkQuery("acme", SearchMode.HYBRID, "descale", QUERY, 10, -1, DocumentFilters.NONE));

    double bestKeyword = hits.stream().map(RankedChunk::keywordScore).filter(java.util.Objects::nonNull)
        .mapToDouble(Double::doubleValue).max().orElseThrow();
    for (RankedChunk hit : hits) {
      double keyword = hit.keywordScore() == null ? 0 : hit.keywordScore() / bestKeyword;
      assertThat(hit.hybridScore()).isCloseTo(hit.vectorScore() + 0.1 * keyword, within(1e-6));
    }
  }

  @Test
  void shouldGiveEveryChunkOfADocumentItsBestKeywordScoreWhenFusingByDocument() {
    SearchTuning tuning = SearchTuning.DEFAULTS.withFusion(SearchTuning.Fusion.DOCUMENT_SCORE).withWeights(1.0, 0.1);

    List<RankedChunk> hits = new ChunkSearch(jdbi, tuning)
        .search(new ChunkQuery("acme", SearchMode.HYBRID, "descale vinegar", QUERY, 10, -1, DocumentFilters.NONE));

    // kettle/0 holds both words, the best keyword candidate; kettle/1 holds none but shares its document.
    RankedChunk words = hits.stream().filter(h -> h.documentId().equals("kettle") && h.chunkIndex() == 0)
        .findFirst().orElseThrow();
    RankedChunk sibling = hits.stream().filter(h -> h.documentId().equals("kettle") && h.chunkIndex() == 1)
        .findFirst().orElseThrow();
    assertThat(sibling.keywordScore()).isNull();
    assertThat(words.hybridScore()).isCloseTo(words.vectorScore() + 0.1, within(1e-6));
    assertThat(sibling.hybridScore()).isCloseTo(sibling.vectorScore() + 0.1, within(1e-6));
    RankedChunk bread = hits.stream().filter(h -> h.documentId().equals("bread")).findFirst().orElseThrow();
    assertThat(bread.hybridScore())
        .isCloseTo(bread.vectorScore() + 0.1 * bread.keywordScore() / words.keywordScore(), within(1e-6));
  }

  @Test
  void shouldRankARareQueryWordAboveACommonOneRepeatedWithBm25() {
    ChunkQuery query = new ChunkQuery("faq", SearchMode.KEYWORD, "What is a Debian conffile?", null, 10, 0.0,
        DocumentFilters.NONE);

    List<RankedChunk> bm25 = new ChunkSearch(jdbi, SearchTuning.DEFAULTS).search(query);
    List<RankedChunk> tsRank = new ChunkSearch(jdbi, SearchTuning.BEFORE_BM25).search(query);

    assertThat(bm25).extracting(RankedChunk::documentId).startsWith("rare", "common");
    assertThat(tsRank).extracting(RankedChunk::documentId).startsWith("common");
  }

  @Test
  void shouldScoreAOneWordMatchByItsInverseDocumentFrequency() {
    // One match of one word: tf = 1 and its length is the mean, so BM25 is the idf, ln(1 + (N - df + 0.5) / (df + 0.5)).
    List<RankedChunk> hits = new ChunkSearch(jdbi, SearchTuning.DEFAULTS).search(
        new ChunkQuery("faq", SearchMode.KEYWORD, "conffile", null, 10, 0.0, DocumentFilters.NONE));

    assertThat(hits).extracting(RankedChunk::documentId).containsExactly("rare");
    assertThat(hits.getFirst().keywordScore()).isCloseTo(Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5)), within(1e-9));
  }

  @Test
  void shouldFindChunksWithAnyQueryWordWhenTunedSoAndOnlyWithAllWordsOtherwise() {
    ChunkQuery query = new ChunkQuery("acme", SearchMode.KEYWORD, "kettle vinegar zebra", null, 10, 0.0,
        DocumentFilters.NONE);

    assertThat(new ChunkSearch(jdbi, SearchTuning.DEFAULTS.withKeywordMatch(SearchTuning.KeywordMatch.ALL))
        .search(query)).isEmpty();
    assertThat(new ChunkSearch(jdbi, SearchTuning.DEFAULTS.withKeywordMatch(SearchTuning.KeywordMatch.ANY))
        .search(query)).extracting(RankedChunk::documentId).contains("kettle");
  }

  @Test
  void shouldDropHitsBelowMinScore() {
    List<RankedChunk> hits = search.search(new ChunkQuery("acme", SearchMode.VECTOR, null, QUERY, 10, 0.99,
        DocumentFilters.NONE));

    assertThat(hits).extracting(RankedChunk::documentId).containsExactly("kettle");
  }

  @Test
  void shouldApplySourceMetadataAndIngestionTimeFilters() {
    assertThat(run(SearchMode.VECTOR, null, new DocumentFilters("file:///bread.md", null, null, null)))
        .extracting(RankedChunk::documentId).containsOnly("bread");
    assertThat(run(SearchMode.HYBRID, "descale", new DocumentFilters(null, Map.of("team", "bakery"), null, null)))
        .extracting(RankedChunk::documentId).containsOnly("bread");
    assertThat(run(SearchMode.KEYWORD, "descale",
        new DocumentFilters(null, null, null, Instant.parse("2025-03-01T00:00:00Z"))))
        .extracting(RankedChunk::documentId).containsOnly("kettle");
    assertThat(run(SearchMode.VECTOR, null,
        new DocumentFilters(null, Map.of("team", "nobody"), null, null))).isEmpty();
  }

  @Test
  void shouldReportFreshnessFromTheStoredOffsets() {
    database.jdbi().useHandle(h -> h.execute(
        "INSERT INTO ops.projection_offsets (projection, topic, partition, next_offset) VALUES "
            + "('fresh-test', 't', 0, 5), ('fresh-test', 't', 1, 7)"));

    Freshness freshness = new FreshnessReader(database.jdbi(), GenerationSource.initial()).read("fresh-test");
    Freshness none = new FreshnessReader(database.jdbi(), GenerationSource.initial()).read("never-ran");

    assertThat(freshness.generation()).isEqualTo(1);
    assertThat(freshness.position()).isEqualTo(12);
    assertThat(freshness.asOf()).isNotNull();
    assertThat(none.position()).isZero();
    assertThat(none.asOf()).isNull();
  }
}
