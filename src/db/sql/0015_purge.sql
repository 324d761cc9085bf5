-- 0015_purge: the backups fangyi wrote, so that the purge at the end of the epidemic can clean
-- each copy as it cleans the database (or name the copies it could not), since a purge that
-- leaves copies behind is not one.  (The audit stays append-only for everything but the purge,
-- whose one UPDATE there clears the subjects of rows about residents: db_audit_purge_subjects.)

-- One row per `fangyi backup`: the file's absolute path, what wrote it (a SQLite file, or a
-- pg_dump archive of PostgreSQL) and when; purged_at is the last purge that cleaned it.
CREATE TABLE backup (
  id @ID@,
  path TEXT NOT NULL,
  backend TEXT NOT NULL,             -- sqlite, postgresql
  at BIGINT NOT NULL,
  purged_at BIGINT
);
