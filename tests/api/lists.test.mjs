// lists.test.mjs: lists from higher authorities (大数据名单) matched against the registry. Every
// class and every normalisation of a row, in CSV, xlsx and a LibreOffice-made .xls; one record
// per person inside a list and across lists (no second task); a clerk's confirm and reject; a
// high-risk list registering key persons; the same file again changing nothing; what a village
// secretary sees of a town's list; the return file (masked, watermarked, audited); bad input;
// `fangyi match --json` adding up.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AREA, ID_MASK, PHONE_MASK, assertError, csv, idNumber, importFile, phone, setupTown, sql, today,
  listMatched, listUpload, uniqueName, xlsx, zipEntries,
} from './lib.mjs';
import { LIST, RESIDENTS, residentsXlsx } from './fixtures/registers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ctx = setupTown();
const t = ctx.test;
const CLASSES = ['already_watched', 'found', 'possible', 'not_found', 'refused', 'duplicates_in_list'];
let admin;
let hh; // a household of 云龙村1组 for the people made here
const P = {}; // the people this file puts in the registry, with their numbers in clear

const upload = (token, body, q = {}) => listUpload(ctx, token, body, q);

const finished = (r, token = admin) => listMatched(ctx, r, token);

async function rows(id, token = admin, q = '') {
  const out = [];
  let after = 0;
  for (;;) {
    const r = await ctx.api('GET', `/api/v1/lists/${id}/rows?limit=500&after=${after}${q}`, { token });
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (r.json.next_after === null) return out;
    after = r.json.next_after;
  }
}

async function person(body) {
  const r = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { area_code: AREA.yunlong1, household_id: hh, ...body },
  });
  assert.equal(r.status, 201, r.text);
  return { ...body, id: r.json.id };
}

async function bigDataTasks(personId) {
  const r = await ctx.api('GET', `/api/v1/tasks?limit=500`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.source === 'big_data' && (personId === undefined || x.person_id === personId));
}

t('set up: the fixture residents and people with numbers typed every way', async () => {
  admin = await ctx.login(ctx.admin);
  const imp = await importFile(ctx, admin, residentsXlsx());
  assert.equal(imp.status, 200, imp.text);
  const h = await ctx.api('POST', '/api/v1/households', { token: admin, body: { area_code: AREA.yunlong1, address: '云龙村名单路 1 号' } });
  assert.equal(h.status, 201, h.text);
  hh = h.json.id;
  // an ID ending in X, typed lower-case on the list; one born in the 1900s, sent with 15 digits
  let x;
  do x = idNumber({ area: '430302' }); while (!x.endsWith('X'));
  P.x = await person({ name: uniqueName('名'), id_number: x });
  P.old = await person({ name: uniqueName('名'), id_number: idNumber({ area: '430302', birth: '19650304' }) });
  P.full = await person({ name: uniqueName('名'), id_number: idNumber({ area: '430302' }) });
  P.ph86 = await person({ name: uniqueName('名'), phone: phone() });
  P.ph0086 = await person({ name: uniqueName('名'), phone: phone() });
  P.nb = await person({ name: uniqueName('名'), birth_date: '1990-03-07' });
  P.near = await person({ name: uniqueName('名'), phone: '13912345678' });
  P.watched = await person({ name: uniqueName('名'), id_number: idNumber({ area: '430302' }) });
  const kp = await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: P.watched.id, reason: 'high_risk_area', found_by: 'other', kind: 'home', arrived_on: today() },
  });
  assert.equal(kp.status, 201, kp.text);
  P.watched.kp = kp.json.id;
});

const fullWidth = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const fifteen = (idn) => idn.slice(0, 6) + idn.slice(8, 17);

let first; // the CSV list

t('a CSV list: every class, every normalisation, one verdict per row', async () => {
  const body = csv(['姓名', '身份证号', '手机号', '出生日期', '抵达日期', '来源地'], [
    [P.x.name, P.x.id_number.toLowerCase(), '', '', '2020-01-22', '武汉'], // 2 lowercase x
    [P.old.name, fifteen(P.old.id_number), '', '', '', '武汉'], // 3 15 digits
    [P.full.name, fullWidth(P.full.id_number), '', '', '', '孝感'], // 4 full-width digits
    [P.ph86.name, '', `+86 ${P.ph86.phone.slice(0, 3)} ${P.ph86.phone.slice(3, 7)} ${P.ph86.phone.slice(7)}`, '', '', ''], // 5
    [P.ph0086.name, '', `0086-${P.ph0086.phone}`, '', '', ''], // 6
    [P.nb.name, '', '', '1990年3月7日', '', ''], // 7 name and birth date
    [P.near.name, '', '13912345687', '', '', ''], // 8 two digits swapped: possible
    [P.watched.name, P.watched.id_number, '', '', '', '武汉'], // 9 already watched
    [uniqueName('外'), idNumber({ area: '420102' }), '', '', '', '武汉'], // 10 not in the town
    [P.x.name, P.x.id_number, '', '', '', ''], // 11 the first row's person again
    ['', '', '', '', '', ''], // 12 an empty row: skipped
    [uniqueName('外'), '', '', '', '', ''], // 13 a name alone
    ['', '12345', '', '', '', ''], // 14 nothing usable
  ]);
  const r = await upload(admin, body, { name: '铁路旅客名单（第1批）', source: '区指挥部', received_on: today() });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.rows_total, 12);
  first = await finished(r);
  assert.equal(first.status, 'done', first.error);
  assert.equal(first.rows_done, 12);
  assert.deepEqual(first.counts, {
    already_watched: 1, found: 6, possible: 1, not_found: 1, refused: 2, duplicates_in_list: 1,
  });
  assert.equal(CLASSES.reduce((n, c) => n + first.counts[c], 0), first.rows_total, 'the counts add up to the rows');
  const rs = await rows(first.id);
  const at = (line) => rs.find((x) => x.line === line);
  const expect = [[2, 'found', 'id_number', P.x], [3, 'found', 'id_number', P.old], [4, 'found', 'id_number', P.full],
    [5, 'found', 'phone', P.ph86], [6, 'found', 'phone', P.ph0086], [7, 'found', 'name_birth', P.nb],
    [9, 'already_watched', 'id_number', P.watched]];
  for (const [line, cls, reason, p] of expect) {
    const x = at(line);
    assert.ok(x, `line ${line} listed`);
    assert.equal(x.class, cls, `line ${line}: ${JSON.stringify(x)}`);
    assert.equal(x.reason, reason, `line ${line}`);
    assert.equal(x.person.id, p.id, `line ${line} is ${p.name}`);
    assert.equal(x.area_code, AREA.yunlong1);
  }
  assert.equal(at(8).class, 'possible');
  assert.equal(at(8).reason, 'near_phone');
  assert.deepEqual(at(8).candidates.map((c) => [c.person_id, c.reason]), [[P.near.id, 'near_phone']]);
  assert.match(at(8).candidates[0].phone, PHONE_MASK);
  assert.equal(at(10).class, 'not_found');
  assert.equal(at(11).class, 'duplicates_in_list');
  assert.equal(at(11).first_line, 2);
  assert.equal(at(12), undefined, 'the empty row is no row');
  assert.equal(at(13).class, 'refused');
  assert.ok(at(13).fault && at(13).fault.message && at(13).fault.message_en, JSON.stringify(at(13)));
  assert.equal(at(14).class, 'refused');
  // numbers masked, the cells as received masked too, the full numbers nowhere
  assert.match(at(2).id_number, ID_MASK);
  assert.match(at(5).phone, PHONE_MASK);
  const text = JSON.stringify(rs);
  for (const p of [P.x, P.old, P.full, P.watched]) assert.ok(!text.includes(p.id_number) && !text.includes(p.id_number.toLowerCase()), `no full ID of ${p.name}`);
  for (const p of [P.ph86, P.ph0086]) assert.ok(!text.includes(p.phone), `no full phone of ${p.name}`);
  assert.ok(!text.includes('1990年3月7日') && !text.includes('1990-03-07'), 'no birth date beside the masked numbers');
  // each found person got one task from the list; the watched one the list on the timeline
  for (const [line, , , p] of expect.filter((e) => e[1] === 'found')) {
    const tasks = await bigDataTasks(p.id);
    assert.equal(tasks.length, 1, `one task for ${p.name}`);
    assert.equal(at(line).task_id, tasks[0].id);
  }
  assert.equal(first.tasks, 6);
  const tl = await ctx.api('GET', `/api/v1/key-persons/${P.watched.kp}/timeline`, { token: admin });
  if (tl.status === 200) {
    assert.ok(JSON.stringify(tl.json).includes('listed'), 'the list is on the timeline');
  } else {
    const kp = await ctx.api('GET', `/api/v1/key-persons/${P.watched.kp}`, { token: admin });
    assert.ok(JSON.stringify(kp.json).includes('listed'), `the list is on the key person's page: ${kp.text.slice(0, 300)}`);
  }
  // the result per village: 云龙村 holds the matched rows, the town the rest
  const yl = first.areas.find((a) => a.area_code === AREA.yunlong);
  assert.ok(yl, JSON.stringify(first.areas));
  assert.equal(yl.counts.found, 6);
  assert.equal(yl.counts.already_watched, 1);
  assert.equal(first.areas.reduce((n, a) => n + a.rows, 0), 12);
});

t('the same file again changes nothing; another list naming the same person opens no second task', async () => {
  const before = (await bigDataTasks()).length;
  const again = await upload(admin, csv(['姓名', '身份证号', '手机号', '出生日期', '抵达日期', '来源地'], [
    [P.x.name, P.x.id_number.toLowerCase(), '', '', '2020-01-22', '武汉'],
  ]), { name: '电信漫游名单' });
  const second = await finished(again);
  assert.equal(second.counts.found, 1);
  assert.equal(second.seen_before, 1, 'the person was on an earlier list');
  assert.equal(second.tasks, 0, 'no second task');
  assert.equal((await bigDataTasks()).length, before);
  const task = (await bigDataTasks(P.x.id))[0];
  const tg = await ctx.api('GET', `/api/v1/tasks/${task.id}`, { token: admin });
  assert.ok(JSON.stringify(tg.json).includes('listed'), `the task's history names the second list: ${tg.text.slice(0, 400)}`);
  // the very same file: the same list, nothing written
  const same = await upload(admin, csv(['姓名', '身份证号', '手机号', '出生日期', '抵达日期', '来源地'], [
    [P.x.name, P.x.id_number.toLowerCase(), '', '', '2020-01-22', '武汉'],
  ]), { name: '换个名字也一样' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.existing, true);
  assert.equal(same.json.id, second.id);
  assert.equal((await bigDataTasks()).length, before);
  const all = await ctx.api('GET', '/api/v1/lists', { token: admin });
  assert.equal(all.json.items.filter((l) => l.id === second.id).length, 1);
});

t('a possible match confirmed opens the task; rejected is not found; only candidates, only possible rows', async () => {
  const rs = await rows(first.id);
  const poss = rs.find((x) => x.line === 8);
  assertError(await ctx.api('POST', `/api/v1/lists/${first.id}/rows/${poss.id}/confirm`, { token: admin, body: { person_id: P.x.id } }),
    422, 'invalid', 'person_id');
  const found = rs.find((x) => x.line === 2);
  assertError(await ctx.api('POST', `/api/v1/lists/${first.id}/rows/${found.id}/confirm`, { token: admin, body: { person_id: P.x.id } }),
    409, 'conflict', 'class');
  const c = await ctx.api('POST', `/api/v1/lists/${first.id}/rows/${poss.id}/confirm`, { token: admin, body: { person_id: P.near.id } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.class, 'found');
  assert.equal(c.json.decision, 'confirmed');
  assert.equal(c.json.person.id, P.near.id);
  assert.equal((await bigDataTasks(P.near.id)).length, 1, 'the confirmed person got the task');
  const g = (await ctx.api('GET', `/api/v1/lists/${first.id}`, { token: admin })).json;
  assert.equal(g.counts.possible, 0);
  assert.equal(g.counts.found, 7);
  // a second possible row, from a new list, rejected
  const l = await finished(await upload(admin, csv(['姓名', '手机号'], [[P.near.name, '13912345668']]), { name: '另一批' }));
  const row = (await rows(l.id)).find((x) => x.class === 'possible');
  assert.ok(row, 'one digit off: possible');
  const rj = await ctx.api('POST', `/api/v1/lists/${l.id}/rows/${row.id}/reject`, { token: admin, body: {} });
  assert.equal(rj.status, 200, rj.text);
  assert.equal(rj.json.class, 'not_found');
  assert.equal(rj.json.reason, 'rejected');
  const l2 = (await ctx.api('GET', `/api/v1/lists/${l.id}`, { token: admin })).json;
  assert.deepEqual([l2.counts.possible, l2.counts.not_found], [0, 1]);
  assertError(await ctx.api('POST', `/api/v1/lists/${l.id}/rows/${row.id}/reject`, { token: admin, body: {} }), 409, 'conflict', 'class');
});

t('an xlsx with a title row and date serials, and a LibreOffice .xls, read alike', async () => {
  const x = await finished(await upload(admin, xlsx([
    ['序号', '姓名', '身份证号', '抵达日期'],
    [1, P.full.name, P.full.id_number, 43852],
    [2, P.old.name, { number: '4.30302196503E+17' }, { date: '2020-01-22' }],
  ], { title: '某某名单' }), { name: 'xlsx 名单' }));
  assert.equal(x.kind, 'xlsx');
  const xr = await rows(x.id);
  assert.equal(xr[0].class, 'found');
  assert.equal(xr[0].arrived_on, '2020-01-22', 'an Excel serial is a date');
  assert.equal(xr[1].class, 'refused', 'an ID number stored as a number is refused');
  assert.equal(xr[1].fault.field, 'id_number');
  assert.match(xr[1].fault.message, /数字/);
  assert.match(xr[1].fault.message_en, /number/);
  const xls = await finished(await upload(admin, readFileSync(path.join(here, 'fixtures', 'list.xls')), { name: 'xls 名单' }));
  assert.equal(xls.kind, 'xls');
  const lr = await rows(xls.id);
  assert.deepEqual(lr.map((r) => r.class), LIST.map((r) => r.cls));
  assert.deepEqual(lr.map((r) => r.reason), LIST.map((r) => r.reason).map((v, i) => (LIST[i].cls === 'refused' || LIST[i].cls === 'not_found' || LIST[i].cls === 'duplicates_in_list' ? lr[i].reason : v)));
  assert.equal(lr[0].person.name, RESIDENTS[0].name);
  assert.equal(lr[0].arrived_on, '2020-01-22');
  assert.equal(lr[0].left_on, '2020-01-21');
});

t('a high-risk list registers the found people for observation at once', async () => {
  const p = await person({ name: uniqueName('险'), id_number: idNumber({ area: '430302' }) });
  const l = await finished(await upload(admin, csv(['姓名', '身份证号', '抵达日期', '来源地'], [[p.name, p.id_number, today(), '武汉']]),
    { name: '高风险地区来湘人员', high_risk: '1' }));
  assert.equal(l.high_risk, true);
  assert.equal(l.registered, 1);
  const [row] = await rows(l.id);
  assert.ok(row.key_person_id, JSON.stringify(row));
  const kp = await ctx.api('GET', `/api/v1/key-persons/${row.key_person_id}`, { token: admin });
  assert.equal(kp.status, 200, kp.text);
  assert.equal(kp.json.found_by, 'big_data');
  assert.equal(kp.json.person_id ?? kp.json.person?.id ?? p.id, p.id);
  assert.equal(kp.json.status, 'active');
});

t("a village's secretary: the town's list with her own rows; her own list matched in her village only", async () => {
  const yl = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  const lx = await ctx.login(await ctx.user('secretary', AREA.lixin));
  const grid = await ctx.login(await ctx.user('grid', AREA.yunlong1));
  assertError(await ctx.api('GET', '/api/v1/lists', { token: grid }), 403, 'forbidden');
  const g = await ctx.api('GET', `/api/v1/lists/${first.id}`, { token: yl });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.counts.not_found, 0, 'the town’s unmatched rows are not hers');
  assert.equal(g.json.counts.found + g.json.counts.already_watched, 8);
  assert.ok(g.json.areas.every((a) => a.area_code.startsWith(AREA.yunlong)));
  const mine = await rows(first.id, yl);
  assert.ok(mine.length === 8 && mine.every((x) => x.area_code.startsWith(AREA.yunlong)), JSON.stringify(mine.map((x) => x.area_code)));
  assert.deepEqual(await rows(first.id, lx), [], 'nothing of 云龙村 for 立新村');
  const someRow = mine[0];
  assertError(await ctx.api('POST', `/api/v1/lists/${first.id}/rows/${someRow.id}/reject`, { token: lx, body: {} }), 404, 'not_found');
  // 立新村's own list: 云龙村's people are not found there
  const own = await finished(await upload(lx, csv(['姓名', '身份证号'], [[P.full.name, P.full.id_number]]), { name: '立新村自己的名单' }), lx);
  assert.equal(own.area_code, AREA.lixin);
  assert.equal(own.counts.not_found, 1);
  assertError(await ctx.api('GET', `/api/v1/lists/${own.id}`, { token: yl }), 404, 'not_found');
});

t('the return file: xlsx and CSV, numbers masked unless asked in full, watermarked and audited', async () => {
  const x = await fetch(`${ctx.server.base}/api/v1/lists/${first.id}/export`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const entries = zipEntries(Buffer.from(await x.arrayBuffer()));
  const sheet = [...entries.entries()].filter(([k]) => k.startsWith('xl/')).map(([, v]) => v.toString()).join('');
  assert.ok(sheet.includes('本辖区查无此人') && sheet.includes('在册未观察'), 'classes in Chinese');
  assert.ok(!sheet.includes(P.full.id_number), 'masked in the xlsx');
  const c = await ctx.api('GET', `/api/v1/lists/${first.id}/export?format=csv`, { token: admin });
  assert.equal(c.status, 200);
  assert.match(c.text, /EX-\d{8}-/, 'the watermark');
  assert.ok(c.text.includes('已派发核查任务'), c.text.slice(0, 500));
  assert.ok(!c.text.includes(P.full.id_number) && c.text.includes(`${P.full.id_number.slice(0, 4)}**********${P.full.id_number.slice(-4)}`));
  const f = await ctx.api('GET', `/api/v1/lists/${first.id}/export?format=csv&full=1`, { token: admin });
  assert.ok(f.text.includes(P.full.id_number), 'full numbers when asked by a role that may reveal');
  const au = await ctx.api('GET', '/api/v1/audit?limit=50', { token: await ctx.login(await ctx.user('auditor', AREA.town)) });
  assert.ok(au.json.items.some((e) => e.action === 'export' && e.object_kind === 'list' && /numbers in full/.test(e.detail ?? '')), JSON.stringify(au.json.items.slice(0, 5)));
  assert.ok(
    au.json.items.filter((e) => e.action === 'export' && e.object_kind === 'list').length >= 3, JSON.stringify(au.json.items.slice(0, 5)));
});

t('bad input: each refusal names the field, in Chinese and English; nothing stored', async () => {
  const n0 = (await ctx.api('GET', '/api/v1/lists', { token: admin })).json.total;
  const ok = csv(['姓名', '身份证号'], [[P.x.name, P.x.id_number]]);
  assertError(await ctx.api('POST', '/api/v1/lists?name=a&source=b', { token: admin, raw: '', type: 'text/csv' }), 422, 'invalid');
  assertError(await upload(admin, ok, { name: '' }), 422, 'invalid', 'name');
  assertError(await upload(admin, ok, { source: '' }), 422, 'invalid', 'source');
  assertError(await upload(admin, ok, { received_on: '2099-01-01' }), 422, 'invalid', 'received_on');
  assertError(await upload(admin, ok, { received_on: '2020-13-01' }), 422, 'invalid', 'received_on');
  const nohead = await upload(admin, csv(['甲', '乙'], [['1', '2']]));
  assert.equal(nohead.status, 422, nohead.text);
  assert.ok(nohead.json.error.message && nohead.json.error.message_en);
  assertError(await ctx.api('GET', `/api/v1/lists/${first.id}/rows?class=bogus`, { token: admin }), 422, 'invalid', 'class');
  assertError(await ctx.api('GET', '/api/v1/lists/987654', { token: admin }), 404, 'not_found');
  assert.equal((await ctx.api('GET', '/api/v1/lists', { token: admin })).json.total, n0, 'nothing stored');
  // a dry run stores nothing either, and its counts add up
  const d = await upload(admin, csv(['姓名', '身份证号'], [[P.x.name, P.x.id_number], ['无名', '']]), { dry_run: '1' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.dry_run, true);
  assert.equal(d.json.found + d.json.refused, d.json.rows);
  assert.equal((await ctx.api('GET', '/api/v1/lists', { token: admin })).json.total, n0);
});

t('a list left matching by a server that stopped is failed at the next start; the file received again is matched again, with no second task', async () => {
  const p = await person({ name: uniqueName('停'), id_number: idNumber({ area: '430302' }) });
  const body = csv(['姓名', '身份证号'], [[p.name, p.id_number]]);
  const l = await finished(await upload(admin, body, { name: '中断的名单' }));
  assert.equal(l.counts.found, 1);
  // as a server killed in the middle of the match leaves it
  const q = await sql(ctx.db.url, `UPDATE list_batch SET status = 'matching' WHERE id = ${l.id}`);
  assert.equal(q.code, 0, q.stderr);
  await ctx.restart('SIGKILL');
  admin = await ctx.login(ctx.admin);
  const after = (await ctx.api('GET', `/api/v1/lists/${l.id}`, { token: admin })).json;
  assert.equal(after.status, 'failed');
  assert.match(after.error, /receive the file again/);
  const again = await upload(admin, body, { name: '中断的名单' });
  assert.equal(again.status, 202, again.text);
  assert.equal(again.json.id, l.id, 'the same list, matched again');
  const done = await finished(again);
  assert.equal(done.status, 'done');
  assert.equal(done.counts.found, 1, 'its rows written once');
  assert.equal((await rows(l.id)).length, 1);
  assert.equal((await bigDataTasks(p.id)).length, 1, 'the task of the first run kept, no second one');
});

t('fangyi match --json: one summary whose classes add up to the rows; the same file again changes nothing', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-list-'));
  const file = path.join(dir, '乡镇转来名单.csv');
  writeFileSync(file, csv(['姓名', '身份证号', '手机号'], [
    [P.old.name, P.old.id_number, ''], [P.old.name, P.old.id_number, ''], ['无名氏', '', ''],
    [uniqueName('外'), idNumber({ area: '420102' }), ''], [P.near.name, '', '13912345677'],
  ]));
  const r = await ctx.cli('match', file, '--source', '县指挥部', '--json');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.rows, 5);
  assert.equal(CLASSES.reduce((n, c) => n + s[c], 0), s.rows);
  assert.deepEqual([s.found, s.duplicates_in_list, s.refused, s.not_found, s.possible], [1, 1, 1, 1, 1]);
  assert.equal(s.tasks, 0, 'the person already has the open task of the first list');
  const again = await ctx.cli('match', file, '--json');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).existing, true);
  const dry = await ctx.cli('match', file, '--dry-run', '--json');
  assert.equal(JSON.parse(dry.stdout).rows, 5);
  const bad = await ctx.cli('match', path.join(dir, 'missing.csv'));
  assert.notEqual(bad.code, 0);
});

t('a list longer than a chunk: every row stored, the counts per class and village adding up, one task per person; --timing', async () => {
  // 200 people of the registry, each named twice, spread over 5,000 rows: past the command
  // line's 4,096 rows per commit and across the server's chunks of 256
  const people = [];
  for (let i = 0; i < 200; i++) people.push(await person({ name: uniqueName('链'), id_number: idNumber({ area: '430302' }) }));
  const strangers = new Set();
  const stranger = () => {
    for (;;) {
      const idn = idNumber({ area: '420102' });
      if (!strangers.has(idn)) return strangers.add(idn) && idn;
    }
  };
  const rowsOf = (note) => Array.from({ length: 5000 }, (_, i) => {
    const p = people[Math.floor(i / 25)];
    if (i % 25 === 0 || i % 25 === 1) return [p.name, p.id_number, note];
    if (i % 25 === 2) return ['', '', note];
    return [uniqueName('过'), stranger(), note];
  });
  const expect = { found: 200, duplicates_in_list: 200, refused: 200, not_found: 4400, possible: 0, already_watched: 0 };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-list-'));
  const file = path.join(dir, '长名单.csv');
  writeFileSync(file, csv(['姓名', '身份证号', '备注'], rowsOf('一')));
  const r = await ctx.cli('match', file, '--json', '--timing');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.rows, 5000);
  for (const c of CLASSES) assert.equal(s[c], expect[c], c);
  assert.equal(s.tasks, 200, 'one task per person found');
  const tm = r.stderr.match(/^timing: read ([\d.]+) s, index ([\d.]+) s, classify ([\d.]+) s, store ([\d.]+) s \(of which leads ([\d.]+) s\)$/m);
  assert.ok(tm, r.stderr);
  assert.ok(Number(tm[5]) <= Number(tm[4]), 'the leads are part of the store');

  // what was stored, as the API reads it: every row, the counts per village adding up to them
  const check = async (id, seen, tasks) => {
    const g = await ctx.api('GET', `/api/v1/lists/${id}`, { token: admin });
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.status, 'done');
    assert.equal(g.json.rows_done, 5000);
    for (const c of CLASSES) assert.equal(g.json.counts[c], expect[c], c);
    assert.equal(g.json.seen_before, seen);
    assert.equal(g.json.tasks, tasks);
    const byArea = {};
    for (const a of g.json.areas) for (const [c, n] of Object.entries(a.counts)) byArea[c] = (byArea[c] || 0) + n;
    for (const c of CLASSES) assert.equal(byArea[c] || 0, expect[c], `${c} per village`);
    const all = await rows(id);
    assert.equal(all.length, 5000);
    assert.deepEqual(all.map((x) => x.line), Array.from({ length: 5000 }, (_, i) => i + 2));
    const found = all.filter((x) => x.class === 'found');
    assert.deepEqual(found.map((x) => x.person.id).sort(), people.map((p) => p.id).sort());
    assert.ok(found.every((x) => x.task_id), 'every found row names its task');
    return found;
  };
  const lists = await ctx.api('GET', '/api/v1/lists', { token: admin });
  const cliFound = await check(lists.json.items[0].id, 0, 200);
  for (const p of people.slice(0, 3)) assert.equal((await bigDataTasks(p.id)).length, 1);

  // the same people again on a server, through its shared writer: named before, no second task
  const u = await upload(admin, csv(['姓名', '身份证号', '备注'], rowsOf('二')), { name: '长名单（二）' });
  assert.equal(u.status, 202, u.text);
  await finished(u);
  const srvFound = await check(u.json.id, 200, 0);
  assert.deepEqual(srvFound.map((x) => x.task_id), cliFound.map((x) => x.task_id), 'the open tasks of the first list');
});

ctx.cleanExit();
