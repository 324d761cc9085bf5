-- 0006_supply_stock: low-stock thresholds per store, English words of items, who handled a
-- cash payment, and the daily movement aggregate behind the figures and days of stock left.

ALTER TABLE item ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE item ADD COLUMN unit_en TEXT NOT NULL DEFAULT '';
ALTER TABLE item ADD COLUMN pack_name_en TEXT NOT NULL DEFAULT '';
UPDATE item SET name_en = 'surgical masks', unit_en = 'pieces', pack_name_en = 'boxes' WHERE key = 'mask_surgical';
UPDATE item SET name_en = 'KN95/N95 masks', unit_en = 'pieces', pack_name_en = 'boxes' WHERE key = 'mask_kn95';
UPDATE item SET name_en = 'disinfectant', unit_en = 'bottles', pack_name_en = 'boxes' WHERE key = 'disinfectant';
UPDATE item SET name_en = 'medical alcohol', unit_en = 'bottles', pack_name_en = 'boxes' WHERE key = 'alcohol';
UPDATE item SET name_en = 'thermometers', unit_en = 'pieces', pack_name_en = 'boxes' WHERE key = 'thermometer';
UPDATE item SET name_en = 'protective suits', unit_en = 'sets', pack_name_en = 'boxes' WHERE key = 'protective_suit';
UPDATE item SET name_en = 'gloves', unit_en = 'pairs', pack_name_en = 'boxes' WHERE key = 'gloves';
UPDATE item SET name_en = 'herbal prevention decoction', unit_en = 'bags', pack_name_en = 'boxes' WHERE key = 'decoction';
UPDATE item SET name_en = 'cash', unit_en = 'fen' WHERE key = 'cash';

-- A store's own threshold for an item; NULL falls back to item.low_stock.  Setting one for an
-- item the store never held creates its stock row at zero.
ALTER TABLE stock ADD COLUMN low_stock BIGINT;

-- Cash spending names who paid (经办人) as well as who approved it.
ALTER TABLE ledger ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';

-- One row per store, item and town-local day (day: the Unix second the day began), moved in the
-- same transaction as every ledger entry.  received, issued and written_off are positive and
-- net of reversals, which count on the day of the entry they reverse; net is the signed sum of
-- the day's entries (reversals on their own day), so the stock at the end of a past day is the
-- stock now minus the net of the days after it.
CREATE TABLE stock_day (
  store_id BIGINT NOT NULL REFERENCES store(id),
  item_id BIGINT NOT NULL REFERENCES item(id),
  day BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  issued BIGINT NOT NULL DEFAULT 0,
  written_off BIGINT NOT NULL DEFAULT 0,
  net BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, item_id, day)
);
CREATE INDEX stock_day_day ON stock_day(day);

-- The entries written before this migration, with the town's default zone (UTC+8, no DST).
INSERT INTO stock_day (store_id, item_id, day, received, issued, written_off, net)
SELECT store_id, item_id, day, SUM(rc), SUM(iss), SUM(wo), SUM(net) FROM (
  SELECT l.store_id, l.item_id, (l.at + 28800) / 86400 * 86400 - 28800 AS day,
         CASE WHEN l.kind = 'received' THEN l.quantity ELSE 0 END AS rc,
         CASE WHEN l.kind = 'issue' THEN -l.quantity ELSE 0 END AS iss,
         CASE WHEN l.kind = 'write_off' THEN -l.quantity ELSE 0 END AS wo,
         l.quantity AS net
  FROM ledger l
  UNION ALL
  SELECT r.store_id, r.item_id, (o.at + 28800) / 86400 * 86400 - 28800,
         CASE WHEN o.kind = 'received' THEN r.quantity ELSE 0 END,
         CASE WHEN o.kind = 'issue' THEN -r.quantity ELSE 0 END,
         CASE WHEN o.kind = 'write_off' THEN -r.quantity ELSE 0 END,
         0
  FROM ledger r JOIN ledger o ON o.id = r.reverses
) x GROUP BY store_id, item_id, day;

-- What was issued per village (the first 12 digits of the receiving area; '' when the issue
-- named only a post or a note), net of reversals: the public page's "issued to" table, moved in
-- the ledger's transaction like stock_day.
CREATE TABLE issue_area (
  area_code TEXT @C@ NOT NULL,
  item_id BIGINT NOT NULL REFERENCES item(id),
  quantity BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (area_code, item_id)
);
INSERT INTO issue_area (area_code, item_id, quantity)
SELECT SUBSTR(l.to_area_code, 1, 12), l.item_id, -SUM(l.quantity) FROM ledger l
WHERE l.kind = 'issue' OR (l.kind = 'reverse' AND l.reverses IN (SELECT id FROM ledger WHERE kind = 'issue'))
GROUP BY SUBSTR(l.to_area_code, 1, 12), l.item_id;

CREATE INDEX donation_store ON donation(store_id, id);
CREATE INDEX ledger_donation ON ledger(donation_id);
