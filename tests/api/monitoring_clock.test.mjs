// monitoring_clock.test.mjs: the 14-day clock of key-person monitoring, on injected time. People
// arriving on 2020-01-23 (day 1) are observed through 2020-02-05 (day 14). The server is
// restarted at chosen town-local times (Asia/Shanghai) to see the slots (am 06:00-12:00, pm
// 12:00-20:00), the local day boundary at midnight, the worklist, late records, release (by the
// doctor or automatic at the end of day 14) and the figures of a given date.
import assert from 'node:assert/strict';
import {
  AREA, addDays, assertError, idNumber, local, pageAll, phone, setupTown, uniqueName,
} from './lib.mjs';

const DAY1 = '2020-01-23';
const DAY14 = '2020-02-05';
const ctx = setupTown({ clock: `${DAY1}T08:00:00+08:00` });
const t = ctx.test;
const KP = '/api/v1/key-persons';

const staff = {}; // gridA, doctorY, secretaryY: {username, password, id}
const kp = {}; // P Q R S T U: the key-person records
const tok = async (who) => (who === 'admin' ? ctx.login(ctx.admin) : ctx.login(staff[who]));

async function at(iso) {
  await ctx.restart('SIGTERM', { clock: iso });
}

async function check(id, body, who = 'gridA', expect = 201) {
  const r = await ctx.api('POST', `${KP}/${id}/checks`, { token: await tok(who), body });
  if (expect !== null) assert.equal(r.status, expect, `POST ${KP}/${id}/checks ${JSON.stringify(body)} at ${new Date(ctx.now() * 1000).toISOString()}: ${r.text}`);
  return r;
}

// a late record: a visit at a town-local wall time
function late(date, time, temperature = 36.5, method = 'visit', extra = {}) {
  return { temperature, method, taken_at: local(date, time), ...extra };
}

async function get(id, who = 'admin') {
  const r = await ctx.api('GET', `${KP}/${id}`, { token: await tok(who) });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function worklist(who = 'gridA') {
  const r = await ctx.api('GET', '/api/v1/worklist', { token: await tok(who) });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const entry = (list, id) => list.find((w) => w.key_person_id === id);
const has = (list, id) => list.some((w) => w.key_person_id === id);

async function figures(date) {
  const r = await ctx.api('GET', `/api/v1/monitoring/figures?date=${date}`, { token: await tok('admin') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.date, date);
  const v = r.json.villages.find((x) => x.code === AREA.yunlong);
  assert.ok(v, `a row for 云龙村 on ${date}`);
  return v;
}

async function release(id, who = 'doctorY', body = { note: '观察期满' }) {
  return ctx.api('POST', `${KP}/${id}/release`, { token: await tok(who), body });
}

t(`day 1 (${DAY1}) 08:00: staff, settings and six people arriving from 武汉`, async () => {
  for (const name of ['grid', 'doctor']) {
    const r = await ctx.cli('user', 'disable', name); // the demo town's own staff step aside
    assert.equal(r.code, 0, r.stderr);
  }
  staff.gridA = await ctx.user('grid', AREA.yunlong1, undefined, { displayName: '钟网格员' });
  staff.doctorY = await ctx.user('doctor', AREA.yunlong, undefined, { displayName: '钟村医' });
  staff.secretaryY = await ctx.user('secretary', AREA.yunlong);
  const users = await pageAll(ctx, await tok('admin'), '/api/v1/users');
  for (const s of Object.values(staff)) s.id = users.find((x) => x.username === s.username).id;

  const st = await ctx.api('GET', '/api/v1/settings/monitoring', { token: await tok('gridA') });
  assert.equal(st.status, 200, st.text);
  assert.deepEqual(st.json, { fever_tenths: 373, days_home: 14, days_centralised: 14, release: 'auto' });

  const admin = await tok('admin');
  for (const k of ['P', 'Q', 'R', 'S', 'T', 'U']) {
    const body = {
      person: { name: uniqueName('钟'), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1 },
      reason: 'high_risk_area', from_place: '武汉', left_on: '2020-01-22', arrived_on: DAY1,
      transport: 'train', transport_no: 'K9063', found_by: 'checkpoint', kind: 'home',
    };
    if (k === 'U') body.days = 15;
    const r = await ctx.api('POST', KP, { token: admin, body });
    assert.equal(r.status, 201, r.text);
    kp[k] = r.json;
    assert.equal(r.json.start_date, DAY1);
    assert.equal(r.json.day, 1, 'the arrival day is day 1');
    assert.equal(r.json.end_date, k === 'U' ? '2020-02-06' : DAY14);
    assert.equal(r.json.grid_worker?.id, staff.gridA.id);
    assert.equal(r.json.doctor?.id, staff.doctorY.id);
  }

  const w = await worklist();
  assert.equal(w.slot, 'am', '08:00 is the morning slot');
  assert.ok(Math.abs(w.now - local(DAY1, '08:00')) < 120, `worklist now ${w.now}`);
  for (const k of Object.keys(kp)) {
    const e = entry(w.due, kp[k].id);
    assert.ok(e, `${k} is due this morning`);
    if ('slot' in e) assert.equal(e.slot, 'am');
    assert.ok(!has(w.overdue, kp[k].id), `${k} is not overdue on day 1 at 08:00`);
  }
});

t('day 1 11:59: the morning check is still due, not overdue', async () => {
  await at(`${DAY1}T11:59:00+08:00`);
  const w = await worklist();
  assert.equal(w.slot, 'am');
  assert.ok(has(w.due, kp.P.id), 'P is due');
  assert.equal(entry(w.due, kp.P.id).slot ?? 'am', 'am');
  assert.ok(!has(w.overdue, kp.P.id), 'not overdue before noon');
  assert.equal((await get(kp.P.id)).day, 1);
});

t('day 1 12:01: the morning check is overdue and the afternoon one due', async () => {
  await at(`${DAY1}T12:01:00+08:00`);
  const w = await worklist();
  assert.equal(w.slot, 'pm');
  const due = entry(w.due, kp.P.id);
  assert.ok(due, 'P is due in the afternoon');
  assert.equal(due.slot ?? 'pm', 'pm');
  const over = w.overdue.filter((x) => x.key_person_id === kp.P.id);
  assert.equal(over.length, 1, `P's morning slot is overdue: ${JSON.stringify(w.overdue)}`);
  assert.equal(over[0].slot ?? 'am', 'am');
  // the doctor's worklist has the same people (both are assigned)
  const wd = await worklist('doctorY');
  assert.ok(has(wd.due, kp.P.id) && has(wd.overdue, kp.P.id));
});

t('day 1 23:59: a check counts for day 1, afternoon slot', async () => {
  await at(`${DAY1}T23:59:00+08:00`);
  const r = await check(kp.P.id, { temperature: 36.5, method: 'visit' });
  assert.equal(r.json.day, DAY1, '23:59 belongs to day 1');
  assert.equal(r.json.slot, 'pm');
  assert.ok(Math.abs(r.json.taken_at - local(DAY1, '23:59')) < 60, `taken_at ${r.json.taken_at}`);
  const w = await worklist();
  const over = w.overdue.filter((x) => x.key_person_id === kp.P.id);
  assert.deepEqual(over.map((x) => x.slot ?? 'am'), ['am'], 'only the morning slot is missing on day 1');
  assert.ok(has(w.overdue, kp.Q.id), 'Q missed both slots');
});

t('day 2 00:01: a check counts for day 2, morning slot', async () => {
  await at('2020-01-24T00:01:00+08:00');
  const r = await check(kp.P.id, { temperature: 36.4, method: 'phone' });
  assert.equal(r.json.day, '2020-01-24', '00:01 belongs to day 2');
  assert.equal(r.json.slot, 'am');
  assert.equal((await get(kp.P.id)).day, 2);
  const w = await worklist();
  assert.ok(!has(w.due, kp.P.id), 'P’s morning check of day 2 is done');
  const over = w.overdue.filter((x) => x.key_person_id === kp.P.id);
  assert.ok(over.some((x) => (x.slot ?? 'am') === 'am'), 'yesterday’s missed morning is still overdue');
  assert.ok(!over.some((x) => x.slot === 'pm'), 'yesterday’s afternoon was checked at 23:59');
});

t(`day 14 (${DAY14}) 21:00: late records for all 14 days keep their real day and slot`, async () => {
  await at(`${DAY14}T21:00:00+08:00`);
  assert.equal((await get(kp.P.id)).day, 14);
  for (let d = 0; d < 14; d++) {
    const date = addDays(DAY1, d);
    const am = await check(kp.P.id, late(date, '09:00', 36.5 + (d % 3) / 10));
    assert.equal(am.json.day, date);
    assert.equal(am.json.slot, 'am');
    const pm = await check(kp.P.id, late(date, '15:00', 36.6));
    assert.equal(pm.json.day, date);
    assert.equal(pm.json.slot, 'pm');
  }
  // the local midnight holds for late records too
  const a = await check(kp.P.id, late('2020-01-30', '23:59'));
  assert.deepEqual([a.json.day, a.json.slot], ['2020-01-30', 'pm']);
  const b = await check(kp.P.id, late('2020-01-31', '00:01'));
  assert.deepEqual([b.json.day, b.json.slot], ['2020-01-31', 'am']);
  const list = await ctx.api('GET', `${KP}/${kp.P.id}/checks?limit=500`, { token: await tok('gridA') });
  assert.equal(list.json.total, 2 + 28 + 2);
  const times = list.json.items.map((c) => c.taken_at);
  assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first');
  // never before day 1, never in the future
  assertError(await check(kp.P.id, late('2020-01-22', '23:59'), 'gridA', null), 422, 'invalid');
  assertError(await check(kp.P.id, { temperature: 36.5, method: 'visit', taken_at: ctx.now() + 7200 }, 'gridA', null), 422, 'invalid');
  const w = await worklist();
  assert.equal(w.slot, 'pm');
  assert.ok(!has(w.due, kp.P.id) && !has(w.overdue, kp.P.id), 'P is up to date');
});

t('day 14: needs_visit when a day has only self-reports, or three self-reports repeat 36.5', async () => {
  const yest = addDays(DAY14, -1);
  const before = addDays(DAY14, -2);
  // Q: visits yesterday and today, and self-reports of 36.5 on days 12, 13 and 14
  await check(kp.Q.id, late(yest, '09:00', 36.4));
  await check(kp.Q.id, late(DAY14, '09:00', 36.6));
  await check(kp.Q.id, late(DAY14, '15:00', 36.6));
  for (const d of [before, yest, DAY14]) {
    const r = await check(kp.Q.id, late(d, '18:00', 36.5, 'self'));
    assert.equal(r.json.method, 'self');
  }
  // R: a visit yesterday, only a self-report today
  await check(kp.R.id, late(yest, '09:00', 36.5));
  await check(kp.R.id, late(yest, '15:00', 36.5));
  await check(kp.R.id, late(DAY14, '10:00', 36.6, 'self'));
  // S: visits both days, self-reports that differ
  await check(kp.S.id, late(yest, '09:00', 36.4));
  await check(kp.S.id, late(DAY14, '09:00', 36.5));
  await check(kp.S.id, late(DAY14, '15:00', 36.5));
  for (const [d, temp] of [[before, 36.5], [yest, 36.6], [DAY14, 36.4]]) await check(kp.S.id, late(d, '18:00', temp, 'self'));
  const w = await worklist();
  assert.ok(has(w.needs_visit, kp.Q.id), `Q: 36.5, 36.5, 36.5 on three days: ${JSON.stringify(w.needs_visit.map((x) => x.key_person_id))}`);
  assert.ok(has(w.needs_visit, kp.R.id), 'R: today only a self-report');
  assert.ok(!has(w.needs_visit, kp.S.id), 'S: visited, and the self-reports differ');
  assert.ok(!has(w.needs_visit, kp.P.id), 'P: visited every day');
});

t('day 14: an abnormal check raises an alert; a late record does not become the last check', async () => {
  // T: normal in the morning, 37.5 in the afternoon of day 14; the alert is handled, the last
  // reading stays abnormal
  await check(kp.T.id, late(DAY14, '09:00', 36.5));
  const ab = await check(kp.T.id, late(DAY14, '15:00', 37.5));
  assert.equal(ab.json.abnormal, true);
  assert.ok(ab.json.alert, ab.text);
  const id = ab.json.alert.id;
  const doc = await tok('doctorY');
  const steps = [
    ['refer', { hospital: '湘潭市中心医院发热门诊', transport: '救护车' }],
    ['result', { result: 'excluded' }],
    ['close', { note: '排除新冠，继续观察' }],
  ];
  for (const [step, body] of steps) {
    const s = await ctx.api('POST', `/api/v1/alerts/${id}/${step}`, { token: doc, body });
    assert.equal(s.status, 200, `${step}: ${s.text}`);
  }
  // a forgotten reading of day 13 entered now is older than the 37.5 of day 14
  const lateOne = await check(kp.T.id, late(addDays(DAY14, -1), '15:00', 36.5));
  assert.equal(lateOne.json.day, addDays(DAY14, -1));
  const g = await get(kp.T.id);
  assert.equal(g.open_alerts, 0);
  assert.equal(g.last_check?.id, ab.json.id, `last_check is the newest reading (37.5 of day 14), not the last entered: ${JSON.stringify(g.last_check)}`);
  // P's last check is the 15:00 of day 14, not the late 00:01 of 2020-01-31 entered after it
  const p = await get(kp.P.id);
  assert.equal(p.last_check?.day, DAY14, `P's last_check: ${JSON.stringify(p.last_check)}`);
});

t('day 14 of 15: release is refused before the last day (409)', async () => {
  assertError(await release(kp.U.id), 409, 'conflict');
  assert.equal((await get(kp.U.id)).status, 'active');
});

t('day 14 of 14, 21:00: release is refused before the end of the last day (409)', async () => {
  const r = await release(kp.R.id);
  assertError(r, 409, 'conflict');
  assert.equal((await get(kp.R.id)).status, 'active');
});

t('2020-02-06 00:01: the period is over; normal last checks are released automatically, an abnormal one is not', async () => {
  await at('2020-02-06T00:01:00+08:00');
  const R = await get(kp.R.id);
  assert.equal(R.status, 'released');
  for (const k of ['P', 'Q', 'S', ...(R.release_kind === 'doctor' ? [] : ['R'])]) {
    const g = await get(kp[k].id);
    assert.equal(g.status, 'released', `${k} is released automatically: ${JSON.stringify(g).slice(0, 300)}`);
    assert.equal(g.release_kind, 'auto');
    assert.ok(g.released_at >= local(DAY14, '23:59') && g.released_at <= ctx.now() + 5, `released_at ${g.released_at}`);
  }
  const tl = await ctx.api('GET', `${KP}/${kp.P.id}/timeline`, { token: await tok('gridA') });
  assert.equal(tl.json.items[tl.json.items.length - 1].kind, 'released');
  const T = await get(kp.T.id);
  assert.equal(T.status, 'active', 'the last check of T was 37.5: not released automatically');
  assertError(await release(kp.T.id), 409, 'conflict');
  const U = await get(kp.U.id);
  assert.equal(U.status, 'active', 'U has 15 days');
  assert.equal(U.day, 15);
  // a released person takes no more checks
  const c = await check(kp.P.id, { temperature: 36.5, method: 'visit' }, 'gridA', null);
  assert.ok([409, 422].includes(c.status), `a check after release: ${c.status} ${c.text}`);
  await check(kp.U.id, { temperature: 36.5, method: 'visit' });
  // figures of today
  const f = await figures('2020-02-06');
  // R counts here unless the server let the doctor release R on day 14 (the test above)
  assert.equal(f.released_today, R.release_kind === 'doctor' ? 3 : 4, 'P Q R S released today');
  assert.equal(f.under_observation, 2, 'T and U are still observed');
  assert.equal(f.registered_today, 0);
});

t('release by the doctor: with the setting release=doctor nobody is released automatically', async () => {
  const admin = await tok('admin');
  assertError(await ctx.api('PATCH', '/api/v1/settings/monitoring', { token: await tok('secretaryY'), body: { release: 'doctor' } }), 403, 'forbidden');
  assertError(await ctx.api('PATCH', '/api/v1/settings/monitoring', { token: admin, body: { release: 'sometimes' } }), 422, 'invalid', 'release');
  const s = await ctx.api('PATCH', '/api/v1/settings/monitoring', { token: admin, body: { release: 'doctor' } });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.release, 'doctor');
  assert.equal(s.json.fever_tenths, 373, 'the other settings are kept');

  await at('2020-02-07T00:01:00+08:00');
  const g = await get(kp.U.id);
  assert.equal(g.status, 'active', 'U is not released automatically');
  assert.equal((await ctx.api('GET', '/api/v1/settings/monitoring', { token: await tok('admin') })).json.release, 'doctor');
  assertError(await release(kp.U.id, 'gridA'), 403, 'forbidden');
  const r = await release(kp.U.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'released');
  assert.equal(r.json.release_kind, 'doctor');
  const tl = await ctx.api('GET', `${KP}/${kp.U.id}/timeline`, { token: await tok('admin') });
  const ev = tl.json.items[tl.json.items.length - 1];
  assert.equal(ev.kind, 'released');
  assert.equal(ev.username, staff.doctorY.username);
});

t('figures of a given date: registered and released that day', async () => {
  const d1 = await figures(DAY1);
  assert.equal(d1.registered_today, 6, 'six registered on day 1');
  assert.equal(d1.released_today, 0);
  assert.equal(d1.under_observation, 6);
  const d6 = await figures('2020-02-06');
  const R = await get(kp.R.id);
  assert.equal(d6.released_today, R.release_kind === 'doctor' ? 3 : 4);
  assert.equal(d6.registered_today, 0);
  const d7 = await figures('2020-02-07');
  assert.equal(d7.released_today, 1, 'U');
  assert.equal(d7.under_observation, 1, 'T is still observed');
  const future = await ctx.api('GET', '/api/v1/monitoring/figures?date=2020-02-08', { token: await tok('admin') });
  assertError(future, 422, 'invalid', 'date');
  const bad = await ctx.api('GET', '/api/v1/monitoring/figures?date=2020-02-30', { token: await tok('admin') });
  assertError(bad, 422, 'invalid', 'date');
});

ctx.cleanExit();
