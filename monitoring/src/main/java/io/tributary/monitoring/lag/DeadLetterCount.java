package io.tributary.monitoring.lag;

/** A dead-letter topic ({@code *.dlq.v1}) and the records it holds: end offsets summed, log start subtracted. */
public record DeadLetterCount(String topic, long endOffset, long records) {}
