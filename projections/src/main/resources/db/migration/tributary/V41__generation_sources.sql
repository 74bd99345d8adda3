-- Rolls (ADR 0009): a generation records the topic it follows and the embedding profile that
-- produced that topic. NULL source_topic: the projection's own topic (docs.embedded.v1 for rag);
-- NULL embedding_profile: the pipeline deployed before any roll.
ALTER TABLE ops.projection_generations ADD COLUMN source_topic text;
ALTER TABLE ops.projection_generations ADD COLUMN embedding_profile jsonb;
