/**
 * Single-node Kafka, PostgreSQL (with pgvector) and Redis for dev mode and tests.
 *
 * <p>{@link io.tributary.embedded.EmbeddedKafka} runs a KRaft broker inside this JVM;
 * {@link io.tributary.embedded.EmbeddedPostgres} and {@link io.tributary.embedded.EmbeddedRedis}
 * run the machine's own binaries as child processes that cannot outlive the JVM.
 * {@link io.tributary.embedded.EmbeddedServices} composes the three for dev mode and defers to
 * external services named by {@code KAFKA_BOOTSTRAP_SERVERS}, {@code DATABASE_URL} and
 * {@code REDIS_URL}. JUnit extensions for other modules' tests live in this module's test-jar,
 * package {@code io.tributary.embedded.testing}.
 */
package io.tributary.embedded;
