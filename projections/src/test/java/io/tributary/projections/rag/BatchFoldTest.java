package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.projections.testing.Documents;
import io.tributary.schemas.documents.DocumentKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchFoldTest {

  private static final DocumentKey A = new DocumentKey("acme", "a");

  private static BatchFold.Versioned doc(String id, long version) {
    return doc("acme", id, version);
  }

  private static BatchFold.Versioned doc(String tenant, String id, long version) {
    return new BatchFold.Versioned(new DocumentKey(tenant, id), Documents.document(id, tenant, version, 1), List.of());
  }

  private static BatchFold.Versioned tombstone(String id) {
    return tombstone("acme", id);
  }

  private static BatchFold.Versioned tombstone(String tenant, String id) {
    return new BatchFold.Versioned(new DocumentKey(tenant, id), null, null);
  }

  @Test
  void shouldKeepOnlyTheNewestVersionPerDocument() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 1), doc("a", 3), doc("a", 2)), Map.of());

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).extracting(v -> v.document().version()).containsExactly(3L);
  }

  @Test
  void shouldChangeNothingForVersionsNotNewerThanTheStoredOne() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 2), doc("a", 1)), Map.of(A, 2L));

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).isEmpty();
  }

  @Test
  void shouldReplaceAStoredDocumentWithANewerVersion() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 3)), Map.of(A, 2L));

    assertThat(fold.removed()).containsExactly(A);
    assertThat(fold.inserted()).extracting(BatchFold.Versioned::id).containsExactly(A);
  }

  @Test
  void shouldDeleteOnATombstoneAndLetALaterVersionRecreateTheDocument() {
    BatchFold deleted = BatchFold.of(List.of(doc("a", 5), tombstone("a")), Map.of(A, 2L));
    BatchFold recreated = BatchFold.of(List.of(tombstone("a"), doc("a", 1)), Map.of(A, 2L));

    assertThat(deleted.removed()).containsExactly(A);
    assertThat(deleted.inserted()).isEmpty();
    assertThat(recreated.removed()).containsExactly(A);
    assertThat(recreated.inserted()).extracting(v -> v.document().version()).containsExactly(1L);
  }

  @Test
  void shouldKeepTheSameIdOfTwoTenantsApart() {
    DocumentKey globexA = new DocumentKey("globex", "a");

    BatchFold fold = BatchFold.of(List.of(doc("globex", "a", 1), tombstone("globex", "a"), doc("globex", "a", 2)),
        Map.of(A, 7L));

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).extracting(BatchFold.Versioned::id).containsExactly(globexA);
    assertThat(fold.inserted()).extracting(v -> v.document().version()).containsExactly(2L);
  }

  @Test
  void shouldIgnoreATombstoneForAnUnknownDocument() {
    BatchFold fold = BatchFold.of(List.of(tombstone("x")), Map.of());

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).isEmpty();
  }
}
