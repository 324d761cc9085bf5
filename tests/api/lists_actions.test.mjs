// lists_actions.test.mjs: what a clerk does with a list's rows after the match (大数据名单): a
// not-found row sent to a village as a search task (查找任务), one row or the whole list, asked
// again without a second task; a confirm or reject undone, the counters of the list and of its
// villages moved back, the task it opened kept; the sheet of a workbook chosen by name on the
// upload, the imports and the command line, in .xlsx and .xls, an unknown name refused with the
// sheets the workbook has. Scope: a grid worker is refused, another village's secretary finds
// nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREA, assertError, csv, idNumber, importFile, listMatched, listUpload, phone, setupTown, uniqueName, xlsx } from './lib.mjs';
import { LIST_FIRST_ROWS, LIST_FIRST_SHEET, RESIDENTS, RESIDENTS_HEADER, RESIDENTS_TITLE, listSheetsXlsx, residentRows, residentsXlsx } from './fixtures/registers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ctx = setupTown();
const t = ctx.test;
let admin;
let hh;
let list; // the list of the undo and search-task tests
const L = {}; // its rows by what they are for
const U = {}; // staff: tokens and ids

const upload = (token, body, q = {}) => listUpload(ctx, token, body, q);

const finished = (r, token = admin) => listMatched(ctx, r, token);

async function rowsOf(id, token = admin) {
  const r = await ctx.api('GET', `/api/v1/lists/${id}/rows?limit=500`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function person(body) {
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { area_code: AREA.yunlong1, household_id: hh, ...body } });
  assert.equal(r.status, 201, r.text);
  return { ...body, id: r.json.id };
}

// counts(id) → the list's counters and its rows per area and class, as the page reads them
async function counts(id) {
  const g = await ctx.api('GET', `/api/v1/lists/${id}`, { token: admin });
  assert.equal(g.status, 200, g.text);
  const areas = {};
  for (const a of g.json.areas) for (const [c, n] of Object.entries(a.counts)) if (n) areas[`${a.area_code}/${c}`] = n;
  return { counts: g.json.counts, areas, tasks: g.json.tasks };
}

async function staffId(username) {
  const r = await ctx.api('GET', '/api/v1/users?limit=500', { token: admin });
  assert.equal(r.status, 200, r.text);
  const u = r.json.items.find((x) => x.username === username);
  assert.ok(u, username);
  return u.id;
}

async function staff(id) {
  const r = await ctx.api('GET', '/api/v1/users?limit=500', { token: admin });
  return r.json.items.find((x) => x.id === id);
}

const post = (p, body, token = admin, headers) => ctx.api('POST', `/api/v1/lists/${list.id}${p}`, { token, body, headers });
const swapLast = (ph) => ph.slice(0, 9) + ph[10] + ph[9];

t('set up: residents, people a list may name, the staff of two villages', async () => {
  admin = await ctx.login(ctx.admin);
  assert.equal((await importFile(ctx, admin, residentsXlsx())).status, 200);
  const h = await ctx.api('POST', '/api/v1/households', { token: admin, body: { area_code: AREA.yunlong1, address: '云龙村查找路 1 号' } });
  assert.equal(h.status, 201, h.text);
  hh = h.json.id;
  for (const [k, role, area] of [['ylSec', 'secretary', AREA.yunlong], ['lxSec', 'secretary', AREA.lixin], ['lxGrid', 'grid', AREA.lixin1], ['ylGrid', 'grid', AREA.yunlong1]]) {
    const u = await ctx.user(role, area);
    U[k] = { token: await ctx.login(u), id: await staffId(u.username) };
  }
  // two people a list names with a phone two digits off: possible matches for a clerk
  let p1;
  let p2;
  do p1 = phone(); while (p1[9] === p1[10]);
  do p2 = phone(); while (p2[9] === p2[10]);
  L.pa = await person({ name: uniqueName('疑'), phone: p1 });
  L.pb = await person({ name: uniqueName('疑'), phone: p2 });
  L.stranger = { name: uniqueName('外'), id: idNumber({ area: '420102' }), phone: phone() };
  const body = csv(['姓名', '身份证号', '手机号', '村', '来源地'], [
    [RESIDENTS[0].name, RESIDENTS[0].idn, '', '', '武汉'], // 2 found
    [L.pa.name, '', swapLast(L.pa.phone), '', '武汉'], // 3 possible
    [L.pb.name, '', swapLast(L.pb.phone), '', '武汉'], // 4 possible
    [L.stranger.name, L.stranger.id, L.stranger.phone, AREA.yunlong, '武汉'], // 5 not found, names 云龙村 by code
    [uniqueName('外'), idNumber({ area: '420102' }), '', '立新村', '孝感'], // 6 not found, names 立新村
    [uniqueName('外'), idNumber({ area: '420102' }), '', '', '黄冈'], // 7 not found, no village
  ]);
  list = await finished(await upload(admin, body, { name: '电信漫游名单' }));
  assert.equal(list.status, 'done', list.error);
  assert.deepEqual(list.counts, { already_watched: 0, found: 1, possible: 2, not_found: 3, refused: 0, duplicates_in_list: 0 });
  for (const r of await rowsOf(list.id)) L[r.line] = r;
});

t('undo: a confirm put back to possible, the counters of the list and its villages back, the task kept and named', async () => {
  const before = await counts(list.id);
  const row = L[3];
  assert.equal(row.class, 'possible');
  const c = await post(`/rows/${row.id}/confirm`, { person_id: L.pa.id });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.class, 'found');
  assert.ok(c.json.task_id, 'the confirm opened a task');
  const task = c.json.task_id;
  const mid = await counts(list.id);
  assert.equal(mid.counts.possible, before.counts.possible - 1);
  assert.equal(mid.counts.found, before.counts.found + 1);

  // the reason is required, by name
  assertError(await post(`/rows/${row.id}/undo`, {}), 422, 'invalid', 'reason');
  assertError(await post(`/rows/${row.id}/undo`, { reason: '   ' }), 422, 'invalid', 'reason');
  // scope: a grid worker may not; another village's secretary does not see the row
  assertError(await post(`/rows/${row.id}/undo`, { reason: '点错了' }, U.ylGrid.token), 403, 'forbidden');
  assertError(await post(`/rows/${row.id}/undo`, { reason: '点错了' }, U.lxSec.token), 404, 'not_found');

  const u = await post(`/rows/${row.id}/undo`, { reason: '点错了候选人，应为同名的另一人' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.class, 'possible');
  assert.equal(u.json.reason, 'near_phone', 'the reason the match gave');
  assert.equal(u.json.decision, '');
  assert.equal(u.json.person, null);
  assert.equal(u.json.task_id, null);
  assert.deepEqual(u.json.candidates.map((x) => x.person_id), row.candidates.map((x) => x.person_id), 'its candidates kept');
  assert.deepEqual(u.json.cells, row.cells, 'its cells kept');
  assert.equal(u.json.undone.class, 'found');
  assert.equal(u.json.undone.decision, 'confirmed');
  assert.equal(u.json.undone.task_id, task, 'the answer names the task that stays');
  assert.match(u.json.undone.message, new RegExp(`#${task}`));
  assert.match(u.json.undone.message_en, new RegExp(`#${task}`));
  const after = await counts(list.id);
  assert.deepEqual(after.counts, before.counts, 'the list counters back');
  assert.deepEqual(after.areas, before.areas, 'the rows per village and class back');
  const tk = await ctx.api('GET', `/api/v1/tasks/${task}`, { token: admin });
  assert.equal(tk.status, 200, tk.text);
  assert.equal(tk.json.status, 'open', 'the task stays for its owner to close');

  // never decided, or undone already: nothing to undo
  assertError(await post(`/rows/${row.id}/undo`, { reason: '再撤一次' }), 409, 'conflict', 'class');
  assertError(await post(`/rows/${L[2].id}/undo`, { reason: '匹配有误' }), 409, 'conflict', 'class');
  // and the row may be decided again: the person's open task is the same one
  const again = await post(`/rows/${row.id}/confirm`, { person_id: L.pa.id });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.task_id, task, 'no second task for the person');

  // the audit says who, when and why
  const au = await ctx.api('GET', '/api/v1/audit?limit=50', { token: await ctx.login(await ctx.user('auditor', AREA.town)) });
  const e = au.json.items.find((x) => x.action === 'undo' && x.object_kind === 'list_row' && x.object_id === row.id);
  assert.ok(e, JSON.stringify(au.json.items.slice(0, 5)));
  assert.match(e.detail, /点错了候选人/);
  assert.ok(e.username && e.at, 'who and when');
});

t('undo: a reject put back to possible, the counters back', async () => {
  const before = await counts(list.id);
  const row = L[4];
  const r = await post(`/rows/${row.id}/reject`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.class, 'not_found');
  const mid = await counts(list.id);
  assert.equal(mid.counts.not_found, before.counts.not_found + 1);
  const u = await post(`/rows/${row.id}/undo`, { reason: '候选人核实后确是本人' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.class, 'possible');
  assert.equal(u.json.undone.decision, 'rejected');
  assert.equal(u.json.undone.task_id, null);
  assert.deepEqual((await counts(list.id)).counts, before.counts);
  assert.deepEqual((await counts(list.id)).areas, before.areas);
});

async function tasksOf(listId) {
  const r = await ctx.api('GET', '/api/v1/tasks?limit=500', { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.source === 'big_data' && x.source_id === listId && !x.person_id);
}

t('a search task: one per not_found row, to the village it names, its numbers masked, asked again the same task', async () => {
  const row = L[5];
  assertError(await post(`/rows/${L[3].id}/search-task`, {}), 409, 'conflict', 'class');
  assertError(await post(`/rows/${row.id}/search-task`, {}, U.ylGrid.token), 403, 'forbidden');
  assertError(await post(`/rows/${row.id}/search-task`, {}, U.lxSec.token), 404, 'not_found');
  assertError(await post(`/rows/${row.id}/search-task`, { area_code: AREA.town }), 422, 'invalid', 'area_code');
  assertError(await post(`/rows/${row.id}/search-task`, { area_code: '430302999999' }), 422, 'invalid', 'area_code');
  assertError(await post(`/rows/${row.id}/search-task`, { deadline: 1000 }), 422, 'invalid', 'deadline');
  assertError(await post(`/rows/${row.id}/search-task`, { bogus: 1 }), 422, 'invalid');
  const r = await post(`/rows/${row.id}/search-task`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.existing, false);
  assert.equal(r.json.class, 'not_found', 'the row stays what it is');
  assert.ok(r.json.task_id);
  const tk = (await ctx.api('GET', `/api/v1/tasks/${r.json.task_id}`, { token: admin })).json;
  assert.equal(tk.area_code, AREA.yunlong, 'the village the row names');
  const owner = await staff(tk.owner.id);
  assert.deepEqual([owner.role, owner.area.code], ['secretary', AREA.yunlong], "the village's secretary by default");
  assert.equal(tk.source, 'big_data');
  assert.equal(tk.source_id, list.id);
  assert.ok(tk.title.includes(L.stranger.name), tk.title);
  const text = JSON.stringify(tk);
  assert.ok(!text.includes(L.stranger.id), 'no ID number in clear');
  assert.ok(!text.includes(L.stranger.phone), 'no phone in clear');
  assert.ok(text.includes(`${L.stranger.id.slice(0, 4)}**********${L.stranger.id.slice(-4)}`), tk.description);
  assert.ok(text.includes(`${L.stranger.phone.slice(0, 3)}****${L.stranger.phone.slice(-4)}`), tk.description);
  // the secretary of that village sees it among her tasks
  const mine = await ctx.api('GET', `/api/v1/tasks/${r.json.task_id}`, { token: U.ylSec.token });
  assert.equal(mine.status, 200, mine.text);

  // asked again: the same task, no second one
  const n = (await tasksOf(list.id)).length;
  const again = await post(`/rows/${row.id}/search-task`, { area_code: AREA.lixin });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.existing, true);
  assert.equal(again.json.task_id, r.json.task_id);
  assert.equal((await tasksOf(list.id)).length, n);

  // a row naming no village: where to is asked, by name; a grid and an owner may be given
  assertError(await post(`/rows/${L[7].id}/search-task`, {}), 422, 'invalid', 'area_code');
  const key = `search-${Date.now()}`;
  const g1 = await post(`/rows/${L[7].id}/search-task`, { area_code: AREA.lixin1 }, admin, { 'idempotency-key': key });
  assert.equal(g1.status, 201, g1.text);
  const g2 = await post(`/rows/${L[7].id}/search-task`, { area_code: AREA.lixin1 }, admin, { 'idempotency-key': key });
  assert.equal(g2.status, 201, 'the first answer replayed');
  assert.equal(g2.json.task_id, g1.json.task_id);
  const gt = (await ctx.api('GET', `/api/v1/tasks/${g1.json.task_id}`, { token: admin })).json;
  assert.equal(gt.area_code, AREA.lixin1);
  const gw = await staff(gt.owner.id);
  assert.deepEqual([gw.role, gw.area.code], ['grid', AREA.lixin1], "the grid's worker by default");
  assert.equal((await tasksOf(list.id)).length, n + 1);

  // the return file says what the rows led to
  const c = await ctx.api('GET', `/api/v1/lists/${list.id}/export?format=csv`, { token: admin });
  assert.equal(c.status, 200);
  assert.ok(c.text.includes(`已派查找任务 #${r.json.task_id}`), c.text);
  assert.ok(c.text.includes(`已派查找任务 #${g1.json.task_id}`), c.text);
});

t('search tasks for the whole list: one per row that names a village, again nothing new, the rest to a chosen village', async () => {
  const body = csv(['姓名', '身份证号', '村'], [
    [uniqueName('寻'), idNumber({ area: '420102' }), '龙头岭村'],
    [uniqueName('寻'), idNumber({ area: '420102' }), AREA.nangu],
    [uniqueName('寻'), idNumber({ area: '420102' }), ''],
    [RESIDENTS[1].name, RESIDENTS[1].idn, AREA.yunlong],
  ]);
  const l = await finished(await upload(admin, body, { name: '调度会查找名单' }));
  assert.equal(l.counts.not_found, 3);
  const all = (body2, token = admin, headers) => ctx.api('POST', `/api/v1/lists/${l.id}/search-tasks`, { token, body: body2, headers });
  assertError(await all({}, U.ylGrid.token), 403, 'forbidden');
  assertError(await all({ area_code: AREA.town }), 422, 'invalid', 'area_code');
  const r = await all({});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { rows: 3, tasks: 2, existing: 0, no_place: 1, left: 0 });
  const ts = await tasksOf(l.id);
  assert.deepEqual(ts.map((x) => x.area_code).sort(), [AREA.longtouling, AREA.nangu].sort());
  const again = await all({});
  assert.deepEqual(again.json, { rows: 3, tasks: 0, existing: 2, no_place: 1, left: 0 }, 'asked again: nothing new');
  const rest = await all({ area_code: AREA.qunli });
  assert.deepEqual(rest.json, { rows: 3, tasks: 1, existing: 2, no_place: 0, left: 0 });
  assert.equal((await tasksOf(l.id)).length, 3, 'one task per row');
  const rs = await rowsOf(l.id);
  assert.ok(rs.filter((x) => x.class === 'not_found').every((x) => x.task_id), 'every not_found row names its task');
  const au = await ctx.api('GET', '/api/v1/audit?limit=50', { token: await ctx.login(await ctx.user('auditor', AREA.town)) });
  assert.ok(au.json.items.some((x) => x.action === 'search_tasks' && x.object_kind === 'list' && x.object_id === l.id));
  assert.equal(au.json.items.filter((x) => x.action === 'search_task' && x.object_kind === 'list_row').length >= 3, true);
});

// ----- the sheet -----

const sheetErr = (r, ...names) => {
  assertError(r, 422, 'invalid', 'sheet');
  for (const n of names) {
    assert.ok(r.json.error.message.includes(n), r.json.error.message);
    assert.ok(r.json.error.message_en.includes(n), r.json.error.message_en);
  }
};

t('the sheet of a list: the first unless one is named, in .xlsx and .xls; an unknown name lists the sheets; none for a CSV', async () => {
  const xls = readFileSync(path.join(here, 'fixtures', 'list_sheets.xls'));
  for (const [kind, body] of [['xlsx', listSheetsXlsx()], ['xls', xls]]) {
    const d = await upload(admin, body, { dry_run: '1' });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.kind, kind);
    assert.equal(d.json.rows, LIST_FIRST_ROWS.length - 1, `${kind}: the first sheet`);
    assert.deepEqual(d.json.sheets, [LIST_FIRST_SHEET, '旅客']);
    assert.equal(d.json.sheet, LIST_FIRST_SHEET);
    const n = await upload(admin, body, { dry_run: '1', sheet: '旅客' });
    assert.equal(n.status, 200, n.text);
    assert.equal(n.json.rows, 6, `${kind}: the sheet named`);
    assert.equal(n.json.sheet, '旅客');
    assert.equal(n.json.found + n.json.possible + n.json.not_found + n.json.refused + n.json.duplicates_in_list + n.json.already_watched, 6);
    sheetErr(await upload(admin, body, { sheet: '旅客名单' }), '旅客名单', LIST_FIRST_SHEET, '旅客');
  }
  const got = await finished(await upload(admin, listSheetsXlsx(), { sheet: '旅客', name: '第3批（工作表 旅客）' }));
  assert.equal(got.rows_total, 6);
  sheetErr(await upload(admin, csv(['姓名', '身份证号'], [['甲', '']]), { sheet: '旅客' }), 'CSV');
  const d = await upload(admin, csv(['姓名', '身份证号'], [['甲', '']]), { dry_run: '1' });
  assert.deepEqual(d.json.sheets, []);
  assert.equal(d.json.sheet, null);
});

t('the sheet of the resident import and of the command line', async () => {
  const book = xlsx([RESIDENTS_HEADER, ...residentRows()], { title: RESIDENTS_TITLE, sheet: '名单', before: [{ name: '填表说明', rows: [['说明'], ['身份证号请设为文本格式']] }] });
  const first = await importFile(ctx, admin, book, '?dry_run=1');
  assertError(first, 422, 'invalid', 'header');
  const named = await importFile(ctx, admin, book, '?dry_run=1&sheet=' + encodeURIComponent('名单'));
  assert.equal(named.status, 200, named.text);
  assert.equal(named.json.rows, RESIDENTS.length);
  sheetErr(await importFile(ctx, admin, book, '?dry_run=1&sheet=' + encodeURIComponent('花名册')), '花名册', '填表说明', '名单');
  sheetErr(await importFile(ctx, admin, Buffer.from('姓名,身份证号\r\n甲,\r\n'), '?dry_run=1&sheet=x'), 'CSV');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-sheet-'));
  const f = path.join(dir, '名单.xlsx');
  writeFileSync(f, listSheetsXlsx());
  const m = await ctx.cli('match', f, '--sheet', '旅客', '--dry-run', '--json');
  assert.equal(m.code, 0, m.stderr);
  assert.equal(JSON.parse(m.stdout).rows, 6);
  const m1 = await ctx.cli('match', f, '--dry-run', '--json');
  assert.equal(JSON.parse(m1.stdout).rows, 1, 'the first sheet');
  const bad = await ctx.cli('match', f, '--sheet', '无此表', '--dry-run');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /无此表/);
  assert.match(bad.stderr, /第2批/);
  const rf = path.join(dir, '花名册.xlsx');
  writeFileSync(rf, book);
  const i = await ctx.cli('import', 'residents', rf, '--sheet', '名单', '--dry-run');
  assert.equal(i.code, 0, i.stderr);
  assert.match(i.stdout, new RegExp(`${RESIDENTS.length} rows`));
  const i2 = await ctx.cli('import', 'key-persons', rf, '--sheet', '无此表', '--dry-run');
  assert.notEqual(i2.code, 0);
  assert.match(i2.stderr, /填表说明/);
});
