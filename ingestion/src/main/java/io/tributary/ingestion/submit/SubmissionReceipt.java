package io.tributary.ingestion.submit;

/** Where the broker stored a submitted document or deletion. */
public record SubmissionReceipt(String documentId, String topic, int partition, long offset) {}
