-- 0017_audit_chain: the audit log chained by hashes, so that a changed, deleted, inserted or
-- moved row is found (fangyi audit verify), and the serial that leads from an export to its row.
--
-- hash          BLAKE2b-256 (hex) of the row's columns and the previous row's hash, in the
--               encoding of src/domain/auditchain.c
-- seq           the row's place in the chain, 1, 2, 3 ... in the order rows were chained
--               (on PostgreSQL ids are taken before commit and are not committed in order)
-- subject_hash  BLAKE2b-256 of object_id and detail ("to whom"): the chain covers it instead
--               of them, so the purge can blank the two and the chain still holds
-- subject_purged 1 when the purge blanked object_id and detail; the verifier then trusts
--               subject_hash
-- serial        an export's serial (EX-...), printed on the exported file
-- The rows already here are sealed in order by db.c right after this script (a C step: the
-- hash is computed by libsodium, not by SQL).
ALTER TABLE audit ADD COLUMN seq BIGINT;
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN subject_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN subject_purged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN serial TEXT @C@;
CREATE UNIQUE INDEX audit_seq ON audit(seq);
CREATE UNIQUE INDEX audit_serial ON audit(serial) WHERE serial IS NOT NULL;

-- The head of the chain: one row, taken with UPDATE ... RETURNING by every insert, which holds
-- its lock until the transaction ends, so on PostgreSQL two transactions never chain onto the
-- same row.  last_id gives each new row its id (the hash covers the id, so it is known before
-- the INSERT); seq and hash are those of the last row chained ('' before the first).
CREATE TABLE audit_head (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  seq BIGINT NOT NULL,
  last_id BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (one, seq, last_id, hash)
  VALUES (1, 0, COALESCE((SELECT MAX(id) FROM audit), 0), '');
