-- Data errors of projectors: the dead-lettered record (also published to <topic>.dlq.v1) and the
-- later records of the same key parked behind it, so per-key order survives a bad record.

CREATE TABLE ops.dead_letters (
    id              bigserial   PRIMARY KEY,
    projection      text        NOT NULL,
    topic           text        NOT NULL,
    partition       integer     NOT NULL,
    "offset"        bigint      NOT NULL,
    -- Hex of the key bytes: compared with the batch's keys to park records behind an open letter.
    key_hex         text,
    key             bytea,
    value           bytea,
    error_code      text        NOT NULL,
    error_class     text        NOT NULL,
    error_message   text        NOT NULL,
    -- open: blocks its key; skipped: dropped by an operator; retried: re-applied by an operator;
    -- superseded: its generation was replaced by a rebuilt one that has its own dead letters.
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'skipped', 'retried', 'superseded')),
    failed_at       timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    -- A redelivered batch must not dead-letter the same record twice.
    UNIQUE (projection, topic, partition, "offset")
);

CREATE INDEX dead_letters_open_key_idx ON ops.dead_letters (projection, key_hex) WHERE status = 'open';

CREATE TABLE ops.parked_records (
    projection      text        NOT NULL,
    topic           text        NOT NULL,
    partition       integer     NOT NULL,
    "offset"        bigint      NOT NULL,
    key_hex         text        NOT NULL,
    key             bytea,
    value           bytea,
    record_time     timestamptz,
    parked_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, topic, partition, "offset")
);

CREATE INDEX parked_records_key_idx ON ops.parked_records (projection, key_hex, partition, "offset");
