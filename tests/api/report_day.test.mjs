// report_day.test.mjs: a past day's daily report says what stood at the end of that day, whenever
// it is read: the alerts open then, the checks recorded by then; its sections name the town by one
// code; its downloads are named for the report and its date.
import assert from 'node:assert/strict';
import { AREA, idNumber, local, phone, setupTown, uniqueName } from './lib.mjs';

const D = '2020-03-02';
const NEXT = '2020-03-03';
const ctx = setupTown({ clock: `${D}T07:00:00+08:00` });
const t = ctx.test;
const KP = '/api/v1/key-persons';
const FIG = ['alerts_open', 'checks_due', 'checks_overdue', 'abnormal_today', 'under_observation'];
const pick = (row) => Object.fromEntries(FIG.map((k) => [k, row[k]]));
const kp = {};
let alert;

async function at(date, time) {
  await ctx.restart('SIGTERM', { clock: `${date}T${time}:00+08:00` });
}

async function api(method, p, body, expect) {
  const r = await ctx.api(method, p, { token: await ctx.login(ctx.admin), body });
  if (expect !== undefined) assert.equal(r.status, expect, `${method} ${p} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function report(date) {
  return (await api('GET', `/api/v1/reports/daily?date=${date}`, undefined, 200)).json;
}

const yunlong = (rep) => rep.monitoring.villages.find((v) => v.code === AREA.yunlong);

t(`${D}: two returnees to 云龙村, one with a fever in the morning; read that evening`, async () => {
  for (const k of ['A', 'B']) {
    kp[k] = (await api('POST', KP, {
      person: { name: uniqueName('邓'), id_number: idNumber({ area: '430302' }), phone: phone(), area_code: AREA.yunlong1 },
      reason: 'high_risk_area', from_place: '武汉', arrived_on: '2020-03-01', found_by: 'sweep', kind: 'home',
    }, 201)).json;
  }
  await at(D, '08:00');
  const c = await api('POST', `${KP}/${kp.A.id}/checks`, { temperature: 38.5, symptoms: ['fever'], method: 'visit' }, 201);
  alert = c.json.alert;
  assert.ok(alert, 'a fever raises an alert');
  await api('POST', `${KP}/${kp.B.id}/checks`, { temperature: 36.5, method: 'visit' }, 201);
  await at(D, '20:30');
  const rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), { alerts_open: 1, checks_due: 0, checks_overdue: 2, abnormal_today: 1, under_observation: 2 },
    'that evening: the alert open, both afternoons missed');
  assert.equal(rep.monitoring.town.alerts_open, 1);
  assert.deepEqual(rep.open_alerts.map((a) => a.id), [alert.id]);
});

t(`${D} read the next day, after a late reading, a referral and the close: the same figures`, async () => {
  const evening = pick(yunlong(await report(D)));
  await at(NEXT, '09:00');
  // B's afternoon reading of the day before, entered late: it changes nothing that stood that evening
  await api('POST', `${KP}/${kp.B.id}/checks`, { temperature: 36.4, method: 'phone', taken_at: local(D, '15:00') }, 201);
  let rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), evening, 'the day after, the alert still open');
  assert.equal(rep.monitoring.town.alerts_open, 1);
  assert.deepEqual(rep.open_alerts.map((a) => [a.id, a.status]), [[alert.id, 'open']], 'referred only the day after');
  assert.ok(Math.abs(rep.open_alerts[0].age_hours - 16) < 0.01, `its age at the end of the day: ${rep.open_alerts[0].age_hours}`);
  const f = await api('GET', `/api/v1/monitoring/figures?date=${D}`, undefined, 200);
  assert.deepEqual(pick(f.json.town), pick(rep.monitoring.town), 'the figures of that day say the same');

  await api('POST', `/api/v1/alerts/${alert.id}/refer`, { hospital: '湘潭市中心医院发热门诊', transport: '120救护车' }, 200);
  await api('POST', `/api/v1/alerts/${alert.id}/result`, { result: 'excluded', note: '排除' }, 200);
  await at(NEXT, '10:00');
  await api('POST', `/api/v1/alerts/${alert.id}/close`, { note: '继续居家观察' }, 200);
  rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), evening, 'closed since: still open at the end of that day');
  assert.deepEqual(rep.open_alerts.map((a) => a.id), [alert.id]);
  const today = await report(NEXT);
  assert.equal(yunlong(today).alerts_open, 0, 'closed today');
  assert.deepEqual(today.open_alerts, []);
  // the day before the fever, nothing was open
  assert.equal(yunlong(await report('2020-03-01')).alerts_open, 0);
});

t('every section names the town by its full code', async () => {
  const rep = await report(D);
  assert.equal(rep.town.code, AREA.town);
  assert.equal(rep.monitoring.town.code, AREA.town);
  assert.equal(rep.gatherings.town.code, AREA.town, 'the gatherings section');
  const g = await api('GET', '/api/v1/gatherings/figures', undefined, 200);
  assert.equal(g.json.town.code, AREA.town);
});

ctx.cleanExit();
