package io.tributary.projections.rag;

import java.util.Locale;
import java.util.Optional;

/** How chunks are matched: by embedding, by words, or both fused ({@link SearchTuning.Fusion}). */
public enum SearchMode {
  VECTOR,
  KEYWORD,
  HYBRID;

  /** The mode named {@code name} (case-insensitive), if any. */
  public static Optional<SearchMode> named(String name) {
    for (SearchMode mode : values()) {
      if (mode.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  /** The lower-case name used in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the mode needs a query embedding. */
  public boolean usesVector() {
    return this != KEYWORD;
  }
}
