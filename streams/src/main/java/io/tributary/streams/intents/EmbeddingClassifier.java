package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default classifier: embeds the message and scores it against a {@link CatalogueIndex}.
 * Indexes are built once per catalogue version and kept for the last few versions, so a message
 * costs one embedding, never a re-embedding of the catalogue. Thread-safe.
 */
public final class EmbeddingClassifier implements IntentClassifier {

  /** Versions kept: the active one plus a few a shadow run or a rollback may ask for. */
  static final int CACHED_VERSIONS = 4;

  private final Embedder embedder;
  private final Map<String, CatalogueIndex> indexes = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CatalogueIndex> eldest) {
      return size() > CACHED_VERSIONS;
    }
  };
  private int builds;

  public EmbeddingClassifier(Embedder embedder) {
    this.embedder = requireNonNull(embedder, "embedder");
  }

  @Override
  public Classification classify(String text, AgentCatalogue catalogue) {
    return classify(embedder.embed(List.of(text)).getFirst(), catalogue);
  }

  /** Embeds all {@code texts} in one call, then scores each. */
  @Override
  public List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = embedder.embed(texts);
    List<Classification> scores = new ArrayList<>(vectors.size());
    for (float[] vector : vectors) {
      scores.add(classify(vector, catalogue));
    }
    return scores;
  }

  /** Scores an already embedded message (route-eval embeds its whole data set in batches). */
  public Classification classify(float[] message, AgentCatalogue catalogue) {
    return new Classification(index(catalogue).score(message), embedder.modelId());
  }

  /** The embedder messages are embedded with. */
  public Embedder embedder() {
    return embedder;
  }

  /** How many catalogue versions were embedded so far (each at most once while cached). */
  public synchronized int indexBuilds() {
    return builds;
  }

  private synchronized CatalogueIndex index(AgentCatalogue catalogue) {
    CatalogueIndex index = indexes.get(catalogue.version());
    if (index == null) {
      index = CatalogueIndex.build(catalogue, embedder);
      indexes.put(catalogue.version(), index);
      builds++;
    }
    return index;
  }
}
