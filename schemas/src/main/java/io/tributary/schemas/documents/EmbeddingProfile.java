package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What turns a submitted document into vectors: the embedder, its model and the chunking limits.
 * Two profiles with the same id produce the same chunks and vectors; a roll to a new profile
 * re-processes {@code docs.submitted.v1} into the profile's own topic (ADR 0012).
 *
 * @param embedder the provider: {@code minilm} or {@code bge-small} (in process) or {@code openai} (HTTP)
 * @param model the model id the embedder reports, stored with every vector
 * @param dimensions vector length
 * @param chunkTokens largest chunk, in the model's tokens
 * @param chunkOverlap overlap between neighbouring chunks, in tokens
 */
public record EmbeddingProfile(String embedder, String model, int dimensions, int chunkTokens, int chunkOverlap) {

  private static final Pattern EMBEDDERS = Pattern.compile("minilm|bge-small|openai");
  private static final int MAX_ID_LENGTH = 80;

  public EmbeddingProfile {
    requireNonNull(embedder, "embedder");
    requireNonNull(model, "model");
    if (!EMBEDDERS.matcher(embedder).matches()) {
      throw new IllegalArgumentException("embedder must be minilm, bge-small or openai, was '" + embedder + "'");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (dimensions < 1 || chunkTokens < 1 || chunkOverlap < 0 || chunkOverlap >= chunkTokens) {
      throw new IllegalArgumentException("need dimensions >= 1, chunkTokens >= 1 and 0 <= chunkOverlap < chunkTokens;"
          + " were " + dimensions + ", " + chunkTokens + ", " + chunkOverlap);
    }
  }

  /**
   * The profile's id, safe in topic names and Kafka Streams application ids: the model id in
   * lower case with every other character a dash, then the chunking, e.g.
   * {@code all-minilm-l6-v2-q-c128o16}.
   */
  public String id() {
    String slug = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    String chunking = "-c" + chunkTokens + "o" + chunkOverlap;
    if (slug.length() + chunking.length() > MAX_ID_LENGTH) {
      slug = slug.substring(0, MAX_ID_LENGTH - chunking.length());
    }
    return slug + chunking;
  }

  /** One line for a terminal. */
  public String describe() {
    return id() + " (" + embedder + " model " + model + ", " + dimensions + " dimensions, chunks of " + chunkTokens
        + " tokens with " + chunkOverlap + " overlap)";
  }
}
