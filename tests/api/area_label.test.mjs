// area_label.test.mjs: a grid is named with its village. Every village of the demo town has its
// "1组" or "第1网格", so an answer naming a record's grid also gives `area_label`, the village's
// name before the grid's ("云龙村1组"); an area that is not a grid is labelled by its own name.
// Checked on every kind of record whose list names a grid: persons, households, key persons and
// the worklist, alerts, tasks, tips, a sweep's pending households and its visits.
import assert from 'node:assert/strict';
import { AREA, idNumber, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const names = {}; // area code → name, from /areas
let admin;

function label(code) {
  return code.length === 15 ? names[code.slice(0, 12)] + names[code] : names[code];
}

function assertLabelled(item, what) {
  assert.ok(item, `${what}: a record`);
  assert.equal(typeof item.area_label, 'string', `${what}: area_label in ${JSON.stringify(item).slice(0, 300)}`);
  assert.equal(item.area_label, label(item.area_code ?? item.village_code), `${what}: ${item.area_code} ${item.area_name}`);
  assert.ok(item.area_label.endsWith(item.area_name), `${what}: the label ends with the area's own name`);
}

async function ok(method, p, body, status = 200) {
  const r = await ctx.api(method, p, { token: admin, body });
  assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  return r.json;
}

t('setup: the names of the town\'s areas', async () => {
  admin = await ctx.login(ctx.admin);
  // every area: the town has more than a page of them
  const a = await ok('GET', '/api/v1/areas?limit=500');
  for (const x of a.items ?? a) names[x.code] = x.name;
  assert.equal(Object.keys(names).length, a.total ?? (a.items ?? a).length, 'all the areas are named');
  assert.ok(names[AREA.yunlong] && names[AREA.yunlong1], 'the demo town has 云龙村 and its grid');
  assert.ok(!names[AREA.yunlong1].startsWith(names[AREA.yunlong]), 'a grid\'s own name leaves out its village');
});

t('households and persons of a grid carry the village with the grid', async () => {
  const h = await ok('GET', `/api/v1/households?area=${AREA.yunlong1}&limit=5`);
  assert.ok(h.items.length > 0);
  for (const x of h.items) assertLabelled(x, 'household');
  assert.equal(h.items[0].area_label, names[AREA.yunlong] + names[AREA.yunlong1]);
  const one = await ok('GET', `/api/v1/households/${h.items[0].id}`);
  assertLabelled(one.household ?? one, 'household detail');
  const p = await ok('POST', '/api/v1/persons', { name: uniqueName('葛'), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong2 }, 201);
  const got = await ok('GET', `/api/v1/persons/${p.id}`);
  assertLabelled(got.person ?? got, 'person');
  assert.equal((got.person ?? got).area_label, names[AREA.yunlong] + names[AREA.yunlong2]);
  const list = await ok('GET', `/api/v1/persons?q=${encodeURIComponent(p.name)}`);
  assertLabelled(list.items.find((x) => x.id === p.id), 'person list');
});

t('key persons, the worklist, alerts, tasks and tips', async () => {
  const kp = await ok('POST', '/api/v1/key-persons', {
    person: { name: uniqueName('葛'), id_number: idNumber(), phone: phone(), area_code: AREA.lixin1 },
    reason: 'high_risk_area', from_place: '武汉', arrived_on: new Date(ctx.now() * 1000 + 8 * 3600e3).toISOString().slice(0, 10),
    found_by: 'tip', kind: 'home',
  }, 201);
  assertLabelled(await ok('GET', `/api/v1/key-persons/${kp.id}`), 'key person');
  const kl = await ok('GET', `/api/v1/key-persons?limit=500`);
  assertLabelled(kl.items.find((x) => x.id === kp.id), 'key person list');
  const w = await ok('GET', '/api/v1/worklist');
  const entries = [...w.due, ...w.overdue, ...w.abnormal, ...w.needs_visit];
  for (const e of entries) {
    assert.equal(typeof e.area_label, 'string', JSON.stringify(e));
    assert.ok(e.area_label.endsWith(e.area_name));
  }
  const mine = entries.find((x) => x.key_person_id === kp.id);
  if (mine) assert.equal(mine.area_label, names[AREA.lixin] + names[AREA.lixin1]);
  const c = await ok('POST', `/api/v1/key-persons/${kp.id}/checks`, { temperature: 38.2, method: 'visit' }, 201);
  assert.ok(c.alert, 'a fever raises an alert');
  const al = await ok('GET', '/api/v1/alerts?status=open&limit=500');
  const mineAlert = al.items.find((x) => x.id === c.alert.id);
  assertLabelled(mineAlert, 'alert');
  assert.equal(mineAlert.area_label, names[AREA.lixin] + names[AREA.lixin1]);

  const me = (await ok('GET', '/api/v1/session')).user;
  const task = await ok('POST', '/api/v1/tasks', {
    title: '上门核查', area_code: AREA.yunlong1, owner_id: me.id, deadline: ctx.now() + 86400, priority: 'normal', source: 'manual',
  }, 201);
  assertLabelled(task, 'task created');
  assertLabelled(await ok('GET', `/api/v1/tasks/${task.id}`), 'task');
  const village = await ok('POST', '/api/v1/tasks', {
    title: '全村宣传', area_code: AREA.yunlong, owner_id: me.id, deadline: ctx.now() + 86400, priority: 'normal', source: 'manual',
  }, 201);
  const vt = await ok('GET', `/api/v1/tasks/${village.id}`);
  assert.equal(vt.area_label, names[AREA.yunlong], 'a village is labelled by its own name');
  const tl = await ok('GET', '/api/v1/tasks?limit=500');
  assertLabelled(tl.items.find((x) => x.id === task.id), 'task list');

  const tips = await ok('GET', '/api/v1/tips?limit=5');
  for (const x of tips.items) assertLabelled(x, 'tip');
});

t('a sweep\'s pending households and its visits', async () => {
  const today = new Date(ctx.now() * 1000 + 8 * 3600e3).toISOString().slice(0, 10);
  const camp = await ok('POST', '/api/v1/sweeps', {
    name: '返乡排查', scope: [AREA.yunlong1], starts_on: today, ends_on: today,
    questions: [{ key: 'back', text: '是否返乡', kind: 'yesno' }],
  }, 201);
  const p = await ok('GET', `/api/v1/sweeps/${camp.id}/pending?limit=5`);
  assert.ok(p.items.length > 0);
  for (const x of p.items) assertLabelled(x, 'pending household');
  const h = p.items[0];
  const v = await ok('POST', `/api/v1/sweeps/${camp.id}/visits`, { household_id: h.household_id, outcome: 'not_home' }, 201);
  assertLabelled(v, 'visit');
  const vl = await ok('GET', `/api/v1/sweeps/${camp.id}/visits?household_id=${h.household_id}`);
  assertLabelled(vl.items[0], 'visit list');
});

ctx.cleanExit();
