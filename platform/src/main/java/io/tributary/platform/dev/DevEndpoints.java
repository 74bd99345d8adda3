package io.tributary.platform.dev;

/** Where a running {@code tributary dev} listens: what an operator command needs to reach it. */
public record DevEndpoints(String kafkaBootstrapServers, String databaseUrl, String redisUrl, String apiUrl, long pid) {}
