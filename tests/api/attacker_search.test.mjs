// attacker_search.test.mjs: what an ordinary grid worker's (or a checkpoint's) login cannot do.
// 1. rebuild a masked phone or ID number from searches: a number search matches only a whole ID
//    number, a whole phone or exactly the 4 last digits; any other part of a number is refused
//    (422 on q), on the list and the export; every number search is an audit row naming the kind
//    and the count, never the number; past 30 in 10 minutes a user is refused (429), audited.
// 2. learn whose an ID number is: one registered outside the user's area is a 409 that names no
//    record and no area, on create, edit, the resident import (API and CLI, dry run too), the
//    key-person import and a key person registered as a newcomer.
// 3. learn about a resident of another village at a checkpoint: the screening's answer (and its
//    retry, and the GET) says only that the record went to their home village, while the
//    hand-off is done as before.
// 4. read residents through tasks: a checkpoint sees only the tasks it owns and the hand-offs of
//    its post, in the list, a task's page and its steps; not the owners summary.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AREA, assertError, csv, idNumber, importCsv, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin, grid, auditor, gridUser;
let alice; // {id, idn, ph, name}

const list = (tok, q) => ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}&limit=50`, { token: tok });

t('set up: a resident of a grid, its grid worker, an auditor', async () => {
  admin = await ctx.login(ctx.admin);
  gridUser = await ctx.user('grid', AREA.yunlong1);
  grid = await ctx.login(gridUser);
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const idn = idNumber({ birth: '19800101' });
  const ph = phone();
  const name = uniqueName('皇甫');
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name, id_number: idn, phone: ph, area_code: AREA.yunlong1 } });
  assert.equal(r.status, 201, r.text);
  alice = { id: r.json.id, idn, ph, name };
});

t('a part of a number is refused, with a bilingual error naming q', async () => {
  const parts = [
    alice.ph.slice(0, 1), alice.ph.slice(0, 3), alice.ph.slice(0, 7), alice.ph.slice(0, 10),
    alice.ph.slice(-5), alice.ph.slice(-3),
    alice.idn.slice(0, 6), alice.idn.slice(0, 14), alice.idn.slice(0, 17), alice.idn.slice(-6),
    `${alice.ph.slice(0, 3)} ${alice.ph.slice(3, 5)}`, `+86 ${alice.ph.slice(0, 5)}`,
    '１３８', // full-width digits are digits too
  ];
  for (const q of parts) {
    const r = await list(grid, q);
    assertError(r, 422, 'invalid', 'q');
    assert.match(r.json.error.message, /后4位/, `q=${q}: ${r.text}`);
    assert.doesNotMatch(r.text, new RegExp(alice.name), 'the refusal names nobody');
  }
  // the export's q follows the same rule
  const e = await ctx.api('GET', `/api/v1/persons/export?q=${alice.ph.slice(0, 7)}`, { token: admin });
  assertError(e, 422, 'invalid', 'q');
});

t('a whole ID number, a whole phone (however typed) and the last 4 digits still find the person', async () => {
  const fw = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const whole = [
    alice.idn, alice.idn.toLowerCase(), `${alice.idn.slice(0, 6)} ${alice.idn.slice(6, 14)} ${alice.idn.slice(14)}`,
    alice.ph, `+86 ${alice.ph.slice(0, 3)}-${alice.ph.slice(3, 7)}-${alice.ph.slice(7)}`, `0086${alice.ph}`, fw(alice.ph),
  ];
  for (const q of whole) {
    const r = await list(grid, q);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    assert.deepEqual(r.json.items.map((p) => p.id), [alice.id], `q=${q} finds exactly the person`);
  }
  for (const q of [alice.idn.slice(-4), alice.ph.slice(-4)]) {
    const r = await list(grid, q);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    assert.ok(r.json.items.some((p) => p.id === alice.id), `last 4 ${q} find the person`);
    for (const p of r.json.items)
      assert.ok(p.id_number?.endsWith(q) || p.phone?.endsWith(q), `${q} matches only the last 4 digits`);
  }
  // a name search is as before
  const n = await list(grid, alice.name);
  assert.deepEqual(n.json.items.map((p) => p.id), [alice.id]);
});

t('every number search is audited: who, what kind, how many; never the number nor its hash', async () => {
  const r = await ctx.api('GET', `/api/v1/audit?action=search&username=${gridUser.username}&limit=100`, { token: auditor });
  assert.equal(r.status, 200, r.text);
  const rows = r.json.items;
  assert.equal(rows.length, 9, `the 7 whole numbers and 2 last-4 searches: ${r.text}`);
  const kinds = rows.map((a) => a.detail.match(/by (\w+)/)[1]).sort();
  assert.deepEqual(kinds, ['id', 'id', 'id', 'last4', 'last4', 'phone', 'phone', 'phone', 'phone']);
  for (const a of rows) {
    assert.match(a.detail, /: 1 matched$|: \d+ matched$/);
    assert.equal(a.username, gridUser.username);
    for (const secret of [alice.idn, alice.ph, alice.idn.slice(-4), alice.ph.slice(-4), alice.ph.slice(3, 7)])
      assert.ok(!a.detail.includes(secret), `the audit row holds no number: ${a.detail}`);
    assert.doesNotMatch(a.detail, /[0-9a-f]{16,}/, 'nor a hash of it');
  }
  // the refused partial searches and the name search wrote no search row
  const all = await ctx.api('GET', `/api/v1/audit?username=${gridUser.username}&limit=200`, { token: auditor });
  assert.ok(!all.text.includes(alice.ph) && !all.text.includes(alice.idn), 'no number in any audit row of the user');
});

t('past 30 number searches in 10 minutes a user is refused with 429, and the auditor finds it', async () => {
  const u = await ctx.user('grid', AREA.yunlong1);
  const tok = await ctx.login(u);
  for (let i = 0; i < 30; i++) {
    const r = await list(tok, String(1000 + i));
    assert.equal(r.status, 200, `search ${i + 1}: ${r.text}`);
  }
  const r = await list(tok, alice.ph);
  assertError(r, 429, 'throttled', 'q');
  assert.match(r.json.error.message, /号码查询/);
  assert.match(r.json.error.message_en, /searches by number/);
  // a name search still works; another user is not held up
  assert.equal((await list(tok, alice.name)).status, 200);
  assert.equal((await list(grid, alice.ph)).status, 200);
  const a = await ctx.api('GET', `/api/v1/audit?action=search_throttled&username=${u.username}`, { token: auditor });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.items.length, 1, a.text);
  assert.ok(!a.json.items[0].detail.includes(alice.ph));
  // and so on the export
  const e = await ctx.api('GET', `/api/v1/persons/export?q=${alice.ph}`, { token: tok });
  assert.equal(e.status, 403, 'a grid worker has no export at all');
});

const ELSEWHERE = '该身份证号已在别处登记，请联系指挥部';

// the answer says the number is taken, and nothing of whose it is or where they live
function namesNothing(text, other) {
  assert.ok(text.includes(ELSEWHERE) || text.includes('already registered elsewhere'), text);
  assert.ok(!text.includes(other.name), `the name of the record elsewhere: ${text}`);
  assert.ok(!new RegExp(`#${other.id}(?!\\d)`).test(text) && !text.includes(`"person_id":${other.id}`), `its id: ${text}`);
  for (const a of [AREA.lixin, AREA.lixin1, '立新']) assert.ok(!text.includes(a), `its area ${a}: ${text}`);
  assert.ok(!text.includes(other.idn), 'nor the number in full');
}

let bob; // a resident of 立新村, out of the 云龙村 users' area

t('an ID number registered in another village: create and edit answer 409 naming nothing', async () => {
  bob = { idn: idNumber({ birth: '19750505' }), name: uniqueName('诸葛') };
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: bob.name, id_number: bob.idn, area_code: AREA.lixin1 } });
  assert.equal(r.status, 201, r.text);
  bob.id = r.json.id;
  const c = await ctx.api('POST', '/api/v1/persons', { token: grid, body: { name: uniqueName('上官'), id_number: bob.idn, area_code: AREA.yunlong1 } });
  assertError(c, 409, 'conflict', 'id_number');
  namesNothing(c.text, bob);
  const e = await ctx.api('PATCH', `/api/v1/persons/${alice.id}`, { token: grid, body: { id_number: bob.idn } });
  assertError(e, 409, 'conflict', 'id_number');
  namesNothing(e.text, bob);
  // a key person registered as a newcomer with that number
  const k = await ctx.api('POST', '/api/v1/key-persons', {
    token: grid,
    body: { person: { name: uniqueName('欧阳'), id_number: bob.idn, area_code: AREA.yunlong1 }, reason: 'close_contact', found_by: 'sweep', kind: 'home' },
  });
  assertError(k, 409, 'conflict', 'id_number');
  namesNothing(k.text, bob);
  // inside the user's own area the duplicate they can see is still named
  const own = await ctx.api('POST', '/api/v1/persons', { token: grid, body: { name: uniqueName('上官'), id_number: alice.idn, area_code: AREA.yunlong1 } });
  assertError(own, 409, 'conflict', 'id_number');
  assert.ok(own.text.includes(`#${alice.id}`) && own.text.includes(alice.name), own.text);
});

t('the resident import (API, dry run, CLI) and the key-person import say the same of that row', async () => {
  const sec = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  const body = csv(['姓名', '身份证号', '村（社区）', '住址'], [[uniqueName('司徒'), bob.idn, '云龙村', '云龙村某组1号']]);
  for (const q of ['?dry_run=1', '']) {
    const r = await importCsv(ctx, sec, body, q);
    assert.equal(r.status, 422, r.text);
    const row = r.json.error.rows.find((x) => x.field === 'id_number');
    assert.ok(row, r.text);
    assert.equal(row.message, ELSEWHERE);
    namesNothing(r.text, bob);
  }
  const file = path.join(tmpdir(), `elsewhere-${process.pid}.csv`);
  writeFileSync(file, body);
  const cl = await ctx.cli('import', 'residents', file, '--area', AREA.yunlong, '--dry-run');
  assert.notEqual(cl.code, 0);
  namesNothing(cl.stderr, bob);
  const kp = path.join(tmpdir(), `elsewhere-kp-${process.pid}.csv`);
  writeFileSync(kp, csv(['姓名', '身份证号', '人员类型', '观察方式'], [[bob.name, bob.idn, '密切接触者', '居家观察']]));
  const k = await ctx.cli('import', 'key-persons', kp, '--area', AREA.yunlong);
  assert.notEqual(k.code, 0);
  namesNothing(k.stderr.replace(bob.name, ''), bob); // the row's own name cell is the caller's
});

let staff, post, sec;

t('a checkpoint of 云龙村 screening a resident of 立新村 is told only where the record went', async () => {
  sec = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  staff = await ctx.login(await ctx.user('checkpoint', AREA.yunlong));
  const p = await ctx.api('POST', '/api/v1/duty/posts', { token: admin, body: { name: '攻防测试卡口', area_code: AREA.yunlong, kind: 'checkpoint' } });
  assert.equal(p.status, 201, p.text);
  post = p.json;
  const body = { post_id: post.id, kind: 'pedestrian', persons: [{ temperature: 38.1, id_number: bob.idn }] };
  const key = `attacker-${Date.now()}`;
  const hidden = (ans) => {
    const h = ans.persons[0].handoff;
    assert.equal(h.kind, 'home_village', JSON.stringify(h));
    assert.equal(h.village.name, '立新村');
    assert.match(h.note, /\p{Script=Han}/u);
    assert.ok(h.note_en.length > 0);
    for (const k of ['key_person_id', 'person_id', 'existing', 'registered', 'check_id', 'task_id']) assert.equal(h[k], null, k);
    assert.ok(!JSON.stringify(ans).includes(bob.name), 'nor the name of the record');
  };
  const first = await ctx.api('POST', '/api/v1/screenings', { token: staff, body, headers: { 'Idempotency-Key': key } });
  assert.equal(first.status, 201, first.text);
  hidden(first.json);
  // the retry renders it again from the record: the same answer
  const retry = await ctx.api('POST', '/api/v1/screenings', { token: staff, body, headers: { 'Idempotency-Key': key } });
  assert.equal(retry.status, 201, retry.text);
  assert.deepEqual(retry.json, first.json);
  // a second screening: "under observation already" is not said either
  const second = await ctx.api('POST', '/api/v1/screenings', { token: staff, body: { ...body, persons: [{ temperature: 37.9, id_number: bob.idn }] } });
  assert.equal(second.status, 201, second.text);
  hidden(second.json);
  // nor afterwards, on the screening's GET
  for (const id of [first.json.id, second.json.id]) {
    const g = await ctx.api('GET', `/api/v1/screenings/${id}`, { token: staff });
    assert.equal(g.status, 200, g.text);
    hidden(g.json);
  }
  // the hand-off was done: a key person of 立新村, and the second screening a reading on it
  const full = await ctx.api('GET', `/api/v1/screenings/${first.json.id}`, { token: admin });
  const h = full.json.persons[0].handoff;
  assert.equal(h.kind, 'key_person');
  assert.equal(h.person_id, bob.id);
  const kp = await ctx.api('GET', `/api/v1/key-persons/${h.key_person_id}`, { token: admin });
  assert.equal(kp.status, 200, kp.text);
  assert.equal(kp.json.found_by, 'checkpoint');
  const h2 = (await ctx.api('GET', `/api/v1/screenings/${second.json.id}`, { token: admin })).json.persons[0].handoff;
  assert.equal(h2.existing, true);
  assert.equal(h2.key_person_id, h.key_person_id);
  assert.ok(h2.check_id, 'the reading went on the record');
  // a resident of the post's own village: the answer is as before
  const own = await ctx.api('POST', '/api/v1/screenings', { token: staff, body: { ...body, persons: [{ temperature: 38.3, id_number: alice.idn }] } });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.persons[0].handoff.kind, 'key_person');
  assert.equal(own.json.persons[0].handoff.person_id, alice.id);
});

t('a checkpoint sees only its own tasks and its post\'s hand-offs, never the village\'s other tasks', async () => {
  const secUser = (await ctx.api('GET', '/api/v1/session', { token: sec })).json.user;
  const staffUser = (await ctx.api('GET', '/api/v1/session', { token: staff })).json.user;
  const deadline = ctx.now() + 86400;
  const mk = async (body) => {
    const r = await ctx.api('POST', '/api/v1/tasks', { token: admin, body: { area_code: AREA.yunlong, deadline, priority: 'normal', source: 'manual', ...body } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const village = await mk({ title: `上门核查 ${alice.name}`, description: `${alice.name} 住云龙村某组1号`, person_id: alice.id, owner_id: secUser.id });
  const mine = await mk({ title: '卡口物资清点', owner_id: staffUser.id });
  // a passer-through at the post: a hand-off task of the post
  const pass = await ctx.api('POST', '/api/v1/screenings', { token: staff, body: { post_id: post.id, kind: 'pedestrian', persons: [{ temperature: 38.4, name: '过境旅客', from_place: '长沙' }] } });
  assert.equal(pass.status, 201, pass.text);
  const handoffTask = pass.json.persons[0].handoff.task_id;
  assert.ok(handoffTask, pass.text);

  const l = await ctx.api('GET', '/api/v1/tasks?limit=200', { token: staff });
  assert.equal(l.status, 200, l.text);
  const ids = l.json.items.map((x) => x.id);
  assert.ok(ids.includes(mine.id) && ids.includes(handoffTask), `own and the post's: ${ids}`);
  assert.ok(!ids.includes(village.id), 'not the village\'s task about a resident');
  assert.ok(!l.text.includes(alice.name), 'no resident\'s name in the list');
  assert.equal(l.json.total, l.json.items.length);
  for (const q of ['?status=open', '?overdue=1', `?owner=${secUser.id}`]) {
    const f = await ctx.api('GET', `/api/v1/tasks${q}`, { token: staff });
    assert.equal(f.status, 200, f.text);
    assert.ok(!f.json.items.some((x) => x.id === village.id), q);
  }
  // the task's page and its steps: as absent
  for (const [m, p, b] of [['GET', `/api/v1/tasks/${village.id}`], ['POST', `/api/v1/tasks/${village.id}/start`, {}], ['POST', `/api/v1/tasks/${village.id}/done`, { result: '已核查' }]]) {
    const r = await ctx.api(m, p, { token: staff, body: b });
    assertError(r, 404, 'not_found');
    assert.ok(!r.text.includes(alice.name), r.text);
  }
  assert.equal((await ctx.api('GET', `/api/v1/tasks/${handoffTask}`, { token: staff })).status, 200);
  assert.equal((await ctx.api('GET', `/api/v1/tasks/${mine.id}`, { token: staff })).status, 200);
  // the owners summary is the command post's
  const o = await ctx.api('GET', '/api/v1/tasks/owners', { token: staff });
  assertError(o, 403, 'forbidden');
  // the secretary still sees the village's task
  assert.equal((await ctx.api('GET', `/api/v1/tasks/${village.id}`, { token: sec })).status, 200);
});

ctx.cleanExit();
