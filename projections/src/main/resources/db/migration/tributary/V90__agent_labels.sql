-- Read model of agents.labels.v1 (issue 18): the right agent for a message, per tenant.
-- Privacy: the label's message text is never stored here; the log keeps it for the router.

CREATE TABLE agents.labels (
    tenant      text        NOT NULL,
    message_id  text        NOT NULL,
    agent       text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('operator', 'import')),
    labelled_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, message_id)
);

CREATE INDEX labels_tenant_agent_idx ON agents.labels (tenant, agent);

-- A label names a message, not a conversation: find a message's latest decision without one.
CREATE INDEX routes_tenant_message_idx ON agents.routes (tenant, message_id, routed_at DESC);
