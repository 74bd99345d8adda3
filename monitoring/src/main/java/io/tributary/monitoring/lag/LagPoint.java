package io.tributary.monitoring.lag;

import java.time.Instant;

/** One observation of a lag series: when, the committed offset (or sum), the lag in offsets and in seconds. */
public record LagPoint(Instant at, long committed, long lagOffsets, double lagSeconds) {}
