-- 0014_throttle_self_code: failed logins and self-report codes counted per address in the
-- database, and self-report codes kept only as hashes.

-- Failures of a secret typed from one address, so every server of a district on one PostgreSQL
-- sees the same count.  kind says which secret: 'login' (name is the user name as typed, whether
-- or not such a user exists), 'login_addr' (every account together: one address walking the user
-- list) and 'self_report' (name is '').  failures fades with time (core/backoff.c), counted from
-- last_at; nobody from this address and name is heard before wait_until.
CREATE TABLE throttle (
  kind TEXT @C@ NOT NULL,
  name TEXT @C@ NOT NULL,
  ip TEXT @C@ NOT NULL,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  wait_until BIGINT NOT NULL,
  PRIMARY KEY (kind, name, ip)
);
CREATE INDEX throttle_last ON throttle(last_at);

-- The account-wide lock is gone: it let anyone lock the administrator out for good.  The two
-- columns stay (SQLite cannot drop them cheaply) and are no longer read or written.
UPDATE app_user SET failed_logins = 0, locked_until = 0;

-- The self-report code is now 16 characters (80 bits) and only its BLAKE2b is kept, so a copied
-- database hands out no codes.  The old 8-digit codes could be guessed and are not carried over:
-- staff issue a new code to each person still under observation (POST
-- /api/v1/key-persons/{id}/self-code).
ALTER TABLE key_person ADD COLUMN self_code_hash TEXT @C@;
CREATE UNIQUE INDEX key_person_self_code_hash ON key_person(self_code_hash);
UPDATE key_person SET self_code = NULL;
