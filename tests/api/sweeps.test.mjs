// sweeps.test.mjs: door-to-door sweeps (地毯式排查): a campaign with its questionnaire over two grids
// of 云龙村; grid workers' visits and the coverage they move (households and people, per grid,
// village and town), households not reached and revisits, the "not yet reached" list, refusals
// outside the worker's grid, hand-offs to monitoring and to the secretary, idempotent retries,
// a second round compared with the first, the CSV export, and who may do what; the daily report of a
// past day, on an injected clock, with the coverage as it stood at the end of that day.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import {
  AREA, assertError, csvMark, idNumber, pageAll, phone, setupTown, sql, startServer, today,
  uniqueName
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const S = '/api/v1/sweeps';
const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

const QUESTIONS = [
  { key: 'hubei', text: '1月10日以来是否从湖北返回', kind: 'yesno', per_person: true, required: true, handoff: { to: 'monitor', reason: 'high_risk_area' } },
  { key: 'fever', text: '是否发热或咳嗽', kind: 'yesno', per_person: true, required: true, handoff: { to: 'task' } },
  { key: 'leaflet', text: '是否已发放宣传单', kind: 'yesno' },
  { key: 'home', text: '在家人数', kind: 'number' },
  { key: 'water', text: '饮水来源', kind: 'choice', choices: ['自来水', '井水'] },
];

const tok = {};
const who = {};
let camp; // the campaign
const hh = { g1: [], g2: [] }; // households of the two grids, with their members

async function api(token, method, p, body, expect, headers) {
  const r = await ctx.api(method, p, { token, body, headers });
  if (expect !== undefined) assert.equal(r.status, expect, `${method} ${p} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function coverage(token = tok.admin, q = '') {
  return (await api(token, 'GET', `${S}/${camp.id}/coverage${q}`, undefined, 200)).json;
}

const row = (cov, code) => [cov.town, ...cov.villages, ...cov.grids].find((x) => x.code === code);

function visit(token, body, headers) {
  return ctx.api('POST', `${S}/${camp.id}/visits`, { token, body, headers });
}

const allNo = (h) => h.members.map((m) => ({ person_id: m.id, answers: { hubei: false, fever: false } }));

t('set up: staff, and the households of two grids of 云龙村 with their members', async () => {
  tok.admin = await ctx.login(ctx.admin);
  for (const [k, role, area] of [['grid1', 'grid', AREA.yunlong1], ['grid2', 'grid', AREA.yunlong2], ['gridLX', 'grid', AREA.lixin1],
    ['sec', 'secretary', AREA.yunlong], ['doctor', 'doctor', AREA.yunlong], ['viewer', 'viewer', AREA.district],
    ['checkpoint', 'checkpoint', AREA.yunlong], ['auditor', 'auditor', AREA.town]]) {
    who[k] = await ctx.user(role, area);
    tok[k] = await ctx.login(who[k]);
  }
  for (const [k, area] of [['g1', AREA.yunlong1], ['g2', AREA.yunlong2]]) {
    const list = await pageAll(ctx, tok.admin, `/api/v1/households?area=${area}`);
    for (const h of list) {
      const d = await api(tok.admin, 'GET', `/api/v1/households/${h.id}`, undefined, 200);
      hh[k].push({ ...h, members: d.json.members });
    }
  }
  // the demo grids are small: make sure each has at least four households of two or more people
  for (const [k, area] of [['g1', AREA.yunlong1], ['g2', AREA.yunlong2]]) {
    while (hh[k].filter((h) => h.members.length >= 2).length < 4) {
      const h = (await api(tok.admin, 'POST', '/api/v1/households', { address: `排查路${randomBytes(3).toString('hex')}号`, area_code: area }, 201)).json;
      const members = [];
      for (const name of ['甲', '乙', '丙']) {
        members.push((await api(tok.admin, 'POST', '/api/v1/persons', { name: `测试${name}${randomBytes(2).toString('hex')}`, household_id: h.id }, 201)).json);
      }
      hh[k].push({ ...h, members });
    }
    hh[k] = hh[k].filter((h) => h.members.length >= 2).concat(hh[k].filter((h) => h.members.length < 2));
  }
});

t('the command post defines a campaign; bad questionnaires and scopes are refused naming the field', async () => {
  const base = { name: '湖北返乡人员排查', scope: [AREA.yunlong1, AREA.yunlong2], starts_on: daysAgo(3), ends_on: today(), questions: QUESTIONS };
  assertError(await api(tok.admin, 'POST', S, { ...base, questions: [] }), 422, 'invalid', 'questions');
  assertError(await api(tok.admin, 'POST', S, { ...base, questions: [{ key: 'x', text: '?', kind: 'essay' }] }), 422, 'invalid', 'questions');
  assertError(await api(tok.admin, 'POST', S, { ...base, questions: [QUESTIONS[0], QUESTIONS[0]] }), 422, 'invalid', 'questions');
  assertError(await api(tok.admin, 'POST', S, { ...base, questions: [{ key: 'c', text: '选', kind: 'choice', choices: ['一'] }] }), 422, 'invalid', 'questions');
  assertError(await api(tok.admin, 'POST', S, { ...base, questions: [{ key: 'h', text: '户', kind: 'yesno', handoff: { to: 'monitor' } }] }), 422, 'invalid', 'questions');
  assertError(await api(tok.admin, 'POST', S, { ...base, scope: [AREA.yunlong, AREA.yunlong1] }), 422, 'invalid', 'scope');
  assertError(await api(tok.admin, 'POST', S, { ...base, scope: ['430302999999'] }), 422, 'invalid', 'scope');
  assertError(await api(tok.admin, 'POST', S, { ...base, ends_on: daysAgo(5) }), 422, 'invalid', 'ends_on');
  assertError(await api(tok.sec, 'POST', S, base), 403, 'forbidden');
  assertError(await api(tok.grid1, 'POST', S, base), 403, 'forbidden');

  const r = await api(tok.admin, 'POST', S, { ...base, scope: [` ${AREA.yunlong1}`, AREA.yunlong2] }, 201);
  camp = r.json;
  assert.equal(camp.round, 1);
  assert.equal(camp.status, 'active');
  assert.deepEqual(camp.scope.map((s) => s.code), [AREA.yunlong1, AREA.yunlong2]);
  assert.equal(camp.questions.length, 5);
  assert.equal(camp.questions[0].handoff.to, 'monitor');
  assert.equal(camp.questions[2].per_person, false);
  assert.deepEqual(camp.questions[4].choices, ['自来水', '井水']);
  const g = await api(tok.grid1, 'GET', `${S}/${camp.id}`, undefined, 200);
  assert.equal(g.json.name, '湖北返乡人员排查');
  assertError(await api(tok.gridLX, 'GET', `${S}/${camp.id}`), 404, 'not_found');
  const l = await api(tok.gridLX, 'GET', S, undefined, 200);
  assert.ok(!l.json.items.some((x) => x.id === camp.id), 'a 立新村 worker does not see a 云龙村 campaign');
});

t('before any visit: coverage is zero of the registry totals, and every household is on the list', async () => {
  const cov = await coverage();
  const areas = (await api(tok.admin, 'GET', '/api/v1/areas?limit=500', undefined, 200)).json.items;
  const a1 = areas.find((a) => a.code === AREA.yunlong1);
  const a2 = areas.find((a) => a.code === AREA.yunlong2);
  assert.equal(row(cov, AREA.yunlong1).households, a1.households);
  assert.equal(row(cov, AREA.yunlong1).persons, a1.persons);
  assert.equal(cov.town.households, a1.households + a2.households, 'the town row sums the two grids of the campaign');
  assert.equal(row(cov, AREA.yunlong).persons, a1.persons + a2.persons);
  assert.equal(cov.grids.length, 2);
  assert.equal(cov.town.households_reached, 0);
  assert.equal(cov.town.persons_reached, 0);
  assert.equal(hh.g1.length, a1.households);

  const p = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?limit=500`, undefined, 200);
  assert.equal(p.json.total, a1.households, 'the grid worker sees the households of their own grid');
  assert.deepEqual(p.json.items.map((x) => x.household_id).sort((a, b) => a - b), hh.g1.map((h) => h.id).sort((a, b) => a - b));
  assert.ok(p.json.items.every((x) => x.status === null && x.attempts === 0));
  // the village holds both grids of the campaign: the list is one grid at a time
  assertError(await api(tok.admin, 'GET', `${S}/${camp.id}/pending?area=${AREA.yunlong}&limit=500`), 422, 'invalid', 'area');
  const g2 = await api(tok.admin, 'GET', `${S}/${camp.id}/pending?area=${AREA.yunlong2}&limit=1`, undefined, 200);
  assert.equal(g2.json.total, a2.households);
  assert.equal(g2.json.items.length, 1);
});

t('a visit reaching a household moves the counters by its people and takes it off the list', async () => {
  const h = hh.g1[0];
  const before = await coverage();
  const r = await visit(tok.grid1, { household_id: h.id, outcome: 'reached', answers: { leaflet: true, home: h.members.length, water: '自来水' }, persons: allNo(h) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.outcome, 'reached');
  assert.equal(r.json.persons_seen, h.members.length);
  assert.deepEqual(r.json.answers, { leaflet: true, home: h.members.length, water: '自来水' });
  assert.deepEqual(r.json.persons.map((p) => p.person_id), h.members.map((m) => m.id));
  assert.deepEqual(r.json.handoffs, []);
  const after = await coverage();
  assert.equal(row(after, AREA.yunlong1).households_reached, row(before, AREA.yunlong1).households_reached + 1);
  assert.equal(row(after, AREA.yunlong1).persons_reached, h.members.length);
  assert.equal(after.town.persons_reached, h.members.length);
  assert.equal(row(after, AREA.yunlong2).households_reached, 0);
  assert.ok(Math.abs(row(after, AREA.yunlong1).household_rate - 1 / hh.g1.length) < 1e-6);
  const p = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?limit=500`, undefined, 200);
  assert.equal(p.json.total, hh.g1.length - 1);
  assert.ok(!p.json.items.some((x) => x.household_id === h.id), 'the household has left the list');

  // a second visit to the same household with the same people changes nothing but the visit count
  const again = await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: allNo(h) });
  assert.equal(again.status, 201, again.text);
  const c2 = await coverage();
  assert.equal(row(c2, AREA.yunlong1).households_reached, 1);
  assert.equal(row(c2, AREA.yunlong1).persons_reached, h.members.length);
  assert.equal(row(c2, AREA.yunlong1).visits, 2);
});

t('nobody home: a revisit is due; the revisit that finds one person, then another, counts each once', async () => {
  const h = hh.g1[1];
  const nh = await visit(tok.grid1, { household_id: h.id, outcome: 'not_home', revisit_on: today(), note: '全家外出' });
  assert.equal(nh.status, 201, nh.text);
  let cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).not_reached, 1);
  assert.equal(row(cov, AREA.yunlong1).households_reached, 1);
  let p = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?limit=500`, undefined, 200);
  const item = p.json.items.find((x) => x.household_id === h.id);
  assert.equal(item.status, 'not_home');
  assert.equal(item.attempts, 1);
  assert.equal(item.revisit_on, today());
  assert.equal(item.revisit_due, true);
  assert.equal(p.json.total, hh.g1.length - 1, 'not reached is still on the list');

  const refused = await visit(tok.grid1, { household_id: h.id, outcome: 'refused' });
  assert.equal(refused.status, 201, refused.text);
  cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).not_reached, 1, 'one household, however many attempts');

  const first = await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: allNo(h).slice(0, 1) });
  assert.equal(first.status, 201, first.text);
  cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).not_reached, 0);
  assert.equal(row(cov, AREA.yunlong1).households_reached, 2);
  assert.equal(row(cov, AREA.yunlong1).persons_reached, hh.g1[0].members.length + 1);
  const second = await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: allNo(h) });
  assert.equal(second.status, 201, second.text);
  cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).households_reached, 2, 'the household counts once');
  assert.equal(row(cov, AREA.yunlong1).persons_reached, hh.g1[0].members.length + h.members.length, 'each person once');
  // a later "nobody home" does not undo a reached household
  const late = await visit(tok.grid1, { household_id: h.id, outcome: 'not_home' });
  assert.equal(late.status, 201, late.text);
  cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).households_reached, 2);
  assert.equal(row(cov, AREA.yunlong1).not_reached, 0);
  p = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?limit=500`, undefined, 200);
  assert.ok(!p.json.items.some((x) => x.household_id === h.id));
  const v = await api(tok.admin, 'GET', `${S}/${camp.id}/visits?household_id=${h.id}`, undefined, 200);
  assert.equal(v.json.total, 5);
  assert.deepEqual(v.json.items.map((x) => x.outcome), ['not_home', 'reached', 'reached', 'refused', 'not_home'], 'newest first');
});

t('refused: a household outside the worker grid, outside the campaign, strangers, bad answers — nothing written', async () => {
  const before = await coverage();
  const visits = (await api(tok.admin, 'GET', `${S}/${camp.id}/visits`, undefined, 200)).json.total;
  const other = hh.g2[0];
  assertError(await visit(tok.grid1, { household_id: other.id, outcome: 'reached', persons: allNo(other) }), 403, 'forbidden', 'household_id');
  assertError(await visit(tok.grid1, { household_id: 987654321, outcome: 'not_home' }), 403, 'forbidden', 'household_id');
  const lx = (await api(tok.admin, 'POST', '/api/v1/households', { address: `立新路${randomBytes(3).toString('hex')}号`, area_code: AREA.lixin1 }, 201)).json;
  assertError(await visit(tok.admin, { household_id: lx.id, outcome: 'not_home' }), 422, 'invalid', 'household_id');
  const h = hh.g1[2];
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [{ person_id: hh.g1[0].members[0].id, answers: { hubei: false, fever: false } }] }), 422, 'invalid', 'persons[0].person_id');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [{ person_id: h.members[0].id, answers: { fever: false } }] }), 422, 'invalid', 'persons[0].answers.hubei');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [{ person_id: h.members[0].id, answers: { hubei: '是', fever: false } }] }), 422, 'invalid', 'persons[0].answers.hubei');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', answers: { water: '河水' }, persons: allNo(h) }), 422, 'invalid', 'answers.water');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', answers: { nope: 1 }, persons: allNo(h) }), 422, 'invalid', 'answers.nope');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [] }), 422, 'invalid', 'persons');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'not_home', persons: allNo(h) }), 422, 'invalid', 'persons');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'away' }), 422, 'invalid', 'outcome');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'not_home', revisit_on: daysAgo(1) }), 422, 'invalid', 'revisit_on');
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [allNo(h)[0], allNo(h)[0]] }), 422, 'invalid', 'persons[1].person_id');
  assertError(await visit(tok.doctor, { household_id: h.id, outcome: 'not_home' }), 403, 'forbidden');
  assert.deepEqual(await coverage(), before, 'the counters did not move');
  assert.equal((await api(tok.admin, 'GET', `${S}/${camp.id}/visits`, undefined, 200)).json.total, visits);
});

t('hand-offs: back from 湖北 goes to monitoring (found by the sweep), a fever to the secretary as a task', async () => {
  const h = hh.g1[2];
  const [x, y, ...rest] = h.members;
  const arrived = daysAgo(2);
  const r = await visit(tok.grid1, {
    household_id: h.id, outcome: 'reached',
    persons: [
      { person_id: x.id, answers: { hubei: true, fever: false }, from_place: '武汉', arrived_on: arrived },
      { person_id: y.id, answers: { hubei: false, fever: true } },
      ...rest.map((m) => ({ person_id: m.id, answers: { hubei: false, fever: false } })),
    ],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.handoffs.length, 2, r.text);
  const mon = r.json.handoffs.find((o) => o.to === 'monitor');
  const task = r.json.handoffs.find((o) => o.to === 'task');
  assert.equal(mon.person_id, x.id);
  assert.equal(mon.question, 'hubei');
  assert.equal(mon.status, 'created');
  assert.equal(task.person_id, y.id);
  assert.equal(task.question, 'fever');

  const kp = await api(tok.admin, 'GET', `/api/v1/key-persons/${mon.key_person_id}`, undefined, 200);
  assert.equal(kp.json.person_id, x.id);
  assert.equal(kp.json.found_by, 'sweep');
  assert.equal(kp.json.reason, 'high_risk_area');
  assert.equal(kp.json.from_place, '武汉');
  assert.equal(kp.json.arrived_on, arrived);
  assert.equal(kp.json.start_date, arrived);
  assert.equal(kp.json.status, 'active');
  assert.equal(kp.json.day, 3, 'arrived two days ago: day 3 of the observation');

  const tk = await api(tok.admin, 'GET', `/api/v1/tasks/${task.task_id}`, undefined, 200);
  assert.equal(tk.json.source, 'sweep');
  assert.equal(tk.json.source_id, r.json.id, 'the task links to the visit');
  assert.equal(tk.json.person_id, y.id);
  assert.equal(tk.json.area_code, AREA.yunlong1);
  assert.equal(tk.json.priority, 'high');
  assert.match(tk.json.title, /发热/);
  const owner = (await pageAll(ctx, tok.admin, '/api/v1/users')).find((u) => u.id === tk.json.owner.id);
  assert.equal(owner.role, 'secretary');
  assert.equal(owner.area.code, AREA.yunlong, 'the secretary of the village');

  // asked again on a revisit: the person is under observation already; no second record
  const again = await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: [{ person_id: x.id, answers: { hubei: true, fever: false } }] });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.handoffs.length, 1);
  assert.equal(again.json.handoffs[0].status, 'already');
  assert.equal(again.json.handoffs[0].key_person_id, mon.key_person_id);
  const list = await pageAll(ctx, tok.admin, `/api/v1/key-persons?status=active`);
  assert.equal(list.filter((k) => k.person_id === x.id).length, 1);
});

t('a retried visit (same Idempotency-Key) is recorded once; a different body under the key is refused', async () => {
  const h = hh.g1[3];
  const headers = { 'idempotency-key': `visit-${randomBytes(6).toString('hex')}` };
  const body = { household_id: h.id, outcome: 'reached', persons: allNo(h) };
  const before = await coverage();
  const a = await visit(tok.grid1, body, headers);
  assert.equal(a.status, 201, a.text);
  const b = await visit(tok.grid1, body, headers);
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replay'), 'true');
  assert.equal(b.json.id, a.json.id);
  const after = await coverage();
  assert.equal(row(after, AREA.yunlong1).households_reached, row(before, AREA.yunlong1).households_reached + 1);
  assert.equal(row(after, AREA.yunlong1).visits, row(before, AREA.yunlong1).visits + 1, 'one visit, not two');
  assertError(await visit(tok.grid1, { ...body, note: '改了' }, headers), 422, 'idempotency_mismatch');
  const v = await api(tok.admin, 'GET', `${S}/${camp.id}/visits?household_id=${h.id}`, undefined, 200);
  assert.equal(v.json.total, 1);
});

t('the second grid and the village: coverage adds up across grids', async () => {
  for (const h of hh.g2.slice(0, 2)) {
    const r = await visit(tok.grid2, { household_id: h.id, outcome: 'reached', persons: allNo(h) });
    assert.equal(r.status, 201, r.text);
  }
  const cov = await coverage();
  const g1 = row(cov, AREA.yunlong1);
  const g2 = row(cov, AREA.yunlong2);
  assert.equal(g2.households_reached, 2);
  assert.equal(g2.persons_reached, hh.g2[0].members.length + hh.g2[1].members.length);
  const v = row(cov, AREA.yunlong);
  for (const k of ['households', 'persons', 'households_reached', 'persons_reached', 'not_reached', 'visits']) {
    assert.equal(v[k], g1[k] + g2[k], `village ${k} = grid 1 + grid 2`);
    assert.equal(cov.town[k], v[k], `town ${k} = the village`);
  }
  const reachedG1 = [0, 1, 2, 3].map((i) => hh.g1[i]);
  assert.equal(g1.households_reached, 4);
  assert.equal(g1.persons_reached, reachedG1.reduce((n, h) => n + h.members.length, 0));
  // the grid worker's view is their grid; the secretary's the village; the list's summary agrees
  const mine = await coverage(tok.grid1);
  assert.equal(mine.town.households_reached, 4);
  assert.equal(mine.grids.length, 1);
  const sec = await api(tok.sec, 'GET', S, undefined, 200);
  const c = sec.json.items.find((x) => x.id === camp.id);
  assert.equal(c.coverage.households_reached, v.households_reached);
  assert.equal(c.coverage.persons, v.persons);
});

t('someone at the door who is not in the registry is added to the household, counted and handed off', async () => {
  const beforeRow = row(await coverage(), AREA.yunlong2);
  const h = (await api(tok.admin, 'POST', '/api/v1/households', { address: `排查路新人${randomBytes(3).toString('hex')}号`, area_code: AREA.yunlong2 }, 201)).json;
  const member = (await api(tok.admin, 'POST', '/api/v1/persons', { name: uniqueName('屈'), household_id: h.id }, 201)).json;
  const before = await coverage();
  const name = uniqueName('宁');
  const id = idNumber({ area: '420106' });
  const bad = (persons) => visit(tok.grid2, { household_id: h.id, outcome: 'reached', persons });
  assertError(await bad([{ person_id: member.id, person: { name }, answers: { hubei: false, fever: false } }]), 422, 'invalid', 'persons[0].person_id');
  assertError(await bad([{ person: { phone: phone() }, answers: { hubei: false, fever: false } }]), 422, 'invalid', 'persons[0].person.name');
  assertError(await bad([{ person: { name, id_number: '420106199001011234' }, answers: { hubei: false, fever: false } }]), 422, 'invalid', 'persons[0].person.id_number');
  assert.deepEqual(await coverage(), before, 'refused newcomers leave nothing behind');

  const r = await bad([
    { person_id: member.id, answers: { hubei: false, fever: false } },
    { person: { name, id_number: ` ${id.slice(0, 17)}${id[17].toLowerCase()} `, phone: phone(), relation: '亲戚' }, answers: { hubei: true, fever: false }, from_place: '武汉', arrived_on: daysAgo(1) },
  ]);
  assert.equal(r.status, 201, r.text);
  const added = r.json.persons[1];
  assert.equal(added.name, name);
  const d = await api(tok.admin, 'GET', `/api/v1/households/${h.id}`, undefined, 200);
  assert.ok(d.json.members.some((m) => m.id === added.person_id && m.relation === '亲戚'), 'the newcomer is a member of the household now');
  const p = await api(tok.admin, 'GET', `/api/v1/persons/${added.person_id}`, undefined, 200);
  assert.match(p.json.id_number, /^\d{4}\*{10}[\dX]{4}$/, 'masked as everywhere');
  assert.ok(p.json.id_number.endsWith(id.slice(-4).toUpperCase()), 'the ID number as normalised (x → X, spaces gone)');
  const after = row(await coverage(), AREA.yunlong2);
  assert.equal(after.persons, beforeRow.persons + 2, 'the registry total grows by the member and the newcomer');
  assert.equal(after.persons_reached, beforeRow.persons_reached + 2, 'both people seen');
  assert.equal(after.households, beforeRow.households + 1);
  assert.equal(after.households_reached, beforeRow.households_reached + 1);
  const mon = r.json.handoffs.find((x) => x.to === 'monitor');
  assert.equal(mon.person_id, added.person_id, 'back from 湖北: handed to monitoring');
  const kp = await api(tok.admin, 'GET', `/api/v1/key-persons/${mon.key_person_id}`, undefined, 200);
  assert.equal(kp.json.found_by, 'sweep');
});


t('a second round starts from zero and is compared with the first', async () => {
  const first = await coverage();
  assertError(await api(tok.sec, 'POST', `${S}/${camp.id}/rounds`, {}), 403, 'forbidden');
  const r = await api(tok.admin, 'POST', `${S}/${camp.id}/rounds`, { ends_on: today() }, 201);
  assert.equal(r.json.round, 2);
  assert.deepEqual(r.json.rounds.map((x) => x.round), [1, 2]);
  let cov = await coverage();
  assert.equal(cov.round, 2);
  assert.deepEqual(cov.rounds, [1, 2]);
  assert.equal(cov.town.households_reached, 0);
  assert.deepEqual(cov.town.by_round[0], { round: 1, households_reached: first.town.households_reached, persons_reached: first.town.persons_reached, not_reached: first.town.not_reached });
  const p = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?limit=500`, undefined, 200);
  assert.equal(p.json.total, hh.g1.length, 'every household is due again');

  const h = hh.g1[0];
  assert.equal((await visit(tok.grid1, { household_id: h.id, outcome: 'reached', persons: allNo(h).slice(0, 1) })).status, 201);
  cov = await coverage();
  assert.equal(row(cov, AREA.yunlong1).households_reached, 1);
  assert.equal(row(cov, AREA.yunlong1).persons_reached, 1, 'round 2 counts its own people');
  assert.deepEqual(row(cov, AREA.yunlong1).by_round.map((x) => x.households_reached), [row(first, AREA.yunlong1).households_reached, 1]);
  const r1 = await coverage(tok.admin, '?round=1');
  assert.equal(r1.round, 1);
  assert.equal(r1.town.households_reached, first.town.households_reached);
  assert.equal(r1.town.persons_reached, first.town.persons_reached);
  const p1 = await api(tok.grid1, 'GET', `${S}/${camp.id}/pending?round=1&limit=500`, undefined, 200);
  assert.equal(p1.json.total, hh.g1.length - 4);
  assertError(await api(tok.admin, 'GET', `${S}/${camp.id}/coverage?round=3`), 422, 'invalid', 'round');
});

t('the coverage CSV: masked of nothing personal, the same numbers as the JSON, audited', async () => {
  const cov = await coverage();
  const r = await ctx.api('GET', `${S}/${camp.id}/coverage/export`, { token: tok.sec });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  const raw = new Uint8Array(await (await fetch(`${ctx.server.base}${S}/${camp.id}/coverage/export`, { headers: { authorization: `Bearer ${tok.sec}` } })).arrayBuffer());
  assert.deepEqual([...raw.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for Excel');
  const lines = csvMark(r.text).body.trim().split('\r\n');
  assert.equal(lines[0], '级别,区划代码,名称,户数,已走访户,户覆盖率,人数,已排查人,人覆盖率,待回访户,第1轮已走访户,第2轮已走访户');
  const g1 = lines.find((l) => l.startsWith(`网格,${AREA.yunlong1},`)).split(',');
  const j = row(cov, AREA.yunlong1);
  assert.equal(Number(g1[3]), j.households);
  assert.equal(Number(g1[4]), j.households_reached);
  assert.equal(Number(g1[6]), j.persons);
  assert.equal(Number(g1[7]), j.persons_reached);
  assert.equal(Number(g1[11]), 1);
  assert.equal(lines.filter((l) => l.startsWith('网格,')).length, 2);
  assert.ok(lines[1].startsWith('合计,'));
  const audit = await api(tok.auditor, 'GET', `/api/v1/audit?action=export&username=${who.sec.username}`, undefined, 200);
  assert.ok(audit.json.items.some((a) => a.object_kind === 'sweep' && a.object_id === camp.id), 'the export is audited');
  const visits = await api(tok.auditor, 'GET', `/api/v1/audit?action=create&username=${who.grid1.username}&limit=500`, undefined, 200);
  assert.ok(visits.json.items.some((a) => a.object_kind === 'sweep_visit'), 'visits are audited');
});

// unzip(buf) → Map of file name → contents, read through the zip's central directory.
function unzip(buf) {
  const files = new Map();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  let at = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const skip = nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(at + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + skip;
  }
  return files;
}

t('the daily report carries the sweep per village: JSON, the printable page and the workbook', async () => {
  const rep = (await api(tok.admin, 'GET', '/api/v1/reports/daily', undefined, 200)).json;
  const s = rep.sweeps.find((x) => x.id === camp.id);
  assert.ok(s, 'the campaign under way is in the report');
  const cov = await coverage();
  assert.equal(s.round, 2);
  assert.deepEqual(s.villages.map((v) => [v.code, v.households_reached, v.persons_reached]),
    cov.villages.map((v) => [v.code, v.households_reached, v.persons_reached]));
  assert.equal(s.town.households, cov.town.households);
  assert.ok(rep.gatherings && rep.gatherings.town && Array.isArray(rep.gatherings.villages));
  const sec = (await api(tok.sec, 'GET', '/api/v1/reports/daily', undefined, 200)).json;
  assert.equal(sec.sweeps.find((x) => x.id === camp.id).town.households, cov.town.households, 'the secretary sees the village');
  const grid = (await api(tok.gridLX, 'GET', '/api/v1/reports/daily', undefined, 200)).json;
  assert.ok(!grid.sweeps.some((x) => x.id === camp.id), 'not in the report of a 立新村 worker');
  const html = await ctx.api('GET', '/api/v1/reports/daily?format=html', { token: tok.admin });
  assert.match(html.text, /八、地毯式排查/);
  assert.ok(html.text.includes(camp.name), 'the campaign in the printable report');
  const x = await fetch(`${ctx.server.base}/api/v1/reports/daily?format=xlsx`, { headers: { authorization: `Bearer ${tok.admin}` } });
  assert.equal(x.status, 200);
  const z = unzip(Buffer.from(await x.arrayBuffer()));
  assert.match(z.get('xl/workbook.xml').toString('utf8'), /name="排查与聚集"/);
  const strings = z.get('xl/sharedStrings.xml').toString('utf8');
  assert.ok(strings.includes(camp.name) && strings.includes('取消或延期'), 'the sheet names the campaign and the gatherings');
});

t('permissions: who reads, who records, who defines; a closed campaign takes no visits', async () => {
  assertError(await api(tok.viewer, 'GET', S), 403, 'forbidden');
  assertError(await api(tok.checkpoint, 'GET', S), 403, 'forbidden');
  assertError(await api(tok.auditor, 'GET', `${S}/${camp.id}/coverage`), 403, 'forbidden');
  assertError(await ctx.api('GET', S), 401, 'unauthenticated');
  assert.equal((await api(tok.doctor, 'GET', `${S}/${camp.id}/coverage`)).status, 200, 'the village doctor reads');
  assertError(await api(tok.sec, 'PATCH', `${S}/${camp.id}`, { status: 'closed' }), 403, 'forbidden');
  const me = (await api(tok.admin, 'GET', '/api/v1/session', undefined, 200)).json.user;
  assert.ok(me.permissions.includes('sweep.admin'));
  const g = (await api(tok.grid1, 'GET', '/api/v1/session', undefined, 200)).json.user;
  assert.ok(g.permissions.includes('sweep.write') && !g.permissions.includes('sweep.admin'));

  const closed = await api(tok.admin, 'PATCH', `${S}/${camp.id}`, { status: 'closed' }, 200);
  assert.equal(closed.json.status, 'closed');
  const h = hh.g1[4] || hh.g1[1];
  assertError(await visit(tok.grid1, { household_id: h.id, outcome: 'not_home' }), 409, 'conflict');
  const open = await api(tok.admin, 'PATCH', `${S}/${camp.id}`, { status: 'active', name: '湖北返乡人员排查 复查' }, 200);
  assert.equal(open.json.name, '湖北返乡人员排查 复查');
  assert.equal((await visit(tok.grid1, { household_id: h.id, outcome: 'not_home' })).status, 201);
  assertError(await api(tok.admin, 'PATCH', `${S}/${camp.id}`, { status: 'paused' }), 422, 'invalid', 'status');
});

/* ---------- the report of a past day (an injected clock) ---------- */

// A campaign over a grid of 立新村 and one of 云龙村, planned for one day and run over three: visits
// on 9 and 10 March 2020, a second round and the close on the 11th. The report of each day, printed
// on the 11th, gives the coverage as it stood at the end of that day, in the round then under way.
const D1 = '2020-03-09';
const D2 = '2020-03-10';
const D3 = '2020-03-11';
const past = { log: { [D1]: [], [D2]: [] } };

async function onClock(date) {
  await ctx.restart('SIGTERM', { clock: `${date}T09:00:00+08:00` });
}

async function dayVisit(day, token, grid, h, outcome, persons = []) {
  const body = { household_id: h.id, outcome };
  if (outcome === 'reached') body.persons = persons.map((m) => ({ person_id: m.id, answers: { hubei: false, fever: false } }));
  if (outcome === 'not_home') body.revisit_on = addDay(day);
  const r = await ctx.api('POST', `${S}/${past.camp.id}/visits`, { token, body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.round, 1);
  past.log[day].push({ grid, hid: h.id, outcome, persons: persons.map((m) => m.id) });
}

function addDay(date) {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86400e3).toISOString().slice(0, 10);
}

// The figures per grid that the visits of the log make: each household and person once, a
// household knocked on and never reached "not reached".
function expected(log) {
  const g = {};
  for (const v of log) {
    const x = g[v.grid] ??= { reached: new Set(), seen: new Set(), knocked: new Set(), visits: 0 };
    x.visits++;
    x.knocked.add(v.hid);
    if (v.outcome === 'reached') x.reached.add(v.hid);
    for (const p of v.persons) x.seen.add(p);
  }
  const out = {};
  for (const [k, x] of Object.entries(g)) {
    out[k] = {
      households_reached: x.reached.size, persons_reached: x.seen.size,
      not_reached: [...x.knocked].filter((h) => !x.reached.has(h)).length, visits: x.visits,
    };
  }
  return out;
}

const figures = (r) => ({ households_reached: r.households_reached, persons_reached: r.persons_reached, not_reached: r.not_reached, visits: r.visits });

async function dailyReport(date) {
  return (await api(tok.admin, 'GET', `/api/v1/reports/daily?date=${date}`, undefined, 200)).json;
}

t(`${D1}: a campaign over a grid of 立新村 and one of 云龙村; the first day's visits`, async () => {
  past.lx = [];
  for (const h of await pageAll(ctx, tok.admin, `/api/v1/households?area=${AREA.lixin1}`)) {
    past.lx.push({ ...h, members: (await api(tok.admin, 'GET', `/api/v1/households/${h.id}`, undefined, 200)).json.members });
  }
  while (past.lx.filter((h) => h.members.length >= 2).length < 3) {
    const h = (await api(tok.admin, 'POST', '/api/v1/households', { address: `返岗路${randomBytes(3).toString('hex')}号`, area_code: AREA.lixin1 }, 201)).json;
    const members = [];
    for (const name of ['甲', '乙']) {
      members.push((await api(tok.admin, 'POST', '/api/v1/persons', { name: `测试${name}${randomBytes(2).toString('hex')}`, household_id: h.id }, 201)).json);
    }
    past.lx.push({ ...h, members });
  }
  past.lx = past.lx.filter((h) => h.members.length >= 2);
  past.yl = hh.g1.filter((h) => h.members.length >= 2);
  assert.ok(past.yl.length >= 3);

  await onClock(D1);
  past.camp = (await api(tok.admin, 'POST', S, {
    name: '节后返岗人员排查', scope: [AREA.lixin1, AREA.yunlong1], starts_on: D1, ends_on: D1, questions: QUESTIONS.slice(0, 2),
  }, 201)).json;
  const [l0, l1] = past.lx;
  const [y0, y1] = past.yl;
  await dayVisit(D1, tok.gridLX, AREA.lixin1, l0, 'reached', l0.members);
  await dayVisit(D1, tok.gridLX, AREA.lixin1, l1, 'not_home');
  await dayVisit(D1, tok.grid1, AREA.yunlong1, y0, 'reached', y0.members.slice(0, 1));
  await dayVisit(D1, tok.grid1, AREA.yunlong1, y1, 'refused');
});

t(`${D2}: the door nobody answered is reached, more doors, and two campaigns set up that day`, async () => {
  await onClock(D2);
  const [l0, l1, l2] = past.lx;
  const [y0, y1, y2] = past.yl;
  await dayVisit(D2, tok.gridLX, AREA.lixin1, l1, 'reached', l1.members);
  await dayVisit(D2, tok.gridLX, AREA.lixin1, l2, 'not_home');
  await dayVisit(D2, tok.gridLX, AREA.lixin1, l0, 'not_home'); // nobody home this time: still reached
  await dayVisit(D2, tok.grid1, AREA.yunlong1, y0, 'reached', y0.members); // the rest of the family
  await dayVisit(D2, tok.grid1, AREA.yunlong1, y1, 'not_home');
  await dayVisit(D2, tok.grid1, AREA.yunlong1, y2, 'reached', y2.members);
  const base = { scope: [AREA.lixin1], ends_on: D3, questions: QUESTIONS.slice(0, 2) };
  past.starting = (await api(tok.admin, 'POST', S, { ...base, name: '次日开始的排查', starts_on: D2 }, 201)).json;
  past.backdated = (await api(tok.admin, 'POST', S, { ...base, name: '补录的排查', starts_on: D1 }, 201)).json;
});

t(`${D3}: a second round starts with a visit, then the campaign is closed`, async () => {
  await onClock(D3);
  const r = await api(tok.admin, 'POST', `${S}/${past.camp.id}/rounds`, { starts_on: D3 }, 201);
  assert.equal(r.json.round, 2);
  const l0 = past.lx[0];
  const v = await ctx.api('POST', `${S}/${past.camp.id}/visits`, {
    token: tok.gridLX, body: { household_id: l0.id, outcome: 'reached', persons: l0.members.map((m) => ({ person_id: m.id, answers: { hubei: false, fever: false } })) },
  });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.round, 2);
  assert.equal((await api(tok.admin, 'PATCH', `${S}/${past.camp.id}`, { status: 'closed' }, 200)).json.status, 'closed');
});

// The campaign's rows of a report against what was recorded by the end of the day.
function checkDay(rep, day, log) {
  const s = rep.sweeps.find((x) => x.id === past.camp.id);
  assert.ok(s, `${day}: the campaign was under way: ${JSON.stringify(rep.sweeps.map((x) => x.name))}`);
  assert.equal(s.round, 1, `${day}: the round then under way`);
  assert.equal(s.starts_on, D1);
  const want = expected(log);
  const lx = s.villages.find((v) => v.code === AREA.lixin);
  const yl = s.villages.find((v) => v.code === AREA.yunlong);
  assert.equal(s.villages.length, 2);
  assert.deepEqual(figures(lx), want[AREA.lixin1], `${day}: 立新村`);
  assert.deepEqual(figures(yl), want[AREA.yunlong1], `${day}: 云龙村`);
  const town = Object.fromEntries(Object.keys(want[AREA.lixin1]).map((k) => [k, want[AREA.lixin1][k] + want[AREA.yunlong1][k]]));
  assert.deepEqual(figures(s.town), town, `${day}: the town`);
  assert.ok(Math.abs(lx.household_rate - lx.households_reached / lx.households) < 1e-6, `${day}: the rate of the day`);
  assert.equal(s.town.households, lx.households + yl.households);
  return s;
}

t('the report of each past day gives the coverage at the end of that day, in the round then under way', async () => {
  const r1 = await dailyReport(D1);
  const s1 = checkDay(r1, D1, past.log[D1]);
  const lx1 = s1.villages.find((v) => v.code === AREA.lixin);
  assert.deepEqual([lx1.households_reached, lx1.not_reached], [1, 1], `${D1}: one household reached, one nobody home`);
  assert.equal(s1.villages.find((v) => v.code === AREA.yunlong).persons_reached, 1, `${D1}: one person of the family seen`);
  assert.equal(s1.ends_on, D1);
  assert.ok(!r1.sweeps.some((x) => x.id === past.starting.id), 'a campaign that started the next day is not in it');
  assert.ok(!r1.sweeps.some((x) => x.id === past.backdated.id), 'nor one set up the next day, dated back');

  const r2 = await dailyReport(D2);
  const s2 = checkDay(r2, D2, [...past.log[D1], ...past.log[D2]]);
  const lx2 = s2.villages.find((v) => v.code === AREA.lixin);
  assert.deepEqual([lx2.households_reached, lx2.not_reached], [2, 1], `${D2}: the door of ${D1} reached, a new one nobody home`);
  assert.equal(s2.villages.find((v) => v.code === AREA.yunlong).persons_reached, past.yl[0].members.length + past.yl[2].members.length);
  assert.ok(r2.sweeps.some((x) => x.id === past.starting.id) && r2.sweeps.some((x) => x.id === past.backdated.id));

  // the same figures on the printable page and in the workbook
  const html = await ctx.api('GET', `/api/v1/reports/daily?date=${D1}&format=html`, { token: tok.admin });
  assert.ok(html.text.includes(`节后返岗人员排查（第 1 轮）：走访 ${s1.town.households_reached} / ${s1.town.households} 户，`
    + `排查 ${s1.town.persons_reached} / ${s1.town.persons} 人，待回访 ${s1.town.not_reached} 户。`), 'the printable report of the day');
  const x = await fetch(`${ctx.server.base}/api/v1/reports/daily?date=${D1}&format=xlsx`, { headers: { authorization: `Bearer ${tok.admin}` } });
  assert.equal(x.status, 200);
  assert.ok(unzip(Buffer.from(await x.arrayBuffer())).get('xl/sharedStrings.xml').toString('utf8').includes('节后返岗人员排查'));

  // today: the round under way and the coverage as it stands, as the coverage answer gives it
  const r3 = await dailyReport(D3);
  const s3 = r3.sweeps.find((x) => x.id === past.camp.id);
  assert.ok(s3, 'closed today, planned to end today: still in the report of the day');
  const now = (await api(tok.admin, 'GET', `${S}/${past.camp.id}/coverage`, undefined, 200)).json;
  assert.equal(s3.round, 2);
  assert.deepEqual(s3.town, (({ by_round, ...rest }) => rest)(now.town));
  assert.deepEqual(s3.villages, now.villages.map(({ by_round, ...rest }) => rest));
  assert.equal(s3.town.households_reached, 1);
  past.reports = { [D1]: r1.sweeps, [D2]: r2.sweeps };
});

t('a database upgraded with its visits gives the same reports of the past days', async () => {
  // run again the part of migration 0011 that fills the daily changes and the close times from
  // what a database of the version before holds (its visits and its audit), over emptied ones:
  // what it rebuilds must equal what the visits maintained, and the past reports stay the same
  const old = ctx.server;
  const clock = old.now();
  await old.stop();
  ctx.extraServers.push(old);
  const held = async () => {
    const days = await sql(ctx.db.url, 'SELECT campaign_id, round, area_code, day, households_reached, persons_reached, '
      + 'not_reached, visits FROM sweep_coverage_day ORDER BY campaign_id, round, area_code, day');
    const closed = await sql(ctx.db.url, 'SELECT id, closed_at FROM sweep_campaign ORDER BY id');
    assert.equal(days.code + closed.code, 0, days.stderr + closed.stderr);
    return { days: days.stdout, closed: closed.stdout };
  };
  const kept = await held();
  assert.ok(kept.days.split('\n').length > 10, kept.days);
  const migration = readFileSync(new URL('../../src/db/sql/0011_sweep_coverage_day.sql', import.meta.url), 'utf8')
    .replace(/^--.*$/gm, '');
  const backfill = migration.split(/;\s*\n/).map((x) => x.trim())
    .filter((x) => /^(INSERT INTO sweep_coverage_day|UPDATE sweep_campaign)/.test(x));
  assert.equal(backfill.length, 2, 'the migration fills the daily changes and the close times');
  const undo = await sql(ctx.db.url, `DELETE FROM sweep_coverage_day; UPDATE sweep_campaign SET closed_at = NULL; ${backfill.join(';\n')};`);
  assert.equal(undo.code, 0, undo.stderr);
  ctx.server = await startServer(ctx.db.url, [], { clock });
  assert.deepEqual(await held(), kept, 'the daily changes rebuilt from the visits of every campaign and round, and when each campaign was closed');
  for (const day of [D1, D2]) {
    assert.deepEqual((await dailyReport(day)).sweeps, past.reports[day], `${day} after the upgrade`);
  }
});

ctx.cleanExit();
