-- Bookkeeping of the documents API (issue 5): what was accepted, what failed, and idempotency keys.

-- The latest submission the API accepted per document, so a document can be reported "pending"
-- between its acceptance on docs.submitted.v1 and its projection into rag.documents. content_hash
-- is the pipeline's hash of that submission: when rag.documents holds the same hash it is indexed.
CREATE TABLE ops.document_submissions (
    document_id  text        PRIMARY KEY,
    tenant       text        NOT NULL,
    content_hash text        NOT NULL,
    submitted_at timestamptz NOT NULL,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    log_offset   bigint      NOT NULL
);

-- The latest dead letter per document id, projected from docs.submitted.v1.dlq.v1 by the
-- "document-failures" projection. tenant is read from the original bytes when they are JSON,
-- NULL when they are not (such a failure is shown only to the tenant that submitted the id).
CREATE TABLE ops.document_failures (
    document_id      text        PRIMARY KEY,
    tenant           text,
    code             text        NOT NULL,
    message          text        NOT NULL,
    origin_partition integer,
    origin_offset    bigint,
    failed_at        timestamptz NOT NULL
);

-- Idempotency-Key of POST /api/v1/documents, per tenant; rows older than the TTL are ignored and
-- replaced when the key is used again.
CREATE TABLE ops.idempotency_keys (
    tenant          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    document_id     text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, idempotency_key)
);

-- Cursor pagination of GET /api/v1/documents walks (tenant, document_id). rag.documents is a view
-- over the live generation (V3); later generations copy the live one's indexes.
CREATE INDEX documents_tenant_id_idx ON rag_g1.documents (tenant, document_id);
