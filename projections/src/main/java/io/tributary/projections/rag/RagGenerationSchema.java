package io.tributary.projections.rag;

/**
 * The schema {@code rag_g<N>} holding one generation of the rag read model. SQL identifiers are
 * built from the validated number only, never from input text; statements insert {@link #name()}
 * with jdbi's {@code define} (as {@code <schema>.chunks}), never by concatenation.
 */
public record RagGenerationSchema(int generation) {

  /** Highest generation number accepted: keeps identifiers short and obviously numeric. */
  public static final int MAX_GENERATION = 999_999;

  public RagGenerationSchema {
    if (generation < 1 || generation > MAX_GENERATION) {
      throw new IllegalArgumentException("generation must be in 1.." + MAX_GENERATION + ", was " + generation);
    }
  }

  /** The schema name, e.g. {@code rag_g2}. */
  public String name() {
    return "rag_g" + generation;
  }

  /** Qualified name of the generation's documents table. */
  public String documents() {
    return name() + ".documents";
  }

  /** Qualified name of the generation's chunks table. */
  public String chunks() {
    return name() + ".chunks";
  }
}
