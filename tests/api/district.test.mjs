// district.test.mjs: a district of several towns in one database (区县多乡镇). `fangyi init` adds
// 姜畲镇 to 鹤岭镇's database and refuses codes that are not a town of this district; each town's
// users see, search, export, reveal and assign nothing of the other; the district command (区指挥部)
// reads the district's report town by town in every format; `fangyi demo --towns` builds one.
import assert from 'node:assert/strict';
import {
  AREA, assertError, cli, createDb, idNumber, pageAll, phone, setupTown, uniqueName, zipEntries,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;

const JS = '430302101000'; // 姜畲镇
const JS_V = '430302101201'; // 金桥村, made by 姜畲镇's administrator
const tok = {};
const who = {};
let hl; // a resident of 鹤岭镇 (云龙村1组)
let js; // a resident of 姜畲镇

function initTown(code, name, ...more) {
  return ctx.cli('init', '--town-code', code, '--town-name', name, ...more);
}

t('fangyi init adds 姜畲镇 to 鹤岭镇\'s database with its own administrator', async () => {
  const r = await initTown(JS, '姜畲镇');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /added to the district/);
  const m = r.stdout.match(/administrator login:\s+(\S+)\s+(\S+)/);
  assert.ok(m, r.stdout);
  assert.equal(m[1], 'admin.101', 'the second town\'s administrator is named by its own code');
  who.js = { username: m[1], password: m[2] };
  tok.js = await ctx.login(who.js);
  tok.hl = await ctx.login(ctx.admin);
  const s = await ctx.api('GET', '/api/v1/session', { token: tok.js });
  assert.equal(s.json.user.area.code, JS);
});

t('fangyi init refuses, in Chinese and English, a code that is not a new town of this district', async () => {
  const cases = [
    [[JS, '姜畲镇'], /already/, /已有乡镇/],
    [['430304101000', '某镇'], /another district/, /另一个区县/],
    [['430302101201', '金桥村'], /not a town's code/, /不是乡镇/],
    [['430302000000', '雨湖区'], /district's code/, /区县的代码/],
    [['4303021020', '长城乡'], /12-digit/, /12 位/],
    [['430302102000', '长城乡', '--district-code', '430303000000'], /does not fit/, /不符/],
  ];
  for (const [args, en, zh] of cases) {
    const r = await initTown(...args);
    assert.equal(r.code, 1, `${args.join(' ')} was accepted:\n${r.stdout}`);
    assert.match(r.stderr, en, r.stderr);
    assert.match(r.stderr, zh, r.stderr);
  }
  // nothing of the refused codes was written
  const areas = await pageAll(ctx, tok.hl, '/api/v1/areas');
  assert.ok(!areas.some((a) => a.code === '430302102000'), 'a refused town left no area');
});

t('姜畲镇\'s administrator builds a village and a grid, and registers residents', async () => {
  const v = await ctx.api('POST', '/api/v1/areas', { token: tok.js, body: { name: '金桥村', kind: 'village', parent_code: JS, code: JS_V } });
  assert.equal(v.status, 201, v.text);
  const g = await ctx.api('POST', '/api/v1/areas', { token: tok.js, body: { name: '1组', kind: 'grid', parent_code: JS_V } });
  assert.equal(g.status, 201, g.text);
  who.jsGrid = g.json.code;
  // 姜畲镇's administrator cannot add to 鹤岭镇
  const x = await ctx.api('POST', '/api/v1/areas', { token: tok.js, body: { name: '越界组', kind: 'grid', parent_code: AREA.yunlong } });
  assertError(x, 422, 'invalid', 'parent_code');
  const mk = async (token, area) => {
    const body = { name: uniqueName(), id_number: idNumber({ area: '430302' }), phone: phone(), area_code: area };
    const r = await ctx.api('POST', '/api/v1/persons', { token, body });
    assert.equal(r.status, 201, r.text);
    return { ...r.json, idn: body.id_number, ph: body.phone, name: body.name };
  };
  hl = await mk(tok.hl, AREA.yunlong1);
  js = await mk(tok.js, who.jsGrid);
});

t('/meta, the areas and the report of each town\'s users are their own town\'s', async () => {
  const mj = await ctx.api('GET', '/api/v1/meta', { token: tok.js });
  assert.deepEqual(mj.json.town, { code: JS, name: '姜畲镇' });
  assert.deepEqual(mj.json.villages.map((v) => v.code), [JS_V]);
  const mh = await ctx.api('GET', '/api/v1/meta', { token: tok.hl });
  assert.deepEqual(mh.json.town, { code: AREA.town, name: '鹤岭镇' });
  assert.ok(mh.json.villages.length >= 9 && mh.json.villages.every((v) => v.code.startsWith('430302100')), 'only 鹤岭镇\'s villages');
  const aj = await pageAll(ctx, tok.js, '/api/v1/areas');
  assert.ok(aj.every((a) => a.code.startsWith('430302101') || a.code === AREA.district), `姜畲镇 sees only its own: ${aj.map((a) => a.code)}`);
  const rj = await ctx.api('GET', '/api/v1/reports/daily', { token: tok.js });
  assert.equal(rj.status, 200, rj.text);
  assert.deepEqual(rj.json.town, { code: JS, name: '姜畲镇' });
  assert.equal(rj.json.district, false);
  assert.equal(rj.json.registry.persons, 1, 'the town\'s registry only');
  assert.deepEqual(rj.json.monitoring.villages.map((v) => v.code), [JS_V]);
  const rh = await ctx.api('GET', '/api/v1/reports/daily', { token: tok.hl });
  assert.equal(rh.json.town.name, '鹤岭镇');
  assert.ok(rh.json.registry.persons > 300);
});

t('a user of 姜畲镇 cannot read, search, export, reveal or edit a resident of 鹤岭镇', async () => {
  const o = { token: tok.js };
  assert.equal((await ctx.api('GET', `/api/v1/persons/${hl.id}`, o)).status, 404);
  assert.equal((await ctx.api('POST', `/api/v1/persons/${hl.id}/reveal`, { ...o, body: { reason: '核对' } })).status, 404);
  assert.equal((await ctx.api('PATCH', `/api/v1/persons/${hl.id}`, { ...o, body: { notes: 'x' } })).status, 404);
  for (const q of [hl.name, hl.idn, hl.ph, hl.ph.slice(-4)]) {
    const s = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`, o);
    assert.equal(s.status, 200, s.text);
    assert.ok(!s.text.includes(hl.name), `search ${q} found 鹤岭镇's resident`);
    const e = await ctx.api('GET', `/api/v1/persons/export?q=${encodeURIComponent(q)}`, o);
    assert.ok(!e.text.includes(hl.name), `export ${q} holds 鹤岭镇's resident`);
  }
  const all = await ctx.api('GET', '/api/v1/persons/export', o);
  assert.equal(all.status, 200, all.text);
  assert.ok(all.text.includes(js.name) && !all.text.includes(hl.name), 'the export is the town\'s own');
  // and the other way round
  assert.equal((await ctx.api('GET', `/api/v1/persons/${js.id}`, { token: tok.hl })).status, 404);
});

t('a person registered in one town and met in another: 409 "registered elsewhere", naming no town', async () => {
  const r = await ctx.api('POST', '/api/v1/persons', { token: tok.js, body: { name: uniqueName('上官'), id_number: hl.idn, area_code: who.jsGrid } });
  assertError(r, 409, 'conflict', 'id_number');
  assert.ok(r.text.includes('该身份证号已在别处登记，请联系指挥部'), r.text);
  for (const s of ['鹤岭', '云龙', AREA.yunlong1, hl.name, hl.idn, `#${hl.id}`]) assert.ok(!r.text.includes(s), `names ${s}: ${r.text}`);
});

t('nothing of 鹤岭镇 can be assigned by 姜畲镇: no task in its area, no owner of its staff', async () => {
  const users = await pageAll(ctx, tok.js, '/api/v1/users');
  assert.ok(users.every((u) => u.area.code.startsWith('430302101') || u.area.code === AREA.district), `姜畲镇 lists only its users and the district's: ${users.map((u) => u.username)}`);
  const hlUsers = await pageAll(ctx, tok.hl, '/api/v1/users');
  assert.ok(!hlUsers.some((u) => u.username === 'admin.101'), '鹤岭镇 does not list 姜畲镇\'s');
  const hlAdmin = hlUsers.find((u) => u.username === ctx.admin.username);
  // nor changes its accounts: a password, a phone, disabling
  assert.equal((await ctx.api('PATCH', `/api/v1/users/${hlAdmin.id}`, { token: tok.js, body: { disabled: true } })).status, 404);
  assert.equal((await ctx.api('PATCH', `/api/v1/users/${hlAdmin.id}`, { token: tok.js, body: { password: 'taken-over-Quartz-41' } })).status, 404);
  const viewer = hlUsers.find((u) => u.area.code === AREA.district);
  assertError(await ctx.api('PATCH', `/api/v1/users/${viewer.id}`, { token: tok.hl, body: { display_name: '改' } }), 403, 'forbidden', 'id');
  const jsAdmin = users.find((u) => u.username === 'admin.101');
  const task = (area, owner) => ({ title: '越界派单', area_code: area, owner_id: owner, deadline: Math.floor(Date.now() / 1000) + 86400, priority: 'normal', source: 'manual' });
  assertError(await ctx.api('POST', '/api/v1/tasks', { token: tok.js, body: task(AREA.town, jsAdmin.id) }), 422, 'invalid', 'area_code');
  assertError(await ctx.api('POST', '/api/v1/tasks', { token: tok.js, body: task(JS, hlAdmin.id) }), 422, 'invalid', 'owner_id');
  assertError(await ctx.api('POST', '/api/v1/users', { token: tok.js, body: { username: `x_${Date.now()}`, password: 'a-long-password-7', role: 'grid', area_code: AREA.yunlong1 } }), 422, 'invalid', 'area_code');
});

t('a town administrator can never make a district user; the district\'s settings are not one town\'s', async () => {
  const body = (role) => ({ username: `d_${role}_${Date.now()}`, password: 'a-long-password-7', role, area_code: AREA.district });
  assertError(await ctx.api('POST', '/api/v1/users', { token: tok.js, body: body('district') }), 403, 'forbidden', 'role');
  assertError(await ctx.api('POST', '/api/v1/users', { token: tok.hl, body: body('district') }), 403, 'forbidden', 'role');
  // a district viewer would see every town's figures: not a town's to make once there are two
  assertError(await ctx.api('POST', '/api/v1/users', { token: tok.hl, body: body('viewer') }), 403, 'forbidden', 'area_code');
  assertError(await ctx.api('PATCH', '/api/v1/settings/monitoring', { token: tok.js, body: { fever_tenths: 372 } }), 403, 'forbidden', 'settings');
  assertError(await ctx.api('PATCH', '/api/v1/settings/checkpoint', { token: tok.hl, body: { high_risk_regions: ['武汉'] } }), 403, 'forbidden', 'high_risk_regions');
});

t('the district command: the district\'s report town by town, tasks to towns, users of every town', async () => {
  who.qu = await ctx.user('district', AREA.district, undefined, { displayName: '雨湖区指挥部' });
  tok.qu = await ctx.login(who.qu);
  const s = await ctx.api('GET', '/api/v1/session', { token: tok.qu });
  assert.equal(s.json.user.role, 'district');
  assert.ok(!s.json.user.permissions.includes('person.reveal') && !s.json.user.permissions.includes('person.export'));
  const meta = await ctx.api('GET', '/api/v1/meta', { token: tok.qu });
  assert.deepEqual(meta.json.town, { code: AREA.district, name: '雨湖区' });
  assert.ok(meta.json.roles.some((r) => r.key === 'district' && r.zh === '区指挥部'));
  const r = await ctx.api('GET', '/api/v1/reports/daily', { token: tok.qu });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.district, true);
  assert.deepEqual(r.json.town, { code: AREA.district, name: '雨湖区' });
  assert.deepEqual(r.json.towns.map((x) => [x.code, x.name]), [[AREA.town, '鹤岭镇'], [JS, '姜畲镇']]);
  assert.deepEqual(r.json.monitoring.villages.map((x) => x.code), [AREA.town, JS], 'the table by village is a table by town');
  // each town's row is what the town's own report says, and they add up to the district's
  const own = { [AREA.town]: (await ctx.api('GET', '/api/v1/reports/daily', { token: tok.hl })).json, [JS]: (await ctx.api('GET', '/api/v1/reports/daily', { token: tok.js })).json };
  for (const row of r.json.towns) {
    assert.equal(row.registry.persons, own[row.code].registry.persons, `${row.name} persons`);
    assert.equal(row.monitoring.under_observation, own[row.code].monitoring.town.under_observation, `${row.name} under observation`);
    assert.equal(row.tasks.overdue, own[row.code].tasks.overdue, `${row.name} overdue tasks`);
    assert.equal(row.checkpoints.vehicles, own[row.code].checkpoints.town.vehicles, `${row.name} vehicles`);
  }
  assert.deepEqual(r.json.gatherings.villages.map((x) => x.code), [AREA.town, JS], 'gatherings by town');
  assert.equal(r.json.towns[0].gatherings.registered, own[AREA.town].gatherings.town.registered);
  assert.equal(r.json.gatherings.town.registered, r.json.towns.reduce((n, x) => n + x.gatherings.registered, 0));
  assert.equal(r.json.registry.persons, r.json.towns.reduce((n, x) => n + x.registry.persons, 0));
  assert.equal(r.json.monitoring.town.under_observation, r.json.towns.reduce((n, x) => n + x.monitoring.under_observation, 0));
  // a task from the district to 姜畲镇's administrator, which 鹤岭镇 does not see
  const users = await pageAll(ctx, tok.qu, '/api/v1/users');
  assert.ok(users.some((u) => u.username === 'admin.101') && users.some((u) => u.username === ctx.admin.username), 'the users of every town');
  const jsAdmin = users.find((u) => u.username === 'admin.101');
  const tk = await ctx.api('POST', '/api/v1/tasks', { token: tok.qu, body: { title: '区指挥部：核查返乡人员名单', area_code: JS, owner_id: jsAdmin.id, deadline: Math.floor(Date.now() / 1000) + 86400, priority: 'urgent', source: 'meeting' } });
  assert.equal(tk.status, 201, tk.text);
  assert.ok((await pageAll(ctx, tok.js, '/api/v1/tasks')).some((x) => x.id === tk.json.id), '姜畲镇 has the district\'s task');
  assert.ok(!(await pageAll(ctx, tok.hl, '/api/v1/tasks')).some((x) => x.id === tk.json.id), '鹤岭镇 does not');
  const after = await ctx.api('GET', '/api/v1/reports/daily', { token: tok.qu });
  assert.equal(after.json.towns.find((x) => x.code === JS).tasks.opened, 1, 'the new task is counted on 姜畲镇\'s row');
  // the district command reads the registry to send work, but reveals nothing
  assert.equal((await ctx.api('POST', `/api/v1/persons/${js.id}/reveal`, { token: tok.qu, body: { reason: '核对' } })).status, 403);
  // and the district's settings are its own to change
  const st = await ctx.api('PATCH', '/api/v1/settings/monitoring', { token: tok.qu, body: { fever_tenths: 373 } });
  assert.equal(st.status, 200, st.text);
  // a district user sits at the district only
  const bad = await ctx.cli('user', 'add', `qu_${Date.now()}`, '--role', 'district', '--area', AREA.town, '--password-stdin', { input: 'a-long-password-7\n' });
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
});

t('the public\'s pages of a district: a tip naming no village goes to the district, the disclosure is the district\'s', async () => {
  const body = { kind: 'other', description: `区里某处有人聚集打牌，没人管 ${uniqueName('')}` };
  const r = await ctx.api('POST', '/api/v1/tips', { body });
  assert.equal(r.status, 201, r.text);
  const seen = async (token) => (await pageAll(ctx, token, '/api/v1/tips')).some((x) => x.description === body.description);
  assert.equal(await seen(tok.qu), true, 'the district command has it');
  assert.equal(await seen(tok.hl), false, 'not 鹤岭镇, the first town, by default');
  assert.equal(await seen(tok.js), false);
  const pub = await ctx.api('GET', '/api/v1/public/donations');
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.town, '雨湖区', 'every store of the database is disclosed under the district\'s name');
  const meta = await ctx.api('GET', '/api/v1/meta');
  assert.deepEqual(meta.json.town, { code: AREA.district, name: '雨湖区' });
  assert.ok(meta.json.villages.some((v) => v.code === JS_V) && meta.json.villages.some((v) => v.code === AREA.yunlong), 'the public form lists every town\'s villages');
});

t('the district\'s report is one document in every format: HTML, xlsx and CSV with a row per town', async () => {
  const o = { token: tok.qu };
  const h = await ctx.api('GET', '/api/v1/reports/daily?format=html', o);
  assert.equal(h.status, 200, h.text);
  assert.match(h.text, /<h1>雨湖区疫情防控调度日报<\/h1>/);
  assert.match(h.text, /<th>乡镇（街道）<\/th>/);
  assert.match(h.text, /<th>全区<\/th>/);
  assert.ok(h.text.includes('<td>鹤岭镇</td>') && h.text.includes('<td>姜畲镇</td>'));
  const c = await ctx.api('GET', '/api/v1/reports/daily?format=csv', o);
  assert.equal(c.status, 200, c.text);
  assert.match(c.headers.get('content-type'), /text\/csv/);
  const lines = c.text.trim().split(/\r?\n/);
  assert.match(lines[1], /^乡镇（街道）,代码,在观察/);
  assert.deepEqual(lines.slice(2).map((l) => l.split(',')[0]), ['鹤岭镇', '姜畲镇', '全区']);
  const x = await fetch(`${ctx.server.base}/api/v1/reports/daily?format=xlsx`, { headers: { authorization: `Bearer ${tok.qu}` } });
  assert.equal(x.status, 200);
  const entries = zipEntries(Buffer.from(await x.arrayBuffer()));
  const book = entries.get('xl/workbook.xml').toString();
  assert.ok(book.includes('name="分乡镇"') && book.includes('name="分乡镇汇总"'), book);
  const strings = entries.get('xl/sharedStrings.xml').toString();
  assert.ok(strings.includes('姜畲镇') && strings.includes('雨湖区'), 'the towns and the district are named');
  // a town's CSV is by village
  const tc = await ctx.api('GET', '/api/v1/reports/daily?format=csv', { token: tok.js });
  assert.match(tc.text.split(/\r?\n/)[1], /^村（社区）,代码/);
  assertError(await ctx.api('GET', '/api/v1/reports/daily?format=pdf', o), 422, 'invalid', 'format');
});

t('fangyi demo --towns 3 builds a district with the district command\'s login and each town\'s', async () => {
  const db = await createDb();
  try {
    const r = await cli('demo', '--db', db.url, '--people', '60', '--towns', '3', { timeout: 180000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /demo district 雨湖区 of 3 towns/);
    const login = (name) => r.stdout.match(new RegExp(`^\\s+${name.replace('.', '\\.')}\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)`, 'm'));
    assert.equal(login('district')[2], 'district');
    assert.equal(login('admin.101')[3], '姜畲镇');
    assert.equal(login('admin.102')[3], '长城乡');
    const bad = await cli('demo', '--db', db.url, '--towns', '13');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--towns must be 1 to 12/);
    assert.match(bad.stderr, /--towns 应为 1 到 12/);
  } finally {
    await db.drop();
  }
});

ctx.cleanExit();
