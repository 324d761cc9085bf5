// checkpoint.test.mjs: duty posts and rosters (four-team rotation of 6-hour shifts, three 8-hour
// shifts, custom cycles, daily windows, gaps and overlaps reported), swaps and leave, who is on
// duty now, handovers, and screenings at a checkpoint: plates, validation, the repeat flag of
// vehicles and pedestrians, the fever threshold, the high-risk list, hand-offs to a key person
// (registering a newcomer who lives in the town, or a reading on an existing record) and to the
// command post, idempotent retries, the figures' arithmetic, and refusals outside one's area or
// permission.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addDays, AREA, assertError, ID_MASK, idNumber, localDate, phone, PHONE_MASK, ROOT, setupTown,
  today, uniqueName
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let secretary;
let staff; // checkpoint staff of 云龙村
let staff2; // a second member of staff at the same post
let lixinStaff; // checkpoint staff of 立新村
let grid;
let viewer;
let auditor;
let post; // a toll gate made by these tests, round the clock
let teams = [];
let pattern;

const DAY = 86400;
const dayStart = (d) => Date.parse(`${d}T00:00:00+08:00`) / 1000;
const nowSec = () => Math.floor(Date.now() / 1000);

function api(method, p, token, body, headers) {
  return ctx.api(method, p, { token, body, headers });
}

async function created(r) {
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function makePost(body, token = admin) {
  return created(await api('POST', '/api/v1/duty/posts', token, body));
}

async function makeTeams(postId, names, token = admin) {
  const out = [];
  for (const name of names) out.push(await created(await api('POST', `/api/v1/duty/posts/${postId}/teams`, token, { name })));
  return out;
}

t('set up: users of each role', async () => {
  admin = await ctx.login(ctx.admin);
  secretary = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  staff = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '卡口甲' }));
  staff2 = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '卡口乙' }));
  lixinStaff = await ctx.login(await ctx.user('checkpoint', AREA.lixin));
  grid = await ctx.login(await ctx.user('grid', AREA.yunlong1));
  viewer = await ctx.login(await ctx.user('viewer', AREA.town));
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const s = await api('GET', '/api/v1/session', staff);
  for (const p of ['duty.read', 'screen.write']) assert.ok(s.json.user.permissions.includes(p), `checkpoint has ${p}`);
  assert.ok(!s.json.user.permissions.includes('duty.write'));
  const v = await api('GET', '/api/v1/session', viewer);
  assert.ok(!v.json.user.permissions.some((p) => /^(duty|screen)\./.test(p)), 'viewer: figures only');
});

t('posts: created round the clock or with a daily window; province from the area; bad input named', async () => {
  post = await makePost({ name: '测试收费站', place: '高速出口', area_code: AREA.yunlong, kind: 'checkpoint', phone: '0731-5881 0002' });
  assert.equal(post.round_the_clock, true);
  assert.equal(post.province, '湘', 'province from the area code 43…');
  assert.equal(post.phone, '073158810002');
  assert.equal(post.area_name, '云龙村');
  const w = await makePost({ name: '测试村口', area_code: AREA.yunlong, kind: 'village_entrance', hours_from: '07:00', hours_to: '19:00' });
  assert.equal(w.round_the_clock, false);
  assert.equal(w.hours_from, '07:00');
  assert.equal(w.hours_to, '19:00');
  assertError(await api('POST', '/api/v1/duty/posts', admin, { name: 'x', area_code: AREA.yunlong, kind: 'bridge' }), 422, 'invalid', 'kind');
  assertError(await api('POST', '/api/v1/duty/posts', admin, { name: 'x', area_code: AREA.yunlong, kind: 'checkpoint', hours_from: '7:00', hours_to: '19:00' }), 422, 'invalid', 'hours_from');
  assertError(await api('POST', '/api/v1/duty/posts', admin, { name: 'x', area_code: AREA.yunlong, kind: 'checkpoint', hours_from: '07:00' }), 422, 'invalid', 'hours_to');
  assertError(await api('POST', '/api/v1/duty/posts', admin, { name: 'x', area_code: AREA.yunlong, kind: 'checkpoint', province: '中' }), 422, 'invalid', 'province');
  assertError(await api('POST', '/api/v1/duty/posts', admin, { name: 'x', area_code: '999999999999', kind: 'checkpoint' }), 422, 'invalid', 'area_code');
  // the secretary manages posts of the village only
  assertError(await api('POST', '/api/v1/duty/posts', secretary, { name: 'x', area_code: AREA.lixin, kind: 'checkpoint' }), 422, 'invalid', 'area_code');
  // a change keeps what it does not name
  const pt = await api('PATCH', `/api/v1/duty/posts/${w.id}`, admin, { place: '村部路口', hours_from: '06:30', hours_to: '20:00' });
  assert.equal(pt.status, 200, pt.text);
  assert.deepEqual([pt.json.name, pt.json.kind, pt.json.place, pt.json.hours_from, pt.json.hours_to], ['测试村口', 'village_entrance', '村部路口', '06:30', '20:00']);
  assertError(await api('PATCH', `/api/v1/duty/posts/${w.id}`, admin, { area_code: AREA.lixin }), 422, 'invalid', 'area_code');
  assertError(await api('PATCH', `/api/v1/duty/posts/${w.id}`, admin, { name: ' ' }), 422, 'invalid', 'name');
  assertError(await api('PATCH', `/api/v1/duty/posts/${w.id}`, staff, { place: 'x' }), 403, 'forbidden');
  const l = await api('GET', '/api/v1/duty/posts', staff);
  assert.equal(l.status, 200, l.text);
  assert.ok(l.json.items.some((p) => p.id === post.id));
  assert.ok(l.json.items.every((p) => p.area_code.startsWith(AREA.yunlong)), 'only posts of the village');
  const page = await api('GET', '/api/v1/duty/posts?limit=1&offset=1', staff);
  assert.equal(page.json.items.length, 1);
  assert.equal(page.json.total, l.json.total);
  assert.equal(page.json.items[0].id, l.json.items[1].id);
  assertError(await api('GET', '/api/v1/duty/posts?limit=0', staff), 422, 'invalid', 'limit');
});

t('teams and members: volunteers from the registry with 党员 marked, staff, phones masked', async () => {
  teams = await makeTeams(post.id, ['一班', '二班', '三班', '四班']);
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/teams`, admin, { name: '一班' }), 409, 'conflict', 'name');
  const pid = idNumber();
  const ph = phone();
  const hh = await created(await api('POST', '/api/v1/households', admin, { address: `卡口路${Date.now() % 1000}号`, area_code: AREA.yunlong1 }));
  const person = await created(await api('POST', '/api/v1/persons', admin, { name: uniqueName(), id_number: pid, phone: ph, household_id: hh.id, tags: ['party_member'] }));
  const m1 = await created(await api('POST', `/api/v1/duty/teams/${teams[0].id}/members`, admin, { person_id: person.id, leader: true }));
  assert.equal(m1.party_member, true, 'party member from the registry tags');
  assert.equal(m1.kind, 'volunteer');
  assert.match(m1.phone, PHONE_MASK);
  for (let i = 1; i < 4; i++) {
    await created(await api('POST', `/api/v1/duty/teams/${teams[i].id}/members`, admin, { name: `志愿者${i}`, phone: `1390000000${i}` }));
  }
  assertError(await api('POST', `/api/v1/duty/teams/${teams[0].id}/members`, admin, { name: '甲', person_id: person.id }), 422, 'invalid', 'person_id');
  assertError(await api('POST', `/api/v1/duty/teams/${teams[0].id}/members`, admin, { name: '甲', phone: '12345' }), 422, 'invalid', 'phone');
  const g = await api('GET', `/api/v1/duty/posts/${post.id}`, staff);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.teams.length, 4);
  assert.equal(g.json.teams[0].party_members, 1);
  assert.equal(g.json.teams[0].members[0].name, person.name);
  for (const tm of g.json.teams) for (const m of tm.members) assert.match(m.phone, PHONE_MASK);
});

t('patterns: 四班倒 of 6 hours rotating daily, generated without gaps or overlaps', async () => {
  const d0 = today();
  pattern = await created(await api('POST', `/api/v1/duty/posts/${post.id}/patterns`, admin, {
    name: '四班倒', kind: 'four_team', teams: teams.map((x) => x.id), anchor_date: addDays(d0, -1),
  }));
  assert.deepEqual(pattern.shifts.map((s) => s.start), ['00:00', '06:00', '12:00', '18:00']);
  assert.ok(pattern.shifts.every((s) => s.hours === 6));
  assert.equal(pattern.day_step, 1);
  const g = await created(await api('POST', `/api/v1/duty/posts/${post.id}/roster`, admin, { pattern_id: pattern.id, from: addDays(d0, -1), to: addDays(d0, 2) }));
  assert.equal(g.shifts, 16);
  assert.deepEqual(g.gaps, []);
  assert.deepEqual(g.overlaps, []);
  const r = await api('GET', `/api/v1/duty/posts/${post.id}/roster?from=${addDays(d0, -1)}&to=${addDays(d0, 2)}`, staff);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.shifts.length, 16);
  const names = r.json.shifts.map((s) => s.team.name);
  // day 0 (the anchor): 一 二 三 四; day 1: 二 三 四 一; day 2: 三 四 一 二
  assert.deepEqual(names.slice(0, 12), ['一班', '二班', '三班', '四班', '二班', '三班', '四班', '一班', '三班', '四班', '一班', '二班']);
  for (let i = 1; i < 16; i++) assert.equal(r.json.shifts[i].starts_at, r.json.shifts[i - 1].ends_at, 'back to back');
  assert.equal(r.json.shifts[0].starts_at, dayStart(addDays(d0, -1)));
  assert.equal(r.json.shifts[0].ends_at - r.json.shifts[0].starts_at, 6 * 3600);
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/patterns`, admin, { name: 'x', kind: 'four_team', teams: teams.slice(0, 3).map((x) => x.id) }), 422, 'invalid', 'teams');
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/roster`, admin, { pattern_id: pattern.id, from: d0, to: addDays(d0, 70) }), 422, 'invalid', 'to');
});

t('patterns: three shifts of 8 hours, custom cycles with a gap, an overlap, and nobody', async () => {
  const p2 = await makePost({ name: '发热门诊登记台', area_code: AREA.yunlong, kind: 'clinic_desk' });
  const tm = await makeTeams(p2.id, ['甲', '乙', '丙', '丁']);
  const d = addDays(today(), 3);
  const three = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/patterns`, admin, { name: '三班', kind: 'three_shift', teams: tm.map((x) => x.id), first_start: '08:00', anchor_date: d }));
  assert.deepEqual(three.shifts.map((s) => [s.start, s.hours]), [['08:00', 8], ['16:00', 8], ['00:00', 8]]);
  let g = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/roster`, admin, { pattern_id: three.id, from: d, to: addDays(d, 1) }));
  assert.equal(g.shifts, 6);
  assert.deepEqual(g.gaps, [], JSON.stringify(g));
  let r = await api('GET', `/api/v1/duty/posts/${p2.id}/roster?from=${d}&to=${addDays(d, 1)}`, admin);
  // an unbroken sequence of four teams over the day's three shifts (08, 16, 00): on the anchor
  // day 甲 乙 丙, the next day 丁 甲 乙; listed by the clock, 00:00 comes first
  const byStart = [...r.json.shifts].sort((a, b) => a.starts_at - b.starts_at).map((s) => `${s.start}${s.team.name}`);
  assert.deepEqual(byStart, ['00:00丙', '08:00甲', '16:00乙', '00:00乙', '08:00丁', '16:00甲']);

  // a custom cycle leaving 10:00-12:00 uncovered every day
  const gap = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/patterns`, admin, {
    name: '缺口', kind: 'custom', teams: [tm[0].id, tm[1].id], shifts: [{ start: '00:00', hours: 10 }, { start: '12:00', hours: 12 }], anchor_date: d,
  }));
  g = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/roster`, admin, { pattern_id: gap.id, from: d, to: addDays(d, 1) }));
  assert.equal(g.gaps.length, 2);
  assert.equal(g.gaps[0].from, dayStart(d) + 10 * 3600);
  assert.equal(g.gaps[0].minutes, 120);
  assert.deepEqual(g.overlaps, []);
  // shifts that overlap by two hours
  const ov = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/patterns`, admin, {
    name: '重叠', kind: 'custom', teams: [tm[0].id, tm[1].id], shifts: [{ start: '00:00', hours: 14 }, { start: '12:00', hours: 12 }], anchor_date: d,
  }));
  g = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/roster`, admin, { pattern_id: ov.id, from: d, to: d }));
  assert.deepEqual(g.gaps, []);
  assert.equal(g.overlaps.length, 1);
  assert.equal(g.overlaps[0].from, dayStart(d) + 12 * 3600);
  assert.equal(g.overlaps[0].minutes, 120);
  // nobody on every other night: the night is a gap
  const nobody = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/patterns`, admin, {
    name: '空班', kind: 'custom', teams: [tm[0].id, tm[1].id, null, tm[2].id], shifts: [{ start: '00:00', hours: 12 }, { start: '12:00', hours: 12 }], anchor_date: d,
  }));
  g = await created(await api('POST', `/api/v1/duty/posts/${p2.id}/roster`, admin, { pattern_id: nobody.id, from: d, to: addDays(d, 1) }));
  assert.equal(g.gaps.length, 1);
  assert.equal(g.gaps[0].from, dayStart(addDays(d, 1)));
  assert.equal(g.gaps[0].minutes, 720);
  r = await api('GET', `/api/v1/duty/posts/${p2.id}/roster?from=${d}&to=${addDays(d, 1)}`, admin);
  assert.equal(r.json.gaps.length, 1, 'the stored roster reports the same gap');
  assert.equal(r.json.shifts.filter((s) => s.team === null).length, 1);

  // a daily window 07:00-19:00 covered by two 6-hour shifts, then by one only
  const w = await makePost({ name: '村口二', area_code: AREA.yunlong, kind: 'village_entrance', hours_from: '07:00', hours_to: '19:00' });
  const wt = await makeTeams(w.id, ['上午', '下午']);
  const two = await created(await api('POST', `/api/v1/duty/posts/${w.id}/patterns`, admin, { name: '两班', kind: 'custom', teams: wt.map((x) => x.id), shifts: [{ start: '07:00', hours: 6 }, { start: '13:00', hours: 6 }], day_step: 1 }));
  g = await created(await api('POST', `/api/v1/duty/posts/${w.id}/roster`, admin, { pattern_id: two.id, from: d, to: addDays(d, 2) }));
  assert.deepEqual(g.gaps, [], 'the night is outside the hours');
  const one = await created(await api('POST', `/api/v1/duty/posts/${w.id}/patterns`, admin, { name: '一班', kind: 'custom', teams: [wt[0].id], shifts: [{ start: '07:00', hours: 6 }] }));
  g = await created(await api('POST', `/api/v1/duty/posts/${w.id}/roster`, admin, { pattern_id: one.id, from: d, to: addDays(d, 2) }));
  assert.equal(g.gaps.length, 3);
  assert.ok(g.gaps.every((x) => x.minutes === 360));
  assertError(await api('POST', `/api/v1/duty/posts/${w.id}/patterns`, admin, { name: 'x', kind: 'custom', teams: [wt[0].id], shifts: [{ start: '25:00', hours: 6 }] }), 422, 'invalid', 'shifts');
  assertError(await api('POST', `/api/v1/duty/posts/${w.id}/patterns`, admin, { name: 'x', kind: 'custom', teams: [tm[0].id], shifts: [{ start: '07:00', hours: 6 }] }), 422, 'invalid', 'teams');
});

async function roster(from, to, token = admin) {
  const r = await api('GET', `/api/v1/duty/posts/${post.id}/roster?from=${from}&to=${to}`, token);
  assert.equal(r.status, 200, r.text);
  return r.json.shifts;
}

t('swaps and leave change one shift and not the pattern; a changed shift is not regenerated', async () => {
  const d = addDays(today(), 2);
  const shifts = await roster(d, d);
  const s = shifts[1];
  const other = shifts[2];
  const me = s.members[0];
  const sub = other.members[0];
  assertError(await api('POST', `/api/v1/duty/shifts/${s.id}/changes`, staff, { kind: 'leave', member_id: me.id }), 403, 'forbidden');
  let c = await created(await api('POST', `/api/v1/duty/shifts/${s.id}/changes`, admin, { kind: 'swap', member_id: me.id, substitute_id: sub.id, reason: '家中有事' }));
  assert.ok(!c.members.some((m) => m.id === me.id && !m.substitute), 'swapped out');
  assert.ok(c.members.some((m) => m.id === sub.id && m.substitute === true), 'substitute in');
  assert.equal(c.changes.length, 1);
  assertError(await api('POST', `/api/v1/duty/shifts/${s.id}/changes`, admin, { kind: 'leave', member_id: me.id }), 409, 'conflict', 'member_id');
  assertError(await api('POST', `/api/v1/duty/shifts/${s.id}/changes`, admin, { kind: 'swap', member_id: 999999, substitute_id: sub.id }), 422, 'invalid', 'member_id');
  assertError(await api('POST', `/api/v1/duty/shifts/${s.id}/changes`, admin, { kind: 'nap' }), 422, 'invalid', 'kind');
  // leave on another shift; the whole team replaced on a third
  const s3 = shifts[3];
  c = await created(await api('POST', `/api/v1/duty/shifts/${s3.id}/changes`, admin, { kind: 'leave', member_id: s3.members[0].id, reason: '病假' }));
  assert.equal(c.members.length, 0);
  const s0 = shifts[0];
  c = await created(await api('POST', `/api/v1/duty/shifts/${s0.id}/changes`, admin, { kind: 'team', team_id: teams.find((x) => x.name !== s0.team.name).id }));
  assert.notEqual(c.team.name, s0.team.name);
  // the neighbouring days keep the pattern
  const after = await roster(addDays(d, -1), addDays(d, -1));
  assert.deepEqual(after.map((x) => x.changes.length), [0, 0, 0, 0]);
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/roster`, admin, { pattern_id: pattern.id, from: d, to: d }), 409, 'conflict', 'from');
});

t('on duty now: every post in the area with its team; phones for the command post only, audited', async () => {
  const r = await api('GET', '/api/v1/duty/now', staff);
  assert.equal(r.status, 200, r.text);
  const mine = r.json.items.find((x) => x.post.id === post.id);
  assert.ok(mine, 'the test post is listed');
  assert.equal(mine.open, true);
  assert.equal(mine.shifts.length, 1);
  const sh = mine.shifts[0];
  assert.ok(sh.starts_at <= r.json.now && r.json.now < sh.ends_at);
  assert.equal(mine.uncovered, false);
  assert.ok(sh.members.length >= 1);
  for (const m of sh.members) assert.match(m.phone, PHONE_MASK);
  assertError(await api('GET', '/api/v1/duty/now?reveal=1', staff), 403, 'forbidden', 'reveal');
  const full = await api('GET', '/api/v1/duty/now?reveal=1', admin);
  assert.equal(full.status, 200, full.text);
  assert.equal(full.json.phones_revealed, true);
  const fm = full.json.items.find((x) => x.post.id === post.id).shifts[0].members;
  assert.ok(fm.some((m) => /^1\d{10}$/.test(m.phone)), JSON.stringify(fm));
  const a = await api('GET', '/api/v1/audit?action=reveal', auditor);
  assert.ok(a.json.items.some((e) => e.object_kind === 'duty_now'), 'the look at the phones is audited');
  // a post with no roster is open and uncovered
  const bare = await makePost({ name: '无人岗', area_code: AREA.yunlong, kind: 'checkpoint' });
  const b = (await api('GET', '/api/v1/duty/now', admin)).json.items.find((x) => x.post.id === bare.id);
  assert.equal(b.uncovered, true);
  assert.deepEqual(b.shifts, []);
  // outside the area: 立新村's staff does not see 云龙村's posts
  const lx = await api('GET', '/api/v1/duty/now', lixinStaff);
  assert.ok(!lx.json.items.some((x) => x.post.id === post.id));
});

const base = () => ({ post_id: post.id, kind: 'vehicle', plate: '湘C·12345', vehicle_kind: 'car', direction: 'in', persons: [{ temperature: 36.5 }] });

t('screenings: plates normalised and validated; the province is the post\'s own; fields named', async () => {
  let s = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: 'c d 82361' }));
  assert.equal(s.plate, '湘CD82361', 'province prefilled, spaces gone, upper case');
  assert.equal(s.plate_kind, 'new_energy');
  assert.equal(s.plate_display, '湘C·D82361');
  s = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '鄂Ａ·１２３４５' }));
  assert.equal(s.plate, '鄂A12345', 'full-width folded');
  s = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '湘C12345D' }));
  assert.equal(s.plate_kind, 'new_energy');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '湘C12O45' }), 422, 'invalid', 'plate');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '' }), 422, 'invalid', 'plate');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), persons: [] }), 422, 'invalid', 'persons');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), persons: [{ temperature: 36.5 }, {}] }), 422, 'invalid', 'persons[1].temperature');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), persons: [{ temperature: 46 }] }), 422, 'invalid', 'persons[0].temperature');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), persons: [{ temperature: 36.5, id_number: '430302199001011234' }] }), 422, 'invalid', 'persons[0].id_number');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), persons: [{ temperature: 36.5, phone: '12' }] }), 422, 'invalid', 'persons[0].phone');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), kind: 'bicycle' }), 422, 'invalid', 'kind');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), kind: 'pedestrian' }), 422, 'invalid', 'plate');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), vehicle_kind: 'tank' }), 422, 'invalid', 'vehicle_kind');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), extra: 1 }), 422, 'invalid', 'extra');
  const p = await api('POST', '/api/v1/screenings', staff, { post_id: post.id, kind: 'pedestrian', persons: [{ temperature: 36.4, name: ' 行人 ' }] });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.plate, '');
  assert.equal(p.json.persons[0].name, '行人');
  assert.equal(p.json.repeat, false);
});

t('screenings: only an active checkpoint post accepts them, as docs/API.md says', async () => {
  const apiMd = readFileSync(path.join(ROOT, 'docs', 'API.md'), 'utf8');
  assert.match(apiMd, /Only an active post of kind `checkpoint`/, 'docs/API.md names the post kinds that accept screenings');
  const body = (p) => ({ post_id: p.id, kind: 'pedestrian', persons: [{ temperature: 36.5 }] });
  for (const kind of ['village_entrance', 'clinic_desk', 'command_duty', 'other']) {
    const p = await makePost({ name: `不收筛查${kind}`, area_code: AREA.yunlong, kind });
    const r = await api('POST', '/api/v1/screenings', staff, body(p));
    assertError(r, 422, 'invalid', 'post_id');
    assert.match(r.json.error.message_en, /not an active checkpoint/);
  }
  const cp = await makePost({ name: '停用卡口', area_code: AREA.yunlong, kind: 'checkpoint' });
  await created(await api('POST', '/api/v1/screenings', staff, body(cp)));
  const off = await api('PATCH', `/api/v1/duty/posts/${cp.id}`, admin, { active: false });
  assert.equal(off.status, 200, off.text);
  assertError(await api('POST', '/api/v1/screenings', staff, body(cp)), 422, 'invalid', 'post_id');
});

t('screenings: the same vehicle again in the same shift is flagged, with the earlier record', async () => {
  const plate = `湘C${String(nowSec() % 90000 + 10000)}`;
  const a = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate }));
  assert.equal(a.repeat, false);
  assert.ok(a.shift_id, 'the shift on duty is recorded');
  const b = await created(await api('POST', '/api/v1/screenings', staff2, { ...base(), plate: plate.replace('湘', '') }));
  assert.equal(b.repeat, true);
  assert.equal(b.repeat_of, a.id);
  assert.equal(b.shift_id, a.shift_id);
  // an entry typed late, for a car that passed before the first one, looks only at what came before
  const late = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: `${plate.slice(0, -1)}9`, at: a.at - 5 }));
  const first = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: `${plate.slice(0, -1)}9`, at: a.at - 60 }));
  assert.equal(late.repeat, false);
  assert.equal(first.repeat, false, 'a later record does not make an earlier car a repeat');
  assertError(await api('POST', '/api/v1/screenings', staff, { ...base(), at: a.at + 3600 }), 422, 'invalid', 'at');
});

t('screenings: fever and high-risk residents become key persons; passers-through tasks; never refused', async () => {
  // a resident of the town, in the registry
  const hh = await created(await api('POST', '/api/v1/households', admin, { address: `卡口移交路${Date.now() % 1000}号`, area_code: AREA.lixin1 }));
  const rid = idNumber();
  const resident = await created(await api('POST', '/api/v1/persons', admin, { name: uniqueName(), id_number: rid, phone: phone(), household_id: hh.id }));
  const rid2 = idNumber();
  const resident2 = await created(await api('POST', '/api/v1/persons', admin, { name: uniqueName(), id_number: rid2, household_id: hh.id }));
  const passer = idNumber({ area: '420106' });
  const passerPhone = phone();
  const body = {
    ...base(),
    plate: '湘C8M2N5',
    persons: [
      { temperature: 36.6, name: '司机' },
      { temperature: 37.8, name: resident.name, id_number: rid.toLowerCase().replace(/^(\d{6})/, '$1 '), to_place: '立新村' },
      { temperature: 36.4, name: resident2.name, id_number: rid2, from_place: '湖北省武汉市' },
      { temperature: 38.2, name: '过境旅客', id_number: passer, phone: passerPhone, from_place: '长沙', to_place: '广州' },
    ],
  };
  const s = await created(await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': `screen-handoff-${Date.now()}` }));
  assert.equal(s.people, 4);
  assert.equal(s.abnormal, 2, '37.8 and 38.2 are at or above 37.3');
  assert.equal(s.high_risk, 1, '武汉 is on the list');
  assert.equal(s.handoffs, 3);
  // the residents live in 立新村, outside the 云龙村 screener's area: the screener is told only
  // that the record went to their village (attacker_search.test.mjs); the command post sees all
  for (const x of [s.persons[1], s.persons[2]]) {
    assert.equal(x.handoff.kind, 'home_village');
    assert.equal(x.handoff.village.name, '立新村');
    assert.equal(x.handoff.key_person_id, null);
  }
  const [p0, p1, p2, p3] = (await api('GET', `/api/v1/screenings/${s.id}`, admin)).json.persons;
  assert.equal(p0.handoff, null);
  assert.equal(p1.fever, true);
  assert.equal(p1.handoff.kind, 'key_person');
  assert.equal(p1.handoff.reason, 'fever');
  assert.match(p1.id_number, ID_MASK);
  assert.equal(p2.high_risk, true);
  assert.equal(p2.handoff.kind, 'key_person');
  assert.equal(p2.handoff.reason, 'high_risk');
  assert.equal(p3.handoff.kind, 'task');
  assert.equal(s.persons[3].handoff.task_id, p3.handoff.task_id, 'a passer-through\'s task is the post\'s own');
  assert.match(p3.phone, PHONE_MASK);
  // the key persons, linked to the screening
  const k1 = await api('GET', `/api/v1/key-persons/${p1.handoff.key_person_id}`, admin);
  assert.equal(k1.status, 200, k1.text);
  assert.equal(k1.json.person_id, resident.id);
  assert.equal(k1.json.found_by, 'checkpoint');
  assert.equal(k1.json.transport_no, '湘C8M2N5');
  assert.match(k1.json.reason_detail, new RegExp(`#${s.id}`));
  assert.match(k1.json.reason_detail, /37\.8/);
  const k2 = await api('GET', `/api/v1/key-persons/${p2.handoff.key_person_id}`, admin);
  assert.equal(k2.json.reason, 'high_risk_area');
  assert.equal(k2.json.arrived_on, today());
  assert.equal(k2.json.from_place, '湖北省武汉市');
  // the passer-through: a task for the command post, naming the screening
  const task = await api('GET', `/api/v1/tasks/${p3.handoff.task_id}`, admin);
  assert.equal(task.status, 200, task.text);
  assert.equal(task.json.source, 'checkpoint');
  assert.equal(task.json.source_id, s.id);
  assert.equal(task.json.priority, 'urgent');
  assert.equal(task.json.area_code, AREA.yunlong);
  assert.ok(!task.json.description.includes(passer), 'the ID number is masked in the task');
  // the screening stays as recorded, and a second screening of a key person links to it
  const againS = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '湘C8M2N6', persons: [{ temperature: 37.5, id_number: rid }] }));
  assert.equal(againS.persons[0].handoff.kind, 'home_village');
  assert.equal(againS.persons[0].handoff.existing, null, 'the screener is not told they were under observation');
  const again = (await api('GET', `/api/v1/screenings/${againS.id}`, admin)).json;
  assert.equal(again.persons[0].handoff.kind, 'key_person');
  assert.equal(again.persons[0].handoff.existing, true);
  assert.equal(again.persons[0].handoff.key_person_id, p1.handoff.key_person_id);
  const g = await api('GET', `/api/v1/screenings/${s.id}`, staff);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json.persons.map((x) => x.temperature), [36.6, 37.8, 36.4, 38.2]);
  assert.deepEqual(g.json.persons.map((x) => x.handoff && x.handoff.kind), [null, 'home_village', 'home_village', 'task']);
  assert.deepEqual(g.json, s, 'the GET says what the POST said');
  // the full values for the command post, audited
  assertError(await api('POST', `/api/v1/screenings/${s.id}/reveal`, staff, { reason: '核实' }), 403, 'forbidden');
  const rv = await api('POST', `/api/v1/screenings/${s.id}/reveal`, admin, { reason: '联系目的地' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.persons[3].id_number, passer);
  assert.equal(rv.json.persons[3].phone, passerPhone);
  const a = await api('GET', '/api/v1/audit?action=reveal', auditor);
  assert.ok(a.json.items.some((e) => e.object_kind === 'screening' && e.object_id === s.id));
});

t('screenings: the same pedestrian again in the shift is flagged, by ID number or by name and phone', async () => {
  const idn = idNumber();
  const ped = (persons, extra = {}) => ({ post_id: post.id, kind: 'pedestrian', persons, ...extra });
  const a = await created(await api('POST', '/api/v1/screenings', staff, ped([{ temperature: 36.4, name: '步行甲', id_number: idn }])));
  assert.equal(a.repeat, false);
  // the ID number typed differently, by someone else at the post: the same person
  const b = await created(await api('POST', '/api/v1/screenings', staff2, ped([{ temperature: 36.5, id_number: idn.replace(/^(\d{6})/, '$1 ') }])));
  assert.equal(b.repeat, true);
  assert.equal(b.repeat_of, a.id);
  // in a group of two, one of whom was seen: the group is a repeat of that screening
  const ph = phone();
  const c = await created(await api('POST', '/api/v1/screenings', staff, ped([{ temperature: 36.3, name: '步行乙', phone: ph }])));
  assert.equal(c.repeat, false);
  const d = await created(await api('POST', '/api/v1/screenings', staff, ped([{ temperature: 36.6, name: '同行人' }, { temperature: 36.2, name: ' 步行乙 ', phone: ph.replace(/^(\d{3})/, '$1-') }])));
  assert.equal(d.repeat, true, 'no ID number: the same name and phone');
  assert.equal(d.repeat_of, c.id);
  // a name alone, or the same phone under another name, is nobody in particular
  const e = await created(await api('POST', '/api/v1/screenings', staff, ped([{ temperature: 36.3, name: '步行乙' }, { temperature: 36.3, name: '步行丙', phone: ph }])));
  assert.equal(e.repeat, false);
  // at another post, or before the earlier record (typed late), it is not a repeat
  const other = await makePost({ name: '测试村口三', area_code: AREA.yunlong, kind: 'checkpoint' });
  const f = await created(await api('POST', '/api/v1/screenings', staff, { ...ped([{ temperature: 36.4, id_number: idn }]), post_id: other.id }));
  assert.equal(f.repeat, false);
  const late = await created(await api('POST', '/api/v1/screenings', staff, ped([{ temperature: 36.4, id_number: idn }], { at: a.at - 30 })));
  assert.equal(late.repeat, false, 'a later record does not make an earlier passer a repeat');
  // the GET shows what the POST answered
  const g = await api('GET', `/api/v1/screenings/${d.id}`, staff);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, d);
  const l = await api('GET', `/api/v1/screenings?post_id=${post.id}&limit=20`, staff);
  assert.equal(l.json.items.find((x) => x.id === b.id).repeat_of, a.id);
});

t('screenings: someone not in the registry who lives in the town is registered there and becomes a key person', async () => {
  const idn = idNumber({ area: '440106' });
  const ph = phone();
  const name = uniqueName();
  const key = `screen-newcomer-${Date.now()}`;
  const body = {
    post_id: post.id, kind: 'pedestrian',
    persons: [
      { temperature: 37.9, name, id_number: idn, phone: ph, from_place: '广州', lives_in: AREA.lixin1 },
      // not enough to register anyone: no ID number, or no name
      { temperature: 38.1, name: '无证人', lives_in: AREA.lixin },
      { temperature: 38.0, id_number: idNumber(), lives_in: AREA.lixin },
      // lives here but not flagged: nothing is handed on
      { temperature: 36.5, name: '正常人', id_number: idNumber(), lives_in: AREA.lixin },
    ],
  };
  const s = await created(await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key }));
  // 立新村 is outside the screener's area: only where the record went
  assert.equal(s.persons[0].handoff.kind, 'home_village');
  assert.equal(s.persons[0].handoff.village.name, '立新村');
  assert.equal(s.persons[0].handoff.registered, null);
  assert.equal(s.persons[0].handoff.person_id, null);
  const [p0, p1, p2, p3] = (await api('GET', `/api/v1/screenings/${s.id}`, admin)).json.persons;
  assert.equal(p0.lives_in, AREA.lixin1);
  assert.equal(p0.handoff.kind, 'key_person');
  assert.equal(p0.handoff.registered, true);
  assert.equal(p0.handoff.existing, false);
  assert.ok(p0.handoff.person_id, 'the new registry entry');
  assert.equal(p0.handoff.check_id, null);
  assert.deepEqual([p1.handoff.kind, p2.handoff.kind], ['task', 'task']);
  assert.deepEqual([p1.handoff.registered, p2.handoff.registered], [false, false]);
  assert.equal(p3.handoff, null);
  assert.equal(p3.lives_in, AREA.lixin);
  // the registry entry: where they live, from the ID number, marked as found at the checkpoint
  const pe = await api('GET', `/api/v1/persons/${p0.handoff.person_id}`, admin);
  assert.equal(pe.status, 200, pe.text);
  assert.equal(pe.json.name, name);
  assert.equal(pe.json.area_code, AREA.lixin1);
  assert.equal(pe.json.residence, 'resident');
  assert.equal(pe.json.birth_date, undefined, 'the birth date only with the revealed ID number');
  assert.match(pe.json.notes, new RegExp(`#${s.id}`));
  const rv = await api('POST', `/api/v1/persons/${pe.json.id}/reveal`, admin, { reason: '核对卡口登记' });
  assert.equal(rv.json.id_number, idn);
  assert.equal(rv.json.phone, ph);
  assert.equal(rv.json.birth_date, `${idn.slice(6, 10)}-${idn.slice(10, 12)}-${idn.slice(12, 14)}`);
  // the key person, linked to the screening
  const k = await api('GET', `/api/v1/key-persons/${p0.handoff.key_person_id}`, admin);
  assert.equal(k.status, 200, k.text);
  assert.equal(k.json.person_id, pe.json.id);
  assert.equal(k.json.found_by, 'checkpoint');
  assert.equal(k.json.area_code, AREA.lixin1);
  assert.match(k.json.reason_detail, new RegExp(`#${s.id}`));
  // the retry answers the same, and registers nobody twice
  const again = await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(again.json, s);
  const g = await api('GET', `/api/v1/screenings/${s.id}`, staff);
  assert.deepEqual(g.json, s);
  const found = await api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, admin);
  assert.equal(found.json.total, 1);
  // the next screening of the same person finds the registry entry and the observation
  const nextS = await created(await api('POST', '/api/v1/screenings', staff, { post_id: post.id, kind: 'pedestrian', persons: [{ temperature: 37.6, id_number: idn, lives_in: AREA.lixin }] }));
  const next = (await api('GET', `/api/v1/screenings/${nextS.id}`, admin)).json;
  assert.equal(next.persons[0].handoff.existing, true);
  assert.equal(next.persons[0].handoff.registered, false);
  assert.equal(next.persons[0].handoff.key_person_id, p0.handoff.key_person_id);
  // lives_in must be a village or grid of the post's town
  const ped = (li) => ({ post_id: post.id, kind: 'pedestrian', persons: [{ temperature: 36.5 }, { temperature: 38.0, name: 'x', id_number: idNumber(), lives_in: li }] });
  assertError(await api('POST', '/api/v1/screenings', staff, ped('430302999999')), 422, 'invalid', 'persons[1].lives_in');
  assertError(await api('POST', '/api/v1/screenings', staff, ped(AREA.town)), 422, 'invalid', 'persons[1].lives_in');
  assertError(await api('POST', '/api/v1/screenings', staff, ped('abc')), 422, 'invalid', 'persons[1].lives_in');
  assertError(await api('POST', '/api/v1/screenings', staff, ped(7)), 422, 'invalid', 'persons[1].lives_in');
  // what the form offers for it: every village of the town with its grids, 立新村 with 立新村1组
  const meta = (await api('GET', '/api/v1/meta')).json;
  const lixin = meta.villages.find((v) => v.code === AREA.lixin);
  assert.ok(lixin && lixin.grids.some((g) => g.code === AREA.lixin1), JSON.stringify(lixin));
  assert.ok(meta.villages.every((v) => v.grids.every((g) => g.code.length === 15 && g.code.startsWith(v.code))));
  assert.ok(meta.villages.some((v) => v.grids.length) && meta.villages.every((v) => v.code.length === 12));
});

t('screenings: the temperature of someone under observation goes on their record; a fever raises the alert', async () => {
  const hh = await created(await api('POST', '/api/v1/households', admin, { address: `观察路${Date.now() % 1000}号`, area_code: AREA.yunlong2 }));
  const idn = idNumber();
  const person = await created(await api('POST', '/api/v1/persons', admin, { name: uniqueName(), id_number: idn, household_id: hh.id }));
  const kp = await created(await api('POST', '/api/v1/key-persons', admin, { person_id: person.id, reason: 'close_contact', found_by: 'other', kind: 'home' }));
  const key = `screen-observed-${Date.now()}`;
  const body = { ...base(), plate: '湘C7K3P9', persons: [{ temperature: 36.5, name: '司机' }, { temperature: 38.3, name: person.name, id_number: idn }] };
  const s = await created(await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key }));
  const h = s.persons[1].handoff;
  assert.equal(h.kind, 'key_person');
  assert.equal(h.existing, true);
  assert.equal(h.key_person_id, kp.id);
  assert.equal(h.person_id, person.id);
  assert.ok(h.check_id, 'a reading was recorded');
  assert.equal(s.abnormal, 1, 'the screening itself is as recorded');
  // the reading on the record: method checkpoint, the screening's time, abnormal
  const checks = await api('GET', `/api/v1/key-persons/${kp.id}/checks`, admin);
  assert.equal(checks.status, 200, checks.text);
  const ch = checks.json.items.find((x) => x.id === h.check_id);
  assert.ok(ch, JSON.stringify(checks.json));
  assert.equal(ch.method, 'checkpoint');
  assert.equal(ch.temperature, 38.3);
  assert.equal(ch.taken_at, s.at);
  assert.equal(ch.abnormal, true);
  assert.equal(ch.recorded_by.name, '卡口甲');
  const k = await api('GET', `/api/v1/key-persons/${kp.id}`, admin);
  assert.equal(k.json.last_check.id, h.check_id);
  assert.equal(k.json.open_alerts, 1);
  const al = await api('GET', '/api/v1/alerts?limit=100', admin);
  const mine = al.json.items.find((x) => x.check_id === h.check_id);
  assert.ok(mine, 'the fever raised an alert');
  assert.equal(mine.key_person_id, kp.id);
  assert.match(mine.reason, /38\.3/);
  const tl = await api('GET', `/api/v1/key-persons/${kp.id}/timeline`, admin);
  assert.ok(tl.json.items.some((e) => e.kind === 'check' && e.data.method === 'checkpoint'), JSON.stringify(tl.json.items));
  assert.ok(tl.json.items.some((e) => e.kind === 'alert'));
  // a retry records the reading once and answers the same
  const again = await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.json, s);
  const checks2 = await api('GET', `/api/v1/key-persons/${kp.id}/checks`, admin);
  assert.equal(checks2.json.total, checks.json.total);
  const g = await api('GET', `/api/v1/screenings/${s.id}`, staff);
  assert.deepEqual(g.json, s);
  // from a high-risk area at a normal temperature: a normal reading, no alert
  const hr = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '湘C7K3P8', persons: [{ temperature: 36.4, id_number: idn, from_place: '武汉' }] }));
  const c2 = (await api('GET', `/api/v1/key-persons/${kp.id}/checks`, admin)).json.items.find((x) => x.id === hr.persons[0].handoff.check_id);
  assert.equal(c2.abnormal, false);
  assert.equal((await api('GET', `/api/v1/key-persons/${kp.id}`, admin)).json.open_alerts, 1);
});

t('screenings: an idempotent retry answers the first record and counts once', async () => {
  const key = `screen-retry-${Date.now()}`;
  const before = (await api('GET', `/api/v1/checkpoint/figures?date=${today()}`, viewer)).json.posts.find((p) => p.id === post.id).totals;
  // the second person has a fever: the replay renders the hand-off as the first answer did
  const body = { ...base(), plate: '湘C5Q7R1', persons: [{ temperature: 36.5 }, { temperature: 38.4, name: '过路人' }] };
  const a = await created(await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key }));
  assert.equal(a.persons[1].handoff.kind, 'task');
  const b = await api('POST', '/api/v1/screenings', staff, body, { 'Idempotency-Key': key });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(b.json, a);
  const c = await api('POST', '/api/v1/screenings', staff, { ...body, plate: '湘C5Q7R2' }, { 'Idempotency-Key': key });
  assert.equal(c.status, 422, c.text);
  assert.equal(c.json.error.code, 'idempotency_mismatch');
  const after = (await api('GET', `/api/v1/checkpoint/figures?date=${today()}`, viewer)).json.posts.find((p) => p.id === post.id).totals;
  assert.equal(after.vehicles - before.vehicles, 1);
  assert.equal(after.people - before.people, 2);
});

t('the high-risk list is a setting: the admin changes it, a match flags the person', async () => {
  const g = await api('GET', '/api/v1/settings/checkpoint', staff);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json.high_risk_regions, ['湖北', '武汉']);
  assert.equal(g.json.fever, 37.3);
  assertError(await api('PATCH', '/api/v1/settings/checkpoint', secretary, { high_risk_regions: ['温州'] }), 403, 'forbidden');
  assertError(await api('PATCH', '/api/v1/settings/checkpoint', admin, { high_risk_regions: ['温,州'] }), 422, 'invalid', 'high_risk_regions');
  const p = await api('PATCH', '/api/v1/settings/checkpoint', admin, { high_risk_regions: ['湖北', '武汉', ' 温州 '] });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json.high_risk_regions, ['湖北', '武汉', '温州']);
  const s = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '浙C12345', persons: [{ temperature: 36.5, via: '浙江温州' }, { temperature: 36.5, from_place: '杭州' }] }));
  assert.deepEqual(s.persons.map((x) => x.high_risk), [true, false]);
  assert.equal(s.persons[0].handoff.kind, 'task', 'no ID number: the command post follows up');
  const ticked = await created(await api('POST', '/api/v1/screenings', staff, { ...base(), plate: '浙C12346', persons: [{ temperature: 36.5, high_risk: true }] }));
  assert.equal(ticked.high_risk, 1, 'ticked by the staff');
});

t('figures: per post, per hour and per shift, equal to what was recorded; the list total agrees', async () => {
  const p = await makePost({ name: '算术收费站', area_code: AREA.yunlong, kind: 'checkpoint' });
  const tm = await makeTeams(p.id, ['A', 'B', 'C', 'D']);
  const pat = await created(await api('POST', `/api/v1/duty/posts/${p.id}/patterns`, admin, { name: '四班倒', kind: 'four_team', teams: tm.map((x) => x.id) }));
  await created(await api('POST', `/api/v1/duty/posts/${p.id}/roster`, admin, { pattern_id: pat.id, from: addDays(today(), -1), to: today() }));
  const plan = [
    { kind: 'vehicle', plate: '湘C10001', persons: [36.5, 36.6, 37.4] },
    { kind: 'vehicle', plate: '湘C10002', persons: [38.0] },
    { kind: 'pedestrian', persons: [36.2] },
    { kind: 'vehicle', plate: '湘C10003', persons: [36.1, 36.1, 36.1, 36.1, 36.1] },
    { kind: 'vehicle', plate: '湘C10004', persons: [36.3], from: '武汉' },
  ];
  const want = { vehicles: 0, pedestrians: 0, people: 0, abnormal: 0, high_risk: 0, handoffs: 0 };
  const hours = new Map();
  let shiftId;
  for (const x of plan) {
    const persons = x.persons.map((tp) => ({ temperature: tp, ...(x.from ? { from_place: x.from } : {}) }));
    const body = { post_id: p.id, kind: x.kind, persons };
    if (x.plate) body.plate = x.plate;
    const s = await created(await api('POST', '/api/v1/screenings', staff, body));
    shiftId = s.shift_id;
    want[x.kind === 'vehicle' ? 'vehicles' : 'pedestrians'] += 1;
    want.people += persons.length;
    const ab = x.persons.filter((tp) => tp >= 37.3).length;
    const hr = x.from ? persons.length : 0;
    want.abnormal += ab;
    want.high_risk += hr;
    want.handoffs += x.persons.filter((tp, i) => tp >= 37.3 || x.from).length;
    const h = Number(new Date((s.at + 8 * 3600) * 1000).toISOString().slice(11, 13));
    hours.set(h, (hours.get(h) || 0) + 1);
  }
  const f = await api('GET', `/api/v1/checkpoint/figures?date=${today()}`, viewer);
  assert.equal(f.status, 200, f.text);
  const mine = f.json.posts.find((x) => x.id === p.id);
  assert.deepEqual(mine.totals, want);
  for (const [h, n] of hours) assert.equal(mine.hours[h].vehicles + mine.hours[h].pedestrians, n, `hour ${h}`);
  assert.equal(mine.hours.reduce((a, h) => a + h.people, 0), want.people);
  const sh = mine.shifts.find((x) => x.shift_id === shiftId);
  assert.ok(sh, 'the shift is listed');
  assert.equal(sh.people, want.people, 'everything fell in one shift');
  // the town row is the sum of its posts
  const sum = f.json.posts.reduce((a, x) => a + x.totals.people, 0);
  assert.equal(f.json.town.people, sum);
  const l = await api('GET', `/api/v1/screenings?post_id=${p.id}&limit=2`, staff);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.json.total, plan.length, 'the total comes from the counters');
  assert.equal(l.json.items.length, 2);
  const byPlate = await api('GET', `/api/v1/screenings?post_id=${p.id}&plate=c10002`, staff);
  assert.equal(byPlate.json.total, 1);
  assert.equal(byPlate.json.items[0].plate, '湘C10002');
  const hourly = await api('GET', `/api/v1/checkpoint/hourly?days=7&post_id=${p.id}`, viewer);
  assert.equal(hourly.status, 200, hourly.text);
  assert.equal(hourly.json.series.length, 7);
  assert.equal(hourly.json.series[6].date, today());
  assert.equal(hourly.json.series[6].screenings.reduce((a, n) => a + n, 0), plan.length);
  assert.equal(hourly.json.hours.reduce((a, h) => a + h.screenings, 0), plan.length);
  // the daily report carries the same figures
  const rep = await api('GET', `/api/v1/reports/daily?date=${today()}`, admin);
  assert.equal(rep.status, 200, rep.text);
  const rp = rep.json.checkpoints.posts.find((x) => x.id === p.id);
  assert.equal(rp.people, want.people);
  assert.equal(rp.handoffs, want.handoffs);
});

t('handover: written by the leaving team with the shift\'s counts, confirmed by the arriving team', async () => {
  const shifts = await roster(addDays(today(), -1), today());
  const now = nowSec();
  const done = shifts.filter((s) => s.ends_at <= now).pop();
  const cur = shifts.find((s) => s.starts_at <= now && now < s.ends_at);
  assert.ok(done && cur, 'a finished shift and the current one');
  const later = shifts.find((s) => s.starts_at > now + 3600);
  if (later) assertError(await api('POST', `/api/v1/duty/shifts/${later.id}/handover`, staff, { masks: 1, batteries: 1 }), 409, 'conflict', 'id');
  assertError(await api('POST', `/api/v1/duty/shifts/${done.id}/handover`, staff, { masks: -1, batteries: 4 }), 422, 'invalid', 'masks');
  assertError(await api('POST', `/api/v1/duty/shifts/${done.id}/handover`, grid, { masks: 1, batteries: 4 }), 403, 'forbidden');
  const h = await created(await api('POST', `/api/v1/duty/shifts/${done.id}/handover`, staff, { masks: 120, batteries: 6, incidents: '22:10 一辆鄂A车辆劝返', note: '测温枪电池已换' }));
  assert.equal(h.shift_id, done.id);
  assert.equal(h.masks, 120);
  assert.equal(h.confirmed_by, null);
  assert.deepEqual(Object.keys(h.counts).sort(), ['abnormal', 'handoffs', 'people', 'vehicles']);
  assertError(await api('POST', `/api/v1/duty/shifts/${done.id}/handover`, staff2, { masks: 1, batteries: 1 }), 409, 'conflict', 'id');
  assertError(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, staff, {}), 409, 'conflict', 'id');
  assertError(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, lixinStaff, {}), 404, 'not_found');
  // the arriving shift is the next one; staff2 is on no team of it yet
  let r = await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, staff2, { note: '已接班' });
  assertError(r, 403, 'forbidden', 'confirmed_by');
  assert.ok(r.json.error.message.includes(cur.team.name), r.text);
  const uid = async (tok) => (await api('GET', '/api/v1/session', tok)).json.user.id;
  const m2 = await created(await api('POST', `/api/v1/duty/teams/${cur.team.id}/members`, admin, { user_id: await uid(staff2) }));
  // on the team but on leave for that shift: still not arriving
  await created(await api('POST', `/api/v1/duty/shifts/${cur.id}/changes`, admin, { kind: 'leave', member_id: m2.id, reason: '病假' }));
  assertError(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, staff2, {}), 403, 'forbidden', 'confirmed_by');
  // a substitute swapped in from another team arrives with the shift
  const staff3 = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '卡口丙' }));
  const other = teams.find((x) => x.id !== cur.team.id);
  const m3 = await created(await api('POST', `/api/v1/duty/teams/${other.id}/members`, admin, { user_id: await uid(staff3) }));
  const out = cur.members.find((m) => m.id !== m2.id);
  await created(await api('POST', `/api/v1/duty/shifts/${cur.id}/changes`, admin, { kind: 'swap', member_id: out.id, substitute_id: m3.id }));
  const c = await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, staff3, { note: '已接班' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.confirmed_by.name, '卡口丙');
  assert.equal(c.json.confirmed_as, 'arriving_team');
  assert.equal(c.json.arriving_shift_id, cur.id);
  assert.ok(c.json.confirmed_at > 0);
  assertError(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, staff3, {}), 409, 'conflict', 'id');
  // the command post confirms on the arriving shift's behalf, saying why
  const done2 = shifts.filter((s) => s.ends_at <= now && s.ends_at > now - DAY + 3600 && s.id !== done.id).pop();
  if (done2) {
    const h2 = await created(await api('POST', `/api/v1/duty/shifts/${done2.id}/handover`, staff, { masks: 80, batteries: 4 }));
    assertError(await api('POST', `/api/v1/duty/handovers/${h2.id}/confirm`, admin, {}), 422, 'invalid', 'note');
    r = await api('POST', `/api/v1/duty/handovers/${h2.id}/confirm`, admin, { note: '接班队员无账号，由指挥部代为确认' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.confirmed_as, 'on_behalf');
    assert.ok(r.json.arriving_shift_id > 0);
  }
  const l = await api('GET', `/api/v1/duty/handovers?post_id=${post.id}`, staff);
  assert.equal(l.status, 200, l.text);
  assert.ok(l.json.items.some((x) => x.id === h.id && x.confirmed_as === 'arriving_team'));
  // the current shift's counts are the screenings recorded in it
  const cur2 = await api('GET', `/api/v1/checkpoint/figures?date=${today()}`, admin);
  const curShift = cur2.json.posts.find((x) => x.id === post.id).shifts.find((x) => x.shift_id === cur.id);
  assert.ok(curShift.vehicles > 0, 'screenings of this file fell in the current shift');
});

t('leave over a date range: every shift of the person\'s teams, on the roster and on duty now; refusals named', async () => {
  const d0 = today();
  const P = await makePost({ name: '请假测试岗', area_code: AREA.yunlong, kind: 'checkpoint' });
  const [A, B] = await makeTeams(P.id, ['早班', '晚班']);
  const u3 = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '两班队员' }));
  const u3id = (await api('GET', '/api/v1/session', u3)).json.user.id;
  const inA = await created(await api('POST', `/api/v1/duty/teams/${A.id}/members`, admin, { user_id: u3id }));
  const inB = await created(await api('POST', `/api/v1/duty/teams/${B.id}/members`, admin, { user_id: u3id }));
  await created(await api('POST', `/api/v1/duty/teams/${A.id}/members`, admin, { name: '甲' }));
  await created(await api('POST', `/api/v1/duty/teams/${B.id}/members`, admin, { name: '乙' }));
  const pat = await created(await api('POST', `/api/v1/duty/posts/${P.id}/patterns`, admin, {
    name: '两班', kind: 'custom', teams: [A.id, B.id], shifts: [{ start: '00:00', hours: 12 }, { start: '12:00', hours: 12 }], anchor_date: d0,
  }));
  await created(await api('POST', `/api/v1/duty/posts/${P.id}/roster`, admin, { pattern_id: pat.id, from: d0, to: addDays(d0, 2) }));
  const rosterOf = async (from, to) => (await api('GET', `/api/v1/duty/posts/${P.id}/roster?from=${from}&to=${to}`, staff)).json.shifts;
  const u3on = (s) => s.members.some((m) => m.user_id === u3id);

  // refusals, each naming its field
  const leave = (body, tok = admin) => api('POST', `/api/v1/duty/posts/${P.id}/leave`, tok, body);
  assertError(await leave({ member_id: inA.id, from: addDays(d0, 2), to: addDays(d0, 1) }), 422, 'invalid', 'to');
  assertError(await leave({ member_id: inA.id, from: d0, to: addDays(d0, 60) }), 422, 'invalid', 'to');
  assertError(await leave({ member_id: inA.id, from: addDays(d0, -1), to: d0 }), 422, 'invalid', 'from');
  assertError(await leave({ member_id: inA.id, from: '2024-13-01', to: d0 }), 422, 'invalid', 'from');
  assertError(await leave({ member_id: inA.id, from: d0 }), 422, 'invalid', 'to');
  const elsewhere = (await api('GET', `/api/v1/duty/posts/${post.id}`, admin)).json.teams[1].members[0];
  assertError(await leave({ member_id: elsewhere.id, from: d0, to: d0 }), 422, 'invalid', 'member_id');
  assertError(await leave({ member_id: inA.id, from: d0, to: d0 }, staff), 403, 'forbidden');
  assertError(await api('POST', `/api/v1/duty/posts/${P.id}/leave`, lixinStaff, { member_id: inA.id, from: d0, to: d0 }), 403, 'forbidden');

  // today and tomorrow: both teams of the person, every shift not yet over
  const now = nowSec();
  const want = (await rosterOf(d0, addDays(d0, 1))).filter((s) => s.ends_at > now).length;
  const L = await created(await leave({ member_id: inA.id, from: d0, to: addDays(d0, 1), reason: '病假' }));
  assert.equal(L.shifts, want);
  assert.deepEqual([L.member.id, L.from, L.to, L.reason, L.active], [inA.id, d0, addDays(d0, 1), '病假', true]);
  let sh = await rosterOf(d0, addDays(d0, 2));
  for (const s of sh) {
    const onLeave = s.day !== addDays(d0, 2) && s.ends_at > now;
    assert.equal(u3on(s), !onLeave, `${s.day} ${s.start}`);
    if (onLeave) assert.ok(s.changes.some((c) => c.kind === 'leave' && c.leave_id === L.id));
  }
  assert.ok(sh.every((s) => s.members.some((m) => m.name === '甲' || m.name === '乙')), 'the others stay');
  const nowItem = (await api('GET', '/api/v1/duty/now', admin)).json.items.find((x) => x.post.id === P.id);
  assert.equal(nowItem.shifts.length, 1);
  assert.ok(!u3on(nowItem.shifts[0]), 'on duty now shows the person out');
  assert.ok(nowItem.shifts[0].changes.some((c) => c.leave_id === L.id));
  // the same person by their other team's row: overlapping days refused
  assertError(await leave({ member_id: inB.id, from: addDays(d0, 1), to: addDays(d0, 2) }), 409, 'conflict', 'from');
  const tomorrowA = sh.find((s) => s.day === addDays(d0, 1) && s.team.id === A.id);
  assertError(await api('POST', `/api/v1/duty/shifts/${tomorrowA.id}/changes`, admin, { kind: 'leave', member_id: inA.id }), 409, 'conflict', 'member_id');
  // leave taken before its days are rostered holds when they are generated
  const L2 = await created(await leave({ member_id: inB.id, from: addDays(d0, 4), to: addDays(d0, 5) }));
  assert.equal(L2.shifts, 0);
  await created(await api('POST', `/api/v1/duty/posts/${P.id}/roster`, admin, { pattern_id: pat.id, from: addDays(d0, 3), to: addDays(d0, 5) }));
  sh = await rosterOf(addDays(d0, 3), addDays(d0, 5));
  assert.deepEqual(sh.map((s) => u3on(s)), [true, true, false, false, false, false]);
  let l = await api('GET', `/api/v1/duty/posts/${P.id}/leave`, staff);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items.map((x) => [x.id, x.shifts]), [[L.id, want], [L2.id, 4]]);
  assertError(await api('GET', `/api/v1/duty/posts/${P.id}/leave`, lixinStaff), 404, 'not_found');
  assertError(await api('GET', `/api/v1/duty/posts/${P.id}/leave?from=x`, staff), 422, 'invalid', 'from');
  // cancelled: the shifts not yet begun have the person back; begun ones keep what happened
  assertError(await api('DELETE', `/api/v1/duty/leave/${L.id}`, staff), 403, 'forbidden');
  assertError(await api('DELETE', `/api/v1/duty/leave/${L.id}`, lixinStaff), 403, 'forbidden');
  const x = await api('DELETE', `/api/v1/duty/leave/${L.id}`, admin);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.active, false);
  assert.ok(x.json.cancelled_at > 0);
  assertError(await api('DELETE', `/api/v1/duty/leave/${L.id}`, admin), 409, 'conflict', 'id');
  assertError(await api('DELETE', '/api/v1/duty/leave/99999999', admin), 404, 'not_found', 'id');
  sh = await rosterOf(d0, addDays(d0, 1));
  const t2 = nowSec();
  for (const s of sh) if (s.starts_at > t2) assert.ok(u3on(s), `${s.day} ${s.start} back`);
  l = await api('GET', `/api/v1/duty/posts/${P.id}/leave`, staff);
  assert.deepEqual(l.json.items.map((y) => y.id), [L2.id]);
  l = await api('GET', `/api/v1/duty/posts/${P.id}/leave?all=1`, staff);
  assert.deepEqual(l.json.items.map((y) => y.id), [L.id, L2.id]);
  // the days are free again for the same person
  await created(await leave({ member_id: inB.id, from: addDays(d0, 2), to: addDays(d0, 2) }));
  const a = await api('GET', '/api/v1/audit?action=create&limit=500', auditor);
  assert.ok(a.json.items.some((e) => e.object_kind === 'duty_leave'), 'leave is audited');
});

t('scope and permissions: outside the area 404, without the permission 403, no login 401', async () => {
  assertError(await api('GET', `/api/v1/duty/posts/${post.id}`, lixinStaff), 404, 'not_found');
  assertError(await api('POST', '/api/v1/screenings', lixinStaff, base()), 404, 'not_found', 'post_id');
  assertError(await api('GET', `/api/v1/screenings?post_id=${post.id}`, lixinStaff), 404, 'not_found');
  const one = (await api('GET', `/api/v1/screenings?post_id=${post.id}&limit=1`, staff)).json.items[0];
  assertError(await api('GET', `/api/v1/screenings/${one.id}`, lixinStaff), 404, 'not_found');
  assertError(await api('POST', '/api/v1/screenings', grid, base()), 403, 'forbidden');
  assertError(await api('POST', '/api/v1/screenings', viewer, base()), 403, 'forbidden');
  assertError(await api('GET', '/api/v1/duty/posts', viewer), 403, 'forbidden');
  assertError(await api('GET', '/api/v1/duty/now', viewer), 403, 'forbidden');
  assert.equal((await api('GET', '/api/v1/checkpoint/figures', viewer)).status, 200);
  assertError(await api('POST', '/api/v1/duty/posts', staff, { name: 'x', area_code: AREA.yunlong, kind: 'checkpoint' }), 403, 'forbidden');
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/teams`, staff, { name: 'x' }), 403, 'forbidden');
  assertError(await api('GET', '/api/v1/duty/posts'), 401, 'unauthenticated');
  assertError(await api('POST', '/api/v1/screenings', undefined, base()), 401, 'unauthenticated');
  // the 立新村 figures do not include 云龙村's posts
  const f = await api('GET', '/api/v1/checkpoint/figures', lixinStaff);
  assert.ok(!f.json.posts.some((x) => x.id === post.id));
  // every screening is on the audit log
  const a = await api('GET', '/api/v1/audit?action=create&limit=500', auditor);
  assert.ok(a.json.items.some((e) => e.object_kind === 'screening'), 'screenings are audited');
});

t('a screening reads what is true now: a new roster, a fever line, a closed post and a disabled user count at once', async () => {
  // the hot path remembers the session, the post, the settings and the shifts (db_memo.c); a
  // change made through the server must reach the very next screening
  const p = await makePost({ name: '即时收费站', area_code: AREA.yunlong, kind: 'checkpoint' });
  const tm = await makeTeams(p.id, ['A', 'B', 'C', 'D']);
  const pat = await created(await api('POST', `/api/v1/duty/posts/${p.id}/patterns`, admin, { name: '四班倒', kind: 'four_team', teams: tm.map((x) => x.id) }));
  const u = await ctx.user('checkpoint', AREA.yunlong);
  const tok = await ctx.login(u);
  const me = (await api('GET', '/api/v1/session', tok)).json.user;
  let n = 0;
  const screen = (temperature = 36.5) => api('POST', '/api/v1/screenings', tok,
    { post_id: p.id, kind: 'vehicle', plate: `湘C2${String(++n).padStart(4, '0')}`, persons: [{ temperature }] });
  const shiftNow = async () => {
    const r = await api('GET', `/api/v1/duty/posts/${p.id}/roster?from=${today()}&to=${today()}`, admin);
    assert.equal(r.status, 200, r.text);
    const now = nowSec();
    return r.json.shifts.find((x) => x.starts_at <= now && now < x.ends_at);
  };

  assert.equal((await created(await screen())).shift_id, null, 'no roster yet');
  await created(await api('POST', `/api/v1/duty/posts/${p.id}/roster`, admin, { pattern_id: pat.id, from: addDays(today(), -1), to: today() }));
  const first = await shiftNow();
  assert.ok(first, 'a shift is on now');
  assert.equal((await created(await screen())).shift_id, first.id, 'the roster generated a moment ago');

  // the fever line (37.3 °C) lowered to 37.0: 37.2 °C is a fever from the next screening on
  assert.equal((await created(await screen(37.2))).abnormal, 0);
  const low = await api('PATCH', '/api/v1/settings/monitoring', admin, { fever_tenths: 370 });
  assert.equal(low.status, 200, low.text);
  try {
    assert.equal((await created(await screen(37.2))).abnormal, 1);
  } finally {
    assert.equal((await api('PATCH', '/api/v1/settings/monitoring', admin, { fever_tenths: 373 })).status, 200);
  }
  assert.equal((await created(await screen(37.2))).abnormal, 0, 'and back');

  // the post taken out of use, then back; a phone retrying a screening it sent before the post
  // closed gets the answer it missed, not the refusal a new screening gets
  const keyed = { post_id: p.id, kind: 'vehicle', plate: '湘C29999', persons: [{ temperature: 36.4 }] };
  const key = `closing-${Date.now()}`;
  const sent = await created(await api('POST', '/api/v1/screenings', tok, keyed, { 'Idempotency-Key': key }));
  assert.equal((await api('PATCH', `/api/v1/duty/posts/${p.id}`, admin, { active: false })).status, 200);
  assertError(await screen(), 422, 'invalid', 'post_id');
  const retried = await api('POST', '/api/v1/screenings', tok, keyed, { 'Idempotency-Key': key });
  assert.equal(retried.status, 201, retried.text);
  assert.equal(retried.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(retried.json, sent);
  assert.equal((await api('PATCH', `/api/v1/duty/posts/${p.id}`, admin, { active: true })).status, 200);
  await created(await screen());

  // the user disabled: their session ends with their next screening, not a second later
  const off = await api('PATCH', `/api/v1/users/${me.id}`, admin, { disabled: true });
  assert.equal(off.status, 200, off.text);
  assertError(await screen(), 401, 'unauthenticated');
});

ctx.cleanExit();
