package io.tributary.projections.db;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/** A pgvector extension version such as {@code 0.8.0}, compared numerically part by part. */
record PgVectorVersion(String text, int[] parts) implements Comparable<PgVectorVersion> {

  PgVectorVersion {
    requireNonNull(text, "text");
    parts = parts.clone();
  }

  static PgVectorVersion parse(String text) {
    requireNonNull(text, "text");
    // Suffixes such as "0.8.0-dev" compare by their numeric prefix.
    String[] pieces = text.split("[.-]");
    int[] parts = new int[pieces.length];
    int count = 0;
    for (String piece : pieces) {
      if (!piece.chars().allMatch(Character::isDigit) || piece.isEmpty()) {
        break;
      }
      parts[count++] = Integer.parseInt(piece);
    }
    return new PgVectorVersion(text, Arrays.copyOf(parts, count));
  }

  @Override
  public int compareTo(PgVectorVersion other) {
    return Arrays.compare(parts, other.parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PgVectorVersion v && Arrays.equals(parts, v.parts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parts);
  }

  @Override
  public String toString() {
    return text;
  }
}
