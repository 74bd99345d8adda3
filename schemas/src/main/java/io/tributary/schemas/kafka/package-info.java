/**
 * Kafka client settings of a Tributary process: where they come from (a standard client
 * {@code .properties} file, {@code TRIBUTARY_KAFKA_*} variables, {@code KAFKA_BOOTSTRAP_SERVERS}),
 * the one factory every producer, consumer, admin client and Streams app is built by, how secrets
 * are hidden when settings are shown, and how a refused login is explained.
 */
package io.tributary.schemas.kafka;
