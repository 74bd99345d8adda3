-- Idempotency keys expire on a schedule (IdempotencyKeys.expire): the sweep finds old rows by age.
CREATE INDEX idempotency_keys_created_at_idx ON ops.idempotency_keys (created_at);
