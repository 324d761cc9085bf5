-- 0013_publicity_photo: photos of publicity actions (a banner at the village gate, a poster on the
-- notice board), kept in the database itself so that every server of a district sharing one
-- PostgreSQL serves them, and a backup of the database holds them.

-- How many photos an action has: the guarded UPDATE that adds one (photos < 6) is what keeps the
-- limit when two phones upload at once.
ALTER TABLE publicity ADD COLUMN photos INTEGER NOT NULL DEFAULT 0;

-- One row per photo.  A photo is never changed, only deleted.  area_code is the action's, so that
-- a photo is checked against the user's area without reading the action.
CREATE TABLE publicity_photo (
  id @ID@,
  publicity_id BIGINT NOT NULL REFERENCES publicity(id),
  area_code TEXT @C@ NOT NULL,
  content_type TEXT NOT NULL,        -- image/jpeg, image/png or image/webp, from the magic bytes
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,              -- hex of the bytes
  bytes @BLOB@ NOT NULL,
  taken_by BIGINT,                   -- the user who uploaded it
  created_at BIGINT NOT NULL
);
CREATE INDEX publicity_photo_of ON publicity_photo(publicity_id, id);
