package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP embedder against an in-process server that speaks the OpenAI embeddings API. */
class OpenAiEmbedderTest {

  private static final int DIMS = 8;
  private FakeEmbeddingsServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEmbeddingsServer(DIMS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiSettings settings(int batchSize, int maxAttempts) {
    return new OpenAiSettings(server.baseUrl(), "test-embed-3", DIMS, "sk-test-key", batchSize,
        Duration.ofSeconds(5), maxAttempts, Duration.ofMillis(10));
  }

  private static float[] normalised(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  @Test
  void shouldEmbedInBatchesKeepingTheInputOrder() {
    OpenAiEmbedder embedder = new OpenAiEmbedder(settings(2, 3));
    List<String> texts = List.of("alpha", "beta", "gamma", "delta", "epsilon");

    List<float[]> vectors = embedder.embed(texts);

    assertThat(server.requests()).hasSize(3);
    assertThat(server.requests()).extracting(r -> r.path("input").size()).containsExactly(2, 2, 1);
    assertThat(server.requests().getFirst().path("model").asText()).isEqualTo("test-embed-3");
    assertThat(server.requests().getFirst().path("dimensions").asInt()).isEqualTo(DIMS);
    assertThat(server.authorizations()).containsOnly("Bearer sk-test-key");
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i)).containsExactly(normalised(FakeEmbeddingsServer.vectorOf(texts.get(i), DIMS)), within(1e-6f));
    }
    assertThat(embedder.modelId()).isEqualTo("test-embed-3");
  }

  @Test
  void shouldRetryServerErrorsWithBackoff() {
    server.failNext(500, null);
    server.failNext(503, null);

    List<float[]> vectors = new OpenAiEmbedder(settings(8, 3)).embed(List.of("alpha"));

    assertThat(vectors).hasSize(1);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void shouldWaitAsLongAsRetryAfterSaysOn429() {
    server.failNext(429, "1");
    long start = System.nanoTime();

    new OpenAiEmbedder(settings(8, 3)).embed(List.of("alpha"));

    // The configured backoff is 10 ms: only Retry-After explains a wait of a second.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void shouldNotRetryARequestTheServerRefuses() {
    server.failNext(400, null);

    EmbeddingServiceException e = catchThrowableOfType(
        EmbeddingServiceException.class, () -> new OpenAiEmbedder(settings(8, 3)).embed(List.of("alpha")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageNotContaining("alpha");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldRefuseVectorsOfTheWrongDimensions() {
    server.serveDimensions(DIMS + 1);

    EmbeddingServiceException e = catchThrowableOfType(
        EmbeddingServiceException.class, () -> new OpenAiEmbedder(settings(8, 3)).embed(List.of("alpha")));

    assertThat(e).hasMessageContaining("expected " + DIMS);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldOpenTheCircuitAfterRepeatedFailuresAndStopCallingTheService() {
    for (int i = 0; i < 10; i++) {
      server.failNext(503, null);
    }
    OpenAiEmbedder embedder = new OpenAiEmbedder(settings(8, 1), CircuitBreakerConfig.custom()
        .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMinutes(1)).build());
    for (int i = 0; i < 4; i++) {
      catchThrowableOfType(EmbeddingServiceException.class, () -> embedder.embed(List.of("alpha")));
    }

    CallNotPermittedException fast =
        catchThrowableOfType(CallNotPermittedException.class, () -> embedder.embed(List.of("alpha")));

    assertThat(fast).isNotNull();
    assertThat(embedder.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void shouldNeverPrintTheApiKey() {
    assertThat(settings(8, 3).toString()).doesNotContain("sk-test-key").contains("***");
  }
}
