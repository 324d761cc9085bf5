// labels.test.mjs: what the history of a key person and of a task gives the page to word in the
// reader's language: each event's fields (never a sentence in one language, never a user id),
// the names of the staff it concerns, and the grid workers and doctors a secretary may assign.
import assert from 'node:assert/strict';
import { AREA, assertError, idNumber, pageAll, phone, setupTown, sql, uniqueName } from './lib.mjs';

const ctx = setupTown({ clock: '2020-01-25T10:00:00+08:00' });
const t = ctx.test;
const KP = '/api/v1/key-persons';
const HAN = /[\u4e00-\u9fff]/;

let admin, sec, secOther, grid, doctor;
const staff = {}; // username -> {id, display_name}
let kp;

async function ok(method, p, token, body) {
  const r = await ctx.api(method, p, { token, body });
  assert.ok(r.status === 200 || r.status === 201, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

t('setup: a secretary, a grid worker and a doctor of 云龙村 with names, a key person', async () => {
  admin = await ctx.login(ctx.admin);
  const s = await ctx.user('secretary', AREA.yunlong, undefined, { displayName: '钟书记' });
  const so = await ctx.user('secretary', AREA.lixin, undefined, { displayName: '立新书记' });
  const g = await ctx.user('grid', AREA.yunlong2, undefined, { displayName: '甘网格' });
  const d = await ctx.user('doctor', AREA.yunlong, undefined, { displayName: '窦村医' });
  sec = await ctx.login(s);
  secOther = await ctx.login(so);
  grid = await ctx.login(g);
  doctor = await ctx.login(d);
  for (const u of await pageAll(ctx, admin, '/api/v1/users')) staff[u.username] = u;
  staff.g = staff[g.username];
  staff.d = staff[d.username];
  const p = await ok('POST', '/api/v1/persons', admin, {
    name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1,
  });
  kp = await ok('POST', KP, admin, {
    person_id: p.id, reason: 'high_risk_area', from_place: '武汉', arrived_on: '2020-01-23',
    found_by: 'sweep', kind: 'home',
  });
});

t('a secretary is offered the grid workers and doctors of the village by name, others are not', async () => {
  const r = await ok('GET', `${KP}/${kp.id}/staff-options`, sec);
  const g = r.grid_workers.find((x) => x.id === staff.g.id);
  assert.ok(g, `the grid worker of 云龙村2组 is offered: ${JSON.stringify(r)}`);
  assert.equal(g.name, '甘网格');
  assert.equal(g.area_code, AREA.yunlong2);
  assert.ok(r.doctors.some((x) => x.id === staff.d.id && x.name === '窦村医'), JSON.stringify(r.doctors));
  for (const x of [...r.grid_workers, ...r.doctors]) {
    assert.ok(x.area_code.startsWith(AREA.yunlong), `only the village's staff: ${JSON.stringify(x)}`);
    assert.equal(x.phone, undefined, 'no phone: only the audited reveal gives one');
  }
  assert.ok(!r.doctors.some((x) => x.id === staff.g.id) && !r.grid_workers.some((x) => x.id === staff.d.id));
  // a grid worker may not assign; another village's secretary does not see the key person
  assertError(await ctx.api('GET', `${KP}/${kp.id}/staff-options`, { token: grid }), 403, 'forbidden');
  assertError(await ctx.api('GET', `${KP}/${kp.id}/staff-options`, { token: secOther }), 404, 'not_found');
});

t('the timeline gives fields and names, in no language and without a user id', async () => {
  await ok('PATCH', `${KP}/${kp.id}`, sec, { grid_worker_id: staff.g.id, doctor_id: staff.d.id });
  await ok('PATCH', `${KP}/${kp.id}`, doctor, { days: 16 });
  const c = await ok('POST', `${KP}/${kp.id}/checks`, doctor, { temperature: 38.2, symptoms: ['fever', 'cough', 'fatigue'], method: 'visit' });
  assert.ok(c.alert, 'a fever raises an alert');
  await ok('POST', `/api/v1/alerts/${c.alert.id}/refer`, doctor, { hospital: '市第一人民医院', transport: '120' });
  await ok('POST', `/api/v1/alerts/${c.alert.id}/result`, doctor, { result: 'excluded', note: '流感' });
  await ok('POST', `/api/v1/alerts/${c.alert.id}/close`, doctor, { note: '已排除' });

  const tl = (await ok('GET', `${KP}/${kp.id}/timeline`, admin)).items;
  const of = (kind) => tl.filter((e) => e.kind === kind);
  for (const e of tl) {
    assert.equal(e.detail, '', `no sentence in one language: ${JSON.stringify(e)}`);
    assert.equal(typeof e.data, 'object', JSON.stringify(e));
    assert.notEqual(e.data, null, JSON.stringify(e));
    assert.equal(e.actor, 'user');
  }
  const reg = of('registered')[0];
  assert.deepEqual(
    { kind: reg.data.kind, reason: reg.data.reason, from: reg.data.from_place, start: reg.data.start_date, days: reg.data.days },
    { kind: 'home', reason: 'high_risk_area', from: '武汉', start: '2020-01-23', days: 14 });
  assert.equal(reg.by, ctx.admin.username, 'an admin without a display name is named by the username');

  const assigned = of('assigned').slice(-2);
  assert.deepEqual(assigned.map((e) => [e.data.role, e.data.name]), [['grid_worker', '甘网格'], ['doctor', '窦村医']]);
  assert.equal(assigned[0].by, '钟书记', 'who did it, by name');
  assert.deepEqual(of('extended')[0].data, { days: 16, end_date: '2020-02-07' });

  const ch = of('check')[0].data;
  assert.deepEqual(
    { day: ch.day, slot: ch.slot, t: ch.temperature, m: ch.method, ab: ch.abnormal, s: ch.symptoms },
    { day: '2020-01-25', slot: 'am', t: 38.2, m: 'visit', ab: true, s: ['fever', 'cough', 'fatigue'] });
  assert.equal(of('check')[0].by, '窦村医');
  const al = of('alert')[0].data;
  assert.equal(al.alert_id, c.alert.id);
  assert.deepEqual(al.symptoms, ['fever', 'cough'], 'the key symptoms that raised it');
  assert.deepEqual(of('referred')[0].data, { alert_id: c.alert.id, hospital: '市第一人民医院', transport: '120' });
  assert.deepEqual(of('result')[0].data, { alert_id: c.alert.id, result: 'excluded', note: '流感' });
  assert.deepEqual(of('closed')[0].data, { alert_id: c.alert.id, note: '已排除' });
  // the only words left are what people typed or named
  const typed = new Set(['武汉', '市第一人民医院', '流感', '已排除', ...Object.values(staff).map((u) => u.display_name)]);
  for (const e of tl) {
    for (const [k, v] of Object.entries(e.data)) {
      if (typeof v === 'string' && HAN.test(v)) assert.ok(typed.has(v), `${e.kind}.${k} is words: ${v}`);
    }
  }
});

t('a resident self-report and the automatic release say who without a name', async () => {
  const code = kp.self_report_code;
  const r = await ctx.api('POST', '/api/v1/self-report', { body: { code, temperature: 36.6 } });
  assert.equal(r.status, 201, r.text);
  const tl = (await ok('GET', `${KP}/${kp.id}/timeline`, admin)).items;
  const self = tl.filter((e) => e.kind === 'check').pop();
  assert.equal(self.actor, 'resident');
  assert.equal(self.by, '');
  assert.equal(self.username, '');
  assert.equal(self.data.method, 'self');
});

t('rows stored as text before fields were kept still read: an assignment by id gets its name', async () => {
  const kid = kp.id;
  const gid = staff.g.id;
  const rows = `INSERT INTO key_person_event (key_person_id, at, user_id, username, kind, detail) VALUES ` +
    `(${kid}, 1579917600, ${staff.d.id}, '${staff.d.username}', 'assigned', '网格员 #${gid} / grid worker'), ` +
    `(${kid}, 1579917601, NULL, 'system', 'released', '观察期满，末次体温正常，自动解除 / period ended, last checks normal: released automatically')`;
  await sql(ctx.db.url, rows);
  const tl = (await ok('GET', `${KP}/${kid}/timeline`, admin)).items;
  const old = tl[tl.length - 2];
  assert.equal(old.detail, '', 'an id is never the text shown');
  assert.deepEqual([old.data.role, old.data.user_id, old.data.name], ['grid_worker', gid, '甘网格']);
  assert.equal(old.by, '窦村医');
  const sys = tl[tl.length - 1];
  assert.equal(sys.actor, 'system');
  assert.equal(sys.data, null);
  assert.match(sys.detail, /自动解除 \/ period ended/, 'other text is given as it was stored');
});

t('a task history: the created event gives the owner by name and the deadline as a time', async () => {
  const deadline = ctx.now() + 86400; // once: the clock may tick between the post and the check
  const me = await ok('GET', '/api/v1/session', sec);
  const task = await ok('POST', '/api/v1/tasks', admin, {
    title: '核查返乡人员', area_code: AREA.yunlong, owner_id: me.user.id, deadline, priority: 'high', source: 'manual',
  });
  const got = await ok('GET', `/api/v1/tasks/${task.id}`, sec);
  assert.equal(got.priority, 'high');
  const created = got.events.find((e) => e.kind === 'created');
  assert.equal(created.detail, '', `no sentence in both languages: ${JSON.stringify(created)}`);
  assert.deepEqual(created.data, { owner_id: me.user.id, owner: '钟书记', deadline });
  assert.equal(created.by, ctx.admin.username);
});

ctx.cleanExit();
