// monitoring.test.mjs: key-person health monitoring (重点人员健康监测) on an injected clock of
// 2020-01-25 10:00 in the town: registration of residents and newcomers, automatic assignment and
// reassignment, checks and their validation, alerts and their closed loop, idempotent retries,
// self-reports, jurisdiction, the notice, worklists and figures.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AREA, ID_MASK, PHONE_MASK, assertError, idNumber, local, maskId, maskPhone, pageAll, phone, request,
  setupTown, uniqueName,
} from './lib.mjs';

const TODAY = '2020-01-25';
const ctx = setupTown({ clock: '2020-01-25T10:00:00+08:00' });
const t = ctx.test;

const KP = '/api/v1/key-persons';
const u = {}; // users: {username, password, id, token}
let admin; // token
const kp = {}; // key persons by letter: the answer of the registration
const pers = {}; // registry persons by letter: {id, name, idn, ph}
let base0; // figures before anything was registered
let alertC;
let alertD;
let alertE;
let ageE0;

/* ---------- helpers ---------- */

async function mkPerson(area, withHousehold = false) {
  const idn = idNumber();
  const ph = phone();
  const body = { name: uniqueName(), id_number: idn, phone: ph };
  if (withHousehold) {
    const h = await ctx.api('POST', '/api/v1/households', {
      token: admin, body: { address: `云龙村${randomBytes(2).toString('hex')}号`, area_code: area },
    });
    assert.equal(h.status, 201, h.text);
    body.household_id = h.json.id;
    body.relation = '户主';
  } else {
    body.area_code = area;
  }
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, name: r.json.name, idn, ph, address: r.json.household_address };
}

// the registration of someone back from 武汉, arrived 2020-01-23
function fromWuhan(extra = {}) {
  return {
    reason: 'high_risk_area', from_place: '武汉', left_on: '2020-01-22', arrived_on: '2020-01-23',
    transport: 'train', transport_no: 'G1234', found_by: 'sweep', kind: 'home', ...extra,
  };
}

async function register(body, token = admin, expect = 201, headers = undefined) {
  const r = await ctx.api('POST', KP, { token, body, headers });
  if (expect !== null) assert.equal(r.status, expect, `POST ${KP} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function check(id, body, token, expect = 201, headers = undefined) {
  const r = await ctx.api('POST', `${KP}/${id}/checks`, { token, body, headers });
  if (expect !== null) assert.equal(r.status, expect, `POST ${KP}/${id}/checks ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function get(id, token = admin) {
  const r = await ctx.api('GET', `${KP}/${id}`, { token });
  assert.equal(r.status, 200, `GET ${KP}/${id}: ${r.text}`);
  return r.json;
}

async function checks(id, token = admin) {
  const r = await ctx.api('GET', `${KP}/${id}/checks?limit=500`, { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.total, 'number');
  return r.json;
}

async function timeline(id, token = admin) {
  const r = await ctx.api('GET', `${KP}/${id}/timeline`, { token });
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json.items), r.text);
  for (const e of r.json.items) {
    assert.equal(typeof e.at, 'number', `event at: ${JSON.stringify(e)}`);
    assert.equal(typeof e.kind, 'string');
    assert.equal(typeof e.username, 'string', `event username: ${JSON.stringify(e)}`);
  }
  for (let i = 1; i < r.json.items.length; i++) assert.ok(r.json.items[i].at >= r.json.items[i - 1].at, 'oldest first');
  return r.json.items;
}

async function alerts(token, query = '') {
  const r = await ctx.api('GET', `/api/v1/alerts?limit=500${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function worklist(token) {
  const r = await ctx.api('GET', '/api/v1/worklist', { token });
  assert.equal(r.status, 200, r.text);
  for (const k of ['due', 'overdue', 'abnormal', 'needs_visit']) assert.ok(Array.isArray(r.json[k]), `worklist.${k}: ${r.text}`);
  return r.json;
}

const ids = (list) => list.map((w) => w.key_person_id);

async function figures(token = admin, query = `?date=${TODAY}`) {
  const r = await ctx.api('GET', `/api/v1/monitoring/figures${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const FIG_KEYS = ['under_observation', 'home', 'centralised', 'registered_today', 'released_today', 'abnormal_today', 'alerts_open'];

function rowOf(f, code) {
  if (code === AREA.town) return f.town;
  return f.villages.find((v) => v.code === code) || Object.fromEntries(FIG_KEYS.map((k) => [k, 0]));
}

function delta(now, before, code) {
  const a = rowOf(now, code);
  const b = rowOf(before, code);
  return Object.fromEntries(FIG_KEYS.map((k) => [k, a[k] - b[k]]));
}

function noAlert(r) {
  assert.ok(r.json.alert === undefined || r.json.alert === null, `no alert expected: ${r.text}`);
}

/* ---------- tests ---------- */

t('set up: staff of 云龙村 (1组 and 2组) and 立新村, people in the registry', async () => {
  admin = await ctx.login(ctx.admin);
  // the demo town's own grid workers of the grids and doctors of the villages used here step
  // aside, so assignment picks ours
  const grids = [AREA.yunlong1, AREA.yunlong2, AREA.lixin1];
  const villages = [AREA.yunlong, AREA.lixin];
  const demoStaff = (await pageAll(ctx, admin, '/api/v1/users')).filter((x) =>
    (x.role === 'grid' && grids.includes(x.area.code)) || (x.role === 'doctor' && villages.includes(x.area.code)));
  assert.ok(demoStaff.some((x) => x.username === 'grid') && demoStaff.some((x) => x.username === 'doctor'));
  for (const { username } of demoStaff) {
    const r = await ctx.cli('user', 'disable', username);
    assert.equal(r.code, 0, `fangyi user disable ${username}: ${r.stdout}${r.stderr}`);
  }
  const mk = async (key, role, area, displayName) => {
    u[key] = await ctx.user(role, area, undefined, { displayName });
  };
  await mk('gridA', 'grid', AREA.yunlong1, '云龙一组网格员甲');
  await mk('gridB', 'grid', AREA.yunlong2, '云龙二组网格员乙');
  await mk('gridL', 'grid', AREA.lixin1, '立新一组网格员丙');
  await mk('doctorY', 'doctor', AREA.yunlong, '云龙村医丁');
  await mk('doctorL', 'doctor', AREA.lixin, '立新村医戊');
  await mk('secretaryY', 'secretary', AREA.yunlong, '云龙村书记己');
  await mk('viewer', 'viewer', AREA.district);
  await mk('checkpoint', 'checkpoint', AREA.yunlong1);
  await mk('auditor', 'auditor', AREA.town);
  const all = await pageAll(ctx, admin, '/api/v1/users');
  for (const v of Object.values(u)) {
    const found = all.find((x) => x.username === v.username);
    assert.ok(found, `user ${v.username} listed`);
    v.id = found.id;
    v.token = await ctx.login(v);
  }
  pers.A = await mkPerson(AREA.yunlong1, true);
  for (const k of ['C', 'D', 'G', 'H', 'V']) pers[k] = await mkPerson(AREA.yunlong1);
  pers.E = await mkPerson(AREA.lixin1);
  base0 = await figures();
  assert.equal(base0.date, TODAY, `figures date on the injected clock: ${JSON.stringify(base0).slice(0, 200)}`);
});

t('register a resident back from 武汉: the period runs from the arrival, 14 days; grid worker and doctor are assigned', async () => {
  const r = await register({ person_id: pers.A.id, ...fromWuhan(), reason_detail: '武汉务工返乡' });
  const k = r.json;
  kp.A = k;
  assert.equal(typeof k.id, 'number');
  assert.equal(k.person_id, pers.A.id);
  assert.equal(k.name, pers.A.name);
  assert.equal(k.id_number, maskId(pers.A.idn));
  assert.match(k.id_number, ID_MASK);
  assert.equal(k.phone, maskPhone(pers.A.ph));
  assert.match(k.phone, PHONE_MASK);
  assert.ok(!r.text.includes(pers.A.idn) && !r.text.includes(pers.A.ph), 'no full ID number or phone');
  assert.equal(k.area_code, AREA.yunlong1);
  assert.equal(typeof k.area_name, 'string');
  assert.equal(k.village_code, AREA.yunlong);
  assert.equal(k.reason, 'high_risk_area');
  assert.equal(k.reason_detail, '武汉务工返乡');
  assert.equal(k.from_place, '武汉');
  assert.equal(k.left_on, '2020-01-22');
  assert.equal(k.arrived_on, '2020-01-23');
  assert.equal(k.transport, 'train');
  assert.equal(k.transport_no, 'G1234');
  assert.equal(k.found_by, 'sweep');
  assert.equal(k.kind, 'home');
  assert.equal(k.start_date, '2020-01-23', 'start date defaults to the arrival');
  assert.equal(k.days, 14);
  assert.equal(k.end_date, '2020-02-05', 'end date = arrival + 13 days');
  assert.equal(k.day, 3, 'on 2020-01-25 it is day 3');
  assert.equal(k.status, 'active');
  assert.equal(k.last_check, null);
  assert.equal(k.open_alerts, 0);
  assert.equal(k.released_at, null);
  assert.ok(k.release_kind === null || k.release_kind === undefined || k.release_kind === '');
  assert.ok(Math.abs(k.created_at - local(TODAY, '10:00')) < 600, `created_at ${k.created_at} is the injected now`);
  assert.equal(typeof k.self_report_code, 'string', 'the self-report code is shown on create');
  assert.match(k.self_report_code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, 'four groups of four, 80 bits');
  // assignment: the grid worker of the person's grid, the doctor of the village
  assert.ok(k.grid_worker, 'a grid worker is assigned');
  assert.equal(k.grid_worker.id, u.gridA.id, `grid worker: ${JSON.stringify(k.grid_worker)}`);
  assert.equal(k.grid_worker.name, u.gridA.displayName);
  assert.ok(k.doctor, 'a doctor is assigned');
  assert.equal(k.doctor.id, u.doctorY.id, `doctor: ${JSON.stringify(k.doctor)}`);
  assert.equal(k.doctor.name, u.doctorY.displayName);

  const g = await get(k.id);
  assert.equal(g.end_date, '2020-02-05');
  assert.equal(g.grid_worker.id, u.gridA.id);
  assert.ok(!g.self_report_code, 'the code is shown only once, on create');
  const tl = await timeline(k.id);
  assert.equal(tl[0].kind, 'registered', `first event: ${JSON.stringify(tl)}`);
  assert.equal(tl[0].username, ctx.admin.username);
});

t('register a newcomer: added to the registry with the key-person record', async () => {
  const idn = idNumber();
  const name = uniqueName('欧阳');
  const r = await register({
    person: { name, id_number: idn, phone: phone(), area_code: AREA.yunlong1 },
    reason: 'close_contact', reason_detail: '与确诊病例同车', found_by: 'big_data', kind: 'home',
  });
  kp.B = r.json;
  assert.equal(r.json.name, name);
  assert.equal(r.json.reason, 'close_contact');
  assert.equal(r.json.start_date, TODAY, 'without an arrival the period starts today');
  assert.equal(r.json.end_date, '2020-02-07');
  assert.equal(r.json.day, 1);
  assert.equal(r.json.grid_worker?.id, u.gridA.id);
  assert.equal(r.json.doctor?.id, u.doctorY.id);
  const p = await ctx.api('GET', `/api/v1/persons/${r.json.person_id}`, { token: admin });
  assert.equal(p.status, 200, `the newcomer is in the registry: ${p.text}`);
  assert.equal(p.json.name, name);
  assert.equal(p.json.id_number, maskId(idn));
  assert.equal(p.json.area_code, AREA.yunlong1);
  const s = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token: admin });
  assert.equal(s.json.total, 1);

  // more people for the tests below: C and D in 1组, E in 立新村, G centralised (with a retry key)
  kp.C = (await register({ person_id: pers.C.id, ...fromWuhan({ found_by: 'checkpoint' }) })).json;
  kp.D = (await register({ person_id: pers.D.id, ...fromWuhan({ found_by: 'self_report', transport: 'car', transport_no: '湘C12345' }) })).json;
  kp.E = (await register({ person_id: pers.E.id, ...fromWuhan({ found_by: 'tip' }) })).json;
  assert.equal(kp.E.village_code, AREA.lixin);
  assert.equal(kp.E.grid_worker?.id, u.gridL.id, 'the grid worker of 立新村一组');
  assert.equal(kp.E.doctor?.id, u.doctorL.id, 'the doctor of 立新村');
  const gBody = { person_id: pers.G.id, reason: 'other', reason_detail: '密接的密接', found_by: 'other', kind: 'centralised', site: '鹤岭镇卫生院隔离点', days: 7 };
  u.gKey = `reg-${randomBytes(8).toString('hex')}`;
  u.gBody = gBody;
  const g = await register(gBody, admin, 201, { 'idempotency-key': u.gKey });
  kp.G = g.json;
  u.gFirst = g.json;
  assert.equal(g.json.kind, 'centralised');
  assert.equal(g.json.site, '鹤岭镇卫生院隔离点');
  assert.equal(g.json.days, 7, 'days per person');
  assert.equal(g.json.start_date, TODAY);
  assert.equal(g.json.end_date, '2020-01-31');
});

t('registering a person already under active observation is 409 conflict', async () => {
  const r = await register({ person_id: pers.A.id, ...fromWuhan() }, admin, null);
  assertError(r, 409, 'conflict');
  const list = await ctx.api('GET', `${KP}?q=${encodeURIComponent(pers.A.name)}`, { token: admin });
  assert.equal(list.json.total, 1, 'still one record');
});

t('registration errors name the field, and write nothing', async () => {
  const pid = pers.V.id;
  const cases = [
    [{ person_id: pid, ...fromWuhan({ reason: undefined }) }, 'reason'],
    [{ person_id: pid, ...fromWuhan({ reason: 'virus' }) }, 'reason'],
    [{ person_id: pid, ...fromWuhan({ kind: undefined }) }, 'kind'],
    [{ person_id: pid, ...fromWuhan({ kind: 'hotel' }) }, 'kind'],
    [{ person_id: pid, ...fromWuhan({ arrived_on: undefined }) }, 'arrived_on'],
    [{ person_id: pid, ...fromWuhan({ arrived_on: '2020-02-30' }) }, 'arrived_on'],
    [{ person_id: pid, ...fromWuhan({ kind: 'centralised' }) }, 'site'],
    [{ person_id: pid, ...fromWuhan({ days: 0 }) }, 'days'],
    [{ person_id: pid, ...fromWuhan({ days: 61 }) }, 'days'],
    [{ person_id: pid, ...fromWuhan({ days: -3 }) }, 'days'],
    [{ person_id: pid, ...fromWuhan({ found_by: 'rumour' }) }, 'found_by'],
    [{ person_id: pid, ...fromWuhan({ transport: 'horse' }) }, 'transport'],
  ];
  for (const [body, field] of cases) {
    const r = await register(JSON.parse(JSON.stringify(body)), admin, null);
    assertError(r, 422, 'invalid', field);
  }
  // an unknown person
  const none = await register({ person_id: 987654321, ...fromWuhan() }, admin, null);
  assert.ok([404, 422].includes(none.status), `unknown person: ${none.status} ${none.text}`);
  if (none.status === 422) assertError(none, 422, 'invalid', 'person_id');
  else assertError(none, 404, 'not_found');
  // neither person_id nor person
  assertError(await register(fromWuhan(), admin, null), 422, 'invalid');
  // a newcomer whose registration fails is not added to the registry
  const name = uniqueName('司马');
  const bad = await register({ person: { name, id_number: idNumber(), area_code: AREA.yunlong1 }, ...fromWuhan({ kind: 'hotel' }) }, admin, null);
  assertError(bad, 422, 'invalid', 'kind');
  const s = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token: admin });
  assert.equal(s.json.total, 0, 'nothing half-written: the newcomer is not in the registry');
  const bad2 = await register({ person: { name, id_number: '123', area_code: AREA.yunlong1 }, ...fromWuhan() }, admin, null);
  assert.equal(bad2.status, 422, `a newcomer with a bad ID number: ${bad2.text}`);
  const v = await ctx.api('GET', `${KP}?q=${encodeURIComponent(pers.V.name)}`, { token: admin });
  assert.equal(v.json.total, 0, 'no record for the refused registrations');
});

t('assignment: a secretary reassigns, a grid worker or doctor cannot (403)', async () => {
  u.gridA2 = await ctx.user('grid', AREA.yunlong1, undefined, { displayName: '云龙一组网格员庚' });
  const all = await pageAll(ctx, admin, '/api/v1/users');
  u.gridA2.id = all.find((x) => x.username === u.gridA2.username).id;
  u.gridA2.token = await ctx.login(u.gridA2);

  const r = await ctx.api('PATCH', `${KP}/${kp.B.id}`, { token: u.secretaryY.token, body: { grid_worker_id: u.gridA2.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.grid_worker.id, u.gridA2.id);
  assert.equal(r.json.grid_worker.name, '云龙一组网格员庚');
  assert.equal(r.json.doctor.id, u.doctorY.id, 'the doctor is unchanged');
  const tl = await timeline(kp.B.id);
  const last = tl[tl.length - 1];
  assert.equal(last.kind, 'assigned', JSON.stringify(tl));
  assert.equal(last.username, u.secretaryY.username);

  for (const who of ['gridA', 'doctorY']) {
    const f = await ctx.api('PATCH', `${KP}/${kp.B.id}`, { token: u[who].token, body: { grid_worker_id: u.gridA.id } });
    assertError(f, 403, 'forbidden');
  }
  // extending needs monitor.clinical: not a grid worker's
  assertError(await ctx.api('PATCH', `${KP}/${kp.A.id}`, { token: u.gridA.token, body: { days: 21 } }), 403, 'forbidden');
  assert.equal((await get(kp.B.id)).grid_worker.id, u.gridA2.id, 'the refused changes changed nothing');
  assert.equal((await get(kp.A.id)).days, 14);
});

t('checks: 36.6 is normal; 37.2 is below the threshold; 37.3 raises an alert', async () => {
  const r = await check(kp.A.id, { temperature: 36.6, method: 'visit' }, u.gridA.token);
  const c = r.json;
  assert.equal(typeof c.id, 'number');
  assert.equal(c.key_person_id, kp.A.id);
  assert.equal(c.temperature, 36.6);
  assert.deepEqual(c.symptoms, []);
  assert.equal(c.method, 'visit');
  assert.equal(c.abnormal, false);
  assert.equal(c.day, TODAY);
  assert.equal(c.slot, 'am');
  assert.ok(Math.abs(c.taken_at - local(TODAY, '10:00')) < 600, `taken_at ${c.taken_at} defaults to now`);
  assert.equal(c.recorded_by?.id, u.gridA.id);
  assert.equal(c.recorded_by?.name, u.gridA.displayName);
  noAlert(r);

  const r2 = await check(kp.A.id, { temperature: 37.2, method: 'phone' }, u.doctorY.token);
  assert.equal(r2.json.abnormal, false, '37.2 is normal');
  assert.equal(r2.json.temperature, 37.2);
  noAlert(r2);

  const r3 = await check(kp.C.id, { temperature: 37.3, method: 'visit' }, u.doctorY.token);
  assert.equal(r3.json.abnormal, true, '37.3 is at the threshold');
  assert.ok(r3.json.alert && typeof r3.json.alert === 'object', `an alert is raised: ${r3.text}`);
  alertC = r3.json.alert;
  assert.equal(alertC.status, 'open');
  assert.equal(alertC.key_person_id, kp.C.id);
  assert.equal(alertC.check_id, r3.json.id);
  assert.equal(alertC.name, pers.C.name);
  assert.match(alertC.reason, /37\.3/);
  const g = await get(kp.C.id);
  assert.equal(g.open_alerts, 1);
  assert.equal(g.last_check?.id, r3.json.id);
  assert.equal(g.last_check?.abnormal, true);
  assert.equal(g.last_check?.recorded_by?.name, u.doctorY.displayName, `last_check.recorded_by: ${JSON.stringify(g.last_check)}`);
});

t('a key symptom alone raises an alert; fatigue or other alone does not', async () => {
  const f = await check(kp.A.id, { temperature: 36.5, symptoms: ['fatigue'], method: 'visit' }, u.gridA.token);
  assert.equal(f.json.abnormal, false, 'fatigue alone is not abnormal');
  assert.deepEqual(f.json.symptoms, ['fatigue']);
  noAlert(f);
  const o = await check(kp.A.id, { temperature: 36.4, symptoms: ['other'], symptom_other: '头痛', method: 'phone' }, u.gridA.token);
  assert.equal(o.json.abnormal, false);
  assert.equal(o.json.symptom_other, '头痛');
  noAlert(o);

  const c = await check(kp.D.id, { temperature: 36.5, symptoms: ['cough'], method: 'visit' }, u.gridA.token);
  assert.equal(c.json.abnormal, true, 'cough alone is abnormal');
  assert.ok(c.json.alert, `cough raises an alert: ${c.text}`);
  assert.equal(c.json.alert.status, 'open');
  alertD = c.json.alert;

  const e = await check(kp.E.id, { temperature: 38.5, method: 'visit' }, u.gridL.token);
  assert.ok(e.json.alert, `38.5 raises an alert: ${e.text}`);
  alertE = e.json.alert;
  assert.equal(typeof alertE.age_hours, 'number');
  ageE0 = alertE.age_hours;
  assert.ok(ageE0 >= 0 && ageE0 < 1, `a new alert is young: ${ageE0}`);
  // the alert reaches the doctor and the secretary of the village, and the command post
  for (const who of [u.doctorL.token, admin]) {
    assert.ok((await alerts(who)).some((a) => a.id === alertE.id), 'listed among open alerts');
  }
});

t('bad readings are refused naming the field, and nothing is written', async () => {
  const before = (await checks(kp.A.id)).total;
  const tok = u.gridA.token;
  const cases = [
    [{ temperature: 33.9, method: 'visit' }, 'temperature'],
    [{ temperature: 43.1, method: 'visit' }, 'temperature'],
    [{ temperature: 'abc', method: 'visit' }, 'temperature'],
    [{ method: 'visit' }, 'temperature'],
    [{ temperature: null, method: 'visit' }, 'temperature'],
    [{ temperature: 36.5, symptoms: ['sneezing'], method: 'visit' }, 'symptoms'],
    [{ temperature: 36.5, symptoms: 'cough', method: 'visit' }, 'symptoms'],
    [{ temperature: 36.5, method: 'pigeon' }, 'method'],
  ];
  for (const [body, field] of cases) assertError(await check(kp.A.id, body, tok, null), 422, 'invalid', field);
  // in the future, and before the start date
  const future = await check(kp.A.id, { temperature: 36.5, method: 'visit', taken_at: ctx.now() + 3600 }, tok, null);
  assertError(future, 422, 'invalid');
  const early = await check(kp.A.id, { temperature: 36.5, method: 'visit', taken_at: local('2020-01-22', '20:00') }, tok, null);
  assertError(early, 422, 'invalid');
  // the limits themselves are accepted
  const low = await check(kp.A.id, { temperature: 34.0, method: 'visit' }, tok);
  assert.equal(low.json.temperature, 34);
  assert.equal((await checks(kp.A.id)).total, before + 1, 'only the valid check was written');
  // an unknown key person
  assertError(await check(987654321, { temperature: 36.5, method: 'visit' }, tok, null), 404, 'not_found');
});

t('a retried check with the same idempotency key is one check; a different body is idempotency_mismatch', async () => {
  const key = `chk-${randomBytes(8).toString('hex')}`;
  const headers = { 'idempotency-key': key };
  const body = { temperature: 36.7, symptoms: [], method: 'visit' };
  const before = (await checks(kp.A.id)).total;
  const r1 = await check(kp.A.id, body, u.gridA.token, 201, headers);
  const r2 = await check(kp.A.id, body, u.gridA.token, null, headers);
  assert.equal(r2.status, 201, `the replay has the first status: ${r2.text}`);
  assert.deepEqual(r2.json, r1.json, 'the replay answers the first body');
  assert.equal(r2.json.id, r1.json.id);
  assert.equal(r2.headers.get('idempotent-replay'), 'true');
  assert.notEqual(r1.headers.get('idempotent-replay'), 'true', 'the first answer is no replay');
  const list = await checks(kp.A.id);
  assert.equal(list.total, before + 1, 'one check, not two');
  assert.equal(list.items.filter((c) => c.id === r1.json.id).length, 1);

  const m = await check(kp.A.id, { ...body, temperature: 36.8 }, u.gridA.token, null, headers);
  assertError(m, 422, 'idempotency_mismatch');
  assert.equal((await checks(kp.A.id)).total, before + 1, 'the mismatch wrote nothing');

  // keys are per user: another user's same key is a new request
  const other = await check(kp.A.id, { ...body, temperature: 36.8 }, u.doctorY.token, 201, headers);
  assert.notEqual(other.json.id, r1.json.id);
  assert.equal(other.headers.get('idempotent-replay'), null);
  assert.equal((await checks(kp.A.id)).total, before + 2);

  // the registration of G, retried after it went through, answers the first record again
  const g = await register(u.gBody, admin, null, { 'idempotency-key': u.gKey });
  assert.equal(g.status, 201, `a replayed registration: ${g.text}`);
  assert.equal(g.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(g.json, u.gFirst);
  const gm = await register({ ...u.gBody, days: 8 }, admin, null, { 'idempotency-key': u.gKey });
  assertError(gm, 422, 'idempotency_mismatch');
  const list2 = await ctx.api('GET', `${KP}?q=${encodeURIComponent(pers.G.name)}`, { token: admin });
  assert.equal(list2.json.total, 1, 'one registration of G');
});

t('the closed loop of an alert: referral, result excluded, close — each in the timeline with who did it', async () => {
  const open = await alerts(u.doctorY.token);
  const a = open.find((x) => x.id === alertC.id);
  assert.ok(a, 'the doctor sees the alert among the open ones');
  assert.equal(a.status, 'open');
  assert.equal(a.area_code, AREA.yunlong1);
  assert.equal(typeof a.age_hours, 'number');
  // a grid worker does not handle alerts
  assertError(await ctx.api('POST', `/api/v1/alerts/${alertC.id}/refer`, { token: u.gridA.token, body: { hospital: '湘潭市中心医院', transport: '120' } }), 403, 'forbidden');
  const referredAt = ctx.now() - 600;
  const rf = await ctx.api('POST', `/api/v1/alerts/${alertC.id}/refer`, {
    token: u.doctorY.token, body: { hospital: '湘潭市中心医院发热门诊', referred_at: referredAt, transport: '120急救车' },
  });
  assert.equal(rf.status, 200, rf.text);
  assert.equal(rf.json.status, 'referred');
  assert.equal(rf.json.hospital, '湘潭市中心医院发热门诊');
  assert.equal(rf.json.transport, '120急救车');
  assert.equal(rf.json.referred_at, referredAt);
  const rs = await ctx.api('POST', `/api/v1/alerts/${alertC.id}/result`, { token: u.doctorY.token, body: { result: 'excluded', note: '血常规正常' } });
  assert.equal(rs.status, 200, rs.text);
  assert.equal(rs.json.result, 'excluded');
  assertError(await ctx.api('POST', `/api/v1/alerts/${alertC.id}/result`, { token: u.doctorY.token, body: { result: 'maybe' } }), 422, 'invalid', 'result');
  assertError(await ctx.api('POST', `/api/v1/alerts/${alertC.id}/close`, { token: u.doctorY.token, body: {} }), 422, 'invalid', 'note');
  const cl = await ctx.api('POST', `/api/v1/alerts/${alertC.id}/close`, { token: u.doctorY.token, body: { note: '排除，继续居家观察' } });
  assert.equal(cl.status, 200, cl.text);
  assert.equal(cl.json.status, 'closed');
  assert.equal(typeof cl.json.closed_at, 'number');
  assert.ok(cl.json.closed_by, 'closed by a named person');
  assert.ok(!(await alerts(u.doctorY.token)).some((x) => x.id === alertC.id), 'no longer open');
  assert.ok((await alerts(u.doctorY.token, '&status=closed')).some((x) => x.id === alertC.id), 'among the closed');

  const g = await get(kp.C.id);
  assert.equal(g.status, 'active', 'excluded keeps the observation going');
  assert.equal(g.open_alerts, 0);
  const tl = await timeline(kp.C.id);
  const kinds = tl.map((e) => e.kind);
  const order = ['registered', 'check', 'alert', 'referred', 'result', 'closed'];
  let at = -1;
  for (const k of order) {
    const i = kinds.indexOf(k, at + 1);
    assert.ok(i > at, `timeline has ${k} after the earlier steps: ${kinds.join(',')}`);
    at = i;
  }
  const by = (k) => tl.find((e) => e.kind === k).username;
  assert.equal(by('registered'), ctx.admin.username);
  assert.equal(by('check'), u.doctorY.username);
  for (const k of ['referred', 'result', 'closed']) assert.equal(by(k), u.doctorY.username, `${k} by the doctor`);
});

t('a suspected result ends the observation as transferred', async () => {
  const rf = await ctx.api('POST', `/api/v1/alerts/${alertD.id}/refer`, { token: u.secretaryY.token, body: { hospital: '湘潭市第一人民医院', transport: '专车' } });
  assert.equal(rf.status, 200, rf.text);
  const rs = await ctx.api('POST', `/api/v1/alerts/${alertD.id}/result`, { token: u.doctorY.token, body: { result: 'suspected' } });
  assert.equal(rs.status, 200, rs.text);
  assert.equal(rs.json.result, 'suspected');
  const g = await get(kp.D.id);
  assert.equal(g.status, 'transferred');
  const tr = await ctx.api('GET', `${KP}?status=transferred`, { token: admin });
  assert.ok(tr.json.items.some((x) => x.id === kp.D.id));
  const act = await ctx.api('GET', `${KP}?status=active&limit=500`, { token: admin });
  assert.ok(!act.json.items.some((x) => x.id === kp.D.id));
  const c = await check(kp.D.id, { temperature: 36.5, method: 'visit' }, u.gridA.token, null);
  assert.ok([409, 422].includes(c.status), `a check for someone no longer observed: ${c.status} ${c.text}`);
  // close the loop
  const cl = await ctx.api('POST', `/api/v1/alerts/${alertD.id}/close`, { token: u.doctorY.token, body: { note: '已转运定点医院' } });
  assert.equal(cl.status, 200, cl.text);
  assert.equal(cl.json.status, 'closed');
});

t('a self-report with the code of the notice is accepted without login and marked self', async () => {
  const r = await request(ctx.server.base, 'POST', '/api/v1/self-report', { body: { code: kp.A.self_report_code, temperature: 36.5 } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.ok, true, r.text);
  // docs/API.md answers {"ok":true}; the server adds abnormal (a hint for the resident's page)
  if ('abnormal' in r.json) assert.equal(r.json.abnormal, false);
  const list = await checks(kp.A.id);
  const c = list.items.find((x) => x.method === 'self');
  assert.ok(c, `a check marked self: ${JSON.stringify(list.items.slice(0, 3))}`);
  assert.equal(list.items[0].taken_at, c.taken_at, 'newest first');
  assert.equal(c.temperature, 36.5);
  assert.equal(c.recorded_by, null);
  assert.equal(c.day, TODAY);
  for (const code of ['WRONG-CODE', `${kp.A.self_report_code}x`, '']) {
    const w = await request(ctx.server.base, 'POST', '/api/v1/self-report', { from: '127.0.31.1', body: { code, temperature: 36.5 } });
    assert.ok([404, 422].includes(w.status), `wrong code ${code}: ${w.status} ${w.text}`);
    assert.ok(w.json?.error, w.text);
  }
  // typed as people type it: lowercase, spaces for the dashes
  const typed = await request(ctx.server.base, 'POST', '/api/v1/self-report', { body: { code: kp.A.self_report_code.toLowerCase().replace(/-/g, ' '), temperature: 36.5 } });
  assert.equal(typed.status, 201, typed.text);
  const bad = await request(ctx.server.base, 'POST', '/api/v1/self-report', { body: { code: kp.A.self_report_code, temperature: 45 } });
  assertError(bad, 422, 'invalid', 'temperature');
  assert.equal((await checks(kp.A.id)).total, list.total + 1, 'refused self-reports write nothing');
});

t('jurisdiction: another grid sees nothing; the doctor sees the village; the viewer only figures', async () => {
  const gb = u.gridB.token;
  for (const p of [`${KP}/${kp.A.id}`, `${KP}/${kp.A.id}/checks`, `${KP}/${kp.A.id}/timeline`, `${KP}/${kp.A.id}/notice`]) {
    const r = await ctx.api('GET', p, { token: gb });
    assertError(r, 404, 'not_found');
    assert.ok(!r.text.includes(pers.A.name), `${p} leaks nothing`);
  }
  assertError(await check(kp.A.id, { temperature: 36.5, method: 'visit' }, gb, null), 404, 'not_found');
  assertError(await ctx.api('GET', `${KP}/${kp.E.id}`, { token: u.secretaryY.token }), 404, 'not_found');
  const l = await ctx.api('GET', `${KP}?limit=500`, { token: gb });
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items, []);
  assert.equal(l.json.total, 0);
  const w = await worklist(gb);
  for (const k of ['due', 'overdue', 'abnormal', 'needs_visit']) assert.deepEqual(w[k], [], `gridB worklist.${k}`);
  assert.deepEqual(await alerts(gb), []);

  const own = await pageAll(ctx, u.gridA.token, KP);
  for (const x of [kp.A, kp.B, kp.C, kp.G]) assert.ok(own.some((y) => y.id === x.id), `grid 1组 sees ${x.id}`);
  assert.ok(!own.some((y) => y.id === kp.E.id));
  for (const y of own) assert.equal(y.area_code, AREA.yunlong1);

  const doc = await pageAll(ctx, u.doctorY.token, KP);
  for (const x of [kp.A, kp.B, kp.C, kp.D, kp.G]) assert.ok(doc.some((y) => y.id === x.id), `the doctor sees ${x.id}`);
  for (const y of doc) assert.ok(y.area_code.startsWith(AREA.yunlong), `doctor of 云龙村 sees ${y.area_code}`);
  assertError(await ctx.api('GET', `${KP}/${kp.E.id}`, { token: u.doctorY.token }), 404, 'not_found');
  assertError(await ctx.api('GET', `${KP}/${kp.E.id}/checks`, { token: u.doctorY.token }), 404, 'not_found');
  assertError(await ctx.api('POST', `/api/v1/alerts/${alertE.id}/refer`, { token: u.doctorY.token, body: { hospital: 'x', transport: 'y' } }), 404, 'not_found');
  assert.ok(!(await alerts(u.doctorY.token)).some((a) => a.id === alertE.id), 'no alert of 立新村');
  assert.ok((await get(kp.A.id, u.secretaryY.token)).id === kp.A.id, 'the secretary sees the village');

  // narrowing: status, area, name
  const q = await ctx.api('GET', `${KP}?status=active&q=${encodeURIComponent(pers.A.name)}`, { token: admin });
  assert.deepEqual(q.json.items.map((x) => x.id), [kp.A.id]);
  const li = await ctx.api('GET', `${KP}?area=${AREA.lixin}&limit=500`, { token: admin });
  assert.ok(li.json.items.some((x) => x.id === kp.E.id));
  for (const y of li.json.items) assert.ok(y.area_code.startsWith(AREA.lixin));

  for (const who of ['viewer', 'checkpoint', 'auditor']) {
    for (const p of [KP, `${KP}/${kp.A.id}`, '/api/v1/alerts', '/api/v1/worklist']) {
      assertError(await ctx.api('GET', p, { token: u[who].token }), 403, 'forbidden');
    }
    assertError(await register({ person_id: pers.V.id, ...fromWuhan() }, u[who].token, null), 403, 'forbidden');
  }
  for (const who of ['viewer', 'checkpoint']) {
    const f = await ctx.api('GET', '/api/v1/monitoring/figures', { token: u[who].token });
    assert.equal(f.status, 200, `${who} reads the figures: ${f.text}`);
    assert.ok(!f.text.includes(pers.A.name), 'figures carry no names');
  }
  assertError(await ctx.api('GET', '/api/v1/monitoring/figures', { token: u.auditor.token }), 403, 'forbidden');
});

t('worklists: the grid worker’s own people, due now, overdue since yesterday, abnormal', async () => {
  const w = await worklist(u.gridA.token);
  assert.equal(w.slot, 'am', '10:00 is the morning slot');
  assert.equal(typeof w.now, 'number');
  assert.ok(Math.abs(w.now - ctx.now()) < 120, `worklist now ${w.now} is the injected time`);
  const all = [...w.due, ...w.overdue, ...w.abnormal, ...w.needs_visit];
  for (const x of all) {
    for (const k of ['key_person_id', 'name', 'area_name', 'day', 'end_date', 'reason']) assert.ok(k in x, `WORK has ${k}: ${JSON.stringify(x)}`);
    assert.ok(![kp.B.id, kp.D.id, kp.E.id].includes(x.key_person_id), `not the grid worker's: ${JSON.stringify(x)}`);
  }
  assert.ok(ids(w.due).includes(kp.G.id), `G has no check this morning: due ${JSON.stringify(ids(w.due))}`);
  assert.ok(!ids(w.due).includes(kp.A.id), 'A was checked this morning');
  assert.ok(!ids(w.due).includes(kp.C.id), 'C was checked this morning');
  // A arrived on day 1 but was registered this morning (day 3): day 2 passed before anyone could
  // check them, "not recorded before registration", which is not overdue
  assert.ok(!ids(w.overdue).includes(kp.A.id), 'A was registered on day 3: day 2 is not overdue');
  assert.ok(!ids(w.overdue).includes(kp.G.id), 'G started today: nothing overdue yet');
  assert.ok(ids(w.abnormal).includes(kp.C.id), 'C’s last check was 37.3');
  assert.ok(!ids(w.abnormal).includes(kp.A.id));
  const gw = w.due.find((x) => x.key_person_id === kp.G.id);
  assert.equal(gw.name, pers.G.name);
  assert.equal(gw.end_date, '2020-01-31');
  assert.match(gw.phone, PHONE_MASK);

  const w2 = await worklist(u.gridA2.token);
  assert.deepEqual(ids(w2.due), [kp.B.id], 'the reassigned grid worker has B');
  const wd = await worklist(u.doctorY.token);
  for (const x of [kp.B.id, kp.G.id]) assert.ok(ids(wd.due).includes(x), `the doctor's due list has ${x}`);
  const ws = await worklist(u.secretaryY.token);
  for (const x of [kp.B.id, kp.G.id]) assert.ok(ids(ws.due).includes(x), `the secretary's due list has ${x}`);
  assert.ok(!ids(ws.due).includes(kp.E.id));
});

t('the home-observation notice is HTML with the name, the period, the responsible people and the code', async () => {
  const r = await ctx.api('GET', `${KP}/${kp.A.id}/notice`, { token: u.gridA.token });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(r.headers.get('content-type') || '', /text\/html/);
  assert.match(r.text, /<html|<!doctype html/i);
  assert.ok(r.text.includes(pers.A.name), 'the name');
  assert.match(r.text, /2020-01-23|2020年0?1月23日/, 'the first day');
  assert.match(r.text, /2020-02-05|2020年0?2月0?5日/, 'the last day');
  assert.ok(r.text.includes(u.gridA.displayName), 'the grid worker');
  assert.ok(r.text.includes(u.doctorY.displayName), 'the doctor');
  assert.ok(!r.text.includes(kp.A.self_report_code), 'the code is not printed: only its hash is kept');
  assert.match(r.text, /自报码/, 'a blank for the self-report code');
  assert.ok(r.text.includes('居家观察'));
  assert.ok(!r.text.includes(pers.A.idn), 'no full ID number on a door notice');
  assertError(await ctx.api('GET', `${KP}/${kp.A.id}/notice`, { token: u.viewer.token }), 403, 'forbidden');
});

t('figures by village and town match what was registered today', async () => {
  const f = await figures();
  assert.equal(f.date, TODAY);
  assert.equal(f.town.code, AREA.town);
  for (const row of [f.town, ...f.villages]) {
    for (const k of [...FIG_KEYS, 'checks_due', 'checks_overdue']) assert.equal(typeof row[k], 'number', `${row.code}.${k}`);
    assert.ok(row.completion_rate >= 0 && row.completion_rate <= 1, `${row.code} completion ${row.completion_rate}`);
  }
  const yl = f.villages.find((v) => v.code === AREA.yunlong);
  assert.ok(yl, '云龙村 has a row');
  assert.equal(typeof yl.name, 'string');
  // 云龙村: A, B, C home and G centralised are under observation; D was transferred;
  // abnormal today: C (37.3) and D (cough); both alerts closed
  assert.deepEqual(delta(f, base0, AREA.yunlong), {
    under_observation: 4, home: 3, centralised: 1, registered_today: 5, released_today: 0, abnormal_today: 2, alerts_open: 0,
  });
  // 立新村: E, 38.5 and an open alert
  assert.deepEqual(delta(f, base0, AREA.lixin), {
    under_observation: 1, home: 1, centralised: 0, registered_today: 1, released_today: 0, abnormal_today: 1, alerts_open: 1,
  });
  assert.deepEqual(delta(f, base0, AREA.town), {
    under_observation: 5, home: 4, centralised: 1, registered_today: 6, released_today: 0, abnormal_today: 3, alerts_open: 1,
  });
  // today is the default date; the viewer reads the same town figures
  const d = await figures(admin, '');
  assert.equal(d.date, TODAY);
  assert.deepEqual(d.town, f.town);
  const v = await figures(u.viewer.token);
  assert.deepEqual(v.town, f.town);
  // the chart
  const ch = await ctx.api('GET', '/api/v1/monitoring/daily?days=3', { token: admin });
  assert.equal(ch.status, 200, ch.text);
  const days = [...ch.json.items].sort((a, b) => a.date.localeCompare(b.date));
  assert.deepEqual(days.map((x) => x.date), ['2020-01-23', '2020-01-24', TODAY]);
  const last = days[2];
  assert.ok(last.registered >= 6, `registered today on the chart: ${JSON.stringify(last)}`);
  assert.ok(last.abnormal_checks >= 3);
  assert.ok(last.under_observation >= 5);
});

t('a released person takes no more checks', async () => {
  const before = await figures();
  const released0 = (await ctx.api('GET', `${KP}?status=released`, { token: admin })).json.items.map((x) => x.id);
  // H's 14 days ran 2020-01-10 … 2020-01-23; the last check of the last day was normal
  const r = await register({ person_id: pers.H.id, ...fromWuhan({ left_on: '2020-01-09', arrived_on: '2020-01-10' }) });
  assert.equal(r.json.end_date, '2020-01-23');
  const late = await check(r.json.id, { temperature: 36.4, method: 'visit', taken_at: local('2020-01-23', '15:00') }, u.doctorY.token, null);
  let h = await get(r.json.id);
  if (h.status === 'active') {
    assert.equal(late.status, 201, `a late check on the last day: ${late.text}`);
    assert.equal(late.json.day, '2020-01-23');
    assert.equal(late.json.slot, 'pm');
    assertError(await ctx.api('POST', `${KP}/${r.json.id}/release`, { token: u.gridA.token, body: {} }), 403, 'forbidden');
    const rel = await ctx.api('POST', `${KP}/${r.json.id}/release`, { token: u.doctorY.token, body: { note: '期满，体温正常' } });
    assert.equal(rel.status, 200, rel.text);
    h = rel.json;
    assert.equal(h.release_kind, 'doctor');
  }
  assert.equal(h.status, 'released');
  assert.equal(typeof h.released_at, 'number');
  assert.ok(['doctor', 'auto'].includes(h.release_kind), `release_kind ${h.release_kind}`);
  const c = await check(r.json.id, { temperature: 36.5, method: 'visit' }, u.doctorY.token, null);
  assert.ok([409, 422].includes(c.status), `a check after release: ${c.status} ${c.text}`);
  assert.ok(c.json?.error, c.text);
  const again = await ctx.api('POST', `${KP}/${r.json.id}/release`, { token: u.doctorY.token, body: {} });
  assertError(again, 409, 'conflict');
  const tl = await timeline(r.json.id);
  const ev = tl.find((e) => e.kind === 'released');
  assert.ok(ev, `a released event: ${JSON.stringify(tl)}`);
  if (h.release_kind === 'doctor') assert.equal(ev.username, u.doctorY.username);
  const rl = await ctx.api('GET', `${KP}?status=released`, { token: admin });
  // H joins those released before (the demo town's)
  assert.deepEqual(rl.json.items.map((x) => x.id).sort((a, b) => a - b), [...released0, r.json.id].sort((a, b) => a - b));
  const f = await figures();
  const dy = delta(f, before, AREA.yunlong);
  assert.deepEqual({ registered_today: dy.registered_today, released_today: dy.released_today, under_observation: dy.under_observation },
    { registered_today: 1, released_today: 1, under_observation: 0 }, 'H was registered and released today');
});

t('an unhandled alert ages visibly (server restarted six and a half hours later)', async () => {
  await ctx.restart('SIGTERM', { clock: '2020-01-25T16:30:00+08:00' });
  const open = await alerts(admin);
  const a = open.find((x) => x.id === alertE.id);
  assert.ok(a, 'E’s alert is still open');
  assert.equal(a.status, 'open');
  assert.ok(a.age_hours > ageE0 && a.age_hours >= 6 && a.age_hours <= 7, `age_hours ${a.age_hours} 6.5 hours later, was ${ageE0}`);
  // the afternoon slot: A is due again
  const w = await worklist(u.gridA.token);
  assert.equal(w.slot, 'pm');
  assert.ok(ids(w.due).includes(kp.A.id), 'A needs the afternoon check');
  // the figures count the open alert still
  const f = await figures();
  assert.equal(delta(f, base0, AREA.lixin).alerts_open, 1);
});

ctx.cleanExit();
