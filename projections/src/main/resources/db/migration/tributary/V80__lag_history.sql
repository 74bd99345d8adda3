-- Lag samples of the cluster (consumer groups and partitions, no tenant data), written by the API
-- replica that leads the lag collector, so the trend and stall windows and the dashboard's
-- history survive a restart of the API. Pruned by the writer to the configured history length.

CREATE TABLE ops.lag_samples (
    sampled_at  timestamptz PRIMARY KEY,
    snapshot    jsonb       NOT NULL
);
