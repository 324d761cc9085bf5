// monitoring_registered.test.mjs: the half-days before a key person was registered, on an
// injected clock. C arrived on 2020-01-23 and is registered at 08:00 of day 3; V arrived the same
// day and is registered at 22:06 of day 3. The slots whose window closed before a registration
// (am until 12:00, pm until 20:00) could not be recorded: they are never overdue and count in no
// overdue figure (the worklist, the figures of today and of a past day, the daily report).
import assert from 'node:assert/strict';
import { AREA, idNumber, phone, setupTown, uniqueName } from './lib.mjs';

const ARRIVED = '2020-01-23';
const DAY2 = '2020-01-24';
const DAY3 = '2020-01-25';
const DAY4 = '2020-01-26';
const ctx = setupTown({ clock: `${DAY3}T08:00:00+08:00` });
const t = ctx.test;
const KP = '/api/v1/key-persons';
const kp = {};

const admin = () => ctx.login(ctx.admin);
const at = (iso) => ctx.restart('SIGTERM', { clock: iso });

async function register(name) {
  const r = await ctx.api('POST', KP, {
    token: await admin(),
    body: {
      person: { name: uniqueName(name), id_number: idNumber(), phone: phone(), area_code: AREA.lixin1 },
      reason: 'high_risk_area', from_place: '武汉', left_on: '2020-01-22', arrived_on: ARRIVED,
      transport: 'train', transport_no: 'K9063', found_by: 'tip', kind: 'home',
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.day, 3, 'registered on day 3 of observation');
  return r.json;
}

async function worklist() {
  const r = await ctx.api('GET', '/api/v1/worklist', { token: await admin() });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// the missed slots of one person as "MM-DD am"
const missed = (w, id) => w.overdue.filter((x) => x.key_person_id === id).map((x) => `${x.date.slice(5)} ${x.slot}`).sort();

async function lixin(date) {
  const r = await ctx.api('GET', `/api/v1/monitoring/figures?date=${date}`, { token: await admin() });
  assert.equal(r.status, 200, r.text);
  const v = r.json.villages.find((x) => x.code === AREA.lixin);
  assert.ok(v, `a row for 立新村 on ${date}`);
  return v;
}

async function report(date) {
  const r = await ctx.api('GET', `/api/v1/reports/daily?date=${date}`, { token: await admin() });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

t(`day 3 (${DAY3}) 08:00: C is registered in time for the morning slot`, async () => {
  const before = await lixin(DAY3);
  assert.equal(before.under_observation, 0, '立新村 has nobody under observation yet');
  kp.C = await register('程');
  const w = await worklist();
  assert.deepEqual(missed(w, kp.C.id), [], 'nothing of day 2 is overdue for someone registered on day 3');
  assert.ok(w.due.some((x) => x.key_person_id === kp.C.id), 'the morning check of day 3 is due');
});

t('day 3 22:06: V is registered; the half-days before are not overdue, C’s are', async () => {
  await at(`${DAY3}T22:06:00+08:00`);
  const f0 = await lixin(DAY3);
  assert.equal(f0.checks_overdue, 2, `C missed the morning and afternoon of day 3: ${JSON.stringify(f0)}`);

  kp.V = await register('魏');
  const w = await worklist();
  assert.deepEqual(missed(w, kp.V.id), [], `V was registered after every slot of days 2 and 3 closed: ${JSON.stringify(w.overdue)}`);
  assert.deepEqual(missed(w, kp.C.id), ['01-25 am', '01-25 pm']);

  const f = await lixin(DAY3);
  assert.equal(f.under_observation, 2, 'V is under observation');
  assert.equal(f.checks_overdue, 2, 'V adds nothing to the overdue figure');
  assert.equal(f.checks_due, 0);
  assert.equal(f.completion_rate, 0, 'C owed two slots and recorded none; V owed none');
  const rv = (await report(DAY3)).monitoring.villages.find((x) => x.code === AREA.lixin);
  assert.equal(rv.checks_overdue, 2, 'the daily report counts C’s two slots, none of V’s');
});

t(`day 4 (${DAY4}) 13:00: V owes the morning of day 4, nothing before`, async () => {
  await at(`${DAY4}T13:00:00+08:00`);
  const w = await worklist();
  assert.deepEqual(missed(w, kp.V.id), ['01-26 am'], `V: ${JSON.stringify(w.overdue)}`);
  assert.deepEqual(missed(w, kp.C.id), ['01-25 am', '01-25 pm', '01-26 am']);
  // day 3 as a past day: C's two slots, none of V's
  const f3 = await lixin(DAY3);
  assert.equal(f3.under_observation, 2);
  assert.equal(f3.checks_overdue, 2, `day 3 seen from day 4: ${JSON.stringify(f3)}`);
  const f2 = await lixin(DAY2);
  assert.equal(f2.checks_overdue, 0, 'day 2: nobody was registered yet');
  const rv = (await report(DAY3)).monitoring.villages.find((x) => x.code === AREA.lixin);
  assert.equal(rv.checks_overdue, 2, 'the daily report of day 3, read on day 4');
  const f4 = await lixin(DAY4);
  assert.equal(f4.checks_overdue, 2, 'the morning of day 4, C and V');
  assert.equal(f4.checks_due, 2, 'the afternoon of day 4, C and V');
});

t('day 4: a late reading of a slot before the registration is kept but owes nothing', async () => {
  const r = await ctx.api('POST', `${KP}/${kp.V.id}/checks`, {
    token: await admin(), body: { temperature: 36.5, method: 'visit', taken_at: Math.floor(Date.parse(`${DAY3}T09:00:00+08:00`) / 1000) },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.day, DAY3);
  const f3 = await lixin(DAY3);
  assert.equal(f3.checks_overdue, 2, 'C still missed both');
  assert.equal(f3.completion_rate, 0, 'the slots owed on day 3 were C’s two, none done');
});

ctx.cleanExit();
