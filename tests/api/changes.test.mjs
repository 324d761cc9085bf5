// changes.test.mjs: the change feed a phone keeps its grid with (GET /api/v1/changes) and the
// stale offline edit refused as a conflict. A grid worker's first sync holds exactly the records
// of the grid (the person and household lists and their GETs, masked as there), in pages by
// cursor; an edit, a reading, a visit and a task step each come once after the cursor; a person
// moved to another grid is a tombstone for the old grid and a record for the new; a merged or
// purged person and a released key person are tombstones; a stale PATCH (If-Match) is 409 with the record as it stands,
// a fresh one and one without If-Match pass; the roles without the registry are refused, and
// the sync is audited without a resident's data.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AREA, ID_MASK, PHONE_MASK, assertError, idNumber, pageAll, phone, setupTown, today, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const C = '/api/v1/changes';
const tok = {};
const u = {};
let cursor1; // grid 1's cursor after its first sync
let cursor2; // grid 2's
const mine = {}; // records made by this file

async function api(token, method, p, body, expect, headers) {
  const r = await ctx.api(method, p, { token, body, headers });
  if (expect !== undefined) assert.equal(r.status, expect, `${method} ${p} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

// sync(token, after, limit) → {items, next, pages}: every page after the cursor
async function sync(token, after = 0, limit = 50) {
  const items = [];
  let next = after;
  let pages = 0;
  for (;;) {
    const r = await api(token, 'GET', `${C}?after=${next}&limit=${limit}`, undefined, 200);
    assert.ok(Array.isArray(r.json.items), r.text);
    assert.equal(typeof r.json.more, 'boolean');
    assert.ok(r.json.next_after >= next, 'the cursor never goes back');
    for (const it of r.json.items) assert.ok(it.seq > next && it.seq <= r.json.next_after, `seq ${it.seq} inside the page (${next}, ${r.json.next_after}]`);
    items.push(...r.json.items);
    next = r.json.next_after;
    pages++;
    if (!r.json.more) break;
    assert.ok(pages < 1000, 'runaway paging');
  }
  for (let i = 1; i < items.length; i++) assert.ok(items[i].seq > items[i - 1].seq, 'oldest first');
  return { items, next, pages };
}

const live = (items, kind) => items.filter((i) => i.kind === kind && !i.gone);
const of = (items, kind, id) => items.filter((i) => i.kind === kind && i.id === id);

async function mkPerson(area, extra = {}) {
  const r = await api(tok.admin, 'POST', '/api/v1/persons', { name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: area, ...extra }, 201);
  return r.json;
}

t('set up: a grid worker of each of two grids of 云龙村, a checkpoint and a viewer', async () => {
  tok.admin = await ctx.login(ctx.admin);
  u.grid1 = await ctx.user('grid', AREA.yunlong1);
  u.grid2 = await ctx.user('grid', AREA.yunlong2);
  u.doctor = await ctx.user('doctor', AREA.yunlong);
  u.checkpoint = await ctx.user('checkpoint', AREA.yunlong);
  u.viewer = await ctx.user('viewer', AREA.town);
  u.auditor = await ctx.user('auditor', AREA.town);
  for (const k of Object.keys(u)) tok[k] = await ctx.login(u[k]);
  // a household with two people in grid 1, so the grid holds every kind
  const h = await api(tok.admin, 'POST', '/api/v1/households', { address: `云龙路${randomBytes(3).toString('hex')}号`, area_code: AREA.yunlong1 }, 201);
  mine.household = h.json;
  mine.a = await mkPerson(AREA.yunlong1, { household_id: h.json.id, relation: '户主' });
  mine.b = await mkPerson(AREA.yunlong1, { household_id: h.json.id, relation: '配偶' });
  mine.c = await mkPerson(AREA.yunlong1);
  mine.d = await mkPerson(AREA.yunlong1);
});

t('the roles without the registry are refused; bad cursors and page sizes name the field', async () => {
  assertError(await ctx.api('GET', `${C}?after=0`), 401, 'unauthenticated');
  assertError(await api(tok.checkpoint, 'GET', `${C}?after=0`), 403, 'forbidden');
  assertError(await api(tok.viewer, 'GET', `${C}?after=0`), 403, 'forbidden');
  assertError(await api(tok.grid1, 'GET', `${C}?after=-1`), 422, 'invalid', 'after');
  assertError(await api(tok.grid1, 'GET', `${C}?after=abc`), 422, 'invalid', 'after');
  assertError(await api(tok.grid1, 'GET', `${C}?after=0&limit=0`), 422, 'invalid', 'limit');
  assertError(await api(tok.grid1, 'GET', `${C}?after=0&limit=501`), 422, 'invalid', 'limit');
});

t("a grid worker's first sync holds exactly the grid's records, as their GETs give them, in pages", async () => {
  const { items, next, pages } = await sync(tok.grid1, 0, 20);
  assert.ok(pages > 1, `paged by the cursor (${items.length} items in ${pages} pages)`);
  cursor1 = next;
  // one item per record: the table keeps a record's latest change only
  const keys = items.map((i) => `${i.kind}:${i.id}`);
  assert.equal(new Set(keys).size, keys.length, 'no record twice in a first sync');
  assert.equal(items.filter((i) => i.gone).length, 0, 'no tombstone in the first sync of a fresh grid');

  const persons = await pageAll(ctx, tok.grid1, '/api/v1/persons');
  assert.deepEqual(live(items, 'person').map((i) => i.id).sort((a, b) => a - b), persons.map((p) => p.id).sort((a, b) => a - b),
    'the persons of the sync are the person list of the grid');
  const households = await pageAll(ctx, tok.grid1, '/api/v1/households');
  assert.deepEqual(live(items, 'household').map((i) => i.id).sort((a, b) => a - b), households.map((h) => h.id).sort((a, b) => a - b),
    'the households of the sync are the household list of the grid');
  for (const it of items) assert.ok(it.record.area_code.startsWith(AREA.yunlong1), `${it.kind} ${it.id} lies in the grid`);

  // each as its GET gives it: masked the same, no birth date
  const a = of(items, 'person', mine.a.id)[0];
  const g = await api(tok.grid1, 'GET', `/api/v1/persons/${mine.a.id}`, undefined, 200);
  assert.deepEqual(a.record, g.json);
  assert.equal(g.headers.get('etag'), `"${a.seq}"`, "the GET's ETag is the feed's seq");
  const h = of(items, 'household', mine.household.id)[0];
  assert.deepEqual(h.record, (await api(tok.grid1, 'GET', `/api/v1/households/${mine.household.id}`, undefined, 200)).json);
  for (const p of live(items, 'person')) {
    if (p.record.id_number !== null) assert.match(p.record.id_number, ID_MASK);
    if (p.record.phone !== null) assert.match(p.record.phone, PHONE_MASK);
    assert.ok(!('birth_date' in p.record), 'no birth date');
  }

  // another grid's worker does not get this grid's records
  const other = await sync(tok.grid2, 0, 500);
  cursor2 = other.next;
  assert.equal(of(other.items, 'person', mine.a.id).length, 0, "grid 2 does not get grid 1's people");
  assert.ok(other.items.every((i) => i.record.area_code.startsWith(AREA.yunlong2)));

  // nothing changed: an empty page that keeps the cursor
  const again = await api(tok.grid1, 'GET', `${C}?after=${cursor1}`, undefined, 200);
  assert.deepEqual(again.json, { items: [], next_after: cursor1, more: false });
});

t('an edit, a reading, a visit and a task step each come once after the cursor', async () => {
  // an edit
  await api(tok.grid1, 'PATCH', `/api/v1/persons/${mine.c.id}`, { notes: '已电话联系' }, 200);
  let s = await sync(tok.grid1, cursor1);
  assert.deepEqual(s.items.map((i) => `${i.kind}:${i.id}`), [`person:${mine.c.id}`], 'the edited person, once');
  assert.equal(s.items[0].record.notes, '已电话联系');
  cursor1 = s.next;

  // a key person, then a reading of theirs
  const kp = await api(tok.admin, 'POST', '/api/v1/key-persons', {
    person_id: mine.d.id, reason: 'high_risk_area', from_place: '武汉', left_on: '2020-01-22', arrived_on: today(),
    transport: 'train', transport_no: 'G1234', found_by: 'sweep', kind: 'home',
  }, 201);
  mine.kp = kp.json;
  s = await sync(tok.grid1, cursor1);
  assert.ok(of(s.items, 'key_person', mine.kp.id).length === 1, `the new key person: ${JSON.stringify(s.items.map((i) => `${i.kind}:${i.id}`))}`);
  cursor1 = s.next;
  await api(tok.grid1, 'POST', `/api/v1/key-persons/${mine.kp.id}/checks`, { temperature: 36.6, method: 'visit' }, 201);
  s = await sync(tok.grid1, cursor1);
  const k = of(s.items, 'key_person', mine.kp.id);
  assert.equal(k.length, 1, `the key person once after the reading: ${JSON.stringify(s.items.map((i) => `${i.kind}:${i.id}`))}`);
  assert.deepEqual(k[0].record, (await api(tok.grid1, 'GET', `/api/v1/key-persons/${mine.kp.id}`, undefined, 200)).json);
  assert.ok(k[0].record.last_check, 'with the reading');
  cursor1 = s.next;

  // a visit of a sweep
  const camp = (await api(tok.admin, 'POST', '/api/v1/sweeps', {
    name: '返乡人员排查', scope: [AREA.yunlong1], starts_on: today(), ends_on: today(),
    questions: [{ key: 'leaflet', text: '是否已发放宣传单', kind: 'yesno' }],
  }, 201)).json;
  const v = await api(tok.grid1, 'POST', `/api/v1/sweeps/${camp.id}/visits`, { household_id: mine.household.id, outcome: 'not_home' }, 201);
  s = await sync(tok.grid1, cursor1);
  const vi = of(s.items, 'visit', v.json.id);
  assert.equal(vi.length, 1, `the visit once: ${JSON.stringify(s.items.map((i) => `${i.kind}:${i.id}`))}`);
  assert.equal(vi[0].record.household_id, mine.household.id);
  assert.equal(vi[0].record.outcome, 'not_home');
  cursor1 = s.next;

  // a task of the grid worker, then its step
  const task = (await api(tok.admin, 'POST', '/api/v1/tasks', {
    title: '上门核查', area_code: AREA.yunlong1, owner_id: (await api(tok.grid1, 'GET', '/api/v1/session', undefined, 200)).json.user.id,
    deadline: ctx.now() + 86400, priority: 'normal', source: 'meeting',
  }, 201)).json;
  s = await sync(tok.grid1, cursor1);
  assert.equal(of(s.items, 'task', task.id).length, 1, 'the new task');
  cursor1 = s.next;
  await api(tok.grid1, 'POST', `/api/v1/tasks/${task.id}/start`, {}, 200);
  s = await sync(tok.grid1, cursor1);
  const ti = of(s.items, 'task', task.id);
  assert.equal(ti.length, 1, `the task once after its step: ${JSON.stringify(s.items.map((i) => `${i.kind}:${i.id}`))}`);
  assert.equal(ti[0].record.status, 'in_progress');
  assert.deepEqual(ti[0].record, (await api(tok.grid1, 'GET', `/api/v1/tasks/${task.id}`, undefined, 200)).json);
  cursor1 = s.next;
});

t('a person moved to another grid is a tombstone for the old grid and a record for the new', async () => {
  await api(tok.admin, 'PATCH', `/api/v1/persons/${mine.c.id}`, { area_code: AREA.yunlong2 }, 200);
  const s1 = await sync(tok.grid1, cursor1);
  assert.deepEqual(of(s1.items, 'person', mine.c.id).map((i) => ({ kind: i.kind, id: i.id, gone: i.gone })),
    [{ kind: 'person', id: mine.c.id, gone: true }], 'a tombstone for grid 1');
  assert.ok(!('record' in s1.items.find((i) => i.id === mine.c.id)), 'a tombstone holds no record');
  cursor1 = s1.next;
  const s2 = await sync(tok.grid2, cursor2);
  const r = of(s2.items, 'person', mine.c.id);
  assert.equal(r.length, 1);
  assert.equal(r[0].gone, undefined);
  assert.equal(r[0].record.area_code, AREA.yunlong2);
  cursor2 = s2.next;
  // the village doctor sees both grids: the tombstone first, then the record
  const d = await sync(tok.doctor, 0, 500);
  const both = of(d.items, 'person', mine.c.id);
  assert.deepEqual(both.map((i) => !!i.gone), [true, false], 'tombstone of the old grid before the record of the new');
});

t('a merged person is a tombstone', async () => {
  await api(tok.admin, 'POST', `/api/v1/persons/${mine.b.id}/merge`, { into_id: mine.a.id, reason: '重复登记' }, 200);
  const s = await sync(tok.grid1, cursor1);
  assert.deepEqual(of(s.items, 'person', mine.b.id).map((i) => i.gone), [true]);
  cursor1 = s.next;
});

t('a stale PATCH is 409 with the record as it stands; a fresh one, and one without If-Match, pass', async () => {
  const g = await api(tok.grid1, 'GET', `/api/v1/persons/${mine.a.id}`, undefined, 200);
  const etag = g.headers.get('etag');
  assert.match(etag, /^"\d+"$/);
  // the phone edits offline on this version; meanwhile someone else edits the record
  await api(tok.admin, 'PATCH', `/api/v1/persons/${mine.a.id}`, { notes: '村委会更正' }, 200);
  const stale = await api(tok.grid1, 'PATCH', `/api/v1/persons/${mine.a.id}`, { notes: '网格员离线记录' }, undefined, { 'If-Match': etag });
  assertError(stale, 409, 'conflict', 'If-Match');
  const now = await api(tok.grid1, 'GET', `/api/v1/persons/${mine.a.id}`, undefined, 200);
  assert.deepEqual(stale.json.current, now.json, 'the record as it stands, as its GET gives it');
  assert.equal(now.json.notes, '村委会更正', 'the stale edit changed nothing');
  assert.equal(stale.headers.get('etag'), now.headers.get('etag'), 'with its current ETag');
  // resolved on the current version: passes
  const fresh = await api(tok.grid1, 'PATCH', `/api/v1/persons/${mine.a.id}`, { notes: '网格员离线记录' }, 200, { 'If-Match': now.headers.get('etag') });
  assert.equal(fresh.json.notes, '网格员离线记录');
  // the version the feed gave is the same ETag
  const s = await sync(tok.grid1, cursor1);
  const item = of(s.items, 'person', mine.a.id)[0];
  assert.equal((await api(tok.grid1, 'GET', `/api/v1/persons/${mine.a.id}`, undefined, 200)).headers.get('etag'), `"${item.seq}"`);
  cursor1 = s.next;
  // without the precondition: as before
  await api(tok.grid1, 'PATCH', `/api/v1/persons/${mine.a.id}`, { notes: '无前提' }, 200);
  assertError(await api(tok.grid1, 'PATCH', `/api/v1/persons/${mine.a.id}`, { notes: 'x' }, undefined, { 'If-Match': 'abc' }), 422, 'invalid', 'If-Match');

  // a household likewise
  const hg = await api(tok.grid1, 'GET', `/api/v1/households/${mine.household.id}`, undefined, 200);
  const hEtag = hg.headers.get('etag');
  assert.match(hEtag, /^"\d+"$/);
  await api(tok.admin, 'PATCH', `/api/v1/households/${mine.household.id}`, { notes: '已核实' }, 200);
  const hs = await api(tok.grid1, 'PATCH', `/api/v1/households/${mine.household.id}`, { notes: '离线' }, undefined, { 'If-Match': hEtag });
  assertError(hs, 409, 'conflict', 'If-Match');
  assert.equal(hs.json.current.notes, '已核实');
  assert.equal(hs.json.current.id, mine.household.id);
  const hNow = await api(tok.grid1, 'GET', `/api/v1/households/${mine.household.id}`, undefined, 200);
  await api(tok.grid1, 'PATCH', `/api/v1/households/${mine.household.id}`, { notes: '离线' }, 200, { 'If-Match': hNow.headers.get('etag') });
});

t('the sync is audited as a read of many records, without a resident in the row', async () => {
  const r = await api(tok.auditor, 'GET', '/api/v1/audit?action=sync&limit=100', undefined, 200);
  const rows = r.json.items.filter((a) => a.username === u.grid1.username);
  assert.ok(rows.length > 0, 'the grid worker\'s syncs are audited');
  for (const a of rows) {
    assert.equal(a.area_code, AREA.yunlong1);
    assert.match(a.detail, /^changes after \d+: \d+ records, \d+ gone$/);
    assert.ok(!a.detail.includes(mine.a.name));
  }
});

t('a purged person is a tombstone', async () => {
  const before = await sync(tok.grid1, cursor1);
  cursor1 = before.next;
  // --registry: the people untouched since the cut-off and not under observation
  const p = await ctx.cli('purge', '--before', today(), '--registry');
  assert.equal(p.code, 0, p.stdout + p.stderr);
  const persons = await pageAll(ctx, tok.grid1, '/api/v1/persons');
  const purged = persons.filter((x) => x.name === '已清除').map((x) => x.id);
  assert.ok(purged.length > 0, 'the purge reached people of the grid');
  const s = await sync(tok.grid1, cursor1, 500);
  const gone = s.items.filter((i) => i.kind === 'person' && i.gone).map((i) => i.id);
  assert.deepEqual(gone.sort((a, b) => a - b), purged.sort((a, b) => a - b), 'each purged person is a tombstone');
  assert.ok(!s.items.some((i) => i.kind === 'person' && !i.gone && i.record.name === '已清除'), 'and no record of them');
});

t('a key person whose observation ended is released, and a tombstone', async () => {
  // fifteen days on: the period of 14 days has ended, and the sync releases it as every
  // monitoring answer does
  await ctx.restart('SIGTERM', { clock: ctx.now() + 15 * 86400 });
  for (const k of Object.keys(u)) tok[k] = await ctx.login(u[k]);
  const s = await sync(tok.grid1, cursor1);
  assert.deepEqual(of(s.items, 'key_person', mine.kp.id).map((i) => i.gone), [true]);
  const k = await api(tok.grid1, 'GET', `/api/v1/key-persons/${mine.kp.id}`, undefined, 200);
  assert.equal(k.json.status, 'released');
  cursor1 = s.next;
});

ctx.cleanExit();
