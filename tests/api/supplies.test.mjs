// supplies.test.mjs: the donations and supplies ledger core: items, stores, donations with
// receipt numbers, transfers, issues that never overdraw (also when racing), write-offs,
// reversals, the ledger, permissions, and the login-free public disclosure.
import assert from 'node:assert/strict';
import { AREA, assertError, setupTown, today } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let secretary;
let grid;
let town; // the town store
let yunlong; // 云龙村's store
const list = (r) => (Array.isArray(r.json) ? r.json : r.json.items);

async function stores(token = admin) {
  const r = await ctx.api('GET', '/api/v1/stores', { token });
  assert.equal(r.status, 200, r.text);
  return list(r);
}

async function stock(storeId, item) {
  const s = (await stores()).find((x) => x.id === storeId);
  assert.ok(s, `store ${storeId} listed`);
  const line = (s.stock || []).find((x) => x.item === item);
  return line ? line.quantity : 0;
}

async function ledger(storeId) {
  const r = await ctx.api('GET', `/api/v1/ledger?store_id=${storeId}&limit=500`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return list(r);
}

function move(body, token = admin) {
  return ctx.api('POST', '/api/v1/ledger', { token, body });
}

async function donate(body, token = admin) {
  return ctx.api('POST', '/api/v1/donations', { token, body });
}

async function newStore(name, area, kind) {
  const r = await ctx.api('POST', '/api/v1/stores', { token: admin, body: { name, area_code: area, kind } });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.id, 'store has an id');
  return r.json.id;
}

t('set up: users; the seeded items are listed', async () => {
  admin = await ctx.login(ctx.admin);
  secretary = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  grid = await ctx.login(await ctx.user('grid', AREA.yunlong1));
  const r = await ctx.api('GET', '/api/v1/items', { token: admin });
  assert.equal(r.status, 200, r.text);
  const keys = list(r).map((i) => i.key);
  for (const k of ['mask_surgical', 'cash']) assert.ok(keys.includes(k), `item ${k} seeded: ${r.text}`);
  const cash = list(r).find((i) => i.key === 'cash');
  assert.equal(cash.unit, '分');
});

t('admin creates the town store and a village store for 云龙村', async () => {
  const existing = (await stores()).find((s) => s.kind === 'town' && s.area_code === AREA.town);
  town = existing ? existing.id : await newStore('鹤岭镇物资仓库', AREA.town, 'town');
  yunlong = await newStore('云龙村物资点', AREA.yunlong, 'village');
  const s = (await stores()).find((x) => x.id === yunlong);
  assert.equal(s.area_code, AREA.yunlong);
  assert.equal(s.kind, 'village');
});

t('a donation of 3000 masks designated to 云龙村 gets a receipt and raises the stock by exactly 3000', async () => {
  const before = await stock(yunlong, 'mask_surgical');
  const r = await donate({
    donor: { name: '王建存', kind: 'person' }, date: today(), store_id: yunlong,
    designated_area_code: AREA.yunlong, lines: [{ item: 'mask_surgical', quantity: 3000 }],
  });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.id);
  assert.match(r.json.receipt_no, /^JZ\d{8}\d+$/, r.text);
  assert.equal(await stock(yunlong, 'mask_surgical'), before + 3000);
  const e = (await ledger(yunlong)).filter((x) => x.kind === 'received' && x.item === 'mask_surgical');
  assert.ok(e.some((x) => x.quantity === 3000), 'a received entry of +3000');
});

t('a cash donation of 3,000,000 fen from a company', async () => {
  const before = await stock(town, 'cash');
  const r = await donate({
    donor: { name: '景宏石料公司', kind: 'company', contact: '0731-5555555' }, date: today(), store_id: town,
    lines: [{ item: 'cash', quantity: 3000000 }],
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.receipt_no, /^JZ/);
  assert.equal(await stock(town, 'cash'), before + 3000000);
});

t('a transfer of 1000 masks moves stock exactly', async () => {
  const a = await stock(yunlong, 'mask_surgical');
  const b = await stock(town, 'mask_surgical');
  const r = await move({ kind: 'transfer', store_id: yunlong, to_store_id: town, item: 'mask_surgical', quantity: 1000 });
  assert.equal(r.status, 201, r.text);
  assert.equal(await stock(yunlong, 'mask_surgical'), a - 1000);
  assert.equal(await stock(town, 'mask_surgical'), b + 1000);
});

t('an issue larger than the stock is 409 insufficient_stock with the stock, and nothing changes', async () => {
  const have = await stock(yunlong, 'mask_surgical');
  const n = (await ledger(yunlong)).length;
  const r = await move({ kind: 'issue', store_id: yunlong, item: 'mask_surgical', quantity: have + 1,
    to_area_code: AREA.yunlong, purpose: '卡点值守' });
  assertError(r, 409, 'insufficient_stock');
  assert.equal(r.json.error.available ?? r.json.available, have, r.text);
  assert.equal(await stock(yunlong, 'mask_surgical'), have);
  assert.equal((await ledger(yunlong)).length, n, 'no ledger entry');
});

t('two concurrent issues that together would overdraw: exactly one fails, every time', async () => {
  for (let round = 0; round < 6; round++) {
    const s = await newStore(`竞争测试点${round}`, AREA.lixin, 'village');
    const d = await donate({ donor: { name: '鹤岭镇商会', kind: 'organisation' }, date: today(), store_id: s,
      lines: [{ item: 'disinfectant', quantity: 100 }] });
    assert.equal(d.status, 201, d.text);
    const issue = () => move({ kind: 'issue', store_id: s, item: 'disinfectant', quantity: 60,
      to_area_code: AREA.lixin, purpose: '消杀' });
    const rs = await Promise.all([issue(), issue()]);
    const codes = rs.map((r) => r.status).sort();
    assert.deepEqual(codes, [201, 409], `round ${round}: ${rs.map((r) => r.text).join(' | ')}`);
    const lost = rs.find((r) => r.status === 409);
    assertError(lost, 409, 'insufficient_stock');
    assert.equal(await stock(s, 'disinfectant'), 40, `round ${round}`);
  }
});

t('a write-off lowers the stock', async () => {
  const have = await stock(yunlong, 'mask_surgical');
  const r = await move({ kind: 'write_off', store_id: yunlong, item: 'mask_surgical', quantity: 50, purpose: '受潮损坏' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.quantity, -50);
  assert.equal(await stock(yunlong, 'mask_surgical'), have - 50);
});

t('a reversal of an issue restores the stock; a second reversal of the same entry is refused', async () => {
  const have = await stock(yunlong, 'mask_surgical');
  const r = await move({ kind: 'issue', store_id: yunlong, item: 'mask_surgical', quantity: 200,
    to_area_code: AREA.yunlong, purpose: '入户排查' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.quantity, -200);
  assert.equal(await stock(yunlong, 'mask_surgical'), have - 200);
  const rev = await move({ kind: 'reverse', store_id: yunlong, item: 'mask_surgical', quantity: 200, reverses: r.json.id });
  assert.equal(rev.status, 201, rev.text);
  assert.equal(rev.json.reverses, r.json.id);
  assert.equal(rev.json.quantity, 200);
  assert.equal(await stock(yunlong, 'mask_surgical'), have);
  const again = await move({ kind: 'reverse', store_id: yunlong, item: 'mask_surgical', quantity: 200, reverses: r.json.id });
  assert.ok([409, 422].includes(again.status), `second reversal refused: ${again.status} ${again.text}`);
  assert.equal(await stock(yunlong, 'mask_surgical'), have);
});

t('the ledger lists every entry, signed, and sums to the stock', async () => {
  const es = await ledger(yunlong);
  // a transfer is recorded as its two sides (transfer_out here, transfer_in at the other store)
  const kinds = new Set(es.map((e) => (e.kind.startsWith('transfer') ? 'transfer' : e.kind)));
  for (const k of ['received', 'transfer', 'issue', 'write_off', 'reverse']) assert.ok(kinds.has(k), `a ${k} entry: ${JSON.stringify(es)}`);
  const out = es.find((e) => e.kind.startsWith('transfer'));
  assert.equal(out.quantity, -1000, JSON.stringify(out));
  for (const e of es) {
    assert.ok(Number.isInteger(e.quantity), JSON.stringify(e));
    if (['issue', 'write_off'].includes(e.kind)) assert.ok(e.quantity < 0, JSON.stringify(e));
    if (e.kind === 'received') assert.ok(e.quantity > 0, JSON.stringify(e));
  }
  const masks = es.filter((e) => e.item === 'mask_surgical').reduce((a, e) => a + e.quantity, 0);
  assert.equal(masks, await stock(yunlong, 'mask_surgical'));
});

t('permissions: grid 403, secretary reads but cannot write, no login 401', async () => {
  const body = { donor: { name: '某人', kind: 'person' }, date: today(), store_id: yunlong,
    lines: [{ item: 'mask_surgical', quantity: 1 }] };
  assert.ok(grid && secretary, 'tokens from the set-up (a missing one would fall back to admin)');
  assertError(await donate(body, grid), 403, 'forbidden');
  assert.equal((await ctx.api('GET', `/api/v1/ledger?store_id=${yunlong}`, { token: grid })).status, 403);
  assert.equal((await ctx.api('GET', `/api/v1/ledger?store_id=${yunlong}`, { token: secretary })).status, 200);
  assert.equal((await ctx.api('GET', '/api/v1/stores', { token: secretary })).status, 200);
  assert.equal((await donate(body, secretary)).status, 403);
  assert.equal((await move({ kind: 'issue', store_id: yunlong, item: 'mask_surgical', quantity: 1, to_text: '卡点', purpose: 'x' }, secretary)).status, 403);
  assert.equal((await donate(body, null)).status, 401);
  assert.equal((await ctx.api('GET', '/api/v1/ledger')).status, 401);
  assert.equal(await stock(yunlong, 'mask_surgical') >= 0, true);
});

t('the public page needs no login: anonymous donors hidden, totals per item, issues per village', async () => {
  const d = await donate({ donor: { name: '匿名捐赠者甲', kind: 'person' }, anonymous: true, date: today(),
    store_id: town, lines: [{ item: 'mask_surgical', quantity: 500 }] });
  assert.equal(d.status, 201, d.text);
  const i = await move({ kind: 'issue', store_id: yunlong, item: 'mask_surgical', quantity: 30,
    to_area_code: AREA.yunlong, to_text: '张某某', purpose: '居家隔离户' });
  assert.equal(i.status, 201, i.text);
  const r = await ctx.api('GET', '/api/v1/public/donations');
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.text.includes('匿名捐赠者甲'), 'the anonymous donor is never named');
  assert.ok(!r.text.includes('张某某'), 'no person names in issues');
  const donors = r.json.donations.map((x) => x.donor);
  assert.ok(donors.includes('爱心人士'), r.text);
  assert.ok(donors.includes('王建存') && donors.includes('景宏石料公司'), r.text);
  const all = await Promise.all((await stores()).map((s) => ledger(s.id)));
  const received = (item) => all.flat().filter((e) => e.kind === 'received' && e.item === item).reduce((a, e) => a + e.quantity, 0);
  const rm = r.json.received.find((x) => x.item === 'mask_surgical');
  assert.equal(rm.quantity, received('mask_surgical'));
  assert.equal(r.json.received.find((x) => x.item === 'cash').quantity, received('cash'), 'cash: every yuan received, the demo town’s and this file’s');
  const iss = r.json.issued.filter((x) => x.item === 'mask_surgical');
  assert.ok(iss.some((x) => x.to === '云龙村'), `issues aggregated per village: ${r.text}`);
  assert.equal(new Set(iss.map((x) => x.to)).size, iss.length, `one line per recipient and item: ${r.text}`);
  for (const x of r.json.issued) assert.ok(Number.isInteger(x.quantity), r.text);
});

t('bad input names the field', async () => {
  for (const q of [0, -5, 1.5]) {
    const r = await move({ kind: 'issue', store_id: yunlong, item: 'mask_surgical', quantity: q, to_text: '卡点', purpose: 'x' });
    assertError(r, 422, 'invalid', 'quantity');
    const d = await donate({ donor: { name: '某人', kind: 'person' }, date: today(), store_id: yunlong,
      lines: [{ item: 'mask_surgical', quantity: q }] });
    assert.equal(d.status, 422, d.text);
  }
  assertError(await move({ kind: 'issue', store_id: yunlong, item: 'no_such_item', quantity: 1, to_text: '卡点', purpose: 'x' }),
    422, 'invalid', 'item');
});

ctx.cleanExit();
