-- Generations of the rag read model (ADR 7): each generation lives in its own schema rag_g<N>;
-- rag.documents and rag.chunks become views over the live one, swapped in one transaction, so a
-- reader only ever sees a complete generation. Projectors write to rag_g<N> tables directly.

CREATE TABLE ops.projection_generations (
    projection     text        NOT NULL,
    generation     integer     NOT NULL CHECK (generation >= 1),
    state          text        NOT NULL CHECK (state IN ('building', 'live', 'retired', 'aborted', 'dropped')),
    -- What the build replays: 'beginning' or an ISO-8601 time.
    replay_from    text,
    records_done   bigint      NOT NULL DEFAULT 0,
    records_total  bigint      NOT NULL DEFAULT 0,
    records_per_s  double precision NOT NULL DEFAULT 0,
    phase          text,
    last_error     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    switched_at    timestamptz,
    retire_after   timestamptz,
    PRIMARY KEY (projection, generation)
);

CREATE UNIQUE INDEX projection_generations_one_live ON ops.projection_generations (projection) WHERE state = 'live';
CREATE UNIQUE INDEX projection_generations_one_building ON ops.projection_generations (projection) WHERE state = 'building';

CREATE SCHEMA rag_g1;
ALTER TABLE rag.documents SET SCHEMA rag_g1;
ALTER TABLE rag.chunks SET SCHEMA rag_g1;

CREATE VIEW rag.documents AS SELECT * FROM rag_g1.documents;
CREATE VIEW rag.chunks AS SELECT * FROM rag_g1.chunks;

INSERT INTO ops.projection_generations (projection, generation, state, replay_from, phase, switched_at)
VALUES ('rag', 1, 'live', 'beginning', 'live', now());
