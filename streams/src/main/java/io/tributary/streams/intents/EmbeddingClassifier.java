package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default classifier: embeds the message and scores it against a {@link CatalogueIndex}.
 * Indexes are built once per catalogue version and kept for the last few versions, so a message
 * costs one embedding, never a re-embedding of the catalogue. A catalogue with label settings
 * also takes the vote of the tenant's {@link ExampleIndex} when the snapshot holds labels of the
 * tenant, built once per catalogue version and tenant and kept for the {@value #CACHED_TENANT_INDEXES} most recently used (per process: every
 * router instance builds its own from the same snapshot). A part of more than
 * {@value #INLINE_LABELS} labels is embedded on a background thread of this classifier (see
 * {@link #ready}), as is a catalogue whose embedding or classifier would take more than about a
 * second. Thread-safe.
 */
public final class EmbeddingClassifier implements IntentClassifier {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingClassifier.class);

  /**
   * Labels of a part embedded on the caller's thread: about a second of the in-process model. A
   * larger part is embedded in the background, since it may take longer than a router's
   * transaction may stay open (tens of seconds for tens of thousands of labels).
   */
  static final int INLINE_LABELS = 1_000;

  /**
   * Vectors × agents of a classifier trained on the caller's thread: about a second of training
   * (ADR 33). A larger one is trained in the background, with its catalogue's embedding.
   */
  static final long INLINE_CLASSIFIER_SIZE = 50_000;

  /** Prefix of a catalogue build's key among the background jobs (label parts' keys start with {@code ls-}). */
  private static final String CATALOGUE_BUILD = "catalogue/";

  /** Versions kept: the active one plus a few a shadow run or a rollback may ask for. */
  static final int CACHED_VERSIONS = 4;

  private final Embedder embedder;
  private final Map<String, CatalogueIndex> indexes = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CatalogueIndex> eldest) {
      return size() > CACHED_VERSIONS;
    }
  };
  /** Tenants' example indexes kept; each holds its labels' vectors (about 1.5 KiB per label). */
  static final int CACHED_TENANT_INDEXES = 64;

  private final Map<String, ExampleIndex> tenantIndexes = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ExampleIndex> eldest) {
      return size() > CACHED_TENANT_INDEXES;
    }
  };
  private final Map<String, EmbeddedLabels> labelVectors = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, EmbeddedLabels> eldest) {
      return size() > CACHED_TENANT_INDEXES;
    }
  };
  /**
   * Trained classifiers by what they were trained on: versions that change only thresholds, label
   * settings or topics reuse one (route-eval's label fit tries dozens of such versions).
   */
  private final Map<String, CatalogueClassifier> classifiers = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CatalogueClassifier> eldest) {
      return size() > CACHED_VERSIONS;
    }
  };
  private int builds;
  private int trainings;
  /**
   * Label parts (snapshot/tenant) and catalogue versions being built in the background, and those
   * whose build failed there.
   */
  private final Set<String> embedding = new HashSet<>();
  private final Set<String> failedAhead = new HashSet<>();
  private ExecutorService background;

  public EmbeddingClassifier(Embedder embedder) {
    this.embedder = requireNonNull(embedder, "embedder");
  }

  /**
   * True when scoring {@code tenant}'s messages embeds no more than {@value #INLINE_LABELS} labels;
   * otherwise starts embedding the tenant's part in the background (once) and answers false until
   * it is done. A background failure answers true once, so that the caller's own attempt fails the
   * usual way (an outage the router retries).
   */
  @Override
  public boolean ready(AgentCatalogue catalogue, String tenant, LabelSource labels) {
    if (!catalogueReady(catalogue)) {
      return false;
    }
    LabelSettings settings = catalogue.labels();
    if (settings == null) {
      return true;
    }
    String key = LabelSnapshot.key(settings.snapshot(), tenant);
    synchronized (this) {
      if (labelVectors.containsKey(key) || failedAhead.remove(key)) {
        return true;
      }
      if (embedding.contains(key)) {
        return false;
      }
    }
    List<LabelledExample> examples = labels.part(settings.snapshot(), tenant).map(LabelSnapshot::examples)
        .orElse(List.of());
    if (examples.size() <= INLINE_LABELS) {
      return true;
    }
    Map<String, float[]> known = knownVectors(tenant);
    long unknown = examples.stream().map(LabelledExample::text).filter(text -> !known.containsKey(text)).distinct()
        .count();
    if (unknown <= INLINE_LABELS) {
      return true;
    }
    synchronized (this) {
      if (labelVectors.containsKey(key)) {
        return true;
      }
      if (embedding.add(key)) {
        log.info("embedding {} new labels of snapshot part {} in the background; its messages wait", unknown, key);
        background().execute(() -> embedAhead(key, tenant, examples));
      }
      return false;
    }
  }

  /**
   * True when {@code catalogue}'s index is built, or building it is short: at most
   * {@value #INLINE_LABELS} texts to embed and, under classifier scoring, a classifier already
   * trained or of at most {@value #INLINE_CLASSIFIER_SIZE} vectors × agents. Otherwise starts the
   * build in the background (once) and answers false until it is done; a background failure
   * answers true once, as for label parts.
   */
  private synchronized boolean catalogueReady(AgentCatalogue catalogue) {
    String key = CATALOGUE_BUILD + catalogue.version();
    if (indexes.containsKey(catalogue.version()) || failedAhead.remove(key)) {
      return true;
    }
    if (embedding.contains(key)) {
      return false;
    }
    boolean quickToTrain = catalogue.scoring() != AgentScoring.CLASSIFIER
        || AgentCatalogue.classifierSize(catalogue.agents()) <= INLINE_CLASSIFIER_SIZE
        || classifiers.containsKey(CatalogueIndex.trainingKey(catalogue));
    if (quickToTrain && CatalogueIndex.texts(catalogue) <= INLINE_LABELS) {
      return true;
    }
    embedding.add(key);
    log.info("building catalogue {} ({} texts, {} scoring) in the background; messages wait", catalogue.version(),
        CatalogueIndex.texts(catalogue), catalogue.scoring().id());
    background().execute(() -> buildAhead(key, catalogue));
    return false;
  }

  private void buildAhead(String key, AgentCatalogue catalogue) {
    CatalogueIndex index = null;
    try {
      index = buildIndex(catalogue);
    } catch (RuntimeException e) {
      log.warn("building catalogue {} failed; the router retries on its own thread", catalogue.version(), e);
    }
    synchronized (this) {
      embedding.remove(key);
      if (index == null) {
        failedAhead.add(key);
        return;
      }
      indexes.put(catalogue.version(), index);
      builds++;
    }
  }

  private void embedAhead(String key, String tenant, List<LabelledExample> examples) {
    EmbeddedLabels embedded = null;
    try {
      embedded = new EmbeddedLabels(examples, embedReusing(tenant, examples));
    } catch (RuntimeException e) {
      log.warn("embedding the labels of snapshot part {} failed; the router retries on its own thread", key, e);
    }
    synchronized (this) {
      embedding.remove(key);
      if (embedded == null) {
        failedAhead.add(key);
      } else {
        labelVectors.put(key, embedded);
      }
    }
  }

  /** One daemon thread per classifier, started on first use: most catalogues never need it. */
  private synchronized ExecutorService background() {
    if (background == null) {
      background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "label-embedding");
        thread.setDaemon(true);
        return thread;
      });
    }
    return background;
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

  /** Embeds all {@code texts} of one tenant in one call, then scores each with the tenant's labels. */
  @Override
  public List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue, String tenant,
      LabelSource labels) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = embedder.embed(texts);
    List<Classification> scores = new ArrayList<>(vectors.size());
    for (float[] vector : vectors) {
      scores.add(classify(vector, catalogue, tenant, labels));
    }
    return scores;
  }

  /** Scores an already embedded message (route-eval embeds its whole data set in batches). */
  public Classification classify(float[] message, AgentCatalogue catalogue) {
    return new Classification(index(catalogue).score(message), embedder.modelId());
  }

  /**
   * Scores an already embedded message of {@code tenant}: {@code (1 − w) · agent score + w · vote
   * share} (see {@link LabelSettings}) when the catalogue names a snapshot holding labels of this
   * tenant; with the catalogue alone otherwise, so that publishing one tenant's labels leaves every
   * other tenant's routes as they were.
   */
  public Classification classify(float[] message, AgentCatalogue catalogue, String tenant, LabelSource labels) {
    LabelSettings settings = catalogue.labels();
    if (settings == null) {
      return classify(message, catalogue);
    }
    CatalogueIndex agents = index(catalogue);
    Optional<ExampleIndex> tenantExamples = tenantIndex(catalogue, agents, tenant, labels);
    if (tenantExamples.isEmpty()) {
      return classify(message, catalogue);
    }
    ExampleIndex examples = tenantExamples.get();
    Map<String, Double> votes = examples.vote(message, settings.neighbours());
    double w = settings.weight();
    List<AgentScore> combined = new ArrayList<>();
    for (AgentScore score : agents.score(message)) {
      combined.add(new AgentScore(score.agent(), (1 - w) * score.score() + w * votes.getOrDefault(score.agent(), 0.0)));
    }
    combined.sort(Comparator.comparingDouble(AgentScore::score).reversed().thenComparing(AgentScore::agent));
    return new Classification(combined, embedder.modelId(), new LabelUse(settings, examples.size(), examples.labels()));
  }

  /** The embedder messages are embedded with. */
  public Embedder embedder() {
    return embedder;
  }

  /** How many classifiers were trained so far (one per distinct set of agents, examples and descriptions). */
  public synchronized int classifierTrainings() {
    return trainings;
  }

  /** How many catalogue versions were embedded so far (each at most once while cached). */
  public synchronized int indexBuilds() {
    return builds;
  }

  /**
   * The tenant's example index, empty when the snapshot holds no labels of the tenant for this
   * catalogue's agents. Absence is not cached: a part that reaches the router's global table after
   * the catalogue naming it is used from then on.
   */
  private synchronized Optional<ExampleIndex> tenantIndex(AgentCatalogue catalogue, CatalogueIndex agents,
      String tenant, LabelSource labels) {
    String key = catalogue.version() + "/" + tenant;
    ExampleIndex index = tenantIndexes.get(key);
    if (index == null) {
      Optional<EmbeddedLabels> embedded = embeddedLabels(catalogue.labels().snapshot(), tenant, labels);
      if (embedded.isEmpty()) {
        return Optional.empty();
      }
      index = ExampleIndex.of(agents, embedded.get().examples(), embedded.get().vectors());
      tenantIndexes.put(key, index);
    }
    return index.labels() == 0 ? Optional.empty() : Optional.of(index);
  }

  /** A snapshot part's labels are embedded once, whichever catalogue versions (k, weights, thresholds) name it. */
  private Optional<EmbeddedLabels> embeddedLabels(String snapshot, String tenant, LabelSource labels) {
    String key = LabelSnapshot.key(snapshot, tenant);
    EmbeddedLabels embedded = labelVectors.get(key);
    if (embedded == null) {
      List<LabelledExample> examples = labels.part(snapshot, tenant).map(LabelSnapshot::examples).orElse(List.of());
      if (examples.isEmpty()) {
        return Optional.empty();
      }
      embedded = new EmbeddedLabels(examples, embedReusing(tenant, examples));
      labelVectors.put(key, embedded);
    }
    return Optional.of(embedded);
  }

  private record EmbeddedLabels(List<LabelledExample> examples, List<float[]> vectors) {}

  /**
   * The vectors of {@code examples}, embedding only texts this classifier holds no vector of for
   * {@code tenant}: a new snapshot of a tenant mostly repeats the labels of the one before.
   */
  private List<float[]> embedReusing(String tenant, List<LabelledExample> examples) {
    Map<String, float[]> known = knownVectors(tenant);
    List<String> missing = examples.stream().map(LabelledExample::text).filter(text -> !known.containsKey(text))
        .distinct().toList();
    if (!missing.isEmpty()) {
      List<float[]> fresh = embedder.embed(missing);
      for (int i = 0; i < missing.size(); i++) {
        known.put(missing.get(i), fresh.get(i));
      }
    }
    return examples.stream().map(example -> known.get(example.text())).toList();
  }

  /** Vectors of {@code tenant}'s labels in the parts this classifier holds, by text. */
  private synchronized Map<String, float[]> knownVectors(String tenant) {
    Map<String, float[]> known = new HashMap<>();
    labelVectors.forEach((key, embedded) -> {
      if (key.substring(key.indexOf('/') + 1).equals(tenant)) {
        for (int i = 0; i < embedded.examples().size(); i++) {
          known.putIfAbsent(embedded.examples().get(i).text(), embedded.vectors().get(i));
        }
      }
    });
    return known;
  }

  private synchronized CatalogueIndex index(AgentCatalogue catalogue) {
    CatalogueIndex index = indexes.get(catalogue.version());
    if (index == null) {
      index = buildIndex(catalogue);
      indexes.put(catalogue.version(), index);
      builds++;
    }
    return index;
  }

  /**
   * Embeds {@code catalogue} and, under classifier scoring, takes the classifier trained on the
   * same agents and examples or trains one. Holds this classifier's lock only to read and fill the
   * cache, so a background build does not block the router's thread.
   */
  private CatalogueIndex buildIndex(AgentCatalogue catalogue) {
    return CatalogueIndex.build(catalogue, embedder, agents -> {
      String trainedOn = CatalogueIndex.trainingKey(catalogue);
      synchronized (this) {
        CatalogueClassifier known = classifiers.get(trainedOn);
        if (known != null) {
          return known;
        }
      }
      CatalogueClassifier trained = CatalogueIndex.train(agents);
      synchronized (this) {
        classifiers.put(trainedOn, trained);
        trainings++;
      }
      return trained;
    });
  }
}
