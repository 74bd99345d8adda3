package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import io.tributary.embedding.SpanMeasure;
import io.tributary.embedding.TokenCounter;
import io.tributary.streams.chunking.TokenOffsets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LocalModel} (all-MiniLM-L6-v2 by default) in process, from the model and tokenizer
 * shipped in its langchain4j jar; no network.
 *
 * <p>Unlike langchain4j's stock models, the ONNX Runtime session runs with one intra-op thread
 * and a batch is spread over a fixed pool of workers: the stock model lets every call use
 * several ORT threads while {@code embedAll} adds its own executor on top, which oversubscribes
 * the cores. One ORT thread per worker and one worker per core measured fastest (docs/benchmarks/bulk-ingest.md).
 *
 * <p>The tokenizer truncates input to the window (by default {@value #DEFAULT_WINDOW_TOKENS} tokens
 * including [CLS] and [SEP], as MiniLM's shipped {@code tokenizer.json} does; MiniLM was trained on
 * up to 256 and its position table allows 512); chunkers fill that window, and a warning is logged
 * when a batch holds longer texts. Thread-safe.
 */
public final class OnnxEmbedder implements Embedder, TokenCounter, AutoCloseable {

  /** Tokens the model sees per text by default, [CLS] and [SEP] included; the rest is cut off. */
  public static final int DEFAULT_WINDOW_TOKENS = 128;
  /** The shortest window accepted: room for a few words besides [CLS] and [SEP]. */
  public static final int MIN_WINDOW_TOKENS = 16;

  private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

  private final LocalModel local;
  private final int workers;
  private final int windowTokens;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final ExecutorService executor;
  private final PinnedModel model;
  private final HuggingFaceTokenizer counter;
  private volatile boolean closed;

  /** MiniLM with one worker per available processor. */
  public OnnxEmbedder() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** MiniLM, spreading each batch over {@code workers} threads, each running ORT single-threaded. */
  public OnnxEmbedder(int workers) {
    this(workers, DEFAULT_WINDOW_TOKENS);
  }

  /** MiniLM over {@code workers} threads, seeing at most {@code windowTokens} tokens of each text. */
  public OnnxEmbedder(int workers, int windowTokens) {
    this(LocalModel.MINILM, workers, windowTokens);
  }

  /**
   * {@code local}, spreading each batch over {@code workers} threads and seeing at most
   * {@code windowTokens} tokens of each text ([CLS] and [SEP] included).
   */
  public OnnxEmbedder(LocalModel local, int workers, int windowTokens) {
    this.local = requireNonNull(local, "local");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    if (windowTokens < MIN_WINDOW_TOKENS || windowTokens > local.maxWindowTokens()) {
      throw new IllegalArgumentException("the " + local.name() + " window must be " + MIN_WINDOW_TOKENS + ".."
          + local.maxWindowTokens() + " tokens, was " + windowTokens);
    }
    this.workers = workers;
    this.windowTokens = windowTokens;
    DjlOffline.ensure();
    byte[] tokenizerJson = TokenizerWindow.resize(resource(local.tokenizerResource(), local), windowTokens);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try {
      options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      session = environment.createSession(resource(local.onnxResource(), local), options);
      counter = HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(tokenizerJson), Map.of("padding", "false", "truncation", "false"));
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("cannot load " + local.id() + " from the classpath", e);
    }
    executor = Executors.newFixedThreadPool(workers, new WorkerThreads());
    model = new PinnedModel(
        new OnnxBertBiEncoder(environment, session, new ByteArrayInputStream(tokenizerJson), local.pooling()),
        executor, local.dimensions());
    log.atInfo().addKeyValue("model", local.id()).addKeyValue("workers", workers).addKeyValue("window", windowTokens)
        .log("embedding model loaded (ORT intra-op threads = 1 per worker)");
  }

  @Override
  public String modelId() {
    return local.id();
  }

  @Override
  public String provider() {
    return local.name();
  }

  @Override
  public int dimensions() {
    return local.dimensions();
  }

  /** The model this embedder runs. */
  public LocalModel model() {
    return local;
  }

  /** Worker threads a batch is spread over. */
  public int workers() {
    return workers;
  }

  /** Tokens of {@code text} as the model counts them, [CLS] and [SEP] included, without truncation. */
  public int tokenCount(String text) {
    return counter.encode(text).getIds().length;
  }

  @Override
  public Optional<TokenCounter> tokenCounter() {
    return Optional.of(this);
  }

  @Override
  public int windowTokens() {
    return windowTokens;
  }

  @Override
  public SpanMeasure measure(String text) {
    Encoding encoding = counter.encode(text);
    long[] special = encoding.getSpecialTokenMask();
    CharSpan[] spans = encoding.getCharTokenSpans();
    int specials = 0;
    for (long flag : special) {
      specials += flag != 0 ? 1 : 0;
    }
    int[] starts = new int[special.length - specials];
    int[] ends = new int[starts.length];
    int n = 0;
    for (int i = 0; i < special.length; i++) {
      if (special[i] == 0) {
        starts[n] = spans[i].getStart();
        ends[n] = spans[i].getEnd();
        n++;
      }
    }
    // The Rust tokenizer reports offsets in code points, not UTF-16 units.
    return TokenOffsets.fromCodePoints(starts, ends, specials, text);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    requireNonNull(texts, "texts");
    if (closed) {
      throw new IllegalStateException(local.id() + " embedder is closed");
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    warnIfTruncated(texts);
    return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
  }

  private void warnIfTruncated(List<String> texts) {
    long truncated = texts.stream().filter(t -> tokenCount(t) > windowTokens).count();
    if (truncated > 0) {
      // Counts only: chunk text never goes to the log.
      log.atWarn().addKeyValue("model", local.id()).addKeyValue("truncated", truncated)
          .addKeyValue("batch", texts.size())
          .log("texts longer than the model's {}-token window are embedded truncated", windowTokens);
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    counter.close();
    try {
      session.close();
    } catch (OrtException e) {
      log.atWarn().setCause(e).log("could not close the ONNX Runtime session");
    } finally {
      options.close();
    }
  }

  private static byte[] resource(String name, LocalModel local) {
    // The model jar puts its files at the classpath root; its class loader is the one that sees them.
    try (InputStream in = OnnxBertBiEncoder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath (" + local.artifact() + ")");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /** langchain4j's batching over our executor; it submits one text per task and keeps the order. */
  private static final class PinnedModel extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;
    private final int dimensions;

    PinnedModel(OnnxBertBiEncoder encoder, ExecutorService executor, int dimensions) {
      super(executor);
      this.encoder = encoder;
      this.dimensions = dimensions;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return dimensions;
    }
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "tributary-embed-" + count.incrementAndGet());
      // Daemon: a forgotten close() must not keep the JVM alive.
      thread.setDaemon(true);
      return thread;
    }
  }
}
