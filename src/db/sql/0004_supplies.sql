-- 0004_supplies: items, stores, donations and the append-only ledger of every movement.

CREATE TABLE item (
  id @ID@,
  key TEXT @C@ NOT NULL UNIQUE,      -- mask_surgical, disinfectant, cash ...
  name TEXT NOT NULL,
  unit TEXT NOT NULL,                -- the base unit: 只, 瓶, 升, 分 (fen, for cash)
  pack_name TEXT NOT NULL DEFAULT '',
  pack_size INTEGER NOT NULL DEFAULT 1,
  low_stock BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE store (
  id @ID@,
  name TEXT NOT NULL,
  area_code TEXT @C@ NOT NULL,
  kind TEXT NOT NULL                 -- town, village, checkpoint
);

CREATE TABLE donation (
  id @ID@,
  receipt_no TEXT @C@ NOT NULL UNIQUE,
  donor_name TEXT NOT NULL,
  donor_kind TEXT NOT NULL,          -- person, company, organisation
  donor_contact TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL DEFAULT 0,
  donated_on TEXT NOT NULL,
  store_id BIGINT NOT NULL REFERENCES store(id),
  designated_area_code TEXT @C@,
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);

-- Append-only: fangyi never updates or deletes an entry.  quantity is signed.
CREATE TABLE ledger (
  id @ID@,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,                -- received, transfer_out, transfer_in, issue, write_off, reverse
  store_id BIGINT NOT NULL REFERENCES store(id),
  item_id BIGINT NOT NULL REFERENCES item(id),
  quantity BIGINT NOT NULL,
  donation_id BIGINT REFERENCES donation(id),
  to_text TEXT NOT NULL DEFAULT '',
  to_area_code TEXT @C@ NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  reverses BIGINT REFERENCES ledger(id),
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_store ON ledger(store_id, item_id, id);
CREATE INDEX ledger_at ON ledger(at);
CREATE UNIQUE INDEX ledger_reverses ON ledger(reverses);

-- Maintained with every entry; the CHECK is the last line of defence against overdrawing.
CREATE TABLE stock (
  store_id BIGINT NOT NULL REFERENCES store(id),
  item_id BIGINT NOT NULL REFERENCES item(id),
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (store_id, item_id)
);

INSERT INTO item (key, name, unit, pack_name, pack_size, low_stock) VALUES
  ('mask_surgical', '医用外科口罩', '只', '盒', 50, 500),
  ('mask_kn95', 'KN95/N95口罩', '只', '盒', 20, 100),
  ('disinfectant', '消毒液', '瓶', '箱', 20, 40),
  ('alcohol', '医用酒精', '瓶', '箱', 20, 40),
  ('thermometer', '体温计', '支', '盒', 10, 10),
  ('protective_suit', '防护服', '套', '箱', 10, 10),
  ('gloves', '手套', '副', '盒', 100, 100),
  ('decoction', '预防汤药', '袋', '箱', 50, 0),
  ('cash', '现金', '分', '', 1, 0);
