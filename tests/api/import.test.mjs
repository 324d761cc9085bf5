// import.test.mjs: the resident CSV import through the API and the CLI: encodings (UTF-8, UTF-8
// with BOM, GBK), quoting, embedded newlines, CRLF, header synonyms, all-or-nothing with line
// numbers, dry runs, idempotent re-imports, and the importer's area.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import {
  AREA, assertError, cli, csv, gbk, idNumber, importCsv, maskPhone, phone, setupTown, uniqueName
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let secYL; // secretary of 云龙村
let secLX; // secretary of 立新村
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fangyi-import-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


async function find(q) {
  const r = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}&limit=500`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function reveal(id) {
  const r = await ctx.api('POST', `/api/v1/persons/${id}/reveal`, { token: admin, body: { reason: '导入核对' } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

function people(n, extra = {}) {
  return Array.from({ length: n }, () => ({ name: uniqueName(), idn: idNumber(), ph: phone(), ...extra }));
}

function assertCounts(j, want) {
  for (const [k, v] of Object.entries(want)) assert.equal(j[k], v, `import ${k}: ${JSON.stringify(j)}`);
}

t('log in as the admin and two village secretaries', async () => {
  admin = await ctx.login(ctx.admin);
  const a = await ctx.user('secretary', AREA.yunlong);
  const b = await ctx.user('secretary', AREA.lixin);
  secYL = await ctx.login(a);
  secLX = await ctx.login(b);
  // the GBK helper agrees with the GB 2312 code chart
  assert.deepEqual([...gbk('姓名')], [0xd0, 0xd5, 0xc3, 0xfb]);
});

const HEADER_A = ['姓名', '身份证号', '联系电话', '住址', '村', '网格', '与户主关系', '标签'];
let fileA; // the first UTF-8 file, kept to import again
let groupA;

t('UTF-8 CSV: creates people and households, head of household and tags', async () => {
  groupA = people(3);
  const addr1 = `云龙村${uniqueName('')}组8号`;
  const addr2 = `云龙村${uniqueName('')}组9号`;
  fileA = csv(HEADER_A, [
    [groupA[0].name, groupA[0].idn, groupA[0].ph, addr1, '云龙村', AREA.yunlong1, '户主', '党员'],
    [groupA[1].name, groupA[1].idn, groupA[1].ph, addr1, '云龙村', AREA.yunlong1, '妻', ''],
    [groupA[2].name, groupA[2].idn, groupA[2].ph, addr2, '云龙村', AREA.yunlong1, '户主', '党员、志愿者'],
  ]);
  const r = await importCsv(ctx, admin, fileA);
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { dry_run: false, rows: 3, created: 3, updated: 0, unchanged: 0, households_created: 2 });
  assert.match(r.json.encoding, /utf-?8/i);

  for (const p of groupA) {
    const f = await find(p.idn);
    assert.equal(f.total, 1, `imported ${p.name}`);
    const got = f.items[0];
    assert.equal(got.name, p.name);
    assert.equal(got.area_code, AREA.yunlong1);
    assert.equal(got.phone, maskPhone(p.ph));
    p.id = got.id;
    p.household_id = got.household_id;
  }
  assert.deepEqual((await find(groupA[0].idn)).items[0].tags, ['party_member']);
  assert.deepEqual([...(await find(groupA[2].idn)).items[0].tags].sort(), ['party_member', 'volunteer']);
  assert.equal(groupA[0].household_id, groupA[1].household_id, 'same grid and address: one household');
  assert.notEqual(groupA[0].household_id, groupA[2].household_id);
  const h = await ctx.api('GET', `/api/v1/households/${groupA[0].household_id}`, { token: admin });
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.address, addr1);
  assert.equal(h.json.area_code, AREA.yunlong1);
  assert.equal(h.json.head_id, groupA[0].id);
  assert.equal(h.json.head_name, groupA[0].name);
  assert.deepEqual(h.json.members.map((m) => m.id).sort((x, y) => x - y), [groupA[0].id, groupA[1].id].sort((x, y) => x - y));
});

t('re-importing the same file changes nothing; a changed phone is one update', async () => {
  const before = await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin });
  const r = await importCsv(ctx, admin, fileA);
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { rows: 3, created: 0, updated: 0, unchanged: 3, households_created: 0 });
  const mid = await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin });
  assert.equal(mid.json.total, before.json.total, 'no new people');
  const hh = await ctx.api('GET', '/api/v1/households?limit=1', { token: admin });

  const ph = phone();
  const changed = fileA.replace(groupA[1].ph, ph);
  const u = await importCsv(ctx, admin, changed);
  assert.equal(u.status, 200, u.text);
  assertCounts(u.json, { rows: 3, created: 0, updated: 1, unchanged: 2, households_created: 0 });
  assert.equal((await reveal(groupA[1].id)).phone, ph);
  const again = await importCsv(ctx, admin, changed);
  assertCounts(again.json, { created: 0, updated: 0, unchanged: 3 });
  const hh2 = await ctx.api('GET', '/api/v1/households?limit=1', { token: admin });
  assert.equal(hh2.json.total, hh.json.total, 'no new households');
});

t('UTF-8 with BOM and the synonyms 公民身份号码 / 手机号 / 社区 / 组', async () => {
  const g = people(2);
  const grid = `${AREA.hongqi}001`;
  const body = `\ufeff${csv(['姓名', '公民身份号码', '手机号', '住址', '社区', '组', '与户主关系'], [
    [g[0].name, g[0].idn, g[0].ph, '红旗社区幸福路1号', '红旗社区', grid, '户主'],
    [g[1].name, g[1].idn, g[1].ph, '红旗社区幸福路2号', '红旗社区', grid, '户主'],
  ])}`;
  const r = await importCsv(ctx, admin, Buffer.from(body, 'utf8'));
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { rows: 2, created: 2 });
  assert.match(r.json.encoding, /utf-?8/i);
  for (const p of g) {
    const f = await find(p.name);
    assert.equal(f.total, 1, `${p.name} found by name: the BOM is not part of the first header`);
    assert.equal(f.items[0].area_code, grid);
    assert.equal((await reveal(f.items[0].id)).id_number, p.idn);
  }
});

t('GBK CSV (as Excel saves it in China) with 身份证号码 / 手机 / 家庭住址 / 村民小组', async () => {
  const g = people(2);
  const text = csv(['姓名', '身份证号码', '手机', '家庭住址', '村', '村民小组', '备注'], [
    [g[0].name, g[0].idn, g[0].ph, '云龙村张家湾3号', '云龙村', AREA.yunlong2, '从武汉返乡'],
    [g[1].name, g[1].idn, g[1].ph, '云龙村张家湾4号', '云龙村', AREA.yunlong2, '独居老人'],
  ]);
  const bytes = gbk(text);
  assert.equal(new TextDecoder('gbk').decode(bytes), text, 'the GBK bytes round-trip');
  assert.notDeepEqual(bytes, Buffer.from(text, 'utf8'));
  const r = await importCsv(ctx, admin, bytes);
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { rows: 2, created: 2 });
  assert.match(r.json.encoding, /gb/i);
  const f = await find(g[0].name);
  assert.equal(f.total, 1, 'the GBK name is stored as the right characters');
  assert.equal(f.items[0].name, g[0].name);
  assert.equal(f.items[0].area_code, AREA.yunlong2);
  assert.equal(f.items[0].notes, '从武汉返乡');
  assert.equal(f.items[0].household_address, '云龙村张家湾3号');
});

t('English headers, LF line ends', async () => {
  const g = people(1);
  const r = await importCsv(ctx, admin, csv(['name', 'id_number', 'phone', 'address', 'village', 'grid', 'relation'],
    [[g[0].name, g[0].idn, g[0].ph, '立新村新屋1号', '立新村', AREA.lixin1, '户主']], '\n'));
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { rows: 1, created: 1 });
  assert.equal((await find(g[0].idn)).items[0].area_code, AREA.lixin1);
});

t('quoted fields with commas, doubled quotes and embedded newlines in a CRLF file', async () => {
  const g = people(2);
  const raw = '姓名,身份证号,住址,村,网格,备注\r\n'
    + `${g[0].name},${g[0].idn},"云龙村, 新街1号",云龙村,${AREA.yunlong1},"第一行\r\n第二行, 含逗号 ""引号"""\r\n`
    + `"${g[1].name}","${g[1].idn}",云龙村新街2号,"云龙村",${AREA.yunlong1},\r\n`;
  const r = await importCsv(ctx, admin, raw);
  assert.equal(r.status, 200, r.text);
  assertCounts(r.json, { rows: 2, created: 2 });
  const a = (await find(g[0].idn)).items[0];
  assert.equal(a.name, g[0].name);
  assert.equal(a.household_address, '云龙村, 新街1号');
  assert.ok(a.notes.includes('第一行') && a.notes.includes('第二行, 含逗号 "引号"'), `notes: ${JSON.stringify(a.notes)}`);
  const b = (await find(g[1].idn)).items[0];
  assert.equal(b.name, g[1].name);
});

t('all or nothing: 3 good rows and 2 bad ones → 422 listing both with their physical lines', async () => {
  const g = people(5);
  const badId = `${g[1].idn.slice(0, 17)}${g[1].idn[17] === '0' ? '1' : '0'}`;
  const raw = '姓名,身份证号,联系电话,住址,村,网格,备注\r\n' // line 1
    + `${g[0].name},${g[0].idn},${g[0].ph},云龙村坡上1号,云龙村,${AREA.yunlong1},\r\n` // line 2
    + `${g[1].name},${badId},${g[1].ph},云龙村坡上2号,云龙村,${AREA.yunlong1},\r\n` // line 3: bad ID
    + `${g[2].name},${g[2].idn},${g[2].ph},云龙村坡上3号,云龙村,${AREA.yunlong1},"两行\r\n备注"\r\n` // lines 4-5
    + `${g[3].name},${g[3].idn},12345,云龙村坡上4号,云龙村,${AREA.yunlong1},\r\n` // line 6: bad phone
    + `${g[4].name},${g[4].idn},${g[4].ph},云龙村坡上5号,云龙村,${AREA.yunlong1},\r\n`; // line 7
  for (const q of ['', '?dry_run=1']) {
    const r = await importCsv(ctx, admin, raw, q);
    assertError(r, 422, 'invalid');
    const rows = r.json.error.rows;
    assert.ok(Array.isArray(rows), `rows expected: ${r.text}`);
    assert.deepEqual(rows.map((x) => [x.line, x.field]), [[3, 'id_number'], [6, 'phone']], r.text);
    for (const x of rows) {
      assert.match(x.message, /\p{Script=Han}/u);
      assert.ok(x.message_en.length > 0);
    }
  }
  for (const p of [g[0], g[2], g[4]]) assert.equal((await find(p.idn)).total, 0, `good row ${p.name} was not stored`);
  const hh = await ctx.api('GET', `/api/v1/households?q=${encodeURIComponent('云龙村坡上')}`, { token: admin });
  assert.equal(hh.json.total, 0, 'no household was created either');

  // every kind of bad row is reported, not only the first per row
  const more = csv(['姓名', '身份证号', '村', '网格', '住址'], [
    ['', idNumber(), '云龙村', AREA.yunlong1, '空名路1号'], // 2: no name
    [uniqueName(), idNumber(), '不存在村', '', '空名路2号'], // 3: unknown village
    [uniqueName(), idNumber(), '云龙村', AREA.lixin1, '空名路3号'], // 4: grid of another village
    [uniqueName(), idNumber(), '云龙村', AREA.yunlong1, '空名路4号'], // 5: good
  ]);
  const m = await importCsv(ctx, admin, more);
  assertError(m, 422, 'invalid');
  assert.deepEqual(m.json.error.rows.map((x) => x.line), [2, 3, 4], m.text);
  assert.equal(m.json.error.rows[0].field, 'name');
});

t('dry_run=1 reports the counts and writes nothing', async () => {
  const g = people(2);
  const body = csv(['姓名', '身份证号', '联系电话', '住址', '村', '网格'], g.map((p, i) => [
    p.name, p.idn, p.ph, `云龙村试运行${i}号`, '云龙村', AREA.yunlong2]));
  const before = await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin });
  const d = await importCsv(ctx, admin, body, '?dry_run=1');
  assert.equal(d.status, 200, d.text);
  assertCounts(d.json, { dry_run: true, rows: 2, created: 2, updated: 0, unchanged: 0, households_created: 2 });
  for (const p of g) assert.equal((await find(p.idn)).total, 0, 'a dry run writes nothing');
  const mid = await ctx.api('GET', '/api/v1/persons?limit=1', { token: admin });
  assert.equal(mid.json.total, before.json.total);
  const r = await importCsv(ctx, admin, body);
  assertCounts(r.json, { dry_run: false, created: 2 });
  for (const p of g) assert.equal((await find(p.idn)).total, 1);
  const d2 = await importCsv(ctx, admin, body, '?dry_run=1');
  assertCounts(d2.json, { dry_run: true, created: 0, unchanged: 2 });
});

t('rows outside the importer’s village are errors; the same file imports for its own secretary', async () => {
  const g = people(2);
  const body = csv(['姓名', '身份证号', '住址', '村', '网格'], [
    [g[0].name, g[0].idn, '云龙村越界1号', '云龙村', AREA.yunlong1],
    [g[1].name, g[1].idn, '云龙村越界2号', '云龙村', AREA.yunlong2],
  ]);
  const r = await importCsv(ctx, secLX, body);
  assertError(r, 422, 'invalid');
  assert.deepEqual(r.json.error.rows.map((x) => x.line), [2, 3], r.text);
  for (const p of g) assert.equal((await find(p.idn)).total, 0);
  const ok = await importCsv(ctx, secYL, body);
  assert.equal(ok.status, 200, ok.text);
  assertCounts(ok.json, { created: 2 });
  // and the 立新 secretary still cannot see them
  const s = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(g[0].name)}`, { token: secLX });
  assert.equal(s.json.total, 0);
});

t('a file without a name column, or empty, is refused', async () => {
  const noName = csv(['身份证号', '村', '网格'], [[idNumber(), '云龙村', AREA.yunlong1]]);
  assertError(await importCsv(ctx, admin, noName), 422, 'invalid');
  assertError(await importCsv(ctx, admin, ''), 422, 'invalid');
  assertError(await importCsv(ctx, admin, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00])), 422, 'invalid');
});

t('the CLI `fangyi import residents FILE` imports a good file and refuses a bad one', async () => {
  const g = people(3);
  const good = path.join(tmp, 'good.csv');
  writeFileSync(good, csv(['姓名', '身份证号', '联系电话', '住址', '村', '网格'],
    g.map((p, i) => [p.name, p.idn, p.ph, `长安村命令行${i}号`, '长安村', `${AREA.changan}001`])));
  const r = await cli('import', 'residents', good, '--db', ctx.db.url);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /: 3 rows, 3 created, 0 updated, 0 unchanged, \d+ households created, /,
    `the counts are printed: ${r.stdout}`);
  for (const p of g) {
    const f = await find(p.idn);
    assert.equal(f.total, 1, `${p.name} imported by the CLI is visible to the server`);
    assert.equal(f.items[0].area_code, `${AREA.changan}001`);
  }
  const again = await cli('import', 'residents', good, '--db', ctx.db.url);
  assert.equal(again.code, 0, `${again.stdout}${again.stderr}`);

  const h = people(2);
  const bad = path.join(tmp, 'bad.csv');
  writeFileSync(bad, gbk(csv(['姓名', '身份证号', '住址', '村', '网格'], [
    [h[0].name, h[0].idn, '长安村命令行9号', '长安村', `${AREA.changan}001`],
    [h[1].name, `${h[1].idn.slice(0, 10)}1399${h[1].idn.slice(14)}`, '长安村命令行9号', '长安村', `${AREA.changan}001`],
  ])));
  const b = await cli('import', 'residents', bad, '--db', ctx.db.url);
  assert.notEqual(b.code, 0, 'a bad file fails');
  const out = b.stdout + b.stderr;
  assert.match(out, /^ {2}line 3, id_number: .+ \/ .+$/m, `the bad line (3) and its field are named: ${out}`);
  assert.doesNotMatch(out, /^ {2}line 2,/m, `the good line is not named: ${out}`);
  assert.equal((await find(h[0].idn)).total, 0, 'nothing of the bad file was written');
  const missing = await cli('import', 'residents', path.join(tmp, 'nope.csv'), '--db', ctx.db.url);
  assert.notEqual(missing.code, 0);
  assert.ok((missing.stdout + missing.stderr).includes('nope.csv'), 'the message names the file');
});

ctx.cleanExit();
