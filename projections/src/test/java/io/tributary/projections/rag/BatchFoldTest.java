package io.tributary.projections.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.projections.testing.Documents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchFoldTest {

  private static BatchFold.Versioned doc(String id, long version) {
    return new BatchFold.Versioned(id, Documents.document(id, "acme", version, 1), List.of());
  }

  private static BatchFold.Versioned tombstone(String id) {
    return new BatchFold.Versioned(id, null, null);
  }

  @Test
  void shouldKeepOnlyTheNewestVersionPerDocument() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 1), doc("a", 3), doc("a", 2)), Map.of());

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).extracting(v -> v.document().version()).containsExactly(3L);
  }

  @Test
  void shouldChangeNothingForVersionsNotNewerThanTheStoredOne() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 2), doc("a", 1)), Map.of("a", 2L));

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).isEmpty();
  }

  @Test
  void shouldReplaceAStoredDocumentWithANewerVersion() {
    BatchFold fold = BatchFold.of(List.of(doc("a", 3)), Map.of("a", 2L));

    assertThat(fold.removed()).containsExactly("a");
    assertThat(fold.inserted()).extracting(BatchFold.Versioned::id).containsExactly("a");
  }

  @Test
  void shouldDeleteOnATombstoneAndLetALaterVersionRecreateTheDocument() {
    BatchFold deleted = BatchFold.of(List.of(doc("a", 5), tombstone("a")), Map.of("a", 2L));
    BatchFold recreated = BatchFold.of(List.of(tombstone("a"), doc("a", 1)), Map.of("a", 2L));

    assertThat(deleted.removed()).containsExactly("a");
    assertThat(deleted.inserted()).isEmpty();
    assertThat(recreated.removed()).containsExactly("a");
    assertThat(recreated.inserted()).extracting(v -> v.document().version()).containsExactly(1L);
  }

  @Test
  void shouldIgnoreATombstoneForAnUnknownDocument() {
    BatchFold fold = BatchFold.of(List.of(tombstone("x")), Map.of());

    assertThat(fold.removed()).isEmpty();
    assertThat(fold.inserted()).isEmpty();
  }
}
