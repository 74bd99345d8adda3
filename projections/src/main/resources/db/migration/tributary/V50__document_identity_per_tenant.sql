-- A document is its tenant and its id (ADR 16): two tenants may use the same id, and no write of
-- one can reach the row of the other. Every generation of the rag read model (live, building and
-- retired ones alike) gets (tenant, document_id) keys; rows keep their tenant, so no data moves.

DO $$
DECLARE
    generation text;
    constraint_name text;
BEGIN
    FOR generation IN
        SELECT n.nspname FROM pg_namespace n
        JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = 'documents' AND t.relkind = 'r'
        WHERE n.nspname ~ '^rag_g[0-9]+$'
    LOOP
        -- The chunks' foreign key first: it depends on the documents' primary key.
        FOR constraint_name IN
            SELECT c.conname FROM pg_constraint c
            WHERE c.conrelid = format('%I.chunks', generation)::regclass AND c.contype IN ('f', 'p')
        LOOP
            EXECUTE format('ALTER TABLE %I.chunks DROP CONSTRAINT %I', generation, constraint_name);
        END LOOP;
        FOR constraint_name IN
            SELECT c.conname FROM pg_constraint c
            WHERE c.conrelid = format('%I.documents', generation)::regclass AND c.contype = 'p'
        LOOP
            EXECUTE format('ALTER TABLE %I.documents DROP CONSTRAINT %I', generation, constraint_name);
        END LOOP;
        EXECUTE format('ALTER TABLE %I.documents ADD PRIMARY KEY (tenant, document_id)', generation);
        EXECUTE format('ALTER TABLE %I.chunks ADD PRIMARY KEY (tenant, document_id, chunk_index)', generation);
        EXECUTE format('ALTER TABLE %I.chunks ADD CONSTRAINT chunks_tenant_document_id_fkey'
            ' FOREIGN KEY (tenant, document_id) REFERENCES %I.documents (tenant, document_id) ON DELETE CASCADE',
            generation, generation);
        -- The primary key now serves the documents API's (tenant, document_id) pagination.
        EXECUTE format('DROP INDEX IF EXISTS %I.documents_tenant_id_idx', generation);
    END LOOP;
END $$;

-- The API's bookkeeping follows the same identity.
ALTER TABLE ops.document_submissions DROP CONSTRAINT document_submissions_pkey;
ALTER TABLE ops.document_submissions ADD PRIMARY KEY (tenant, document_id);

-- A failure's tenant is NULL when the dead letter's bytes name none; such rows are one per id.
ALTER TABLE ops.document_failures DROP CONSTRAINT document_failures_pkey;
CREATE UNIQUE INDEX document_failures_id_tenant_idx ON ops.document_failures (document_id, (coalesce(tenant, '')));
