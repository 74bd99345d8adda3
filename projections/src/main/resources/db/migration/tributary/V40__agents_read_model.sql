-- Read model of agents.routed.v1 (issue 6): every routing decision and one row per conversation.
-- Privacy: message text is never stored; a decision carries at most a 100-character preview.

CREATE SCHEMA IF NOT EXISTS agents;

-- One row per routed message. seq orders the rows for cursor pagination (newest first).
CREATE TABLE agents.routes (
    seq                  bigserial        PRIMARY KEY,
    tenant               text             NOT NULL,
    conversation_id      text             NOT NULL,
    message_id           text             NOT NULL,
    user_id              text             NOT NULL,
    agent                text             NOT NULL,
    confidence           double precision NOT NULL,
    runner_up            text             NOT NULL,
    runner_up_confidence double precision NOT NULL,
    margin               double precision NOT NULL,
    reason               text             NOT NULL,
    topic                text             NOT NULL,
    catalogue_version    text             NOT NULL,
    model                text             NOT NULL,
    preview              varchar(100)     NOT NULL,
    sent_at              timestamptz,
    routed_at            timestamptz      NOT NULL,
    -- A redelivered decision (same message) changes nothing.
    UNIQUE (tenant, conversation_id, message_id)
);

CREATE INDEX routes_tenant_seq_idx ON agents.routes (tenant, seq DESC);
CREATE INDEX routes_tenant_agent_seq_idx ON agents.routes (tenant, agent, seq DESC);

-- The latest state of each conversation.
CREATE TABLE agents.conversations (
    tenant          text        NOT NULL,
    conversation_id text        NOT NULL,
    user_id         text        NOT NULL,
    last_agent      text        NOT NULL,
    last_message_id text        NOT NULL,
    message_count   integer     NOT NULL CHECK (message_count >= 1),
    started_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant, conversation_id)
);
