-- Which label snapshot took part in each decision (ADR 0029), so an operator can see through the
-- API which labels made a route. Turns of a conversation are read from agents.routes, so
-- agents.conversations needs nothing. Rows projected before this version routed without labels:
-- the defaults say so.

ALTER TABLE agents.routes
    ADD COLUMN label_snapshot text    NOT NULL DEFAULT '',
    ADD COLUMN label_examples integer NOT NULL DEFAULT 0;
