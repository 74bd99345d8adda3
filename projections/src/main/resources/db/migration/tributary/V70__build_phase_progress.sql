-- Honest replay progress (ADR 0018): each phase of a build (loading, indexing, catching-up,
-- switching) reports its own count, unit, rate and ETA, and why the build waits when it does.
ALTER TABLE ops.projection_generations
    ADD COLUMN phase_done  bigint NOT NULL DEFAULT 0,
    ADD COLUMN phase_total bigint NOT NULL DEFAULT 0,
    ADD COLUMN phase_unit  text,
    ADD COLUMN phase_eta_s bigint,
    ADD COLUMN waiting_for text;
