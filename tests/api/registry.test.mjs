// registry.test.mjs: the area tree with its counts, households with members, likely duplicates
// among people without an ID number, and merging them (kept record, merged_into, audit).
import assert from 'node:assert/strict';
import { AREA, assertError, idNumber, pageAll, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let secretary; // of 云龙村
let auditor;

const VILLAGES = {
  [AREA.hongqi]: ['红旗社区', 'community'],
  [AREA.yuejin]: ['跃进社区', 'community'],
  [AREA.guosha]: ['果沙社区', 'community'],
  [AREA.yunlong]: ['云龙村', 'village'],
  [AREA.lixin]: ['立新村', 'village'],
  [AREA.longtouling]: ['龙头岭村', 'village'],
  [AREA.nangu]: ['南谷村', 'village'],
  [AREA.changan]: ['长安村', 'village'],
  [AREA.qunli]: ['群力村', 'village'],
};

async function areas(token) {
  const items = await pageAll(ctx, token, '/api/v1/areas');
  return new Map(items.map((a) => [a.code, a]));
}

t('log in', async () => {
  admin = await ctx.login(ctx.admin);
  secretary = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
});

t('GET /areas is the tree: district → town → villages and communities → grids, with counts', async () => {
  const m = await areas(admin);
  const d = m.get(AREA.district);
  assert.ok(d, 'the district is an ancestor of the town');
  assert.equal(d.name, '雨湖区');
  assert.equal(d.level, 'district');
  const town = m.get(AREA.town);
  assert.ok(town);
  assert.equal(town.name, '鹤岭镇');
  assert.equal(town.level, 'town');
  assert.ok(['town', 'street'].includes(town.kind));
  assert.equal(town.parent_code, AREA.district);
  for (const [code, [name, kind]] of Object.entries(VILLAGES)) {
    const v = m.get(code);
    assert.ok(v, `${name} ${code} listed`);
    assert.equal(v.name, name);
    assert.equal(v.level, 'village');
    assert.equal(v.kind, kind);
    assert.equal(v.parent_code, AREA.town);
    const grids = [...m.values()].filter((a) => a.parent_code === code);
    assert.ok(grids.length >= 4, `${name} has at least 4 grids, has ${grids.length}`);
    grids.sort((a, b) => a.code.localeCompare(b.code));
    assert.equal(grids[0].code, `${code}001`, `${name}'s first grid`);
    let persons = 0;
    let households = 0;
    for (const g of grids) {
      assert.equal(g.level, 'grid');
      assert.equal(g.kind, 'grid');
      assert.match(g.code, new RegExp(`^${code}\\d{3}$`));
      assert.equal(typeof g.name, 'string');
      assert.ok(g.name.length > 0);
      persons += g.persons;
      households += g.households;
    }
    // a village counts its grids' people and households, and those placed on the village itself
    assert.ok(v.persons >= persons, `${name}: ${v.persons} people, fewer than its grids' ${persons}`);
    assert.ok(v.households >= households, `${name}: ${v.households} households, fewer than its grids' ${households}`);
    assert.ok(v.persons > 0, `${name} has people`);
  }
  for (const a of m.values()) {
    assert.equal(typeof a.id, 'number');
    assert.ok(Number.isInteger(a.persons) && a.persons >= 0);
    assert.ok(Number.isInteger(a.households) && a.households >= 0);
  }
  const sum = Object.keys(VILLAGES).reduce((s, c) => s + m.get(c).persons, 0);
  assert.ok(town.persons >= sum, 'the town counts its villages');
  assert.ok(town.persons >= 300, `the demo town: ${town.persons} people`);
  const list = await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin });
  assert.equal(town.persons, list.json.total, 'the town count equals the person list total');
});

t('a secretary sees its village, its grids and its ancestors only', async () => {
  const m = await areas(secretary);
  for (const c of [AREA.district, AREA.town, AREA.yunlong, AREA.yunlong1, AREA.yunlong2]) assert.ok(m.has(c), `${c} listed`);
  for (const a of m.values()) {
    const inside = a.code.startsWith(AREA.yunlong) || a.code === AREA.town || a.code === AREA.district;
    assert.ok(inside, `${a.code} ${a.name} is outside 云龙村`);
  }
});

t('counts follow new people', async () => {
  const before = await areas(admin);
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: uniqueName(), id_number: idNumber(), area_code: AREA.nangu + '002' } });
  assert.equal(r.status, 201, r.text);
  const after = await areas(admin);
  for (const c of [AREA.nangu + '002', AREA.nangu, AREA.town]) {
    assert.equal(after.get(c).persons, before.get(c).persons + 1, `${c} counts one more`);
  }
  assert.equal(after.get(AREA.lixin).persons, before.get(AREA.lixin).persons);
});

t('an admin adds a grid under a village; others may not', async () => {
  const r = await ctx.api('POST', '/api/v1/areas', { token: admin, body: { name: '第九网格', kind: 'grid', parent_code: AREA.qunli } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.name, '第九网格');
  assert.equal(r.json.level, 'grid');
  assert.equal(r.json.parent_code, AREA.qunli);
  assert.match(r.json.code, new RegExp(`^${AREA.qunli}\\d{3}$`));
  assert.equal(r.json.persons, 0);
  const m = await areas(admin);
  assert.ok(m.has(r.json.code));
  assertError(await ctx.api('POST', '/api/v1/areas', { token: secretary, body: { name: '私设网格', kind: 'grid', parent_code: AREA.yunlong } }), 403, 'forbidden');
  assertError(await ctx.api('POST', '/api/v1/areas', { token: admin, body: { name: '孤儿网格', kind: 'grid', parent_code: '430302100299' } }), 422, 'invalid');
  assertError(await ctx.api('POST', '/api/v1/areas', { token: admin, body: { name: '', kind: 'grid', parent_code: AREA.qunli } }), 422, 'invalid', 'name');
  assertError(await ctx.api('POST', '/api/v1/areas', { token: admin, body: { name: '怪区', kind: 'planet', parent_code: AREA.qunli } }), 422, 'invalid', 'kind');
  const dup = await ctx.api('POST', '/api/v1/areas', { token: admin, body: { name: '重复', kind: 'grid', parent_code: AREA.qunli, code: r.json.code } });
  assertError(dup, 409, 'conflict');
});

let house;
let members = [];

t('households: create, list, search by address, get with members, set the head', async () => {
  const address = `云龙村${uniqueName('')}塘${Date.now() % 1000}号`;
  const r = await ctx.api('POST', '/api/v1/households', { token: secretary, body: { address, area_code: AREA.yunlong2, notes: '党员示范户' } });
  assert.equal(r.status, 201, r.text);
  house = r.json;
  assert.equal(house.address, address);
  assert.equal(house.area_code, AREA.yunlong2);
  assert.equal(typeof house.area_name, 'string');
  assert.equal(house.members, 0);
  assert.equal(house.head_id, null);
  assert.equal(house.notes, '党员示范户');
  assert.ok(Math.abs(house.created_at - Date.now() / 1000) < 300);

  for (const [rel, female] of [['户主', false], ['妻', true], ['子', false]]) {
    const p = await ctx.api('POST', '/api/v1/persons', {
      token: secretary,
      body: { name: uniqueName(), id_number: idNumber({ female }), phone: phone(), household_id: house.id, relation: rel },
    });
    assert.equal(p.status, 201, p.text);
    assert.equal(p.json.household_id, house.id);
    assert.equal(p.json.household_address, address);
    assert.equal(p.json.area_code, AREA.yunlong2, 'a member lives in the household’s area');
    members.push(p.json);
  }

  const list = await ctx.api('GET', `/api/v1/households?q=${encodeURIComponent(address)}`, { token: secretary });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.total, 1);
  assert.equal(list.json.items[0].id, house.id);
  assert.equal(list.json.items[0].members, 3);
  const byArea = await pageAll(ctx, secretary, `/api/v1/households?area=${AREA.yunlong2}`);
  assert.ok(byArea.some((h) => h.id === house.id));
  for (const h of byArea) assert.equal(h.area_code.slice(0, AREA.yunlong2.length), AREA.yunlong2);

  const g = await ctx.api('GET', `/api/v1/households/${house.id}`, { token: secretary });
  assert.equal(g.status, 200, g.text);
  assert.ok(Array.isArray(g.json.members));
  assert.deepEqual(g.json.members.map((p) => p.id).sort((a, b) => a - b), members.map((p) => p.id).sort((a, b) => a - b));
  for (const p of g.json.members) assert.match(p.id_number, /^\d{4}\*{10}[\dX]{4}$/, 'members are masked');

  const ph = await ctx.api('GET', `/api/v1/persons?household_id=${house.id}`, { token: secretary });
  assert.equal(ph.json.total, 3);

  const head = members[0];
  const u = await ctx.api('PATCH', `/api/v1/households/${house.id}`, { token: secretary, body: { head_id: head.id, notes: '' } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.head_id, head.id);
  assert.equal(u.json.head_name, head.name);
  const other = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: uniqueName(), area_code: AREA.lixin1 } });
  const bad = await ctx.api('PATCH', `/api/v1/households/${house.id}`, { token: secretary, body: { head_id: other.json.id } });
  assert.ok([404, 422].includes(bad.status), `a head from elsewhere: ${bad.status} ${bad.text}`);

  assertError(await ctx.api('POST', '/api/v1/households', { token: secretary, body: { area_code: AREA.yunlong2 } }), 422, 'invalid', 'address');
  const outside = await ctx.api('POST', '/api/v1/households', { token: secretary, body: { address: '某处', area_code: AREA.lixin1 } });
  assert.ok([403, 404, 422].includes(outside.status), `a household outside the village: ${outside.status} ${outside.text}`);
  assertError(await ctx.api('POST', '/api/v1/households', { token: secretary, body: { address: '地'.repeat(1000), area_code: AREA.yunlong2 } }), 422, 'invalid', 'address');
  assertError(await ctx.api('GET', '/api/v1/households/987654321', { token: admin }), 404, 'not_found');
});

let dupA;
let dupB;
let dupC;

t('people without an ID number sharing name, birth date and household are listed as likely duplicates', async () => {
  const name = uniqueName('小');
  const mk = async (birth) => {
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: secretary, body: { name, gender: 'M', birth_date: birth, household_id: house.id, relation: '孙' },
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  dupA = await mk('2017-08-09');
  dupB = await mk('2017-08-09');
  dupC = await mk('2018-08-09'); // same name, another birth date: not a duplicate
  const r = await ctx.api('GET', '/api/v1/persons/duplicates', { token: secretary });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.total, 'number');
  const group = r.json.items.find((g) => g.persons.some((p) => p.id === dupA.id));
  assert.ok(group, `the pair is listed: ${r.text.slice(0, 500)}`);
  assert.equal(typeof group.key, 'string');
  assert.deepEqual(group.persons.map((p) => p.id).sort((a, b) => a - b), [dupA.id, dupB.id].sort((a, b) => a - b));
  assert.ok(!r.json.items.some((g) => g.persons.some((p) => p.id === dupC.id)), 'another birth date is not a duplicate');
  // nothing is merged automatically
  assert.equal((await ctx.api('GET', `/api/v1/persons/${dupB.id}`, { token: secretary })).json.merged_into, null);
  // the admin of the town sees the same group
  const a = await ctx.api('GET', '/api/v1/persons/duplicates', { token: admin });
  assert.ok(a.json.items.some((g) => g.persons.some((p) => p.id === dupA.id)));
});

t('one registered with an ID number and one without, same name and birth date in a household: both listed; two ID numbers are two people', async () => {
  const name = uniqueName('老');
  // the ID numbers carry the birth date and leave the gender to their 17th digit: idNumber's
  // sequence then keeps them apart
  const mk = async (extra) => {
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: secretary, body: { name, birth_date: '1950-03-04', household_id: house.id, relation: '母亲', ...extra },
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const withId = await mk({ id_number: idNumber({ birth: '19500304' }) });
  const without = await mk({});
  const other = uniqueName('老');
  const twins = [];
  for (let i = 0; i < 2; i++) {
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: secretary,
      body: { name: other, birth_date: '1950-03-04', household_id: house.id, relation: '其他', id_number: idNumber({ birth: '19500304' }) },
    });
    assert.equal(r.status, 201, r.text);
    twins.push(r.json.id);
  }
  const r = await ctx.api('GET', '/api/v1/persons/duplicates', { token: secretary });
  const group = r.json.items.find((g) => g.persons.some((p) => p.id === withId.id));
  assert.ok(group, `the pair is listed: ${r.text.slice(0, 500)}`);
  assert.deepEqual(group.persons.map((p) => p.id).sort((x, y) => x - y), [withId.id, without.id].sort((x, y) => x - y));
  assert.ok(!r.json.items.some((g) => g.persons.some((p) => twins.includes(p.id))), 'two ID numbers are two people');
});

t('merge keeps the survivor, marks the merged person, needs a reason, and is audited', async () => {
  const url = `/api/v1/persons/${dupB.id}/merge`;
  assertError(await ctx.api('POST', url, { token: secretary, body: { into_id: dupA.id } }), 422, 'invalid', 'reason');
  assertError(await ctx.api('POST', url, { token: secretary, body: { into_id: dupB.id, reason: '同一人' } }), 422, 'invalid', 'into_id');
  const far = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: uniqueName(), area_code: AREA.lixin1 } });
  const farMerge = await ctx.api('POST', url, { token: secretary, body: { into_id: far.json.id, reason: '跨村' } });
  assert.ok([404, 422].includes(farMerge.status), `merging into a person outside the area: ${farMerge.status}`);

  const r = await ctx.api('POST', url, { token: secretary, body: { into_id: dupA.id, reason: '同一儿童重复登记' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, dupA.id, 'the kept person is answered');
  assert.equal(r.json.merged_into, null);

  const b = await ctx.api('GET', `/api/v1/persons/${dupB.id}`, { token: secretary });
  if (b.status === 200) assert.equal(b.json.merged_into, dupA.id, 'the merged person points at the survivor');
  else assertError(b, 404, 'not_found');
  const list = await pageAll(ctx, secretary, `/api/v1/persons?household_id=${house.id}`);
  const inList = list.find((p) => p.id === dupB.id);
  assert.ok(!inList || inList.merged_into === dupA.id, 'lists do not show the merged person as a live record');
  assert.ok(list.some((p) => p.id === dupA.id));
  const d = await ctx.api('GET', '/api/v1/persons/duplicates', { token: secretary });
  assert.ok(!d.json.items.some((g) => g.persons.some((p) => p.id === dupA.id)), 'the pair is gone from the duplicates');
  // a merged person cannot be merged again
  const again = await ctx.api('POST', url, { token: secretary, body: { into_id: dupC.id, reason: '再次合并' } });
  assert.ok([404, 409, 422].includes(again.status), `merging a merged person: ${again.status} ${again.text}`);

  const audit = await ctx.api('GET', '/api/v1/audit?action=merge&limit=500', { token: auditor });
  assert.equal(audit.status, 200, audit.text);
  const e = audit.json.items.find((x) => x.object_id === dupB.id || x.object_id === dupA.id);
  assert.ok(e, `the merge is audited: ${audit.text}`);
  assert.equal(e.action, 'merge');
  assert.equal(e.ip, '127.0.0.1');
  assert.equal(typeof e.username, 'string');
  assert.ok(e.username.startsWith('secretary_'), `audited under the secretary: ${e.username}`);
});

ctx.cleanExit();
