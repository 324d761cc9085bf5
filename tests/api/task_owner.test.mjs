// task_owner.test.mjs: the daily report's tasks by owner (按责任人) on an injected clock. Two grid
// workers, one in 云龙村 and one in 立新村, get tasks over two days (2020-02-03 and 02-04, town
// time): done, verified, overdue, reopened. The report of each day gives exactly who held how many
// open tasks at its end, how many of those were overdue, what each was given, did and had
// verified that day and the median hours from assignment to done; the first day's figures stay
// what they were that evening after the second day changed its tasks. The HTML has the table, the
// xlsx the sheet 分责任人; a village secretary sees only the owners of the village, the viewer no
// names; the tasks page's summary (GET /api/v1/tasks/owners) and the list filtered by owner.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { AREA, local, pageAll, setupTown } from './lib.mjs';

const DAY1 = '2020-02-03';
const DAY2 = '2020-02-04';
const DAY3 = '2020-02-05';
const ctx = setupTown({ clock: `${DAY1}T09:00:00+08:00` });
const t = ctx.test;

const u = {}; // users: {username, password, id}
const tk = {}; // tasks by name: A1 A2 A3 (owner A), B1 B2 (owner B)
const tok = (who) => ctx.login(who === 'admin' ? ctx.admin : u[who]);

async function at(date, time) {
  await ctx.restart('SIGTERM', { clock: `${date}T${time}:00+08:00` });
}

async function create(name, owner, area, deadline) {
  const r = await ctx.api('POST', '/api/v1/tasks', {
    token: await tok('admin'),
    body: { title: `任务${name}`, area_code: area, owner_id: u[owner].id, deadline, priority: 'normal', source: 'meeting' },
  });
  assert.equal(r.status, 201, r.text);
  tk[name] = r.json;
}

async function step(name, what, who, body = {}) {
  const r = await ctx.api('POST', `/api/v1/tasks/${tk[name].id}/${what}`, { token: await tok(who), body });
  assert.equal(r.status, 200, `${what} ${name}: ${r.text}`);
}

async function report(date, who = 'admin', format = '') {
  const r = await ctx.api('GET', `/api/v1/reports/daily?date=${date}${format ? `&format=${format}` : ''}`,
    { token: await tok(who) });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return r;
}

// byOwner(rep) → {A: row, B: row} with the median rounded to the minute's share of an hour
function byOwner(rep) {
  const out = {};
  for (const row of rep.tasks.by_owner) {
    const who = Object.keys(u).find((k) => u[k].id === row.id);
    assert.ok(who === 'A' || who === 'B', `an owner of this file: ${JSON.stringify(row)}`);
    out[who] = row;
  }
  return out;
}

function assertRow(row, want, what) {
  assert.ok(row, `${what}: a row`);
  for (const k of ['open', 'overdue', 'opened', 'done', 'verified']) assert.equal(row[k], want[k], `${what}: ${k} in ${JSON.stringify(row)}`);
  if (want.median === null) assert.equal(row.median_hours_to_done, null, `${what}: no median`);
  // the injected clock runs on from each restart: allow a minute
  else assert.ok(Math.abs(row.median_hours_to_done - want.median) < 1 / 60, `${what}: median ${row.median_hours_to_done} ≈ ${want.median}`);
}

const WANT1 = {
  A: { name: '云龙一组网格员', area_name: '1组', open: 1, overdue: 1, opened: 3, done: 2, verified: 1, median: 5 },
  B: { name: '立新一组网格员', area_name: '1组', open: 1, overdue: 0, opened: 1, done: 0, verified: 0, median: null },
};
const WANT2 = {
  A: { open: 1, overdue: 0, opened: 0, done: 1, verified: 0, median: 26 },
  B: { open: 2, overdue: 1, opened: 1, done: 0, verified: 0, median: null },
};

function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  assert.ok(eocd >= 0, 'a zip file');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local0 = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local0 + 30 + buf.readUInt16LE(local0 + 26) + buf.readUInt16LE(local0 + 28);
    const data = buf.subarray(start, start + csize);
    out.set(name, method === 0 ? data : inflateRawSync(data));
    p += 46 + skip;
  }
  return out;
}

t(`day 1 (${DAY1}): two owners, four tasks; one done and verified, one done, one left past its deadline`, async () => {
  u.A = await ctx.user('grid', AREA.yunlong1, undefined, { displayName: '云龙一组网格员' });
  u.B = await ctx.user('grid', AREA.lixin1, undefined, { displayName: '立新一组网格员' });
  u.secY = await ctx.user('secretary', AREA.yunlong);
  u.viewer = await ctx.user('viewer', AREA.town);
  const users = await pageAll(ctx, await tok('admin'), '/api/v1/users');
  for (const k of Object.keys(u)) u[k].id = users.find((x) => x.username === u[k].username).id;

  await create('A1', 'A', AREA.yunlong1, local(DAY1, '18:00'));
  await create('A2', 'A', AREA.yunlong1, local(DAY2, '18:00'));
  await create('A3', 'A', AREA.yunlong1, local(DAY3, '18:00'));
  await create('B1', 'B', AREA.lixin1, local(DAY2, '12:00'));
  await at(DAY1, '11:00');
  await step('A2', 'start', 'A');
  await at(DAY1, '13:00');
  await step('A2', 'done', 'A', { result: '已核实' });
  await at(DAY1, '15:00');
  await step('A3', 'done', 'A', { result: '已上门' });
  await step('A2', 'verify', 'admin', { note: '核验无误' });
  await at(DAY1, '20:00');
  const o = byOwner((await report(DAY1)).json);
  assertRow(o.A, WANT1.A, 'day 1 at 20:00, A');
  assertRow(o.B, WANT1.B, 'day 1 at 20:00, B');
  for (const k of ['A', 'B']) {
    assert.equal(o[k].name, WANT1[k].name);
    assert.equal(o[k].area_name, WANT1[k].area_name);
    assert.equal(o[k].area_code, k === 'A' ? AREA.yunlong1 : AREA.lixin1);
  }
  assert.deepEqual(Object.keys(o), ['A', 'B'], 'ordered by the owner’s area');
});

t(`day 2 (${DAY2}): A3 reopened, A1 done late, B given B2 while B1 runs past its deadline`, async () => {
  await at(DAY2, '10:00');
  await step('A3', 'reopen', 'admin', { reason: '人员信息不全' });
  await at(DAY2, '11:00');
  await step('A1', 'done', 'A', { result: '已办' });
  await create('B2', 'B', AREA.lixin1, local(DAY3, '18:00'));
  await at(DAY2, '16:00');
  const o = byOwner((await report(DAY2)).json);
  assertRow(o.A, WANT2.A, 'day 2 at 16:00, A');
  assertRow(o.B, WANT2.B, 'day 2 at 16:00, B');
});

t('the first day’s figures are what was true that evening, not as of now', async () => {
  const rep = (await report(DAY1)).json;
  const o = byOwner(rep);
  assertRow(o.A, WANT1.A, 'day 1 read on day 2, A');
  assertRow(o.B, WANT1.B, 'day 1 read on day 2, B');
  // the day before anything happened has no owners
  assert.deepEqual((await report('2020-02-02')).json.tasks.by_owner, []);
});

t('the printable report has the table by owner and the workbook the sheet 分责任人', async () => {
  const h = (await report(DAY1, 'admin', 'html')).text;
  const i = h.indexOf('按责任人');
  assert.ok(i > h.indexOf('二、任务闭环') && i < h.indexOf('三、群众举报'), 'the table in the tasks section');
  for (const s of ['云龙一组网格员', '立新一组网格员', '未办结', '其中逾期', '当日办结', '办结用时中位数（小时）', '<td>5.0</td>']) {
    assert.ok(h.includes(s), `${s} in the HTML`);
  }
  const r = await fetch(`${ctx.server.base}/api/v1/reports/daily?date=${DAY1}&format=xlsx`, {
    headers: { authorization: `Bearer ${await tok('admin')}` },
  });
  assert.equal(r.status, 200);
  const z = zipEntries(Buffer.from(await r.arrayBuffer()));
  const wb = z.get('xl/workbook.xml').toString('utf8');
  const names = [...wb.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(names.includes('分责任人'), `sheet 分责任人 in ${names.join(' ')}`);
  const strings = z.get('xl/sharedStrings.xml').toString('utf8');
  for (const s of ['云龙一组网格员', '立新一组网格员', '未办结']) assert.ok(strings.includes(s), `${s} in the workbook`);
});

t('a village secretary sees only the owners of the village; the viewer gets counts, no names', async () => {
  const s = (await report(DAY1, 'secY')).json;
  assert.deepEqual(s.tasks.by_owner.map((x) => x.id), [u.A.id]);
  assertRow(s.tasks.by_owner[0], WANT1.A, 'secretary of 云龙村, A');
  const v = await report(DAY1, 'viewer');
  assert.deepEqual(v.json.tasks.by_owner, []);
  assert.equal(v.json.tasks.opened, 4, 'the counts remain');
  const vh = (await report(DAY1, 'viewer', 'html')).text;
  assert.ok(!vh.includes('云龙一组网格员'), 'no owner’s name in the viewer’s HTML');
});

t('the tasks page: open and overdue by owner now, and the list of one owner’s tasks', async () => {
  const r = await ctx.api('GET', '/api/v1/tasks/owners', { token: await tok('admin') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.date, DAY2);
  const rows = Object.fromEntries(r.json.items.map((x) => [x.id === u.A.id ? 'A' : 'B', x]));
  assertRow(rows.A, WANT2.A, 'now, A');
  assertRow(rows.B, WANT2.B, 'now, B');
  const s = await ctx.api('GET', '/api/v1/tasks/owners', { token: await tok('secY') });
  assert.deepEqual(s.json.items.map((x) => x.id), [u.A.id], 'the secretary of 云龙村 sees A only');
  const v = await ctx.api('GET', '/api/v1/tasks/owners', { token: await tok('viewer') });
  assert.equal(v.status, 403, 'the viewer has no tasks page');

  const l = await ctx.api('GET', `/api/v1/tasks?owner=${u.B.id}`, { token: await tok('admin') });
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items.map((x) => x.id).sort((a, b) => a - b), [tk.B1.id, tk.B2.id]);
  const lo = await ctx.api('GET', `/api/v1/tasks?owner=${u.B.id}&overdue=1`, { token: await tok('admin') });
  assert.deepEqual(lo.json.items.map((x) => x.id), [tk.B1.id]);
  const ls = await ctx.api('GET', `/api/v1/tasks?owner=${u.B.id}`, { token: await tok('secY') });
  assert.equal(ls.status, 200);
  assert.deepEqual(ls.json.items, [], 'another village’s owner: nothing out of scope');
  const bad = await ctx.api('GET', '/api/v1/tasks?owner=x', { token: await tok('admin') });
  assert.equal(bad.status, 422);
});

ctx.cleanExit();
