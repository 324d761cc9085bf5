// idempotent_creates.test.mjs: every create a client may retry is exactly-once with an
// Idempotency-Key. For each create route of the API (the route table's POSTs that add a record),
// the same request sent twice under one key answers the first answer again and adds nothing (the
// record's list counts one more after the first and no more after the retry), and a different
// body under the same key is refused with idempotency_mismatch, adding nothing either.
//
// Left out, and why: POST /session (a login, no record), /persons/{id}/reveal,
// /key-persons/{id}/staff-reveal and /screenings/{id}/reveal (an audited read), /persons/{id}/merge
// and the state changes of alerts, tasks, handovers and gatherings (transitions of a record, not
// creates), /thresholds (sets a value), /imports/residents (an import matches its rows to the
// registry, so a second run changes nothing), /self-report (public: keys are per user, and the
// resident's code stands for them) and /key-persons/{id}/self-code (a new secret each time, never
// stored as an answer).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { AREA, idNumber, localDate, addDays, phone, png, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const fx = {}; // what the cases build on, made by the set-up without keys

function api(method, p, token, body, headers) {
  return ctx.api(method, p, { token, body, headers });
}

async function ok(r, status = 201) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

// total(token, path) → the list's total (its `total`, else its length)
async function total(token, p) {
  const r = await api('GET', p, token);
  assert.equal(r.status, 200, `GET ${p}: ${r.text}`);
  if (typeof r.json.total === 'number') return r.json.total;
  return (Array.isArray(r.json) ? r.json : r.json.items).length;
}

const key = (name) => `idem-${name.replace(/[^a-z0-9]+/gi, '-')}-${randomBytes(6).toString('hex')}`;

// The check itself. c: {path, body, other (a different body), count (→ number), token?, raw?,
// type?}: a raw body (a photo) is sent as is, other then a different raw body.
async function exactlyOnce(c) {
  const token = c.token || fx.admin;
  const k = { 'Idempotency-Key': key(c.name) };
  const send = (body) => (c.raw
    ? ctx.api('POST', c.path, { token, raw: body, type: c.type, headers: k })
    : ctx.api('POST', c.path, { token, body, headers: k }));
  const before = await c.count();
  const first = await send(c.body);
  assert.ok(first.status >= 200 && first.status < 300, `${c.path} first: ${first.status} ${first.text}`);
  const once = await c.count();
  assert.ok(once > before, `${c.path}: the first request adds a record (${before} → ${once})`);
  const again = await send(c.body);
  assert.equal(again.status, first.status, `${c.path} retry: ${again.text}`);
  assert.deepEqual(again.json, first.json, `${c.path}: the retry answers the first answer`);
  assert.equal(again.headers.get('idempotent-replay'), 'true', `${c.path}: the retry is marked a replay`);
  assert.equal(await c.count(), once, `${c.path}: the retry adds nothing`);
  const other = await send(c.other);
  assert.equal(other.status, 422, `${c.path} other body: ${other.text}`);
  assert.equal(other.json.error.code, 'idempotency_mismatch', other.text);
  assert.equal(other.json.error.field, 'Idempotency-Key', other.text);
  assert.equal(await c.count(), once, `${c.path}: the refused body adds nothing`);
}

const today = () => localDate(ctx.now());

t('set up: users, a household, a key person, a store with stock, posts with rosters, a campaign, a publicity action', async () => {
  fx.admin = await ctx.login(ctx.admin);
  fx.adminId = (await api('GET', '/api/v1/session', fx.admin)).json.user.id;
  fx.hh = await ok(await api('POST', '/api/v1/households', fx.admin, { address: `幂等路${randomBytes(3).toString('hex')}号`, area_code: AREA.lixin1 }));
  // a household no publicity reaches (the banner below covers 立新村), for a door-visit task
  fx.unreached = await ok(await api('POST', '/api/v1/households', fx.admin, { address: `幂等巷${randomBytes(3).toString('hex')}号`, area_code: AREA.yunlong2 }));
  fx.person = await ok(await api('POST', '/api/v1/persons', fx.admin, { name: uniqueName(), id_number: idNumber(), household_id: fx.hh.id }));
  fx.kp = await ok(await api('POST', '/api/v1/key-persons', fx.admin, {
    person: { name: uniqueName('葛'), id_number: idNumber(), area_code: AREA.lixin1 }, reason: 'close_contact', found_by: 'sweep', kind: 'home',
  }));
  fx.store = await ok(await api('POST', '/api/v1/stores', fx.admin, { name: `幂等物资点${randomBytes(2).toString('hex')}`, area_code: AREA.lixin, kind: 'village' }));
  await ok(await api('POST', '/api/v1/donations', fx.admin, {
    donor: { name: '幂等捐赠人', kind: 'person' }, date: today(), store_id: fx.store.id, lines: [{ item: 'mask_surgical', quantity: 100 }],
  }));

  // a post rostered from today on, with a member on its teams' shifts
  const d0 = today();
  fx.post = await ok(await api('POST', '/api/v1/duty/posts', fx.admin, { name: `幂等卡口${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'checkpoint' }));
  const A = await ok(await api('POST', `/api/v1/duty/posts/${fx.post.id}/teams`, fx.admin, { name: '甲班' }));
  const B = await ok(await api('POST', `/api/v1/duty/posts/${fx.post.id}/teams`, fx.admin, { name: '乙班' }));
  fx.team = A;
  fx.pattern = await ok(await api('POST', `/api/v1/duty/posts/${fx.post.id}/patterns`, fx.admin, {
    name: '两班', kind: 'custom', teams: [A.id, B.id], shifts: [{ start: '00:00', hours: 12 }, { start: '12:00', hours: 12 }], anchor_date: d0,
  }));
  await ok(await api('POST', `/api/v1/duty/posts/${fx.post.id}/roster`, fx.admin, { pattern_id: fx.pattern.id, from: d0, to: addDays(d0, 3) }));
  fx.member = await ok(await api('POST', `/api/v1/duty/teams/${A.id}/members`, fx.admin, { name: '幂等队员' }));
  fx.leaver = await ok(await api('POST', `/api/v1/duty/teams/${B.id}/members`, fx.admin, { name: '请假队员' }));
  const shifts = (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}/roster?from=${addDays(d0, 2)}&to=${addDays(d0, 2)}`, fx.admin), 200)).shifts;
  fx.shift = shifts.find((s) => s.team && s.team.id === A.id);
  assert.ok(fx.shift, 'a shift of 甲班 the day after tomorrow');

  // a post rostered yesterday only: the handover of its last shift, by a member of that shift
  const y = addDays(d0, -1);
  const P2 = await ok(await api('POST', '/api/v1/duty/posts', fx.admin, { name: `幂等交接岗${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'checkpoint' }));
  const C = await ok(await api('POST', `/api/v1/duty/posts/${P2.id}/teams`, fx.admin, { name: '丙班' }));
  const D = await ok(await api('POST', `/api/v1/duty/posts/${P2.id}/teams`, fx.admin, { name: '丁班' }));
  const pat2 = await ok(await api('POST', `/api/v1/duty/posts/${P2.id}/patterns`, fx.admin, {
    name: '两班', kind: 'custom', teams: [C.id, D.id], shifts: [{ start: '00:00', hours: 12 }, { start: '12:00', hours: 12 }], anchor_date: y,
  }));
  await ok(await api('POST', `/api/v1/duty/posts/${P2.id}/roster`, fx.admin, { pattern_id: pat2.id, from: y, to: y }));
  fx.writer = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '幂等交班人' }));
  const writerId = (await api('GET', '/api/v1/session', fx.writer)).json.user.id;
  await ok(await api('POST', `/api/v1/duty/teams/${D.id}/members`, fx.admin, { user_id: writerId }));
  const ys = (await ok(await api('GET', `/api/v1/duty/posts/${P2.id}/roster?from=${y}&to=${y}`, fx.admin), 200)).shifts;
  fx.handoverPost = P2;
  fx.handoverShift = ys.find((s) => s.team && s.team.id === D.id);
  assert.ok(fx.handoverShift, "yesterday's shift of 丁班");

  fx.sweep = await ok(await api('POST', '/api/v1/sweeps', fx.admin, {
    name: '幂等排查', scope: [AREA.lixin1], starts_on: d0, ends_on: addDays(d0, 7), questions: [{ key: 'back', text: '是否返乡', kind: 'yesno' }],
  }));
  fx.publicity = await ok(await api('POST', '/api/v1/publicity', fx.admin, { kind: 'banner', area_code: AREA.lixin, title: '幂等横幅', happened_on: d0 }));
});

// Each create route of the API, in the order of the route table.
const CASES = [
  {
    name: 'areas',
    make: () => ({
      path: '/api/v1/areas',
      body: { name: '幂等组', kind: 'grid', parent_code: AREA.lixin },
      other: { name: '另一组', kind: 'grid', parent_code: AREA.lixin },
      count: () => total(fx.admin, '/api/v1/areas?limit=1'),
    }),
  },
  {
    name: 'persons',
    make: () => ({
      path: '/api/v1/persons',
      body: { name: uniqueName(), id_number: idNumber(), phone: phone(), household_id: fx.hh.id },
      other: { name: uniqueName(), id_number: idNumber(), household_id: fx.hh.id },
      count: () => total(fx.admin, `/api/v1/persons?household_id=${fx.hh.id}&limit=500`),
    }),
  },
  {
    name: 'households',
    make: () => {
      const street = `幂等街${randomBytes(3).toString('hex')}`;
      return {
        path: '/api/v1/households',
        body: { address: `${street}1号`, area_code: AREA.lixin1 },
        other: { address: `${street}2号`, area_code: AREA.lixin1 },
        count: () => total(fx.admin, `/api/v1/households?q=${encodeURIComponent(street)}&limit=1`),
      };
    },
  },
  {
    name: 'users',
    make: () => {
      const u = `idem_${randomBytes(4).toString('hex')}`;
      return {
        path: '/api/v1/users',
        body: { username: u, password: 'idem-pass-9731x', role: 'grid', area_code: AREA.lixin1 },
        other: { username: `${u}b`, password: 'idem-pass-9731x', role: 'grid', area_code: AREA.lixin1 },
        count: () => total(fx.admin, '/api/v1/users?limit=1'),
      };
    },
  },
  {
    name: 'key-persons',
    make: () => ({
      path: '/api/v1/key-persons',
      body: { person: { name: uniqueName('欧'), id_number: idNumber(), area_code: AREA.lixin1 }, reason: 'close_contact', found_by: 'sweep', kind: 'home' },
      other: { person: { name: uniqueName('欧'), id_number: idNumber(), area_code: AREA.lixin1 }, reason: 'close_contact', found_by: 'sweep', kind: 'home' },
      count: () => total(fx.admin, '/api/v1/key-persons?limit=1'),
    }),
  },
  {
    name: 'checks',
    make: () => ({
      path: `/api/v1/key-persons/${fx.kp.id}/checks`,
      body: { temperature: 36.5, method: 'phone' },
      other: { temperature: 36.6, method: 'phone' },
      count: () => total(fx.admin, `/api/v1/key-persons/${fx.kp.id}/checks`),
    }),
  },
  // tips: the public tip form, with no login, has its own file (tip_idempotency.test.mjs): its keys
  // are the public's, not a user's, and a tip needs the address's limits and challenge
  {
    name: 'tasks',
    make: () => ({
      path: '/api/v1/tasks',
      body: { title: '幂等上门核查', area_code: AREA.lixin1, owner_id: fx.adminId, deadline: ctx.now() + 86400, priority: 'normal', source: 'manual' },
      other: { title: '另一件任务', area_code: AREA.lixin1, owner_id: fx.adminId, deadline: ctx.now() + 86400, priority: 'normal', source: 'manual' },
      count: () => total(fx.admin, '/api/v1/tasks?limit=1'),
    }),
  },
  {
    name: 'items',
    make: () => {
      const k = `idem_${randomBytes(3).toString('hex')}`;
      return {
        path: '/api/v1/items',
        body: { key: k, name: '幂等物资', unit: '件' },
        other: { key: `${k}b`, name: '另一物资', unit: '件' },
        count: () => total(fx.admin, '/api/v1/items'),
      };
    },
  },
  {
    name: 'stores',
    make: () => ({
      path: '/api/v1/stores',
      body: { name: `幂等仓库${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'village' },
      other: { name: `另一仓库${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'village' },
      count: () => total(fx.admin, '/api/v1/stores'),
    }),
  },
  {
    name: 'donations',
    make: () => ({
      path: '/api/v1/donations',
      body: { donor: { name: '幂等爱心人士', kind: 'person' }, date: today(), store_id: fx.store.id, lines: [{ item: 'mask_surgical', quantity: 10 }] },
      other: { donor: { name: '幂等爱心人士', kind: 'person' }, date: today(), store_id: fx.store.id, lines: [{ item: 'mask_surgical', quantity: 11 }] },
      count: () => total(fx.admin, '/api/v1/donations?limit=1'),
    }),
  },
  {
    name: 'ledger',
    make: () => ({
      path: '/api/v1/ledger',
      body: { kind: 'issue', store_id: fx.store.id, item: 'mask_surgical', quantity: 3, to_area_code: AREA.lixin, purpose: '网格员' },
      other: { kind: 'issue', store_id: fx.store.id, item: 'mask_surgical', quantity: 4, to_area_code: AREA.lixin, purpose: '网格员' },
      count: () => total(fx.admin, `/api/v1/ledger?store_id=${fx.store.id}&limit=1`),
    }),
  },
  {
    name: 'duty posts',
    make: () => ({
      path: '/api/v1/duty/posts',
      body: { name: `幂等岗${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'village_entrance' },
      other: { name: `另一岗${randomBytes(2).toString('hex')}`, area_code: AREA.yunlong, kind: 'village_entrance' },
      count: () => total(fx.admin, '/api/v1/duty/posts?limit=1'),
    }),
  },
  {
    name: 'teams',
    make: () => ({
      path: `/api/v1/duty/posts/${fx.post.id}/teams`,
      body: { name: '幂等班' },
      other: { name: '另一班' },
      count: async () => (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}`, fx.admin), 200)).teams.length,
    }),
  },
  {
    name: 'patterns',
    make: () => ({
      path: `/api/v1/duty/posts/${fx.post.id}/patterns`,
      body: { name: '幂等一班', kind: 'custom', teams: [fx.team.id], shifts: [{ start: '08:00', hours: 8 }] },
      other: { name: '幂等二班', kind: 'custom', teams: [fx.team.id], shifts: [{ start: '08:00', hours: 8 }] },
      count: async () => (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}`, fx.admin), 200)).patterns.length,
    }),
  },
  {
    name: 'roster',
    make: () => {
      const from = addDays(today(), 10);
      const shifts = async () => (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}/roster?from=${from}&to=${addDays(from, 1)}`, fx.admin), 200)).shifts.length;
      return {
        path: `/api/v1/duty/posts/${fx.post.id}/roster`,
        body: { pattern_id: fx.pattern.id, from, to: from },
        other: { pattern_id: fx.pattern.id, from, to: addDays(from, 1) },
        count: shifts,
      };
    },
  },
  {
    name: 'members',
    make: () => ({
      path: `/api/v1/duty/teams/${fx.team.id}/members`,
      body: { name: '幂等志愿者', kind: 'volunteer' },
      other: { name: '另一志愿者', kind: 'volunteer' },
      count: async () => (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}`, fx.admin), 200)).teams.find((x) => x.id === fx.team.id).members.length,
    }),
  },
  {
    name: 'shift changes',
    make: () => ({
      path: `/api/v1/duty/shifts/${fx.shift.id}/changes`,
      body: { kind: 'leave', member_id: fx.member.id, reason: '家中有事' },
      other: { kind: 'leave', member_id: fx.member.id, reason: '另有安排' },
      count: async () => {
        const d = fx.shift.day;
        const s = (await ok(await api('GET', `/api/v1/duty/posts/${fx.post.id}/roster?from=${d}&to=${d}`, fx.admin), 200)).shifts;
        return s.find((x) => x.id === fx.shift.id).changes.length;
      },
    }),
  },
  {
    name: 'leave',
    make: () => {
      const d = addDays(today(), 3);
      return {
        path: `/api/v1/duty/posts/${fx.post.id}/leave`,
        body: { member_id: fx.leaver.id, from: d, to: d, reason: '病假' },
        other: { member_id: fx.leaver.id, from: d, to: d, reason: '事假' },
        count: () => total(fx.admin, `/api/v1/duty/posts/${fx.post.id}/leave?all=1&to=${addDays(today(), 30)}`),
      };
    },
  },
  {
    name: 'handovers',
    make: () => ({
      token: fx.writer,
      path: `/api/v1/duty/shifts/${fx.handoverShift.id}/handover`,
      body: { masks: 30, batteries: 2 },
      other: { masks: 31, batteries: 2 },
      count: () => total(fx.admin, `/api/v1/duty/handovers?post_id=${fx.handoverPost.id}&limit=1`),
    }),
  },
  {
    name: 'screenings',
    make: () => ({
      path: '/api/v1/screenings',
      body: { post_id: fx.post.id, kind: 'vehicle', plate: '湘C·13579', persons: [{ temperature: 36.4 }] },
      other: { post_id: fx.post.id, kind: 'vehicle', plate: '湘C·13579', persons: [{ temperature: 36.5 }] },
      count: () => total(fx.admin, `/api/v1/screenings?post_id=${fx.post.id}&limit=1`),
    }),
  },
  {
    name: 'sweeps',
    make: () => ({
      path: '/api/v1/sweeps',
      body: { name: '幂等新排查', scope: [AREA.lixin1], starts_on: today(), ends_on: today(), questions: [{ key: 'back', text: '是否返乡', kind: 'yesno' }] },
      other: { name: '另一排查', scope: [AREA.lixin1], starts_on: today(), ends_on: today(), questions: [{ key: 'back', text: '是否返乡', kind: 'yesno' }] },
      count: () => total(fx.admin, '/api/v1/sweeps?limit=1'),
    }),
  },
  {
    name: 'sweep rounds',
    make: () => ({
      path: `/api/v1/sweeps/${fx.sweep.id}/rounds`,
      body: { ends_on: addDays(today(), 7) },
      other: { ends_on: addDays(today(), 6) },
      count: async () => (await ok(await api('GET', `/api/v1/sweeps/${fx.sweep.id}`, fx.admin), 200)).rounds.length,
    }),
  },
  {
    name: 'visits',
    make: () => ({
      path: `/api/v1/sweeps/${fx.sweep.id}/visits`,
      body: { household_id: fx.hh.id, outcome: 'not_home' },
      other: { household_id: fx.hh.id, outcome: 'not_home', note: '再来' },
      count: () => total(fx.admin, `/api/v1/sweeps/${fx.sweep.id}/visits?household_id=${fx.hh.id}&limit=1`),
    }),
  },
  {
    name: 'publicity',
    make: () => ({
      path: '/api/v1/publicity',
      body: { kind: 'loudspeaker', area_code: AREA.lixin, title: '幂等小喇叭', happened_on: today() },
      other: { kind: 'loudspeaker', area_code: AREA.lixin, title: '另一小喇叭', happened_on: today() },
      count: () => total(fx.admin, '/api/v1/publicity?limit=1'),
    }),
  },
  {
    name: 'door tasks',
    make: () => ({
      path: '/api/v1/publicity/door-tasks',
      body: { household_id: fx.unreached.id, owner_id: fx.adminId },
      other: { household_id: fx.unreached.id, owner_id: fx.adminId, deadline: ctx.now() + 2 * 86400 },
      count: () => total(fx.admin, '/api/v1/tasks?limit=1'),
    }),
  },
  {
    name: 'publicity photos',
    make: () => ({
      path: `/api/v1/publicity/${fx.publicity.id}/photos`,
      raw: png(3, 2),
      other: png(3, 2, [30, 200, 30]),
      type: 'image/png',
      count: async () => (await ok(await api('GET', `/api/v1/publicity?limit=500`, fx.admin), 200)).items.find((x) => x.id === fx.publicity.id).photos.length,
    }),
  },
  {
    name: 'gatherings',
    make: () => ({
      path: '/api/v1/gatherings',
      body: { kind: 'wedding', host_person_id: fx.person.id, planned_on: addDays(today(), 5), place: '立新村', expected_guests: 80 },
      other: { kind: 'wedding', host_person_id: fx.person.id, planned_on: addDays(today(), 6), place: '立新村', expected_guests: 80 },
      count: () => total(fx.admin, '/api/v1/gatherings?limit=1'),
    }),
  },
];

for (const c of CASES) {
  t(`exactly once: ${c.name}: a retry under the same key answers as the first and adds nothing; another body is refused`, async () => {
    const made = c.make();
    if (made.raw) await exactlyOnce({ name: c.name, ...made, body: made.raw });
    else await exactlyOnce({ name: c.name, ...made });
  });
}

ctx.cleanExit();
