// command.test.mjs: tip-offs, tasks and the daily dispatch report (群众举报、任务调度、调度日报) on an
// injected clock of 2020-02-03 09:00 in the town: the public tip form without login, tracking by
// code without personal data, anonymity, validation, untrusted text kept verbatim, per-address
// limits and the proof-of-work challenge, triage and who may read tips; tasks with owners and
// deadlines through their whole life, overdue after a restart two hours later, idempotent
// creation; the report as JSON, HTML and xlsx, from the API and from the CLI.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AREA, BACKEND, assertError, idNumber, leadingZeroBits, local, maskPhone, pageAll, phone, request, setupTown,
  run, solvePow, uniqueName,
  zipEntries,
} from './lib.mjs';

const TODAY = '2020-02-03';
const ctx = setupTown({ clock: `${TODAY}T09:00:00+08:00` });
const t = ctx.test;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TIP_KEYS = ['id', 'code', 'kind', 'village_code', 'area_name', 'address', 'happened', 'description', 'name',
  'phone', 'anonymous', 'status', 'triage', 'duplicate_of', 'task_id', 'public_result', 'created_at', 'handled_at'];
const TASK_KEYS = ['id', 'title', 'description', 'area_code', 'area_name', 'person_id', 'person_name', 'owner',
  'assigned_by', 'deadline', 'priority', 'source', 'source_id', 'status', 'result', 'evidence', 'overdue',
  'created_at', 'done_at', 'verified_at'];
const ROW_KEYS = ['code', 'name', 'under_observation', 'home', 'centralised', 'registered_today', 'released_today',
  'abnormal_today', 'alerts_open', 'checks_due', 'checks_overdue', 'completion_rate'];

const u = {}; // users: {username, password, id, token}
let admin; // token
const tips = {}; // tips by letter: the TIP as the admin reads it
const tasks = {}; // tasks by letter: the TASK of the creation

/* ---------- helpers ---------- */

// halfWidth(s): what the server makes of what staff type (full-width ASCII forms half-width, the
// ideographic space plain, trimmed), for fields where the contract does not promise "as typed".
const halfWidth = (s) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  .replace(/[\u3000\u00a0]/g, ' ').trim();

// Every member of the public sends from their own loopback address (the limits are per address),
// unless a test chooses one.
let addrSeq = 0;
function nextAddr() {
  addrSeq++;
  return `127.0.${10 + Math.floor(addrSeq / 200)}.${(addrSeq % 200) + 2}`;
}

function sendTip(body, from = nextAddr(), headers = undefined) {
  return request(ctx.server.base, 'POST', '/api/v1/tips', { body, from, headers });
}

// tip(body) → the tracking code of a tip that must be received
async function tip(body, from = nextAddr()) {
  const r = await sendTip(body, from);
  assert.equal(r.status, 201, `POST /api/v1/tips ${JSON.stringify(body).slice(0, 200)}: ${r.text}`);
  assert.equal(r.json.status, 'received');
  assert.equal(typeof r.json.code, 'string');
  assert.ok(r.json.code.length >= 6, `a tracking code hard to guess: ${r.json.code}`);
  return r.json.code;
}

async function track(code) {
  const r = await request(ctx.server.base, 'GET', `/api/v1/tips/track/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, `track ${code}: ${r.text}`);
  return r;
}

// tipByCode(code) → the TIP as the admin reads it (found in the list, then fetched)
async function tipByCode(code, token = admin) {
  const all = await pageAll(ctx, token, '/api/v1/tips');
  const found = all.find((x) => x.code === code);
  assert.ok(found, `tip ${code} is in the list`);
  const r = await ctx.api('GET', `/api/v1/tips/${found.id}`, { token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, found, 'the list item and the tip are the same');
  return r.json;
}

async function triage(id, body, token = admin, expect = 200, headers = undefined) {
  const r = await ctx.api('POST', `/api/v1/tips/${id}/triage`, { token, body, headers });
  if (expect !== null) assert.equal(r.status, expect, `triage ${id} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

function taskIn(extra = {}) {
  return {
    title: '上门核查湖北返潭人员', description: '核实返乡时间、健康状况，登记重点人员', area_code: AREA.yunlong1,
    owner_id: u.gridY1.id, deadline: local('2020-02-04', '09:00'), priority: 'normal', source: 'manual', ...extra,
  };
}

async function createTask(body, token = admin, expect = 201, headers = undefined) {
  const r = await ctx.api('POST', '/api/v1/tasks', { token, body, headers });
  if (expect !== null) assert.equal(r.status, expect, `POST /api/v1/tasks ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function step(id, what, token, body = {}, expect = 200) {
  const r = await ctx.api('POST', `/api/v1/tasks/${id}/${what}`, { token, body });
  if (expect !== null) assert.equal(r.status, expect, `POST /api/v1/tasks/${id}/${what} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function getTask(id, token = admin) {
  const r = await ctx.api('GET', `/api/v1/tasks/${id}`, { token });
  assert.equal(r.status, 200, `GET /api/v1/tasks/${id}: ${r.text}`);
  return r.json;
}

async function report(token = admin, query = `?date=${TODAY}`) {
  const r = await ctx.api('GET', `/api/v1/reports/daily${query}`, { token });
  assert.equal(r.status, 200, `GET /api/v1/reports/daily${query}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  return r.json;
}

function assertTask(x) {
  for (const k of TASK_KEYS) assert.ok(k in x, `TASK has ${k}: ${JSON.stringify(x)}`);
  assert.equal(typeof x.owner.id, 'number');
  assert.equal(typeof x.owner.name, 'string');
  assert.equal(typeof x.assigned_by.id, 'number');
  assert.equal(typeof x.overdue, 'boolean');
}

function assertReportShape(rep) {
  for (const k of ['date', 'previous_date', 'town', 'generated_at', 'registry', 'monitoring', 'tasks', 'tips', 'open_alerts', 'overdue_tasks']) {
    assert.ok(k in rep, `REPORT has ${k}: ${JSON.stringify(rep).slice(0, 300)}`);
  }
  assert.equal(typeof rep.generated_at, 'number');
  for (const k of ['persons', 'households']) assert.equal(typeof rep.registry[k], 'number', `registry.${k}`);
  for (const row of [rep.monitoring.town, ...rep.monitoring.villages]) {
    for (const k of ROW_KEYS) assert.ok(k in row, `monitoring row ${row.code} has ${k}`);
  }
  assert.equal(typeof rep.monitoring.change, 'object');
  for (const [k, v] of Object.entries(rep.monitoring.change)) assert.equal(typeof v, 'number', `change.${k}`);
  for (const k of ['opened', 'closed', 'overdue', 'median_hours_to_close', 'by_village']) assert.ok(k in rep.tasks, `tasks.${k}`);
  for (const v of rep.tasks.by_village) for (const k of ['code', 'name', 'open', 'overdue']) assert.ok(k in v, `tasks.by_village[].${k}`);
  for (const k of ['received', 'handled', 'handled_within_24h_share', 'by_kind']) assert.ok(k in rep.tips, `tips.${k}`);
  assert.equal(typeof rep.tips.by_kind, 'object');
  assert.ok(Array.isArray(rep.open_alerts));
  assert.ok(Array.isArray(rep.overdue_tasks));
  for (const a of rep.open_alerts) for (const k of ['id', 'area_name', 'reason', 'age_hours', 'status']) assert.ok(k in a, `open_alerts[].${k}`);
  for (const x of rep.overdue_tasks) for (const k of ['id', 'title', 'area_name', 'owner', 'deadline', 'priority']) assert.ok(k in x, `overdue_tasks[].${k}`);
}

function assertWorkbook(buf) {
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx starts with PK');
  const z = zipEntries(buf);
  assert.ok(z.has('[Content_Types].xml'), `[Content_Types].xml in ${[...z.keys()].join(' ')}`);
  const wb = z.get('xl/workbook.xml');
  assert.ok(wb, `xl/workbook.xml in ${[...z.keys()].join(' ')}`);
  const names = [...wb.toString('utf8').matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);
  for (const s of ['汇总', '分村', '预警', '逾期任务']) assert.ok(names.includes(s), `sheet ${s} in ${names.join(' ')}`);
}

/* ---------- tests ---------- */

t('set up: staff of 云龙村 and 立新村, a viewer, a person in 云龙村 1组', async () => {
  admin = await ctx.login(ctx.admin);
  const mk = async (key, role, area, displayName) => {
    u[key] = await ctx.user(role, area, undefined, { displayName });
  };
  await mk('secY', 'secretary', AREA.yunlong, '云龙村党总支书记');
  await mk('secL', 'secretary', AREA.lixin, '立新村书记');
  await mk('gridY1', 'grid', AREA.yunlong1, '云龙村一组网格员');
  await mk('gridY2', 'grid', AREA.yunlong2, '云龙村二组网格员');
  await mk('gridL1', 'grid', AREA.lixin1, '立新村一组网格员');
  await mk('doctorY', 'doctor', AREA.yunlong, '云龙村村医');
  await mk('checkpoint', 'checkpoint', AREA.yunlong, '南谷互通卡口');
  await mk('viewer', 'viewer', AREA.district, '雨湖区');
  await mk('auditor', 'auditor', AREA.town, '审计');
  await mk('gone', 'grid', AREA.yunlong1, '已离岗网格员');
  const all = await pageAll(ctx, admin, '/api/v1/users');
  for (const v of Object.values(u)) {
    const found = all.find((x) => x.username === v.username);
    assert.ok(found, `user ${v.username} listed`);
    v.id = found.id;
    v.token = await ctx.login(v);
  }
  u.admin = { ...ctx.admin, id: all.find((x) => x.username === ctx.admin.username).id, token: admin };
  const r = await ctx.cli('user', 'disable', u.gone.username);
  assert.equal(r.code, 0, `fangyi user disable: ${r.stdout}${r.stderr}`);
  const p = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1 },
  });
  assert.equal(p.status, 201, p.text);
  u.person = p.json;
  // the town's permissions as the session shows them
  const s = await ctx.api('GET', '/api/v1/session', { token: u.secY.token });
  for (const perm of ['tip.read', 'task.read', 'task.assign']) assert.ok(s.json.user.permissions.includes(perm), `secretary has ${perm}`);
  const g = await ctx.api('GET', '/api/v1/session', { token: u.gridY1.token });
  assert.ok(g.json.user.permissions.includes('task.read'));
  assert.ok(!g.json.user.permissions.includes('tip.read') && !g.json.user.permissions.includes('task.assign'));
  const v = await ctx.api('GET', '/api/v1/session', { token: u.viewer.token });
  assert.ok(!v.json.user.permissions.some((x) => /^(tip|task)\./.test(x)), `viewer: ${v.json.user.permissions}`);
});

/* ----- tips ----- */

t('a tip from the public needs no login: 201 with a tracking code', async () => {
  const name = uniqueName('郑');
  const ph = phone();
  const body = {
    kind: 'returnee', village_code: AREA.yunlong, address: '云龙村一组28号', happened: '2月2日晚',
    description: '邻居一家从武汉回来三天了，没有向村里报告，也没有居家观察。', name, phone: ph,
  };
  const code = await tip(body);
  const r = await track(code);
  assert.deepEqual(Object.keys(r.json).sort(), ['code', 'created_at', 'kind', 'public_result', 'status'],
    `tracking shows only what the contract lists: ${r.text}`);
  assert.equal(r.json.code, code);
  assert.equal(r.json.kind, 'returnee');
  assert.equal(r.json.status, 'received');
  assert.ok(r.json.public_result === '' || r.json.public_result === null, `no public result yet: ${r.text}`);
  assert.ok(Math.abs(r.json.created_at - ctx.now()) < 600, `created_at ${r.json.created_at} is the injected now`);
  for (const secret of [name, ph, ph.slice(-4), body.address, body.description, body.happened]) {
    assert.ok(!r.text.includes(secret), `tracking does not show ${secret}`);
  }
  const x = await tipByCode(code);
  tips.A = x;
  for (const k of TIP_KEYS) assert.ok(k in x, `TIP has ${k}: ${JSON.stringify(x)}`);
  assert.equal(typeof x.id, 'number');
  assert.equal(x.code, code);
  assert.equal(x.kind, 'returnee');
  assert.equal(x.village_code, AREA.yunlong);
  assert.equal(x.area_name, '云龙村');
  assert.equal(x.address, body.address);
  assert.equal(x.happened, body.happened);
  assert.equal(halfWidth(x.description), halfWidth(body.description), 'the description (verbatim: see below)');
  assert.equal(x.name, name);
  assert.equal(x.phone, maskPhone(ph), 'the phone is masked');
  assert.ok(!JSON.stringify(x).includes(ph), 'no full phone');
  assert.equal(x.anonymous, false);
  assert.equal(x.status, 'received');
  assert.equal(x.triage, null);
  assert.equal(x.duplicate_of, null);
  assert.equal(x.task_id, null);
  assert.equal(x.handled_at, null);
  // an unknown code
  assertError(await request(ctx.server.base, 'GET', '/api/v1/tips/track/NOSUCHCODE'), 404, 'not_found');
});

t('an anonymous tip stores no name or phone, even when they were typed', async () => {
  const name = uniqueName('钱');
  const ph = phone();
  const code = await tip({
    kind: 'gathering', village_code: AREA.yunlong, address: '云龙村二组祠堂',
    description: '有人在祠堂摆酒席，来了二十多桌客人。', name, phone: ph, anonymous: true,
  });
  const x = await tipByCode(code);
  tips.B = x;
  assert.equal(x.anonymous, true);
  assert.ok(x.name === null || x.name === '', `no name: ${JSON.stringify(x.name)}`);
  assert.ok(x.phone === null || x.phone === '', `no phone: ${JSON.stringify(x.phone)}`);
  const list = await ctx.api('GET', '/api/v1/tips?limit=500', { token: admin });
  assert.ok(!list.text.includes(name) && !list.text.includes(ph) && !list.text.includes(maskPhone(ph)),
    'neither the name nor the phone is anywhere in the list');
  const one = await ctx.api('GET', `/api/v1/tips/${x.id}`, { token: u.secY.token });
  assert.equal(one.status, 200, one.text);
  assert.ok(!one.text.includes(name));
  // the database holds neither, in any table
  const dump = BACKEND === 'sqlite' ? await run('sqlite3', [ctx.db.url, '.dump']) : await run('pg_dump', ['--data-only', ctx.db.url]);
  assert.equal(dump.code, 0, dump.stderr);
  assert.ok(dump.stdout.includes('有人在祠堂摆酒席'), 'the dump has the tip');
  assert.ok(!dump.stdout.includes(name), 'the name of an anonymous tipster is not stored');
  assert.ok(!dump.stdout.includes(ph), 'the phone of an anonymous tipster is not stored');
});

t('tips without a village go to the town; a bad village is refused', async () => {
  const code = await tip({ kind: 'other', description: '镇区超市门口有人聚集打牌，没戴口罩。' });
  const x = await tipByCode(code);
  tips.T = x;
  assert.ok(x.village_code === null || x.village_code === '' || x.village_code === AREA.town,
    `a tip without a village belongs to the town: ${JSON.stringify(x.village_code)}`);
  assertError(await sendTip({ kind: 'other', village_code: '430302100299', description: '没有这个村的举报内容' }), 422, 'invalid', 'village_code');
  assertError(await sendTip({ kind: 'other', village_code: AREA.yunlong1, description: '网格不是村，应当拒绝' }), 422, 'invalid', 'village_code');
});

t('a tip is validated field by field', async () => {
  const ok = { kind: 'fever', village_code: AREA.lixin, description: '立新村一组有人发烧咳嗽好几天了' };
  assertError(await sendTip({ ...ok, kind: undefined }), 422, 'invalid', 'kind');
  assertError(await sendTip({ ...ok, kind: 'rumour' }), 422, 'invalid', 'kind');
  assertError(await sendTip({ ...ok, description: undefined }), 422, 'invalid', 'description');
  assertError(await sendTip({ ...ok, description: '发烧了' }), 422, 'invalid', 'description');
  assertError(await sendTip({ ...ok, description: '    ' }), 422, 'invalid', 'description');
  assertError(await sendTip({ ...ok, description: '热'.repeat(2001) }), 422, 'invalid', 'description');
  assertError(await sendTip({ ...ok, description: 42 }), 422, 'invalid', 'description');
  assertError(await sendTip({ ...ok, anonymous: 'yes' }), 422, 'invalid', 'anonymous');
  const bj = await request(ctx.server.base, 'POST', '/api/v1/tips', { raw: '{"kind":', from: nextAddr() });
  assertError(bj, 400, 'bad_json');
  // the limits themselves are fine: five characters, and two thousand
  const five = await tipByCode(await tip({ ...ok, description: '有人发烧了' }));
  assert.equal(five.description, '有人发烧了');
  const long = await tipByCode(await tip({ ...ok, description: '热'.repeat(2000) }));
  assert.equal(long.description.length, 2000);
  tips.L = five;
});

t('a script in a tip is stored and returned verbatim as JSON text', async () => {
  const payload = '<script>alert("tip")</script><img src=x onerror=alert(1)> & "引号" \'单\' </textarea>\u2028end';
  const code = await tip({
    kind: 'other', village_code: AREA.yunlong, address: '<b>云龙村</b>', happened: '<i>昨晚</i>',
    description: payload, name: '<script>x</script>',
  });
  const x = await tipByCode(code);
  assert.equal(x.description, payload, 'never altered');
  assert.equal(x.address, '<b>云龙村</b>');
  assert.equal(x.happened, '<i>昨晚</i>');
  assert.equal(x.name, '<script>x</script>');
  const r = await ctx.api('GET', `/api/v1/tips/${x.id}`, { token: admin });
  assert.match(r.headers.get('content-type') || '', /application\/json/, 'served as JSON, never as HTML');
  const tr = await track(code);
  assert.match(tr.headers.get('content-type') || '', /application\/json/);
  tips.S = x;
});

t('a burst from one address must solve the challenge; a flood is throttled', async () => {
  const from = nextAddr();
  const body = (i) => ({ kind: 'other', village_code: AREA.lixin, description: `连续举报第${i}条：菜市场人多拥挤` });
  for (let i = 1; i <= 3; i++) await tip(body(i), from);
  const r4 = await sendTip(body(4), from);
  assertError(r4, 429, 'challenge_required');
  // another address is not held back
  await tip(body(5));

  const ch = await request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from });
  assert.equal(ch.status, 200, ch.text);
  assert.equal(typeof ch.json.nonce, 'string');
  assert.ok(ch.json.nonce.length >= 8, `nonce ${ch.json.nonce}`);
  assert.ok(Number.isInteger(ch.json.bits) && ch.json.bits >= 8 && ch.json.bits <= 28, `bits ${ch.json.bits}`);

  // a wrong solution is refused
  let wrong = 'w0';
  for (let i = 0; leadingZeroBits(createHash('sha256').update(ch.json.nonce + wrong).digest()) >= ch.json.bits; i++) wrong = `w${i}`;
  const bad = await sendTip({ ...body(6), pow: { nonce: ch.json.nonce, solution: wrong } }, from);
  assert.ok([422, 429].includes(bad.status), `a wrong solution: ${bad.status} ${bad.text}`);
  const made = await sendTip({ ...body(6), pow: { nonce: 'made-up-nonce', solution: solvePow('made-up-nonce', ch.json.bits) } }, from);
  assert.ok([422, 429].includes(made.status), `a nonce the server never gave: ${made.status} ${made.text}`);

  // the right one passes
  const pow = { nonce: ch.json.nonce, solution: solvePow(ch.json.nonce, ch.json.bits) };
  const ok = await sendTip({ ...body(7), pow }, from);
  assert.equal(ok.status, 201, ok.text);
  // and works once
  const again = await sendTip({ ...body(8), pow }, from);
  assert.ok([422, 429].includes(again.status), `a solution used twice: ${again.status} ${again.text}`);

  // 20 tips an hour from one address: throttled, challenge or not
  const flood = nextAddr();
  let sent = 0;
  for (let i = 0; i < 20; i++) {
    let r = await sendTip(body(100 + i), flood);
    // (a refused fresh solution is retried a second later: the test of nonces below covers it)
    for (let k = 0; k < 3 && r.status === 429 && r.json?.error?.code === 'challenge_required'; k++) {
      if (k > 0) await new Promise((res) => setTimeout(res, 1100));
      const c = await request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from: flood });
      r = await sendTip({ ...body(100 + i), pow: { nonce: c.json.nonce, solution: solvePow(c.json.nonce, c.json.bits) } }, flood);
    }
    assert.equal(r.status, 201, `tip ${i + 1} of the hour: ${r.text}`);
    sent++;
  }
  assert.equal(sent, 20);
  const c = await request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from: flood });
  const r21 = await sendTip({ ...body(121), pow: { nonce: c.json.nonce, solution: solvePow(c.json.nonce, c.json.bits) } }, flood);
  assertError(r21, 429, 'throttled');
});

t('a challenge solved for one address is refused from another, and still counts where it was given', async () => {
  const fetcher = nextAddr();
  const other = nextAddr();
  const body = (i) => ({ kind: 'other', village_code: AREA.lixin, description: `换地址提交第${i}条：广场有人聚集` });
  for (let i = 1; i <= 3; i++) await tip(body(i), other);
  assertError(await sendTip(body(4), other), 429, 'challenge_required', 'pow');
  // the work is done on the fetcher's machine, then presented from the other address
  const ch = await request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from: fetcher });
  assert.equal(ch.status, 200, ch.text);
  const pow = { nonce: ch.json.nonce, solution: solvePow(ch.json.nonce, ch.json.bits) };
  const moved = await sendTip({ ...body(5), pow }, other);
  assertError(moved, 429, 'challenge_required', 'pow');
  assert.match(moved.json.error.message_en, /another address/, `the refusal says why: ${moved.text}`);
  assert.match(moved.json.error.message, /另一个网络地址/, `in Chinese too: ${moved.text}`);
  // the other address's own challenge passes
  const own = await request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from: other });
  const ok = await sendTip({ ...body(6), pow: { nonce: own.json.nonce, solution: solvePow(own.json.nonce, own.json.bits) } }, other);
  assert.equal(ok.status, 201, ok.text);
  // the refused solution was not spent: it still works from the address it was given to, once in a burst there
  for (let i = 7; i <= 9; i++) await tip(body(i), fetcher);
  const home = await sendTip({ ...body(10), pow }, fetcher);
  assert.equal(home.status, 201, `the same solution from the address that fetched it: ${home.text}`);
});

t('two people challenged in the same second get different nonces, and both can send their tip', async () => {
  const senders = [nextAddr(), nextAddr()];
  const [c1, c2] = await Promise.all(senders.map((from) => request(ctx.server.base, 'GET', '/api/v1/tips/challenge', { from })));
  assert.notEqual(c1.json.nonce, c2.json.nonce, 'every challenge is new (a nonce is used once)');
  for (const from of senders) {
    for (let i = 0; i < 3; i++) await tip({ kind: 'other', village_code: AREA.changan, description: `长安村第${i}条举报内容` }, from);
  }
  for (const [i, c] of [c1, c2].entries()) {
    const r = await sendTip({
      kind: 'other', village_code: AREA.changan, description: `长安村挑战后的举报${i}`,
      pow: { nonce: c.json.nonce, solution: solvePow(c.json.nonce, c.json.bits) },
    }, senders[i]);
    assert.equal(r.status, 201, `sender ${i + 1} with their own solved challenge: ${r.text}`);
  }
});

t('tip text is stored as typed: full-width punctuation and spaces are not rewritten', async () => {
  const typed = '  药店口罩一只卖２０元！老板说“爱买不买”，还有Ｎ９５：５０元。　';
  const code = await tip({ kind: 'price_gouging', village_code: AREA.changan, address: '长安村（集镇）', description: typed });
  const x = await tipByCode(code);
  assert.equal(x.description.trim(), typed.trim().replace(/\u3000$/, ''), `as typed: ${JSON.stringify(x.description)}`);
  assert.ok(x.description.includes('２０元！') && x.description.includes('，') && x.description.includes('Ｎ９５：'),
    `full-width forms kept: ${JSON.stringify(x.description)}`);
});

t('triage: checking, duplicate, not credible — the tipster reads the status and the public result', async () => {
  // A: being checked
  let r = await triage(tips.A.id, { action: 'checking', public_result: '已安排网格员核实' });
  assert.equal(r.json.status, 'checking');
  assert.equal(r.json.public_result, '已安排网格员核实');
  assert.equal(r.json.handled_at, null);
  let tr = await track(tips.A.code);
  assert.equal(tr.json.status, 'checking');
  assert.equal(tr.json.public_result, '已安排网格员核实');

  // D: the same returnee again → duplicate of A
  const dcode = await tip({ kind: 'returnee', village_code: AREA.yunlong, description: '一组28号那家人从武汉回来了，没报告。' });
  tips.D = await tipByCode(dcode);
  assertError(await triage(tips.D.id, { action: 'duplicate' }, admin, null), 422, 'invalid', 'duplicate_of');
  assertError(await triage(tips.D.id, { action: 'duplicate', duplicate_of: tips.D.id }, admin, null), 422, 'invalid', 'duplicate_of');
  assertError(await triage(tips.D.id, { action: 'duplicate', duplicate_of: 987654321 }, admin, null), 422, 'invalid', 'duplicate_of');
  r = await triage(tips.D.id, { action: 'duplicate', duplicate_of: tips.A.id, public_result: '已有人反映，正在处理' });
  assert.equal(r.json.status, 'handled');
  assert.equal(r.json.triage, 'duplicate');
  assert.equal(r.json.duplicate_of, tips.A.id);
  assert.equal(typeof r.json.handled_at, 'number');
  tr = await track(dcode);
  assert.equal(tr.json.status, 'handled');
  assert.equal(halfWidth(tr.json.public_result), halfWidth('已有人反映，正在处理'));

  // S (the script): not credible
  r = await triage(tips.S.id, { action: 'not_credible', public_result: '经核实情况不属实' });
  assert.equal(r.json.status, 'handled');
  assert.equal(r.json.triage, 'not_credible');
  assert.equal(r.json.description, tips.S.description, 'triage leaves the text as typed');

  // an unknown action, a missing one
  assertError(await triage(tips.B.id, { action: 'ignore' }, admin, null), 422, 'invalid', 'action');
  assertError(await triage(tips.B.id, {}, admin, null), 422, 'invalid', 'action');
  assertError(await triage(987654321, { action: 'checking' }, admin, null), 404, 'not_found');
  // status filter
  const handled = await pageAll(ctx, admin, '/api/v1/tips?status=handled');
  assert.ok(handled.length >= 2 && handled.every((x) => x.status === 'handled'), 'status=handled');
  assert.ok(handled.some((x) => x.id === tips.D.id) && !handled.some((x) => x.id === tips.A.id));
  assertError(await ctx.api('GET', '/api/v1/tips?status=lost', { token: admin }), 422, 'invalid', 'status');
});

t('triage into a task: the task has source tip and the tip’s id; the tip is handled once the task is verified', async () => {
  const body = {
    action: 'task', public_result: '已派网格员上门',
    task: taskIn({ title: '核查二组祠堂酒席', area_code: AREA.yunlong2, owner_id: u.gridY2.id, priority: 'high', source: 'manual' }),
  };
  assertError(await triage(tips.B.id, { action: 'task' }, admin, null), 422, 'invalid', 'task');
  assertError(await triage(tips.B.id, { ...body, task: { ...body.task, owner_id: u.gridL1.id } }, admin, null), 422, 'invalid', 'owner_id');
  const key = { 'idempotency-key': `triage-${randomBytes(6).toString('hex')}` };
  const r = await triage(tips.B.id, body, admin, 200, key);
  assert.equal(r.json.triage, 'task');
  assert.equal(r.json.status, 'checking', 'the tip stays checking while the task runs');
  assert.equal(typeof r.json.task_id, 'number');
  const again = await triage(tips.B.id, body, admin, 200, key);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.equal(again.json.task_id, r.json.task_id, 'a retried triage is one task');
  const tk = await getTask(r.json.task_id);
  assertTask(tk);
  assert.equal(tk.source, 'tip');
  assert.equal(tk.source_id, tips.B.id);
  assert.equal(tk.owner.id, u.gridY2.id);
  assert.equal(tk.status, 'open');
  tasks.B = tk;
  const bySource = (await pageAll(ctx, admin, '/api/v1/tasks')).filter((x) => x.source === 'tip' && x.source_id === tips.B.id);
  assert.equal(bySource.length, 1, 'one task for the tip');
  assert.equal((await track(tips.B.code)).json.status, 'checking');

  await step(tk.id, 'start', u.gridY2.token);
  await step(tk.id, 'done', u.gridY2.token, { result: '已劝导主家取消酒席，客人已散' });
  assert.equal((await track(tips.B.code)).json.status, 'checking', 'done is not yet verified');
  await step(tk.id, 'verify', admin, { note: '电话回访属实' });
  const b = await tipByCode(tips.B.code);
  assert.equal(b.status, 'handled', 'verified task → handled tip');
  assert.equal(typeof b.handled_at, 'number');
  const tr = await track(tips.B.code);
  assert.equal(tr.json.status, 'handled');
  assert.ok(tr.json.public_result, 'the tipster reads a result');
  assert.ok(!tr.text.includes('已劝导主家'), 'the task’s result text is not public unless chosen');

  // A is marked handled directly with the public result
  const h = await triage(tips.A.id, { action: 'handled', public_result: '已登记并落实居家观察' });
  assert.equal(h.json.status, 'handled');
  assert.equal(typeof h.json.handled_at, 'number');
  assert.equal((await track(tips.A.code)).json.public_result, '已登记并落实居家观察');
});

t('tip.read: the secretary of 云龙村 sees only 云龙村 tips; town tips stay with the town; others 403', async () => {
  const l = await tip({ kind: 'price_gouging', village_code: AREA.lixin, address: '立新村集镇', description: '集镇药店一只口罩卖二十元。' });
  tips.P = await tipByCode(l);
  const mine = await pageAll(ctx, u.secY.token, '/api/v1/tips');
  assert.ok(mine.length >= 4, `云龙村 tips: ${mine.length}`);
  assert.ok(mine.every((x) => x.village_code === AREA.yunlong), 'only 云龙村');
  assert.ok(mine.some((x) => x.id === tips.A.id));
  assert.ok(!mine.some((x) => x.id === tips.P.id), 'not 立新村');
  assert.ok(!mine.some((x) => x.id === tips.T.id), 'not the town’s');
  assertError(await ctx.api('GET', `/api/v1/tips/${tips.P.id}`, { token: u.secY.token }), 404, 'not_found');
  assertError(await ctx.api('GET', `/api/v1/tips/${tips.T.id}`, { token: u.secY.token }), 404, 'not_found');
  assertError(await triage(tips.P.id, { action: 'checking' }, u.secY.token, null), 404, 'not_found');
  // 立新村's secretary triages theirs
  const r = await triage(tips.P.id, { action: 'handled', public_result: '已移交市场监管部门' }, u.secL.token);
  assert.equal(r.json.status, 'handled');
  const lixin = await pageAll(ctx, u.secL.token, '/api/v1/tips');
  assert.ok(lixin.every((x) => x.village_code === AREA.lixin) && lixin.some((x) => x.id === tips.P.id));
  // the admin sees every tip of the town
  const all = await pageAll(ctx, admin, '/api/v1/tips');
  for (const x of Object.values(tips)) assert.ok(all.some((y) => y.id === x.id), `admin sees tip ${x.id}`);
  // roles without tip.read
  for (const who of ['gridY1', 'doctorY', 'checkpoint', 'viewer', 'auditor']) {
    assertError(await ctx.api('GET', '/api/v1/tips', { token: u[who].token }), 403, 'forbidden');
    assertError(await ctx.api('GET', `/api/v1/tips/${tips.A.id}`, { token: u[who].token }), 403, 'forbidden');
  }
  assertError(await triage(tips.T.id, { action: 'checking' }, u.gridY1.token, null), 403, 'forbidden');
  assertError(await ctx.api('GET', '/api/v1/tips'), 401, 'unauthenticated');
});

/* ----- tasks ----- */

t('creating a task: task.assign only; the owner must be a user in or above the task’s area', async () => {
  const r = await createTask(taskIn({ person_id: u.person.id, priority: 'high' }));
  const x = r.json;
  assertTask(x);
  assert.equal(x.title, '上门核查湖北返潭人员');
  assert.equal(halfWidth(x.description), halfWidth('核实返乡时间、健康状况，登记重点人员'));
  assert.equal(x.area_code, AREA.yunlong1);
  assert.equal(typeof x.area_name, 'string');
  assert.equal(x.person_id, u.person.id);
  assert.equal(x.person_name, u.person.name);
  assert.equal(x.owner.id, u.gridY1.id);
  assert.equal(x.owner.name, '云龙村一组网格员');
  assert.equal(x.assigned_by.id, u.admin.id);
  assert.equal(x.deadline, local('2020-02-04', '09:00'));
  assert.equal(x.priority, 'high');
  assert.equal(x.source, 'manual');
  assert.equal(x.source_id, null);
  assert.equal(x.status, 'open');
  assert.equal(x.overdue, false);
  assert.ok(Math.abs(x.created_at - ctx.now()) < 600, 'created_at is the injected now');
  assert.equal(x.done_at, null);
  assert.equal(x.verified_at, null);
  tasks.A = x;

  // owners in or above the area: the village secretary and the admin are fine
  tasks.S = (await createTask(taskIn({ owner_id: u.secY.id, title: '统计云龙村返乡人员' }), u.secY.token)).json;
  assert.equal(tasks.S.assigned_by.id, u.secY.id);
  tasks.M = (await createTask(taskIn({ owner_id: u.admin.id, area_code: AREA.town, title: '汇总全镇调度数据', source: 'meeting' }))).json;
  // not in or above
  assertError(await createTask(taskIn({ owner_id: u.gridL1.id }), admin, null), 422, 'invalid', 'owner_id');
  assertError(await createTask(taskIn({ owner_id: u.gridY2.id }), admin, null), 422, 'invalid', 'owner_id');
  assertError(await createTask(taskIn({ owner_id: u.gridY1.id, area_code: AREA.yunlong }), admin, null), 422, 'invalid', 'owner_id');
  assertError(await createTask(taskIn({ owner_id: u.gone.id }), admin, null), 422, 'invalid', 'owner_id');
  assertError(await createTask(taskIn({ owner_id: 987654321 }), admin, null), 422, 'invalid', 'owner_id');
  // the other fields
  assertError(await createTask(taskIn({ title: undefined }), admin, null), 422, 'invalid', 'title');
  assertError(await createTask(taskIn({ area_code: undefined }), admin, null), 422, 'invalid', 'area_code');
  assertError(await createTask(taskIn({ area_code: '430302100299001' }), admin, null), 422, 'invalid', 'area_code');
  assertError(await createTask(taskIn({ owner_id: undefined }), admin, null), 422, 'invalid', 'owner_id');
  assertError(await createTask(taskIn({ deadline: undefined }), admin, null), 422, 'invalid', 'deadline');
  assertError(await createTask(taskIn({ deadline: '明天' }), admin, null), 422, 'invalid', 'deadline');
  assertError(await createTask(taskIn({ priority: 'asap' }), admin, null), 422, 'invalid', 'priority');
  assertError(await createTask(taskIn({ priority: undefined }), admin, null), 422, 'invalid', 'priority');
  assertError(await createTask(taskIn({ source: 'phone' }), admin, null), 422, 'invalid', 'source');
  assertError(await createTask(taskIn({ source: undefined }), admin, null), 422, 'invalid', 'source');
  assertError(await createTask(taskIn({ person_id: 987654321 }), admin, null), 422, 'invalid', 'person_id');
  // who may create
  for (const who of ['gridY1', 'doctorY', 'checkpoint']) assertError(await createTask(taskIn(), u[who].token, null), 403, 'forbidden');
  assertError(await createTask(taskIn(), u.viewer.token, null), 403, 'forbidden');
  assertError(await createTask(taskIn(), '', null), 401, 'unauthenticated');
  // a secretary only in their own area
  const out = await createTask(taskIn({ owner_id: u.gridY1.id }), u.secL.token, null);
  assert.ok([403, 404, 422].includes(out.status), `立新村's secretary hands out 云龙村 work: ${out.status} ${out.text}`);
});

t('a retried task creation with the same idempotency key is one task; a different body is idempotency_mismatch', async () => {
  const before = (await ctx.api('GET', '/api/v1/tasks?limit=1', { token: admin })).json.total;
  const headers = { 'idempotency-key': `task-${randomBytes(8).toString('hex')}` };
  const body = taskIn({ title: '重试的任务', priority: 'low' });
  const r1 = await createTask(body, admin, 201, headers);
  assert.notEqual(r1.headers.get('idempotent-replay'), 'true');
  const r2 = await createTask(body, admin, 201, headers);
  assert.equal(r2.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(r2.json, r1.json, 'the first answer again');
  assertError(await createTask({ ...body, title: '另一个任务' }, admin, null, headers), 422, 'idempotency_mismatch');
  const after = (await ctx.api('GET', '/api/v1/tasks?limit=1', { token: admin })).json.total;
  assert.equal(after, before + 1, 'one task was created');
  // keys are per user: the secretary's same key is a new task
  const r3 = await createTask(body, u.secY.token, 201, headers);
  assert.notEqual(r3.json.id, r1.json.id);
  tasks.R = r1.json;
});

t('the life of a task: start, done with a result, reopened with a reason, done again, verified — every step in the events', async () => {
  const id = tasks.A.id;
  // only the owner works on it
  for (const who of ['admin', 'gridY2', 'secY']) {
    const r = await step(id, 'start', u[who].token, {}, null);
    assert.ok([403, 404].includes(r.status), `${who} starts someone else's task: ${r.status} ${r.text}`);
  }
  let r = await step(id, 'start', u.gridY1.token);
  assert.equal(r.json.status, 'in_progress');
  assertError(await step(id, 'start', u.gridY1.token, {}, null), 409, 'conflict');
  assertError(await step(id, 'verify', admin, {}, null), 409, 'conflict');
  assertError(await step(id, 'done', u.gridY1.token, {}, null), 422, 'invalid', 'result');
  assertError(await step(id, 'done', u.gridY1.token, { result: '' }, null), 422, 'invalid', 'result');
  const other = await step(id, 'done', u.gridY2.token, { result: '别人代办' }, null);
  assert.ok([403, 404].includes(other.status), `someone else reports it done: ${other.status}`);
  r = await step(id, 'done', u.gridY1.token, { result: '已上门，返乡三人均无发热，已登记', evidence: '照片3张' });
  assert.equal(r.json.status, 'done');
  assert.equal(halfWidth(r.json.result), halfWidth('已上门，返乡三人均无发热，已登记'));
  assert.equal(r.json.evidence, '照片3张');
  assert.equal(typeof r.json.done_at, 'number');
  assert.equal(r.json.overdue, false);
  // the grid worker cannot verify or reopen
  assertError(await step(id, 'verify', u.gridY1.token, {}, null), 403, 'forbidden');
  assertError(await step(id, 'reopen', u.gridY1.token, { reason: '自己重开' }, null), 403, 'forbidden');
  assertError(await step(id, 'reopen', admin, {}, null), 422, 'invalid', 'reason');
  r = await step(id, 'reopen', admin, { reason: '缺少同住人员信息' });
  assert.equal(r.json.status, 'reopened');
  assertError(await step(id, 'verify', admin, {}, null), 409, 'conflict');
  r = await step(id, 'start', u.gridY1.token);
  assert.equal(r.json.status, 'in_progress');
  r = await step(id, 'done', u.gridY1.token, { result: '已补充同住人员5人信息' });
  assert.equal(r.json.status, 'done');
  r = await step(id, 'verify', admin, { note: '核实无误' });
  assert.equal(r.json.status, 'verified');
  assert.equal(typeof r.json.verified_at, 'number');
  assert.equal(r.json.result, '已补充同住人员5人信息');
  assertError(await step(id, 'done', u.gridY1.token, { result: '再报一次' }, null), 409, 'conflict');
  assertError(await step(id, 'verify', admin, {}, null), 409, 'conflict');

  const g = await getTask(id, u.gridY1.token);
  assertTask(g);
  assert.ok(Array.isArray(g.events), 'events');
  const ev = g.events;
  for (const e of ev) {
    assert.equal(typeof e.at, 'number');
    assert.equal(typeof e.kind, 'string');
    assert.equal(typeof e.username, 'string');
    assert.equal(typeof e.detail, 'string');
  }
  for (let i = 1; i < ev.length; i++) assert.ok(ev[i].at >= ev[i - 1].at, 'oldest first');
  const expected = [
    [/creat/, ctx.admin.username], [/start/, u.gridY1.username], [/done/, u.gridY1.username],
    [/reopen/, ctx.admin.username], [/start/, u.gridY1.username], [/done/, u.gridY1.username],
    [/verif/, ctx.admin.username],
  ];
  assert.equal(ev.length, expected.length, `the whole life: ${JSON.stringify(ev.map((e) => e.kind))}`);
  expected.forEach(([kind, who], i) => {
    assert.match(ev[i].kind, kind, `event ${i}: ${JSON.stringify(ev[i])}`);
    assert.equal(ev[i].username, who, `event ${i} by ${who}: ${JSON.stringify(ev[i])}`);
  });
  assert.ok(ev[3].detail.includes('缺少同住人员信息'), `the reopen carries its reason: ${ev[3].detail}`);
  assert.ok(ev[2].detail.includes('已上门'), `done carries the result: ${ev[2].detail}`);

  // a verified task may be reopened too
  r = await step(tasks.S.id, 'start', u.secY.token);
  r = await step(tasks.S.id, 'done', u.secY.token, { result: '共12人' });
  r = await step(tasks.S.id, 'verify', u.secY.token, {});
  r = await step(tasks.S.id, 'reopen', admin, { reason: '数字与大数据比对不符' });
  assert.equal(r.json.status, 'reopened');
  assert.equal(r.json.verified_at, null, 'no longer verified');
});

t('who sees which task: the area, the owner; mine=1 lists only one’s own', async () => {
  const l = (await createTask(taskIn({ area_code: AREA.lixin1, owner_id: u.gridL1.id, title: '立新村一组返乡登记' }))).json;
  tasks.L = l;
  // the grid worker of 云龙村 1组 sees their tasks, not 立新村's, not 二组's
  const g = await pageAll(ctx, u.gridY1.token, '/api/v1/tasks');
  assert.ok(g.some((x) => x.id === tasks.A.id));
  assert.ok(!g.some((x) => x.id === l.id), 'not 立新村');
  assert.ok(!g.some((x) => x.id === tasks.B.id), 'not 二组');
  assertError(await ctx.api('GET', `/api/v1/tasks/${l.id}`, { token: u.gridY1.token }), 404, 'not_found');
  assertError(await ctx.api('GET', `/api/v1/tasks/${tasks.B.id}`, { token: u.gridY1.token }), 404, 'not_found');
  assertError(await step(l.id, 'start', u.gridY1.token, {}, null), 404, 'not_found');
  const mine = await pageAll(ctx, u.gridY1.token, '/api/v1/tasks?mine=1');
  assert.ok(mine.length >= 2 && mine.every((x) => x.owner.id === u.gridY1.id), 'mine=1: own tasks only');
  // the admin's own
  const am = await pageAll(ctx, admin, '/api/v1/tasks?mine=1');
  assert.ok(am.some((x) => x.id === tasks.M.id));
  assert.ok(am.every((x) => x.owner.id === u.admin.id), `admin mine=1: ${am.map((x) => x.owner.id)}`);
  // the village: doctor and secretary of 云龙村 read its tasks
  for (const who of ['doctorY', 'secY']) {
    const v = await pageAll(ctx, u[who].token, '/api/v1/tasks');
    assert.ok(v.some((x) => x.id === tasks.A.id) && v.some((x) => x.id === tasks.B.id), `${who} sees 云龙村's tasks`);
    assert.ok(!v.some((x) => x.id === l.id), `${who} does not see 立新村's`);
    assert.equal((await ctx.api('GET', `/api/v1/tasks/${tasks.A.id}`, { token: u[who].token })).status, 200);
  }
  // the checkpoint of 云龙村 does not: it may not read the registry, and a task names residents;
  // it sees only its own tasks and its post's hand-offs (attacker_search.test.mjs)
  const cp = await pageAll(ctx, u.checkpoint.token, '/api/v1/tasks');
  assert.ok(!cp.some((x) => x.id === tasks.A.id || x.id === tasks.B.id || x.id === l.id), 'checkpoint: not the village\'s tasks');
  assertError(await ctx.api('GET', `/api/v1/tasks/${tasks.A.id}`, { token: u.checkpoint.token }), 404, 'not_found');
  const admins = await pageAll(ctx, admin, '/api/v1/tasks');
  assert.ok(admins.some((x) => x.id === l.id) && admins.some((x) => x.id === tasks.A.id));
  const verified = await pageAll(ctx, admin, '/api/v1/tasks?status=verified');
  assert.ok(verified.every((x) => x.status === 'verified') && verified.some((x) => x.id === tasks.A.id));
  assertError(await ctx.api('GET', '/api/v1/tasks?status=lost', { token: admin }), 422, 'invalid', 'status');
  for (const who of ['viewer', 'auditor']) assertError(await ctx.api('GET', '/api/v1/tasks', { token: u[who].token }), 403, 'forbidden');
  assertError(await ctx.api('GET', '/api/v1/tasks'), 401, 'unauthenticated');
});

t('overdue: a task due in an hour is overdue when the server comes back two hours later', async () => {
  const deadline = ctx.now() + 3600;
  const o = (await createTask(taskIn({
    title: '核查<script>alert(1)</script>返乡人员', deadline, priority: 'urgent', source: 'meeting', area_code: AREA.yunlong1,
  }))).json;
  assert.equal(o.overdue, false);
  const d = (await createTask(taskIn({ title: '一小时内完成的任务', deadline, priority: 'normal' }))).json;
  await step(d.id, 'done', u.gridY1.token, { result: '按时完成' });
  tasks.O = o;
  tasks.D = d;
  let ov = await pageAll(ctx, admin, '/api/v1/tasks?overdue=1');
  assert.ok(!ov.some((x) => x.id === o.id), 'not overdue yet');

  await ctx.restart('SIGTERM', { clock: ctx.now() + 2 * 3600 });
  admin = await ctx.login(ctx.admin);
  const g = await getTask(o.id);
  assert.equal(g.overdue, true, 'the deadline passed');
  assert.equal(g.status, 'open');
  assert.equal((await getTask(d.id)).overdue, false, 'a done task is never overdue');
  ov = await pageAll(ctx, admin, '/api/v1/tasks?overdue=1');
  assert.ok(ov.some((x) => x.id === o.id), 'overdue=1 lists it');
  assert.ok(ov.every((x) => x.overdue === true), 'overdue=1 lists only overdue tasks');
  assert.ok(!ov.some((x) => x.id === d.id));
  const mine = await pageAll(ctx, await ctx.login(u.gridY1), '/api/v1/tasks?mine=1&overdue=1');
  assert.deepEqual(mine.map((x) => x.id), [o.id], 'the owner sees their overdue task');
  // in progress and still late
  const s = await step(o.id, 'start', await ctx.login(u.gridY1));
  assert.equal(s.json.overdue, true);
});

/* ----- the daily report ----- */

t('the daily report as JSON: the documented keys, the day’s tips and tasks, the overdue list', async () => {
  const rep = await report();
  assertReportShape(rep);
  assert.equal(rep.date, TODAY);
  assert.equal(rep.previous_date, '2020-02-02');
  assert.deepEqual(rep.town, { code: AREA.town, name: '鹤岭镇' });
  assert.ok(Math.abs(rep.generated_at - ctx.now()) < 600, 'generated now (injected)');
  const persons = (await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin })).json.total;
  const households = (await ctx.api('GET', '/api/v1/households?limit=1', { token: admin })).json.total;
  assert.equal(rep.registry.persons, persons);
  assert.equal(rep.registry.households, households);
  assert.equal(rep.monitoring.town.code, AREA.town);
  assert.ok(rep.monitoring.villages.some((v) => v.code === AREA.yunlong && v.name === '云龙村'));

  // every tip and task of this file came today; the demo town's came over the days before
  // and this morning, and were handled then or are handled since: the day's are those
  // received, handled, opened or verified between its midnights
  const day0 = local(TODAY);
  const inDay = (t) => t !== null && t !== undefined && t >= day0 && t < day0 + 86400;
  const allTips = (await pageAll(ctx, admin, '/api/v1/tips')).filter((x) => inDay(x.created_at));
  assert.ok(allTips.length > 0, 'tips came today');
  assert.equal(rep.tips.received, allTips.length);
  assert.equal(rep.tips.handled, (await pageAll(ctx, admin, '/api/v1/tips')).filter((x) => inDay(x.handled_at)).length);
  assert.ok(rep.tips.handled_within_24h_share > 0 && rep.tips.handled_within_24h_share <= 1, `share ${rep.tips.handled_within_24h_share}`);
  for (const k of ['returnee', 'gathering', 'price_gouging', 'fever', 'other']) {
    assert.equal(rep.tips.by_kind[k] ?? 0, allTips.filter((x) => x.kind === k).length, `tips of kind ${k}`);
  }
  const everyTask = await pageAll(ctx, admin, '/api/v1/tasks');
  const allTasks = everyTask.filter((x) => inDay(x.created_at));
  assert.ok(allTasks.length > 0, 'tasks were given out today');
  assert.equal(rep.tasks.opened, allTasks.length);
  assert.equal(rep.tasks.closed, everyTask.filter((x) => inDay(x.verified_at)).length);
  const overdue = everyTask.filter((x) => x.overdue);
  assert.equal(rep.tasks.overdue, overdue.length);
  assert.ok(overdue.some((x) => x.id === tasks.O.id));
  assert.equal(typeof rep.tasks.median_hours_to_close, 'number');
  assert.ok(rep.tasks.median_hours_to_close >= 0 && rep.tasks.median_hours_to_close < 3, `median ${rep.tasks.median_hours_to_close}`);
  const yl = rep.tasks.by_village.find((v) => v.code === AREA.yunlong);
  assert.ok(yl, '云龙村 in tasks.by_village');
  assert.equal(yl.name, '云龙村');
  assert.equal(yl.overdue, overdue.filter((x) => x.area_code.startsWith(AREA.yunlong)).length);
  assert.deepEqual(rep.overdue_tasks.map((x) => x.id).sort(), overdue.map((x) => x.id).sort());
  const o = rep.overdue_tasks.find((x) => x.id === tasks.O.id);
  assert.equal(o.title, tasks.O.title);
  assert.equal(o.priority, 'urgent');
  assert.equal(o.deadline, tasks.O.deadline);
  assert.ok(JSON.stringify(o.owner).includes('云龙村一组网格员'), `the owner: ${JSON.stringify(o.owner)}`);
  // today is the default
  const d = await report(admin, '');
  assert.equal(d.date, TODAY);
  assert.equal(d.tasks.opened, rep.tasks.opened);
  // the monitoring part is the figures of that day
  const f = await ctx.api('GET', `/api/v1/monitoring/figures?date=${TODAY}`, { token: admin });
  for (const k of ['under_observation', 'registered_today', 'abnormal_today', 'alerts_open']) assert.equal(rep.monitoring.town[k], f.json.town[k], k);
});

t('the viewer reads the counts only; the lists are empty; the auditor and strangers are refused', async () => {
  const a = await report();
  const v = await report(u.viewer.token);
  assertReportShape(v);
  assert.deepEqual(v.open_alerts, []);
  assert.deepEqual(v.overdue_tasks, []);
  assert.ok(a.overdue_tasks.length > 0, 'the admin’s list is not empty');
  assert.deepEqual(v.tasks.by_owner, [], 'no owners’ names for the viewer');
  assert.deepEqual({ ...v.tasks, by_owner: a.tasks.by_owner }, a.tasks, 'the same task counts');
  assert.deepEqual(v.tips, a.tips, 'the same tip counts');
  assert.deepEqual(v.monitoring.town, a.monitoring.town);
  assert.ok(!JSON.stringify(v).includes(tasks.O.title), 'no titles for the viewer');
  assertError(await ctx.api('GET', `/api/v1/reports/daily?date=${TODAY}`, { token: u.auditor.token }), 403, 'forbidden');
  assertError(await ctx.api('GET', `/api/v1/reports/daily?date=${TODAY}`), 401, 'unauthenticated');
  assertError(await ctx.api('GET', '/api/v1/reports/daily?date=2020-02-30', { token: admin }), 422, 'invalid', 'date');
  assertError(await ctx.api('GET', '/api/v1/reports/daily?date=yesterday', { token: admin }), 422, 'invalid', 'date');
  assertError(await ctx.api('GET', `/api/v1/reports/daily?date=${TODAY}&format=pdf`, { token: admin }), 422, 'invalid', 'format');
  // the day before: nothing of this file happened then, only the demo town's own of that day
  const y = await report(admin, '?date=2020-02-02');
  assert.equal(y.date, '2020-02-02');
  assert.equal(y.previous_date, '2020-02-01');
  const y0 = local('2020-02-02');
  const thatDay = (x) => x.created_at >= y0 && x.created_at < y0 + 86400;
  const tipsThen = (await pageAll(ctx, admin, '/api/v1/tips')).filter(thatDay);
  const tasksThen = (await pageAll(ctx, admin, '/api/v1/tasks')).filter(thatDay);
  assert.ok(tipsThen.every((x) => !Object.values(tips).some((mine) => mine.id === x.id)), 'none of this file\'s tips');
  assert.ok(tasksThen.every((x) => !Object.values(tasks).some((mine) => mine.id === x.id)), 'none of this file\'s tasks');
  assert.equal(y.tips.received, tipsThen.length);
  assert.equal(y.tasks.opened, tasksThen.length);
});

t('the report as HTML for A4 (text escaped) and as an xlsx workbook', async () => {
  const h = await ctx.api('GET', `/api/v1/reports/daily?date=${TODAY}&format=html`, { token: admin });
  assert.equal(h.status, 200, h.text.slice(0, 300));
  assert.match(h.headers.get('content-type') || '', /^text\/html/);
  assert.match(h.text, /<html|<!doctype html/i);
  assert.match(h.text, /2020-02-03|2020年0?2月0?3日/, 'the date');
  assert.ok(h.text.includes('鹤岭镇'), 'the town');
  assert.ok(h.text.includes('云龙村'), 'the villages');
  assert.ok(!h.text.includes('<script>alert(1)</script>'), 'a task title never runs as a script');
  assert.ok(h.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the overdue task’s title is shown escaped');

  const r = await fetch(`${ctx.server.base}/api/v1/reports/daily?date=${TODAY}&format=xlsx`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(r.status, 200, buf.toString('utf8').slice(0, 300));
  assert.equal((r.headers.get('content-type') || '').split(';')[0].trim(), XLSX);
  assertWorkbook(buf);
  const z = zipEntries(buf);
  const text = [...z.entries()].filter(([n]) => n.endsWith('.xml')).map(([, b]) => b.toString('utf8')).join('\n');
  assert.ok(text.includes('2020-02-03'), 'the date in the workbook');
  assert.ok(text.includes('云龙村'), 'the villages in the workbook');

  const v = await fetch(`${ctx.server.base}/api/v1/reports/daily?date=${TODAY}&format=xlsx`, {
    headers: { authorization: `Bearer ${u.viewer.token}` },
  });
  const vb = Buffer.from(await v.arrayBuffer());
  assert.equal(v.status, 200);
  const vt = [...zipEntries(vb).values()].map((b) => b.toString('utf8')).join('\n');
  assertWorkbook(vb);
  assert.ok(!vt.includes('alert(1)'), 'the viewer’s workbook has no overdue task titles');
  // last: a workbook sent to the district says which town it is about
  assert.ok(text.includes('鹤岭镇'), 'the town’s name in the workbook (REPORT.town)');
});

t('the CLI prints the same report: fangyi report daily --format json|html|xlsx', async () => {
  const api = await report();
  const r = await ctx.cli('report', 'daily', '--date', TODAY, '--format', 'json');
  assert.equal(r.code, 0, `fangyi report daily: ${r.stdout.slice(0, 300)}${r.stderr}`);
  const cli = JSON.parse(r.stdout);
  assertReportShape(cli);
  assert.equal(cli.date, api.date);
  assert.equal(cli.previous_date, api.previous_date);
  assert.deepEqual(cli.town, api.town);
  assert.deepEqual(cli.registry, api.registry);
  assert.deepEqual(cli.tips, api.tips);
  assert.deepEqual({ ...cli.tasks }, { ...api.tasks });
  for (const k of ['under_observation', 'registered_today', 'abnormal_today', 'alerts_open']) assert.equal(cli.monitoring.town[k], api.monitoring.town[k]);
  assert.deepEqual(cli.overdue_tasks.map((x) => x.id).sort(), api.overdue_tasks.map((x) => x.id).sort());

  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-report-'));
  try {
    const out = path.join(dir, '调度日报.xlsx');
    const x = await ctx.cli('report', 'daily', '--date', TODAY, '--format', 'xlsx', '--out', out);
    assert.equal(x.code, 0, `fangyi report daily --format xlsx: ${x.stdout}${x.stderr}`);
    assertWorkbook(readFileSync(out));
    const hout = path.join(dir, 'r.html');
    const hh = await ctx.cli('report', 'daily', '--date', TODAY, '--format', 'html', '--out', hout);
    assert.equal(hh.code, 0, hh.stderr);
    const html = readFileSync(hout, 'utf8');
    assert.ok(html.includes('鹤岭镇') && /2020-02-03|2020年0?2月0?3日/.test(html), 'the html file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const bad = await ctx.cli('report', 'daily', '--date', '2020-02-30', '--format', 'json');
  assert.notEqual(bad.code, 0, 'a bad date is an error');
  const badf = await ctx.cli('report', 'daily', '--date', TODAY, '--format', 'pdf');
  assert.notEqual(badf.code, 0, 'a bad format is an error');
});

ctx.cleanExit();
