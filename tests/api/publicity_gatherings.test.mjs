// publicity_gatherings.test.mjs: publicity (宣传) and gatherings (聚集性活动).
// Publicity: loudspeaker routes and banners cover whole areas, WeChat groups and calls list the
// households they reach; coverage is households reached by at least one channel, per grid,
// village and town; the households no channel reaches are listed and can get a door-visit task.
// Gatherings: registered with a host from the registry, the outcome after the visit (cancelled,
// postponed, simplified, held) with who persuaded and when; the figures per village and period;
// the CSV for the district, masked and audited; idempotent retries; who may do what.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AREA, assertError, csvMark, idNumber, pageAll, phone, setupTown, today, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const P = '/api/v1/publicity';
const G = '/api/v1/gatherings';
const CA1 = '430302100205001'; // 长安村 1组
const CA2 = '430302100205002'; // 长安村 2组
const NG1 = '430302100204001'; // 南谷村 1组

const tok = {};
const who = {};
const hh = { ca1: [], ca2: [] };

async function api(token, method, p, body, expect, headers) {
  const r = await ctx.api(method, p, { token, body, headers });
  if (expect !== undefined) assert.equal(r.status, expect, `${method} ${p} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function households(area, want) {
  const list = await pageAll(ctx, tok.admin, `/api/v1/households?area=${area}`);
  while (list.length < want) {
    list.push((await api(tok.admin, 'POST', '/api/v1/households', { address: `宣传路${randomBytes(3).toString('hex')}号`, area_code: area }, 201)).json);
  }
  return list;
}

async function pcov(token = tok.admin, area = '') {
  return (await api(token, 'GET', `${P}/coverage${area ? `?area=${area}` : ''}`, undefined, 200)).json;
}
const row = (cov, code) => [cov.town, ...cov.villages, ...cov.grids].find((x) => x.code === code);

t('set up: staff; households in two grids of 长安村', async () => {
  tok.admin = await ctx.login(ctx.admin);
  // the demo town's own grid worker of 长安村 1组 steps aside, so the door-visit task goes to ours
  for (const x of await pageAll(ctx, tok.admin, '/api/v1/users')) {
    if (x.role !== 'grid' || x.area.code !== CA1) continue;
    const r = await ctx.cli('user', 'disable', x.username);
    assert.equal(r.code, 0, `fangyi user disable ${x.username}: ${r.stdout}${r.stderr}`);
  }
  for (const [k, role, area] of [['gridCA1', 'grid', CA1], ['secCA', 'secretary', AREA.changan], ['gridNG', 'grid', NG1],
    ['doctor', 'doctor', AREA.changan], ['viewer', 'viewer', AREA.district], ['auditor', 'auditor', AREA.town]]) {
    who[k] = await ctx.user(role, area);
    tok[k] = await ctx.login(who[k]);
  }
  hh.ca1 = await households(CA1, 4);
  hh.ca2 = await households(CA2, 3);
});

t('a loudspeaker route covering 长安村 2组 reaches every household there; the village is half covered', async () => {
  const before = await pcov(tok.admin, AREA.changan);
  assert.equal(row(before, CA1).households_reached, 0);
  assert.equal(row(before, CA2).households_reached, 0);
  const r = await api(tok.secCA, 'POST', P, { kind: 'loudspeaker', area_code: AREA.changan, title: '流动小喇叭', happened_on: today(), route: '村部—2组', covers: [CA2] }, 201);
  assert.equal(r.json.kind, 'loudspeaker');
  assert.deepEqual(r.json.covers.map((c) => c.code), [CA2]);
  const c = await pcov(tok.admin, AREA.changan);
  assert.equal(row(c, CA2).households_reached, hh.ca2.length);
  assert.equal(row(c, CA2).covered_whole, true);
  assert.equal(row(c, CA2).rate, 1);
  assert.equal(row(c, CA1).households_reached, 0);
  assert.equal(row(c, AREA.changan).households_reached, hh.ca2.length);
  const village = (await api(tok.admin, 'GET', '/api/v1/areas?limit=500', undefined, 200)).json.items.find((x) => x.code === AREA.changan);
  assert.equal(row(c, AREA.changan).households, village.households);
  assert.equal(c.town.uncovered, village.households - hh.ca2.length);
  assert.equal(c.grids.reduce((n, g) => n + g.households_reached, 0), hh.ca2.length);
  // a banner with no list covers the area it is recorded in
  const b = await api(tok.admin, 'POST', P, { kind: 'banner', area_code: CA2, title: '横幅：不串门', happened_on: today(), quantity: 3 }, 201);
  assert.deepEqual(b.json.covers.map((x) => x.code), [CA2]);
  assert.equal(row(await pcov(tok.admin, AREA.changan), CA2).households_reached, hh.ca2.length, 'covered twice is still every household once');
});

t('WeChat groups list the households they reach; a household in two groups counts once', async () => {
  const [a, b, c] = hh.ca1;
  assertError(await api(tok.gridCA1, 'POST', P, { kind: 'wechat_group', area_code: CA1, title: '1组群', happened_on: today() }), 422, 'invalid', 'household_ids');
  const outside = hh.ca2[0];
  assertError(await api(tok.gridCA1, 'POST', P, { kind: 'wechat_group', area_code: CA1, title: '1组群', happened_on: today(), household_ids: [a.id, outside.id] }), 422, 'invalid', 'household_ids[1]');
  assertError(await api(tok.gridCA1, 'POST', P, { kind: 'fax', area_code: CA1, title: '传真', happened_on: today() }), 422, 'invalid', 'kind');
  assertError(await api(tok.gridCA1, 'POST', P, { kind: 'wechat_group', area_code: CA1, title: '群', happened_on: '2999-01-01', household_ids: [a.id] }), 422, 'invalid', 'happened_on');
  assert.equal(row(await pcov(tok.admin, AREA.changan), CA1).households_reached, 0, 'refused actions left nothing behind');

  const key = { 'idempotency-key': `wechat-${randomBytes(6).toString('hex')}` };
  const body = { kind: 'wechat_group', area_code: CA1, title: '长安村1组防控群', happened_on: today(), quantity: 120, household_ids: [a.id, b.id, a.id] };
  const g1 = await api(tok.gridCA1, 'POST', P, body, 201, key);
  assert.equal(g1.json.households, 3, 'as listed');
  const again = await api(tok.gridCA1, 'POST', P, body, 201, key);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.equal(again.json.id, g1.json.id);
  let c1 = row(await pcov(tok.admin, AREA.changan), CA1);
  assert.equal(c1.households_reached, 2, 'a and b');
  assert.equal(c1.covered_whole, false);
  await api(tok.gridCA1, 'POST', P, { kind: 'call', area_code: CA1, title: '电话通知', happened_on: today(), household_ids: [b.id, c.id] }, 201);
  c1 = row(await pcov(tok.admin, AREA.changan), CA1);
  assert.equal(c1.households_reached, 3, 'b reached twice counts once; c is new');
  assert.equal(c1.uncovered, hh.ca1.length - 3);
  const mine = await pcov(tok.gridCA1);
  assert.equal(mine.town.households_reached, 3);
  assert.equal(mine.grids.length, 1);

  const l = await api(tok.secCA, 'GET', `${P}?kind=wechat_group`, undefined, 200);
  assert.ok(l.json.items.some((x) => x.id === g1.json.id));
  assert.ok(l.json.items.every((x) => x.kind === 'wechat_group'));
});

t('the households no channel reaches are listed; a door-visit task goes to one, not to a reached one', async () => {
  const u = await api(tok.secCA, 'GET', `${P}/uncovered?area=${CA1}&limit=500`, undefined, 200);
  const reached = new Set(hh.ca1.slice(0, 3).map((h) => h.id));
  assert.equal(u.json.total, hh.ca1.length - 3);
  assert.deepEqual(u.json.items.map((x) => x.household_id).sort(), hh.ca1.filter((h) => !reached.has(h.id)).map((h) => h.id).sort());
  const all = await api(tok.secCA, 'GET', `${P}/uncovered?limit=500`, undefined, 200);
  assert.ok(!all.json.items.some((x) => x.area_code === CA2), '2组 is covered whole by the loudspeaker');
  assert.equal(all.json.total, all.json.items.length);

  // an elderly neighbour living alone, in no group
  const h = (await api(tok.admin, 'POST', '/api/v1/households', { address: `独居老人${randomBytes(2).toString('hex')}号`, area_code: CA1 }, 201)).json;
  await api(tok.admin, 'POST', '/api/v1/persons', { name: uniqueName('谭'), id_number: idNumber({ birth: '19380305', area: '430302' }), household_id: h.id }, 201);
  const u2 = await api(tok.secCA, 'GET', `${P}/uncovered?area=${CA1}&limit=500`, undefined, 200);
  const lonely = u2.json.items.find((x) => x.household_id === h.id);
  assert.equal(lonely.alone_elderly, true);
  assert.equal(lonely.members, 1);
  assert.ok(u2.json.items.filter((x) => x.household_id !== h.id).every((x) => x.alone_elderly === false || x.members === 1));

  const task = await api(tok.secCA, 'POST', `${P}/door-tasks`, { household_id: h.id }, 201);
  assert.equal(task.json.source, 'sweep');
  assert.equal(task.json.area_code, CA1);
  assert.match(task.json.title, /上门宣传/);
  assert.equal(task.json.owner.id, (await pageAll(ctx, tok.admin, '/api/v1/users')).find((x) => x.username === who.gridCA1.username).id, 'the grid worker of the grid');
  assertError(await api(tok.secCA, 'POST', `${P}/door-tasks`, { household_id: hh.ca1[0].id }), 409, 'conflict', 'household_id');
  assertError(await api(tok.gridCA1, 'POST', `${P}/door-tasks`, { household_id: h.id }), 403, 'forbidden');
  // the visit reaches the household: it leaves the list
  await api(tok.gridCA1, 'POST', P, { kind: 'leaflet', area_code: CA1, title: '上门发放宣传单', happened_on: today(), household_ids: [h.id] }, 201);
  const u3 = await api(tok.secCA, 'GET', `${P}/uncovered?area=${CA1}&limit=500`, undefined, 200);
  assert.ok(!u3.json.items.some((x) => x.household_id === h.id));
  assert.equal(u3.json.total, u2.json.total - 1);
});

/* ---------- gatherings ---------- */

const FROM = '2021-02-05';
const TO = '2021-02-20';
const made = [];

async function host(area) {
  return (await api(tok.admin, 'POST', '/api/v1/persons', { name: uniqueName('喜'), id_number: idNumber({ area: '430302' }), phone: phone(), area_code: area }, 201)).json;
}

t('gatherings are registered with a host of the registry, inside the registering user area', async () => {
  const h1 = await host(CA1);
  const h2 = await host(NG1);
  const base = { kind: 'wedding', host_person_id: h1.id, planned_on: '2021-02-12', place: '长安村1组', expected_guests: 200 };
  assertError(await api(tok.gridCA1, 'POST', G, { ...base, kind: 'party' }), 422, 'invalid', 'kind');
  assertError(await api(tok.gridCA1, 'POST', G, { ...base, planned_on: '2021-02-30' }), 422, 'invalid', 'planned_on');
  assertError(await api(tok.gridCA1, 'POST', G, { ...base, host_person_id: h2.id }), 422, 'invalid', 'host_person_id');
  assertError(await api(tok.doctor, 'POST', G, base), 403, 'forbidden');
  const key = { 'idempotency-key': `gathering-${randomBytes(6).toString('hex')}` };
  const r = await api(tok.gridCA1, 'POST', G, base, 201, key);
  const r2 = await api(tok.gridCA1, 'POST', G, base, 201, key);
  assert.equal(r2.json.id, r.json.id, 'a retry registers once');
  assert.equal(r.json.outcome, 'pending');
  assert.equal(r.json.host.person_id, h1.id);
  assert.match(r.json.host.phone, /^\d{3}\*{4}\d{4}$/, 'the phone is masked');
  assert.equal(r.json.village_code, AREA.changan);
  made.push(r.json);
  const kinds = [['funeral', 60], ['birthday', 80], ['wedding', 150], ['temple_fair', 500], ['wedding', 120]];
  for (const [kind, guests] of kinds) {
    made.push((await api(tok.admin, 'POST', G, { kind, host_person_id: kind === 'temple_fair' ? h2.id : h1.id, planned_on: '2021-02-14', place: '=HYPERLINK("x")', expected_guests: guests }, 201)).json);
  }
  made.push((await api(tok.admin, 'POST', G, { kind: 'wedding', host_person_id: h2.id, planned_on: '2021-03-01', place: '南谷村', expected_guests: 90 }, 201)).json);
  assertError(await api(tok.gridNG, 'GET', `${G}/${made[0].id}`), 404, 'not_found');
  assert.equal((await api(tok.gridNG, 'GET', `${G}/${made[4].id}`)).status, 200, 'the temple fair is in 南谷村 1组');
});

t('outcomes name who persuaded and when; each outcome needs what it needs', async () => {
  const [wed, funeral, birthday, wed2, fair, wed3] = made;
  const o = (g, body) => api(tok.gridCA1, 'POST', `${G}/${g.id}/outcome`, body);
  assertError(await o(wed, { outcome: 'cancelled' }), 422, 'invalid', 'persuaded_by');
  assertError(await o(wed, { outcome: 'postponed', persuaded_by: '网格员' }), 422, 'invalid', 'postponed_to');
  assertError(await o(wed, { outcome: 'postponed', postponed_to: '2021-02-01', persuaded_by: '网格员' }), 422, 'invalid', 'postponed_to');
  assertError(await o(funeral, { outcome: 'simplified', persuaded_by: '村支书' }), 422, 'invalid', 'guests');
  assertError(await o(birthday, { outcome: 'held', persuaded_by: '网格员', held_reason: '已备好' }), 422, 'invalid', 'approved_by');
  assertError(await o(wed, { outcome: 'done', persuaded_by: '网格员' }), 422, 'invalid', 'outcome');
  const persuadedAt = Math.floor(Date.now() / 1000) - 3600;
  const p = await o(wed, { outcome: 'postponed', postponed_to: '2021-05-01', persuaded_by: '网格员、村支书', persuaded_at: persuadedAt, note: '喜事延期' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.outcome, 'postponed');
  assert.equal(p.json.postponed_to, '2021-05-01');
  assert.equal(p.json.persuaded_by, '网格员、村支书');
  assert.equal(p.json.persuaded_at, persuadedAt);
  assert.ok(p.json.outcome_at >= persuadedAt);
  assert.equal((await o(funeral, { outcome: 'simplified', guests: 12, persuaded_by: '村支书' })).status, 200);
  assert.equal((await o(birthday, { outcome: 'cancelled', persuaded_by: '网格员' })).status, 200);
  assert.equal((await o(wed2, { outcome: 'held', guests: 30, held_reason: '已领证，仅办家宴', approved_by: '镇指挥部', persuaded_by: '网格员' })).status, 200);
  const f = await api(tok.admin, 'POST', `${G}/${fair.id}/outcome`, { outcome: 'cancelled', persuaded_by: '南谷村村委' }, 200);
  assert.equal(f.json.outcome, 'cancelled');
  assertError(await api(tok.gridCA1, 'POST', `${G}/${fair.id}/outcome`, { outcome: 'cancelled', persuaded_by: 'x' }), 404, 'not_found');
  assert.equal((await api(tok.admin, 'GET', `${G}/${wed3.id}`, undefined, 200)).json.outcome, 'pending');
});

t('figures per village and period: registered, cancelled, postponed, simplified, held, guests avoided', async () => {
  const f = (await api(tok.admin, 'GET', `${G}/figures?from=${FROM}&to=${TO}`, undefined, 200)).json;
  assert.equal(f.from, FROM);
  assert.equal(f.to, TO);
  // in the period: 6 (the wedding of March is not); one wedding of 1组 is still pending
  assert.deepEqual(
    { registered: f.town.registered, pending: f.town.pending, cancelled: f.town.cancelled, postponed: f.town.postponed, simplified: f.town.simplified, held: f.town.held, cp: f.town.cancelled_or_postponed },
    { registered: 6, pending: 1, cancelled: 2, postponed: 1, simplified: 1, held: 1, cp: 3 },
  );
  assert.equal(f.town.guests_expected, 200 + 60 + 80 + 150 + 500 + 120);
  assert.equal(f.town.guests_avoided, 200 + 80 + 500 + (60 - 12), 'cancelled and postponed in full, the simplified funeral less its 12');
  const ca = f.villages.find((v) => v.code === AREA.changan);
  const ng = f.villages.find((v) => v.code === AREA.nangu);
  assert.equal(ca.registered, 5);
  assert.equal(ca.cancelled_or_postponed, 2);
  assert.equal(ng.registered, 1);
  assert.equal(ng.cancelled, 1);
  assert.equal(f.villages.length, 9, 'every village, with or without gatherings');
  for (const k of ['registered', 'pending', 'cancelled', 'postponed', 'simplified', 'held']) {
    assert.equal(f.villages.reduce((n, v) => n + v[k], 0), f.town[k], `villages add up to the town: ${k}`);
  }
  const sec = (await api(tok.secCA, 'GET', `${G}/figures?from=${FROM}&to=${TO}`, undefined, 200)).json;
  assert.equal(sec.town.registered, 5, 'the secretary sees the village');
  assert.equal(sec.villages.length, 1);
  const wide = (await api(tok.admin, 'GET', `${G}/figures?from=${FROM}&to=2021-03-31`, undefined, 200)).json;
  assert.equal(wide.town.registered, 7);
  const l = await api(tok.admin, 'GET', `${G}?from=${FROM}&to=${TO}&outcome=cancelled`, undefined, 200);
  assert.equal(l.json.total, 2);
  assert.ok(l.json.items.every((g) => g.outcome === 'cancelled'));
  assertError(await api(tok.admin, 'GET', `${G}/figures?from=2021-13-01`), 422, 'invalid', 'from');
  assertError(await api(tok.viewer, 'GET', `${G}/figures`), 403, 'forbidden');
});

t('the gatherings CSV: one row each, phones masked, formulas neutralised, audited', async () => {
  const r = await ctx.api('GET', `${G}/export?from=${FROM}&to=${TO}`, { token: tok.admin });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.match(r.headers.get('content-disposition') || '', /gatherings\.csv/);
  const lines = csvMark(r.text).body.trim().split('\r\n');
  assert.equal(lines[0], '编号,村/社区,组/网格,类型,主家,联系电话,原定日期,地点,预计人数,结果,延期至,实际人数,举办原因,批准人,劝导人,劝导时间,备注');
  assert.equal(lines.length - 1, 6);
  const wed = lines.find((l) => l.startsWith(`${made[0].id},`));
  assert.match(wed, /,延期,2021-05-01,/);
  assert.match(wed, /,长安村,/);
  assert.match(wed, /\d{3}\*{4}\d{4}/);
  assert.doesNotMatch(r.text, /1[3-9]\d{9}/, 'no full phone number');
  assert.ok(r.text.includes(`"'=HYPERLINK(""x"")"`), 'a place typed as a formula stays text');
  const audit = await api(tok.auditor, 'GET', `/api/v1/audit?action=export&username=${ctx.admin.username}`, undefined, 200);
  assert.ok(audit.json.items.some((a) => a.object_kind === 'gathering'), 'the export is audited');
  const byGrid = await ctx.api('GET', `${G}/export?from=${FROM}&to=${TO}`, { token: tok.gridNG });
  assert.equal(csvMark(byGrid.text).body.trim().split('\r\n').length - 1, 1, 'a grid worker exports their grid');
});

ctx.cleanExit();
