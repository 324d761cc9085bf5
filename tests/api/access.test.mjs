// access.test.mjs: role x route x area. Which role may call which route, and a grid worker or a
// village secretary probing people outside their area by id, search, paging, household and reveal.
import assert from 'node:assert/strict';
import {
  AREA, assertError, csv, idNumber, importCsv, pageAll, phone, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;

const ROLES = ['admin', 'secretary', 'grid', 'doctor', 'checkpoint', 'viewer', 'auditor', 'district'];
const HOME = {
  admin: AREA.town,
  secretary: AREA.yunlong,
  grid: AREA.yunlong1,
  doctor: AREA.yunlong,
  checkpoint: AREA.yunlong1,
  viewer: AREA.district,
  auditor: AREA.town,
  district: AREA.district,
};
const users = {};
const tokens = {};
let admin;
// fixtures made by the admin
let p1; // in grid yunlong1, household h1
let p2; // in grid yunlong2, household h2
let p3; // in 立新村
let h1;
let h2;

t('set up one user per role and people in two grids of 云龙村 and in 立新村', async () => {
  admin = await ctx.login(ctx.admin);
  for (const role of ROLES) {
    users[role] = await ctx.user(role, HOME[role]);
    tokens[role] = await ctx.login(users[role]);
  }
  const hh = async (area) => {
    const r = await ctx.api('POST', '/api/v1/households', { token: admin, body: { address: `${uniqueName('')}路${area.slice(-3)}号`, area_code: area } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  h1 = await hh(AREA.yunlong1);
  h2 = await hh(AREA.yunlong2);
  const mk = async (body) => {
    const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: uniqueName(), id_number: idNumber(), phone: phone(), ...body } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  p1 = await mk({ household_id: h1.id, relation: '户主' });
  p2 = await mk({ household_id: h2.id, relation: '户主' });
  p3 = await mk({ area_code: AREA.lixin1 });
  assert.equal(p1.area_code, AREA.yunlong1);
  assert.equal(p2.area_code, AREA.yunlong2);
});

// route → the roles that may call it; every other role gets 403 forbidden.
const TABLE = [
  ['GET /api/v1/persons', ['admin', 'secretary', 'grid', 'doctor', 'district']],
  ['POST /api/v1/persons', ['admin', 'secretary', 'grid']],
  ['GET /api/v1/households', ['admin', 'secretary', 'grid', 'doctor', 'district']],
  ['POST /api/v1/households', ['admin', 'secretary', 'grid']],
  ['POST /api/v1/imports/residents', ['admin', 'secretary']],
  ['GET /api/v1/persons/duplicates', ['admin', 'secretary']],
  ['GET /api/v1/users', ['admin', 'district']],
  ['POST /api/v1/users', ['admin', 'district']],
  ['GET /api/v1/audit', ['auditor']],
  ['GET /api/v1/areas', ROLES],
  ['GET /api/v1/session', ROLES],
  ['GET /api/v1/persons/{p1}', ['admin', 'secretary', 'grid', 'doctor', 'district']],
  ['PATCH /api/v1/persons/{p1}', ['admin', 'secretary', 'grid']],
  ['POST /api/v1/persons/{p1}/reveal', ['admin', 'secretary', 'grid', 'doctor']],
  ['GET /api/v1/households/{h1}', ['admin', 'secretary', 'grid', 'doctor', 'district']],
];

function bodyFor(route, role) {
  const tag = `${role}_${Math.random().toString(36).slice(2, 8)}`;
  switch (route) {
    case 'POST /api/v1/persons':
      return { body: { name: uniqueName(), id_number: idNumber(), area_code: AREA.yunlong1 } };
    case 'POST /api/v1/households':
      return { body: { address: `试验路${tag}`, area_code: AREA.yunlong1 } };
    case 'POST /api/v1/imports/residents':
      return {
        raw: csv(['姓名', '身份证号', '联系电话', '住址', '村', '网格'],
          [[uniqueName(), idNumber(), phone(), `导入路${tag}`, '云龙村', AREA.yunlong1]]),
        type: 'text/csv',
      };
    case 'POST /api/v1/users':
      return { body: { username: `made_by_${tag}`, password: 'a-long-password', role: 'grid', area_code: AREA.yunlong1 } };
    case 'PATCH /api/v1/persons/{p1}':
      return { body: { notes: `checked by ${role}` } };
    case 'POST /api/v1/persons/{p1}/reveal':
      return { body: { reason: '流调核实身份' } };
    default:
      return {};
  }
}

for (const [route, allowed] of TABLE) {
  t(`role table: ${route}`, async () => {
    const [method, tmpl] = route.split(' ');
    const path = tmpl.replace('{p1}', p1.id).replace('{h1}', h1.id);
    const got = {};
    for (const role of ROLES) {
      const r = await ctx.api(method, path, { token: tokens[role], ...bodyFor(route, role) });
      got[role] = r.status;
      if (allowed.includes(role)) {
        assert.ok([200, 201].includes(r.status), `${role} ${route}: expected 2xx, got ${r.status} ${r.text}`);
      } else {
        assertError(r, 403, 'forbidden');
        assert.ok(!r.text.includes(p1.name), `${role} ${route}: a 403 carries no data`);
      }
    }
    // the table once more, as one line, for the log
    assert.ok(Object.keys(got).length === ROLES.length, JSON.stringify(got));
  });
}

t('a grid worker of 430302100201001 cannot get a person of 430302100201002 by id (404, no data)', async () => {
  const tok = tokens.grid;
  const own = await ctx.api('GET', `/api/v1/persons/${p1.id}`, { token: tok });
  assert.equal(own.status, 200, 'the own grid is visible');
  const r = await ctx.api('GET', `/api/v1/persons/${p2.id}`, { token: tok });
  assertError(r, 404, 'not_found');
  assert.ok(!r.text.includes(p2.name), 'the 404 does not leak the name');
  // nor a person of another village
  assertError(await ctx.api('GET', `/api/v1/persons/${p3.id}`, { token: tok }), 404, 'not_found');
  // and the answer is the same as for an id that does not exist
  const none = await ctx.api('GET', '/api/v1/persons/987654321', { token: tok });
  assert.deepEqual(r.json, none.json, 'out of area looks exactly like absent');
});

t('a grid worker cannot find a person of another grid by search', async () => {
  const tok = tokens.grid;
  for (const q of [p2.name, p3.name]) {
    const r = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`, { token: tok });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, 0, `search ${q}`);
    assert.deepEqual(r.json.items, []);
  }
  const own = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(p1.name)}`, { token: tok });
  assert.deepEqual(own.json.items.map((p) => p.id), [p1.id]);
  // by phone digits and the ID number the admin can see in full
  const full = await ctx.api('POST', `/api/v1/persons/${p2.id}/reveal`, { token: admin, body: { reason: '测试准备' } });
  assert.equal(full.status, 200);
  for (const q of [full.json.id_number, full.json.phone]) {
    const r = await ctx.api('GET', `/api/v1/persons?q=${q}`, { token: tok });
    assert.ok(!r.json.items.some((p) => p.id === p2.id), `search ${q} must not find person ${p2.id}`);
  }
  // nor by narrowing the list to the other grid, or to its household
  for (const q of [`area=${AREA.yunlong2}`, `area=${AREA.yunlong}`, `area=${AREA.town}`, `household_id=${h2.id}`]) {
    const r = await ctx.api('GET', `/api/v1/persons?${q}&limit=500`, { token: tok });
    assert.ok([200, 403, 404].includes(r.status), `${q}: ${r.status}`);
    if (r.status === 200) {
      for (const p of r.json.items) assert.ok(p.area_code.startsWith(AREA.yunlong1), `${q} leaked person ${p.id} in ${p.area_code}`);
      assert.ok(!r.json.items.some((p) => p.id === p2.id));
    }
  }
});

t('a grid worker paging through everything sees only its own grid', async () => {
  const tok = tokens.grid;
  const items = await pageAll(ctx, tok, '/api/v1/persons', 7);
  assert.ok(items.some((p) => p.id === p1.id));
  for (const p of items) assert.ok(p.area_code.startsWith(AREA.yunlong1), `person ${p.id} of ${p.area_code} leaked`);
  // the admin agrees on how many people live in that grid
  const adm = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong1}&limit=1`, { token: admin });
  assert.equal(adm.json.total, items.length, 'the grid worker sees the whole grid, and only it');
  const hh = await pageAll(ctx, tok, '/api/v1/households');
  assert.ok(hh.some((h) => h.id === h1.id));
  for (const h of hh) assert.ok(h.area_code.startsWith(AREA.yunlong1), `household ${h.id} of ${h.area_code} leaked`);
});

t('a grid worker cannot open, change, reveal or join a household or person of another grid', async () => {
  const tok = tokens.grid;
  assertError(await ctx.api('GET', `/api/v1/households/${h2.id}`, { token: tok }), 404, 'not_found');
  assertError(await ctx.api('PATCH', `/api/v1/households/${h2.id}`, { token: tok, body: { notes: 'x' } }), 404, 'not_found');
  const rv = await ctx.api('POST', `/api/v1/persons/${p2.id}/reveal`, { token: tok, body: { reason: '越权尝试' } });
  assertError(rv, 404, 'not_found');
  assert.ok(!rv.text.includes(p2.name));
  const pt = await ctx.api('PATCH', `/api/v1/persons/${p2.id}`, { token: tok, body: { notes: '越权修改' } });
  assertError(pt, 404, 'not_found');
  const still = await ctx.api('GET', `/api/v1/persons/${p2.id}`, { token: admin });
  assert.notEqual(still.json.notes, '越权修改', 'the person was not changed');
  // moving an own person into the other grid, or creating people there, is refused
  const mv = await ctx.api('PATCH', `/api/v1/persons/${p1.id}`, { token: tok, body: { area_code: AREA.yunlong2 } });
  assert.ok([403, 404, 422].includes(mv.status), `move out of the grid: ${mv.status} ${mv.text}`);
  const name = uniqueName();
  for (const body of [
    { name, id_number: idNumber(), area_code: AREA.yunlong2 },
    { name, id_number: idNumber(), household_id: h2.id },
  ]) {
    const r = await ctx.api('POST', '/api/v1/persons', { token: tok, body });
    assert.ok([403, 404, 422].includes(r.status), `create outside the grid: ${r.status} ${r.text}`);
  }
  const hh = await ctx.api('POST', '/api/v1/households', { token: tok, body: { address: '越界路1号', area_code: AREA.yunlong2 } });
  assert.ok([403, 404, 422].includes(hh.status), `household outside the grid: ${hh.status} ${hh.text}`);
  const found = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(name)}`, { token: admin });
  assert.equal(found.json.total, 0, 'nothing was created outside the grid');
  const g = await ctx.api('GET', `/api/v1/persons/${p1.id}`, { token: admin });
  assert.equal(g.json.area_code, AREA.yunlong1, 'p1 stayed in its grid');
});

t('a secretary of 云龙村 sees 云龙村 people only', async () => {
  const tok = tokens.secretary;
  const items = await pageAll(ctx, tok, '/api/v1/persons');
  for (const p of items) assert.ok(p.area_code.startsWith(AREA.yunlong), `person ${p.id} of ${p.area_code} leaked`);
  const ids = new Set(items.map((p) => p.id));
  assert.ok(ids.has(p1.id) && ids.has(p2.id), 'both grids of the village');
  assert.ok(!ids.has(p3.id));
  const adm = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong}&limit=1`, { token: admin });
  assert.equal(adm.json.total, items.length);
  assertError(await ctx.api('GET', `/api/v1/persons/${p3.id}`, { token: tok }), 404, 'not_found');
  const s = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(p3.name)}`, { token: tok });
  assert.equal(s.json.total, 0);
  assert.equal((await ctx.api('GET', `/api/v1/persons/${p2.id}`, { token: tok })).status, 200);
  // its areas are its village, its grids and its ancestors, not the other villages
  const areas = await ctx.api('GET', '/api/v1/areas?limit=500', { token: tok });
  assert.equal(areas.status, 200);
  const codes = areas.json.items.map((a) => a.code);
  assert.ok(codes.includes(AREA.yunlong) && codes.includes(AREA.yunlong1));
  assert.ok(!codes.includes(AREA.lixin) && !codes.includes(AREA.lixin1), `areas: ${codes.join(' ')}`);
  // an import naming another village fails for it
  const r = await importCsv(ctx, tok, csv(['姓名', '身份证号', '村', '网格', '住址'],
    [[uniqueName(), idNumber(), '立新村', AREA.lixin1, '立新路1号']]));
  assertError(r, 422, 'invalid');
});

t('a viewer gets 403 on every personal record but 200 on areas, with counts', async () => {
  const tok = tokens.viewer;
  for (const [m, p] of [
    ['GET', '/api/v1/persons'], ['GET', `/api/v1/persons/${p1.id}`], ['GET', '/api/v1/households'],
    ['GET', `/api/v1/households/${h1.id}`], ['GET', `/api/v1/persons?q=${encodeURIComponent(p1.name)}`],
  ]) {
    const r = await ctx.api(m, p, { token: tok });
    assertError(r, 403, 'forbidden');
    assert.ok(!r.text.includes(p1.name));
  }
  const r = await ctx.api('GET', '/api/v1/areas?limit=500', { token: tok });
  assert.equal(r.status, 200, r.text);
  const town = r.json.items.find((a) => a.code === AREA.town);
  assert.ok(town, 'the viewer of the district sees the town');
  assert.equal(typeof town.persons, 'number');
  assert.ok(town.persons >= 300, `town count ${town.persons}`);
  assert.equal(typeof town.households, 'number');
  const grid = r.json.items.find((a) => a.code === AREA.yunlong1);
  assert.ok(grid && grid.persons >= 1);
  assert.ok(!r.text.includes(p1.name), 'no personal data in the area figures');
});

t('an auditor reads the audit log and nothing else', async () => {
  const tok = tokens.auditor;
  const a = await ctx.api('GET', '/api/v1/audit', { token: tok });
  assert.equal(a.status, 200, a.text);
  assert.ok(Array.isArray(a.json.items) && a.json.total > 0);
  for (const [m, p] of [
    ['GET', '/api/v1/persons'], ['GET', `/api/v1/persons/${p1.id}`], ['GET', '/api/v1/households'],
    ['GET', '/api/v1/users'], ['POST', `/api/v1/persons/${p1.id}/reveal`],
  ]) {
    assertError(await ctx.api(m, p, { token: tok, body: m === 'POST' ? { reason: '审计抽查' } : undefined }), 403, 'forbidden');
  }
});

const PROTECTED = [
  ['GET', '/api/v1/session'], ['DELETE', '/api/v1/session'],
  ['GET', '/api/v1/areas'], ['POST', '/api/v1/areas'],
  ['GET', '/api/v1/persons'], ['POST', '/api/v1/persons'], ['GET', '/api/v1/persons/duplicates'],
  ['GET', '/api/v1/persons/1'], ['PATCH', '/api/v1/persons/1'],
  ['POST', '/api/v1/persons/1/reveal'], ['POST', '/api/v1/persons/1/merge'],
  ['GET', '/api/v1/households'], ['POST', '/api/v1/households'],
  ['GET', '/api/v1/households/1'], ['PATCH', '/api/v1/households/1'],
  ['POST', '/api/v1/imports/residents'],
  ['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['PATCH', '/api/v1/users/1'],
  ['GET', '/api/v1/audit'],
];

t('without a session every non-public route is 401 unauthenticated', async () => {
  for (const [m, p] of PROTECTED) {
    const body = m === 'GET' || m === 'DELETE' ? undefined : {};
    assertError(await ctx.api(m, p, { body }), 401, 'unauthenticated');
    assertError(await ctx.api(m, p, { body, token: 'forged-token-000000000000000000000000' }), 401, 'unauthenticated');
    assertError(await ctx.api(m, p, { body, cookie: 'fangyi_session=forged' }), 401, 'unauthenticated');
  }
  for (const p of ['/healthz', '/api/v1/meta', '/api/v1/openapi.json']) {
    const r = await ctx.api('GET', p);
    assert.equal(r.status, 200, `${p} is public`);
  }
});

t('an unknown route is 404; a known path with an unknown method is 404 or 405', async () => {
  for (const p of ['/api/v1/nope', '/api/v1/persons/1/nope', '/api/v2/persons', '/api/v1/personsx']) {
    assertError(await ctx.api('GET', p, { token: admin }), 404, 'not_found');
    assertError(await ctx.api('GET', p), 404, 'not_found');
  }
  for (const [m, p] of [['DELETE', '/api/v1/persons/1'], ['PUT', '/api/v1/persons'], ['DELETE', '/api/v1/households/1']]) {
    const r = await ctx.api(m, p, { token: admin, body: m === 'PUT' ? {} : undefined });
    assert.ok([404, 405].includes(r.status), `${m} ${p}: ${r.status}`);
  }
  const meta = await ctx.api('GET', '/api/v1/meta');
  assert.equal(meta.json.town.code, AREA.town);
  assert.equal(meta.json.town.name, '鹤岭镇');
  assert.equal(meta.json.tz, 'Asia/Shanghai');
  assert.deepEqual(meta.json.roles.map((x) => x.key).sort(), [...ROLES].sort());
});

ctx.cleanExit();
