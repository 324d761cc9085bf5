-- 0020_declaration: travellers declaring themselves on their own phones at a checkpoint
-- (扫码登记).  A poster at the post carries a QR of /declare/{token}; the traveller fills the
-- form, gets a short code, and the staff at the barrier turn the declaration into a screening.

-- The token on a post's poster: random, not the post's id, so the posts of a town cannot be
-- walked by counting.  One per post, made when its poster is first printed.
CREATE TABLE declare_post (
  post_id BIGINT PRIMARY KEY REFERENCES duty_post(id),
  token TEXT @C@ NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

-- A declaration waiting at the barrier.  It is not a screening: it counts nowhere, and it is
-- deleted a few hours after it was made (expires_at), used or not.  Only the BLAKE2b of its code
-- is kept, so a copied database hands out no codes to present.  Once a screening is made from
-- it, used_at and screening_id say so and its people are deleted: they are the screening's now.
CREATE TABLE declaration (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  code_hash TEXT @C@ NOT NULL UNIQUE,
  plate TEXT @C@ NOT NULL DEFAULT '',
  from_place TEXT NOT NULL DEFAULT '',
  to_place TEXT NOT NULL DEFAULT '',
  people INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  screening_id BIGINT REFERENCES screening(id)
);
CREATE INDEX declaration_expires ON declaration(expires_at);

-- The people of a declaration as the traveller typed them (checked and normalised).
CREATE TABLE declared_person (
  declaration_id BIGINT NOT NULL REFERENCES declaration(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  id_number TEXT @C@,
  phone TEXT @C@,
  PRIMARY KEY (declaration_id, seq)
);
