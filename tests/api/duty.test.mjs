// duty.test.mjs: duty rosters beyond checkpoint.test.mjs: leave over a date range is the person's,
// so it reaches a team they join after it was taken (by the same resident or user account, not by
// a name alone), in the transaction that adds them; and a handover whose shift has no shift after
// it is refused to the staff, with the reason in both languages, and confirmed by the command post
// on its behalf.
import assert from 'node:assert/strict';
import { addDays, AREA, assertError, idNumber, localDate, phone, setupTown, today, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let auditor;

const DAY = 86400;

function api(method, p, token, body) {
  return ctx.api(method, p, { token, body });
}

async function ok(r, status = 201) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

// A round-the-clock post with teams named, two 12-hour shifts a day cycling over cycle (team
// indexes), rostered over [from, to].
async function postWithRoster(name, teamNames, cycle, from, to) {
  const P = await ok(await api('POST', '/api/v1/duty/posts', admin, { name, area_code: AREA.yunlong, kind: 'checkpoint' }));
  const teams = [];
  for (const n of teamNames) teams.push(await ok(await api('POST', `/api/v1/duty/posts/${P.id}/teams`, admin, { name: n })));
  const pat = await ok(await api('POST', `/api/v1/duty/posts/${P.id}/patterns`, admin, {
    name: '两班', kind: 'custom', teams: cycle.map((i) => teams[i].id),
    shifts: [{ start: '00:00', hours: 12 }, { start: '12:00', hours: 12 }], anchor_date: from,
  }));
  await ok(await api('POST', `/api/v1/duty/posts/${P.id}/roster`, admin, { pattern_id: pat.id, from, to }));
  return { P, teams };
}

t('set up', async () => {
  admin = await ctx.login(ctx.admin);
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
});

t('leave reaches a team the person joins after it was taken, by their account or registry entry, not by a name', async () => {
  const d0 = today();
  const [d1, d2, d3] = [1, 2, 3].map((n) => addDays(d0, n));
  // 早班 and 晚班 alternate: each has one shift a day
  const { P, teams: [A, B] } = await postWithRoster('入队请假岗', ['早班', '晚班'], [0, 1], d0, d3);
  const add = async (team, body) => ok(await api('POST', `/api/v1/duty/teams/${team.id}/members`, admin, body));
  const staff = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '后入队员' }));
  const uid = (await api('GET', '/api/v1/session', staff)).json.user.id;
  const hh = await ok(await api('POST', '/api/v1/households', admin, { address: `请假路${Date.now() % 1000}号`, area_code: AREA.yunlong1 }));
  const resident = await ok(await api('POST', '/api/v1/persons', admin, { name: uniqueName(), id_number: idNumber(), phone: phone(), household_id: hh.id }));
  const staffInA = await add(A, { user_id: uid });
  const residentInA = await add(A, { person_id: resident.id });
  const namedInA = await add(A, { name: '丙' });
  const leave = async (m, from, to) => ok(await api('POST', `/api/v1/duty/posts/${P.id}/leave`, admin, { member_id: m.id, from, to, reason: '病假' }));
  const L1 = await leave(staffInA, d1, d2);
  const L2 = await leave(residentInA, d1, d1);
  const L3 = await leave(namedInA, d1, d2);
  assert.deepEqual([L1.shifts, L2.shifts, L3.shifts], [2, 1, 2], 'one shift a day of 早班');

  // the staff member joins 晚班 too: its shifts of d1 and d2 have them out, d0 and d3 have them on
  const staffInB = await add(B, { user_id: uid });
  const roster = async () => (await ok(await api('GET', `/api/v1/duty/posts/${P.id}/roster?from=${d0}&to=${d3}`, admin), 200)).shifts;
  let sh = await roster();
  const bShifts = sh.filter((s) => s.team.id === B.id);
  assert.equal(bShifts.length, 4);
  for (const s of bShifts) {
    const out = s.day === d1 || s.day === d2;
    assert.equal(s.members.some((m) => m.id === staffInB.id), !out, `晚班 ${s.day}: ${out ? 'on leave' : 'on duty'}`);
    const marks = s.changes.filter((c) => c.kind === 'leave' && c.member_id === staffInB.id);
    assert.deepEqual(marks.map((c) => [c.leave_id, c.reason]), out ? [[L1.id, '病假']] : []);
  }
  // the leave counts the shifts of both rows; the audit says why the new member is off
  const list = async () => new Map((await ok(await api('GET', `/api/v1/duty/posts/${P.id}/leave`, admin), 200)).items.map((l) => [l.id, l]));
  assert.equal((await list()).get(L1.id).shifts, 4);
  const audit = (await ok(await api('GET', '/api/v1/audit?action=create&limit=500', auditor), 200)).items;
  const a = audit.find((e) => e.object_kind === 'duty_member' && e.object_id === staffInB.id);
  assert.ok(a && /on leave for 2 shifts/.test(a.detail), JSON.stringify(a));

  // the resident leaves 早班 and comes back in 晚班: still on leave on d1, even by a row no
  // longer on any team
  assert.equal((await api('DELETE', `/api/v1/duty/members/${residentInA.id}`, admin)).status, 204);
  const residentInB = await add(B, { person_id: resident.id });
  // a volunteer known by name only is a new person each time they are added
  const namedInB = await add(B, { name: '丙' });
  sh = await roster();
  for (const s of sh.filter((x) => x.team.id === B.id)) {
    assert.equal(s.members.some((m) => m.id === residentInB.id), s.day !== d1, `resident on 晚班 ${s.day}`);
    assert.ok(s.members.some((m) => m.id === namedInB.id), `丙 of 晚班 on ${s.day}`);
  }
  assert.equal((await list()).get(L2.id).shifts, 2);
  assert.equal((await list()).get(L3.id).shifts, 2);

  // cancelled leave reaches nobody: the shifts not begun have both rows back
  await ok(await api('DELETE', `/api/v1/duty/leave/${L1.id}`, admin), 200);
  const again = await add(B, { user_id: uid });
  sh = await roster();
  for (const s of sh.filter((x) => x.team.id === B.id)) {
    assert.ok(s.members.some((m) => m.id === staffInB.id) && s.members.some((m) => m.id === again.id), `${s.day} back`);
  }
  // a live leave taken after the member joined a second team marks both, as before
  const L4 = await leave(staffInA, d3, d3);
  assert.equal(L4.shifts, 3, '早班 and the two 晚班 rows on d3');
});

t('a handover with no shift after it: refused to the staff, saying why in both languages; the command post confirms on its behalf', async () => {
  // yesterday alone is rostered: the handover of its last shift has no arriving shift
  const d = addDays(today(), -1);
  const { P, teams: [A, B] } = await postWithRoster('交接无接班岗', ['甲班', '乙班'], [0, 1], d, d);
  const writer = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '交班人' }));
  const other = await ctx.login(await ctx.user('checkpoint', AREA.yunlong, undefined, { displayName: '值守人' }));
  const uidOf = async (tok) => (await api('GET', '/api/v1/session', tok)).json.user.id;
  await ok(await api('POST', `/api/v1/duty/teams/${A.id}/members`, admin, { user_id: await uidOf(other) }));
  await ok(await api('POST', `/api/v1/duty/teams/${B.id}/members`, admin, { user_id: await uidOf(writer) }));
  const shifts = (await ok(await api('GET', `/api/v1/duty/posts/${P.id}/roster?from=${d}&to=${today()}`, admin), 200)).shifts;
  assert.equal(shifts.length, 2);
  const last = shifts[1];
  assert.equal(last.team.id, B.id);
  const h = await ok(await api('POST', `/api/v1/duty/shifts/${last.id}/handover`, writer, { masks: 30, batteries: 2 }));

  const r = await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, other, { note: '已接班' });
  assertError(r, 403, 'forbidden', 'confirmed_by');
  assert.match(r.json.error.message, /之后还没有排班/, r.text);
  assert.match(r.json.error.message_en, /^no shift follows this one/, r.text);
  assert.doesNotMatch(r.json.error.message_en, /\p{Script=Han}/u, 'the English message is English');
  // nothing was recorded
  let got = (await ok(await api('GET', `/api/v1/duty/handovers?post_id=${P.id}`, admin), 200)).items.find((x) => x.id === h.id);
  assert.deepEqual([got.confirmed_by, got.confirmed_as, got.arriving_shift_id], [null, null, null]);

  assertError(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, admin, {}), 422, 'invalid', 'note');
  got = await ok(await api('POST', `/api/v1/duty/handovers/${h.id}/confirm`, admin, { note: '今天的班还没排，指挥部代为确认' }), 200);
  assert.equal(got.confirmed_as, 'on_behalf');
  assert.equal(got.arriving_shift_id, null, 'no shift arrived');
});

ctx.cleanExit();
