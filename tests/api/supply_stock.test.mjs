// supply_stock.test.mjs: what the supplies ledger adds up to, on an injected clock: days of stock
// left at the last 7 days' usage (from the daily aggregate, reversals counting on the day of the
// entry they correct), low-stock thresholds per item and per store, cash received, spent (on what,
// paid by whom, approved by whom) and its balance, donations with their lines and the printable
// receipt (捐赠收据) with the amount in capitals, the public disclosure as CSV and xlsx (no login,
// anonymous donors never named), the figures with the town's sentence, and the supplies section
// of the daily report.
import assert from 'node:assert/strict';
import { AREA, assertError, setupTown, zipEntries } from './lib.mjs';

const D1 = '2020-02-01';
const ctx = setupTown({ clock: `${D1}T09:00:00+08:00` });
const t = ctx.test;
let admin;
let store; // a 立新村 store of this file
let town; // a town store of this file
const list = (r) => r.json.items;
// a later day: restart the server on it and log in again (sessions last 12 hours)
async function at(date, time = '09:00') {
  await ctx.restart('SIGTERM', { clock: `${date}T${time}:00+08:00` });
  admin = await ctx.login(ctx.admin);
}

async function post(p, body, token = admin, headers) {
  return ctx.api('POST', p, { token, body, headers });
}

async function line(storeId, item, token = admin) {
  const r = await ctx.api('GET', '/api/v1/stores', { token });
  assert.equal(r.status, 200, r.text);
  const s = list(r).find((x) => x.id === storeId);
  assert.ok(s, `store ${storeId} listed`);
  return { store: s, line: s.stock.find((x) => x.item === item) };
}

async function figures(date, token = admin) {
  const r = await ctx.api('GET', `/api/v1/supplies/figures${date ? `?date=${date}` : ''}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const issue = (quantity, item = 'mask_surgical', extra = {}) => post('/api/v1/ledger', {
  kind: 'issue', store_id: store, item, quantity, to_area_code: AREA.lixin, purpose: '卡点值守', ...extra,
});

function sheetNames(buf) {
  const wb = zipEntries(buf).get('xl/workbook.xml');
  assert.ok(wb, 'xl/workbook.xml in the workbook');
  return [...wb.toString('utf8').matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);
}

// every text of the workbook: shared strings and inline strings of all sheets
function workbookText(buf) {
  return [...zipEntries(buf).values()].map((b) => b.toString('utf8')).join('\n');
}

t('set up: a village store and a town store, 1000 masks donated on day 1', async () => {
  admin = await ctx.login(ctx.admin);
  let r = await post('/api/v1/stores', { name: '立新村测试物资点', area_code: AREA.lixin, kind: 'village' });
  assert.equal(r.status, 201, r.text);
  store = r.json.id;
  r = await post('/api/v1/stores', { name: '镇测试物资仓库', area_code: AREA.town, kind: 'town' });
  assert.equal(r.status, 201, r.text);
  town = r.json.id;
  r = await post('/api/v1/donations', {
    donor: { name: '鹤岭镇商会', kind: 'organisation' }, date: D1, store_id: store,
    lines: [{ item: 'mask_surgical', quantity: 1000 }],
  });
  assert.equal(r.status, 201, r.text);
  const { line: l } = await line(store, 'mask_surgical');
  assert.equal(l.quantity, 1000);
  assert.equal(l.used_7d, 0);
  assert.equal(l.days_left, null, 'nothing used yet: no days-left figure');
});

t('days of stock left follow the last 7 days of issues; a reversal counts on the day it corrects', async () => {
  assert.equal((await issue(100)).status, 201); // 02-01
  await at('2020-02-02');
  assert.equal((await issue(200)).status, 201);
  await at('2020-02-03');
  const wrong = await issue(50);
  assert.equal(wrong.status, 201, wrong.text);
  await at('2020-02-04');
  const rev = await post('/api/v1/ledger', { kind: 'reverse', reverses: wrong.json.id, purpose: '数量录错' });
  assert.equal(rev.status, 201, rev.text);
  assert.equal(rev.json.reverses, wrong.json.id);
  // stock 1000-100-200-50+50 = 700; used in 01-29..02-04 = 100+200+(50-50) = 300; 700*7/300 = 16.3
  let { line: l } = await line(store, 'mask_surgical');
  assert.equal(l.quantity, 700);
  assert.equal(l.used_7d, 300);
  assert.equal(l.days_left, 16);
  // the reversed entry names its reversal in the history
  const h = await ctx.api('GET', `/api/v1/ledger?store_id=${store}`, { token: admin });
  const orig = list(h).find((e) => e.id === wrong.json.id);
  assert.equal(orig.reversed_by, rev.json.id, h.text);

  await at('2020-02-08'); // window 02-02..02-08: only the 200
  ({ line: l } = await line(store, 'mask_surgical'));
  assert.equal(l.used_7d, 200);
  assert.equal(l.days_left, Math.floor((700 * 7) / 200));
  await at('2020-02-10'); // window 02-04..02-10: nothing
  ({ line: l } = await line(store, 'mask_surgical'));
  assert.equal(l.used_7d, 0);
  assert.equal(l.days_left, null);
});

t('figures of a past day: the stock and usage as they were at its end', async () => {
  const row = (f) => f.stores.find((s) => s.id === store).stock.find((x) => x.item === 'mask_surgical');
  let f = await figures('2020-02-01');
  assert.equal(f.date, '2020-02-01');
  assert.deepEqual({ q: row(f).quantity, u: row(f).used_7d, d: row(f).days_left }, { q: 900, u: 100, d: 63 });
  f = await figures('2020-02-03');
  // on 02-03 the 50 had been issued; its reversal (02-04) came later, but it corrects 02-03's usage
  assert.deepEqual({ q: row(f).quantity, u: row(f).used_7d }, { q: 650, u: 300 });
  assertError(await ctx.api('GET', '/api/v1/supplies/figures?date=2020-13-01', { token: admin }), 422, 'invalid', 'date');
  assertError(await ctx.api('GET', '/api/v1/supplies/figures?date=2030-01-01', { token: admin }), 422, 'invalid', 'date');
});

t('low-stock thresholds: the item default, a store of its own, back to the default', async () => {
  // the seeded default of surgical masks is 500: 700 is not low
  let { line: l } = await line(store, 'mask_surgical');
  assert.equal(l.low_stock, 500);
  assert.equal(l.low, false);
  let r = await post('/api/v1/thresholds', { store_id: store, item: 'mask_surgical', low_stock: 800 });
  assert.equal(r.status, 200, r.text);
  const own = r.json.stock.find((x) => x.item === 'mask_surgical');
  assert.deepEqual({ low_stock: own.low_stock, own: own.own_threshold, low: own.low }, { low_stock: 800, own: true, low: true });
  ({ line: l } = await line(store, 'mask_surgical'));
  assert.equal(l.low, true);
  let f = await figures();
  const mine = f.low_stock.find((x) => x.store_id === store && x.item === 'mask_surgical');
  assert.ok(mine, `the command post sees the low stock: ${JSON.stringify(f.low_stock)}`);
  assert.deepEqual({ q: mine.quantity, th: mine.low_stock, store: mine.store }, { q: 700, th: 800, store: '立新村测试物资点' });
  assert.equal(f.low_stock_count, f.low_stock.length);
  const { store: s } = await line(store, 'mask_surgical');
  assert.equal(s.low_count, 1);

  // a threshold for an item the store never held: a zero row, low at once
  r = await post('/api/v1/thresholds', { store_id: store, item: 'thermometer', low_stock: 5 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.stock.find((x) => x.item === 'thermometer'), {
    item: 'thermometer', quantity: 0, low_stock: 5, own_threshold: true, low: true, used_7d: 0, days_left: 0,
  });
  // back to the item's default (null), and the item's default raised for every store
  r = await post('/api/v1/thresholds', { store_id: store, item: 'mask_surgical', low_stock: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stock.find((x) => x.item === 'mask_surgical').own_threshold, false);
  r = await post('/api/v1/thresholds', { item: 'mask_surgical', low_stock: 750 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { item: 'mask_surgical', low_stock: 750 });
  ({ line: l } = await line(store, 'mask_surgical'));
  assert.deepEqual({ th: l.low_stock, low: l.low }, { th: 750, low: true });
  f = await figures();
  assert.ok(f.low_stock.some((x) => x.store_id === store && x.item === 'mask_surgical' && x.low_stock === 750));
  r = await post('/api/v1/thresholds', { item: 'mask_surgical', low_stock: 500 });
  assert.equal(r.status, 200, r.text);
  ({ line: l } = await line(store, 'mask_surgical'));
  assert.equal(l.low, false);

  // bad input names the field; below the town only one's own stores
  assertError(await post('/api/v1/thresholds', { store_id: store, item: 'no_such', low_stock: 1 }), 422, 'invalid', 'item');
  assertError(await post('/api/v1/thresholds', { store_id: store, item: 'gloves', low_stock: -1 }), 422, 'invalid', 'low_stock');
  assertError(await post('/api/v1/thresholds', { store_id: store, item: 'gloves' }), 422, 'invalid', 'low_stock');
  assertError(await post('/api/v1/thresholds', { store_id: 999999, item: 'gloves', low_stock: 1 }), 422, 'invalid', 'store_id');
  const sec = await ctx.login(await ctx.user('secretary', AREA.lixin));
  assertError(await post('/api/v1/thresholds', { store_id: store, item: 'gloves', low_stock: 1 }, sec), 403, 'forbidden');
});

t('a threshold replayed with the same Idempotency-Key answers as the first time', async () => {
  const h = { 'Idempotency-Key': 'threshold-gloves-0001' };
  const a = await post('/api/v1/thresholds', { store_id: store, item: 'gloves', low_stock: 10 }, admin, h);
  const b = await post('/api/v1/thresholds', { store_id: store, item: 'gloves', low_stock: 10 }, admin, h);
  assert.equal(a.status, 200, a.text);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(b.json, a.json);
});

t('cash: received, spent with what on, who paid and who approved, and the balance', async () => {
  const before = (await ctx.api('GET', '/api/v1/cash', { token: admin })).json;
  let r = await post('/api/v1/donations', {
    donor: { name: '景宏石料公司', kind: 'company' }, date: '2020-02-10', store_id: town,
    lines: [{ item: 'cash', quantity: 3000000 }],
  });
  assert.equal(r.status, 201, r.text);
  const spend = { kind: 'issue', store_id: town, item: 'cash', quantity: 125050, to_text: '康星大药房',
    purpose: '购买测温枪 5 支', approved_by: '镇党委书记', handled_by: '张田田' };
  assertError(await post('/api/v1/ledger', { ...spend, handled_by: undefined }), 422, 'invalid', 'handled_by');
  assertError(await post('/api/v1/ledger', { ...spend, handled_by: '　 ' }), 422, 'invalid', 'handled_by');
  assertError(await post('/api/v1/ledger', { ...spend, approved_by: undefined }), 422, 'invalid', 'approved_by');
  assertError(await post('/api/v1/ledger', { ...spend, purpose: undefined }), 422, 'invalid', 'purpose');
  r = await post('/api/v1/ledger', spend);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(
    { q: r.json.quantity, to: r.json.to, purpose: r.json.purpose, approved: r.json.approved_by, handled: r.json.handled_by },
    { q: -125050, to: '康星大药房', purpose: '购买测温枪 5 支', approved: '镇党委书记', handled: '张田田' },
  );
  const after = (await ctx.api('GET', '/api/v1/cash', { token: admin })).json;
  assert.equal(after.received - before.received, 3000000);
  assert.equal(after.spent - before.spent, 125050);
  assert.equal(after.balance - before.balance, 3000000 - 125050);
  assert.equal(after.balance, after.stores.reduce((n, s) => n + s.balance, 0));
  assert.equal(after.stores.find((s) => s.store_id === town).balance, 3000000 - 125050);
  // spending more than the balance is refused with the balance
  const over = await post('/api/v1/ledger', { ...spend, quantity: 3000000 });
  assertError(over, 409, 'insufficient_stock');
  assert.equal(over.json.error.available, 3000000 - 125050);
  // the cash ledger lists the spending
  const h = await ctx.api('GET', `/api/v1/ledger?store_id=${town}&item=cash`, { token: admin });
  assert.ok(list(h).some((e) => e.id === r.json.id && e.handled_by === '张田田'), h.text);
});

t('a donation with its lines; the receipt: number, donor, packagings, yuan in capitals, received by, the town', async () => {
  const clerk = await ctx.user('admin', AREA.town, undefined, { displayName: '镇民政办李湘' });
  const tok = await ctx.login(clerk);
  const r = await post('/api/v1/donations', {
    donor: { name: '王建存<b>', kind: 'person', contact: '13812345678' }, date: '2020-02-10', store_id: town,
    designated_area_code: AREA.changan,
    lines: [{ item: 'mask_surgical', quantity: 3000 }, { item: 'cash', quantity: 1000530 }, { item: 'disinfectant', quantity: 45 }],
  }, tok);
  assert.equal(r.status, 201, r.text);
  const g = await ctx.api('GET', `/api/v1/donations/${r.json.id}`, { token: admin });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.receipt_no, r.json.receipt_no);
  assert.equal(g.json.donor.contact, '138****5678', 'the contact is masked');
  assert.equal(g.json.designated_name, '长安村');
  assert.equal(g.json.received_by, '镇民政办李湘');
  assert.equal(g.json.cash, 1000530);
  assert.deepEqual(g.json.lines.map((l) => [l.item, l.quantity]), [['mask_surgical', 3000], ['cash', 1000530], ['disinfectant', 45]]);
  const l = await ctx.api('GET', '/api/v1/donations?limit=5', { token: admin });
  assert.equal(l.status, 200, l.text);
  assert.equal(list(l)[0].id, r.json.id, 'newest first');
  assert.ok(l.json.total >= 3);

  const h = await ctx.api('GET', `/api/v1/donations/${r.json.id}/receipt`, { token: admin });
  assert.equal(h.status, 200, h.text);
  assert.match(h.headers.get('content-type'), /text\/html/);
  assert.ok(h.text.includes(r.json.receipt_no), 'receipt number');
  assert.ok(h.text.includes('鹤岭镇捐赠收据'), 'the town names the receipt');
  assert.ok(h.text.includes('王建存&lt;b&gt;') && !h.text.includes('王建存<b>'), 'the donor, escaped');
  assert.ok(h.text.includes('3000只（60盒）'), 'masks with their packaging');
  assert.ok(h.text.includes('45瓶（2箱余）'), 'a part box says 余');
  assert.ok(h.text.includes('壹万零伍元叁角整'), '10,005.30 yuan in capitals');
  assert.ok(h.text.includes('10,005.30'), 'and in figures');
  assert.ok(h.text.includes('长安村'), 'the designated village');
  assert.ok(h.text.includes('镇民政办李湘'), 'received by');
  assert.ok(h.text.includes('@page{size:A4'), 'printable on A4');

  // a reversed line is struck through on the receipt and leaves the public totals
  const entry = g.json.lines.find((x) => x.item === 'disinfectant').entry_id;
  const pub0 = (await ctx.api('GET', '/api/v1/public/donations')).json;
  const rev = await post('/api/v1/ledger', { kind: 'reverse', reverses: entry, purpose: '重复登记' });
  assert.equal(rev.status, 201, rev.text);
  const h2 = await ctx.api('GET', `/api/v1/donations/${r.json.id}/receipt`, { token: admin });
  assert.ok(h2.text.includes(`已冲销（台账 #${rev.json.id}）`), 'the reversal is on the receipt');
  const pub1 = (await ctx.api('GET', '/api/v1/public/donations')).json;
  const dis = (p) => (p.received.find((x) => x.item === 'disinfectant') || { quantity: 0 }).quantity;
  assert.equal(dis(pub0) - dis(pub1), 45);

  // jurisdiction: a 立新村 secretary reads supplies but not a donation to the town store
  const sec = await ctx.login(await ctx.user('secretary', AREA.lixin));
  assertError(await ctx.api('GET', `/api/v1/donations/${r.json.id}/receipt`, { token: sec }), 404, 'not_found');
  assertError(await ctx.api('GET', `/api/v1/donations/${r.json.id}`, { token: sec }), 404, 'not_found');
  const sl = await ctx.api('GET', '/api/v1/donations', { token: sec });
  assert.ok(!list(sl).some((d) => d.id === r.json.id), 'not in the secretary’s list');
  assert.equal((await ctx.api('GET', `/api/v1/donations/${r.json.id}/receipt`)).status, 401);
});

t('the public disclosure as CSV and xlsx, without login: the anonymous donor is 爱心人士', async () => {
  const d = await post('/api/v1/donations', {
    donor: { name: '不愿具名的南谷村村民', kind: 'person' }, anonymous: true, date: '2020-02-10', store_id: town,
    lines: [{ item: 'mask_kn95', quantity: 400 }],
  });
  assert.equal(d.status, 201, d.text);
  // the receipt goes to the donor: it names them, and says they are not named in public
  const rc = await ctx.api('GET', `/api/v1/donations/${d.json.id}/receipt`, { token: admin });
  assert.ok(rc.text.includes('不愿具名的南谷村村民') && rc.text.includes('公示为“爱心人士”'), rc.text);
  const iss = await post('/api/v1/ledger', { kind: 'issue', store_id: town, item: 'mask_kn95', quantity: 120,
    to_area_code: AREA.nangu, to_text: '李某某', purpose: '保洁员' });
  assert.equal(iss.status, 201, iss.text);

  const c = await fetch(`${ctx.server.base}/api/v1/public/donations/export?format=csv`);
  assert.equal(c.status, 200);
  assert.match(c.headers.get('content-type'), /text\/csv/);
  const buf = Buffer.from(await c.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for Excel');
  const text = buf.toString('utf8').slice(1);
  const rows = text.trim().split('\r\n').map((x) => x.split(','));
  assert.deepEqual(rows[0], ['类别', '日期', '捐赠人/去向', '物资', '数量', '单位']);
  assert.ok(!text.includes('不愿具名'), 'the anonymous donor is never named');
  assert.ok(!text.includes('李某某'), 'no person in the issues');
  assert.ok(rows.some((x) => x[0] === '捐赠' && x[2] === '爱心人士' && x[3] === 'KN95/N95口罩' && x[4] === '400'), text);
  assert.ok(rows.some((x) => x[0] === '捐赠' && x[2] === '景宏石料公司' && x[4] === '30000.00' && x[5] === '元'), text);
  const pub = (await ctx.api('GET', '/api/v1/public/donations')).json;
  for (const r of pub.received) {
    const row = rows.find((x) => x[0] === '累计收到' && x[3] === r.name);
    assert.ok(row, `a total row for ${r.name}`);
    assert.equal(row[4], r.item === 'cash' ? (r.quantity / 100).toFixed(2) : String(r.quantity));
  }
  const ng = rows.find((x) => x[0] === '发放' && x[2] === '南谷村' && x[3] === 'KN95/N95口罩');
  assert.ok(ng && Number(ng[4]) >= 120, text);
  assert.equal(pub.sentence.zh.startsWith('累计收到'), true, JSON.stringify(pub.sentence));

  const x = await fetch(`${ctx.server.base}/api/v1/public/donations/export?format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const xb = Buffer.from(await x.arrayBuffer());
  assert.equal(xb.subarray(0, 2).toString('latin1'), 'PK');
  assert.deepEqual(sheetNames(xb), ['捐赠明细', '物资合计', '发放去向']);
  const all = workbookText(xb);
  assert.ok(all.includes('爱心人士') && !all.includes('不愿具名') && !all.includes('李某某'), 'the workbook keeps the same privacy');
  assert.ok(all.includes(pub.sentence.zh), 'the sentence is in the workbook');
  assertError(await ctx.api('GET', '/api/v1/public/donations/export?format=pdf'), 422, 'invalid', 'format');
});

t('the figures: totals per item and cash, in stock, and the sentence computed from them', async () => {
  const f = await figures();
  const masks = f.items.filter((i) => i.item.startsWith('mask')).reduce((n, i) => n + i.received, 0);
  assert.ok(masks > 0);
  const wan = Math.floor(masks / 10000);
  const expect = masks >= 10000 ? `${wan}万${masks % 10000 ? '余' : ''}只` : null;
  if (expect) assert.ok(f.sentence.zh.includes(`爱心口罩${expect}`), `${masks} masks: ${f.sentence.zh}`);
  assert.ok(f.sentence.en.startsWith('Received to date: '), f.sentence.en);
  // in stock per item is the sum over the stores, and received - issued - written off - transfers
  for (const i of f.items) {
    const sum = f.stores.reduce((n, s) => n + ((s.stock.find((x) => x.item === i.item) || {}).quantity || 0), 0);
    assert.equal(i.in_stock, sum, i.item);
  }
  // this file's cash (the demo town's is dated at its real building time, after this clock)
  assert.deepEqual(f.cash, { received: 3000000 + 1000530, spent: 125050, balance: 3000000 + 1000530 - 125050 });
  // a district viewer sees the figures (figures.read) but not the ledger
  const viewer = await ctx.login(await ctx.user('viewer', AREA.district));
  assert.equal((await ctx.api('GET', '/api/v1/supplies/figures', { token: viewer })).status, 200);
  assertError(await ctx.api('GET', '/api/v1/cash', { token: viewer }), 403, 'forbidden');
});

t('the daily report carries the supplies section (JSON, HTML, xlsx sheet 物资)', async () => {
  const r = await ctx.api('GET', '/api/v1/reports/daily', { token: admin });
  assert.equal(r.status, 200, r.text);
  const s = r.json.supplies;
  const f = await figures();
  assert.deepEqual(s.sentence, f.sentence);
  assert.deepEqual(s.cash, f.cash);
  assert.deepEqual(s.items, f.items);
  assert.equal(s.low_stock_count, f.low_stock_count);
  const h = await ctx.api('GET', '/api/v1/reports/daily?format=html', { token: admin });
  assert.ok(h.text.includes('六、防疫物资') && h.text.includes(f.sentence.zh), 'the HTML report says it');
  const x = await fetch(`${ctx.server.base}/api/v1/reports/daily?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
  const names = sheetNames(Buffer.from(await x.arrayBuffer()));
  assert.ok(names.includes('物资'), names.join(' '));
});

ctx.cleanExit();
