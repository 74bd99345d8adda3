-- Read model of docs.embedded.v1 (rag.*) and the offsets projectors resume from (ops.*).
-- Flyway owns every change: never edit this file once released, add V2__... instead.

-- pgvector is not a trusted extension: creating it needs a superuser (see infra/scripts/install-pgvector.sh).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE SCHEMA IF NOT EXISTS rag;
CREATE SCHEMA IF NOT EXISTS ops;

-- One row per document: the latest version projected from docs.embedded.v1.
-- The primary key is document_id alone, not (tenant, document_id): the topic is keyed by
-- document id only, so an id is unique across tenants and compaction keeps one value per id.
-- A composite key would let a later version that changes tenant leave a stale row behind.
-- Tenant stays an indexed column because every query filters on it.
CREATE TABLE rag.documents (
    document_id  text        PRIMARY KEY,
    tenant       text        NOT NULL,
    version      bigint      NOT NULL CHECK (version >= 1),
    content_hash text        NOT NULL,
    title        text        NOT NULL,
    source       text        NOT NULL,
    content_type text        NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    model        text        NOT NULL,
    dimensions   integer     NOT NULL,
    chunk_count  integer     NOT NULL,
    submitted_at timestamptz,
    embedded_at  timestamptz,
    projected_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX documents_tenant_idx ON rag.documents (tenant);

-- Chunks of the current version of each document; replaced as a set when a new version arrives.
-- tenant is copied from the document so vector and text searches filter without a join.
CREATE TABLE rag.chunks (
    document_id  text     NOT NULL REFERENCES rag.documents (document_id) ON DELETE CASCADE,
    chunk_index  integer  NOT NULL,
    tenant       text     NOT NULL,
    text         text     NOT NULL,
    heading_path text[]   NOT NULL DEFAULT '{}',
    char_start   integer  NOT NULL,
    char_end     integer  NOT NULL,
    embedding    vector(384) NOT NULL,
    tsv          tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    PRIMARY KEY (document_id, chunk_index)
);

-- Cosine distance (<=>) is what RagSearch orders by; the embeddings are L2-normalised.
CREATE INDEX chunks_embedding_hnsw_idx ON rag.chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX chunks_tsv_gin_idx ON rag.chunks USING gin (tsv);
CREATE INDEX chunks_tenant_idx ON rag.chunks (tenant);

-- Where each projector resumes: written in the same transaction as the rows it projected,
-- so Postgres, not Kafka's group offsets, is the source of truth for progress.
CREATE TABLE ops.projection_offsets (
    projection  text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, topic, partition)
);
