package io.tributary.projections.status;

/**
 * How far a projection is in one partition.
 *
 * @param storedOffset the next offset stored in Postgres; 0 before the first batch
 * @param endOffset the partition's log end (last stable offset)
 * @param lag records between them
 */
public record PartitionProgress(int partition, long storedOffset, long endOffset, long lag) {}
