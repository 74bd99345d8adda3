package io.tributary.projections.projector;

/**
 * A record a projection refused, as stored in {@code ops.dead_letters} and published to the
 * dead-letter topic.
 *
 * @param id row id, the handle operators resolve it by
 * @param projection the projection that refused it
 * @param record the original record
 * @param error why it was refused
 */
record DeadLetter(long id, String projection, RawRecord record, DataError error) {}
