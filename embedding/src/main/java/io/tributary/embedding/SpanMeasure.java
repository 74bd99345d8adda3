package io.tributary.embedding;

/**
 * The size of spans of one text in a model's tokens. Monotone: a span never measures less than a
 * span it contains. The empty span measures the fixed overhead of one model input (special
 * tokens such as [CLS] and [SEP]).
 */
@FunctionalInterface
public interface SpanMeasure {

  /** Tokens the model would see for {@code text.substring(start, end)}, overhead included. */
  int size(int start, int end);
}
