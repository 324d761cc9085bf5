// sheet_import.test.mjs: the town's registers as Excel keeps them (.xlsx written here the way Excel
// writes one, .xls fixtures saved by LibreOffice) and as CSV in UTF-8 and GBK, imported as
// residents (API and CLI) and as key persons (CLI): the same rows whatever the kind, which the
// content decides, never the name; a title row above the header, dates as date cells, serials or
// text; ID numbers Excel turned into numbers refused by row and field, nothing written.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertError, gbk, importFile, setupTown, xlsx } from './lib.mjs';
import {
  GRID, KP, RESIDENTS, RESIDENTS_HEADER, kpCsv, kpXlsx, residentRows, residentsCsv,
  residentsIdAsNumberXlsx, residentsXlsx,
} from './fixtures/registers.mjs';

const ctx = setupTown();
const t = ctx.test;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fangyi-sheet-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let admin;

const KINDS = {
  xlsx: () => residentsXlsx(),
  xls: () => readFileSync(path.join(fixtures, 'residents.xls')),
  'csv-utf8': () => Buffer.from(residentsCsv(), 'utf8'),
  'csv-gbk': () => gbk(residentsCsv()),
};

function file(name, bytes) {
  const p = path.join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

async function find(q) {
  const r = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}&limit=50`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

t('log in; the fixtures are real workbooks', async () => {
  admin = await ctx.login(ctx.admin);
  const xls = readFileSync(path.join(fixtures, 'residents.xls'));
  assert.deepEqual([...xls.subarray(0, 4)], [0xd0, 0xcf, 0x11, 0xe0], 'an OLE2 compound file');
  assert.equal(residentsXlsx().subarray(0, 4).toString('latin1'), 'PK\x03\x04');
});

for (const [kind, bytes] of Object.entries(KINDS)) {
  t(`residents from ${kind} (API, dry run): the title row skipped, every row good`, async () => {
    const r = await importFile(ctx, admin, bytes(), '?dry_run=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.rows, RESIDENTS.length, r.text);
    assert.equal(r.json.created, RESIDENTS.length, r.text);
    assert.equal(r.json.dry_run, true);
    if (kind === 'xlsx' || kind === 'xls') assert.equal(r.json.encoding, kind);
    if (kind === 'csv-gbk') assert.match(r.json.encoding, /gb/);
  });
}

t('residents from xlsx (API): written, the dates from date cells, serials and text', async () => {
  const r = await importFile(ctx, admin, residentsXlsx());
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, RESIDENTS.length, r.text);
  for (const p of RESIDENTS) {
    const items = await find(p.name);
    assert.equal(items.length, 1, `${p.name} imported`);
    assert.equal(items[0].area_code, GRID);
    const d = await ctx.api('POST', `/api/v1/persons/${items[0].id}/reveal`, { token: admin, body: { reason: '导入核对' } });
    assert.equal(d.status, 200, d.text);
    // the child without an ID number has the date cell's day; the others' agree with their ID
    assert.equal(d.json.birth_date, p.born, `${p.name}: ${d.text}`);
    assert.equal(d.json.phone ?? null, p.ph === null ? null : String(p.ph), `${p.name}: the phone stored as a number, in full`);
  }
});

for (const kind of ['xls', 'csv-utf8', 'csv-gbk']) {
  t(`residents from ${kind} (API) again: the same rows, nothing changes`, async () => {
    const r = await importFile(ctx, admin, KINDS[kind]());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.unchanged, RESIDENTS.length, `${kind} reads what xlsx read: ${r.text}`);
    assert.equal(r.json.created + r.json.updated, 0, r.text);
  });
}

t('residents by the CLI: xlsx, xls and CSV, whatever the file is called', async () => {
  for (const [name, kind] of [['名单.xlsx', 'xlsx'], ['名单.xls', 'xls'], ['名单.csv', 'csv-gbk'],
    ['an-xlsx-named.csv', 'xlsx'], ['a-csv-named.xlsx', 'csv-utf8'], ['an-xls-named.csv', 'xls']]) {
    const r = await ctx.cli('import', 'residents', file(name, KINDS[kind]()));
    assert.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`: ${RESIDENTS.length} rows, 0 created, 0 updated, ${RESIDENTS.length} unchanged`),
      `${name} read as ${kind}: ${r.stdout}`);
  }
});

t('an ID number Excel stored as a number is refused by row and field, in Chinese and English', async () => {
  const fresh = RESIDENTS.map((p, i) => ({ ...p, name: `${p.name}乙`, idn: i === 1 ? p.idn : '' }));
  const rows = residentRows(fresh);
  rows[1][2] = { number: '4.30302199207048E+17' }; // row 4: title, header, then 易建国乙
  for (const [kind, bytes, line] of [
    ['xlsx', xlsx([RESIDENTS_HEADER, ...rows], { title: '名单' }), 4],
    ['xls', readFileSync(path.join(fixtures, 'residents_id_number.xls')), 4],
    ['xlsx of the fixture', residentsIdAsNumberXlsx(), 4],
    ['csv', Buffer.from(`姓名,身份证号,村,网格\r\n易建国丙,4.30302E+17,云龙村,${GRID}\r\n`), 2],
  ]) {
    const r = await importFile(ctx, admin, bytes);
    assertError(r, 422, 'invalid');
    const bad = r.json.error.rows.filter((x) => x.field === 'id_number');
    assert.equal(bad.length, 1, `${kind}: ${r.text}`);
    assert.equal(bad[0].line, line, `${kind}: the row as Excel numbers it: ${r.text}`);
    assert.match(bad[0].message, new RegExp(`^第${line}行：身份证号被 Excel 存成了数字（4\\.30302\\d*E\\+17）.*后几位可能已经丢失.*文本`), r.text);
    assert.match(bad[0].message_en, new RegExp(`^row ${line}: Excel stored the ID number as a number \\(4\\.30302\\d*E\\+17\\).*last digits.*Text`), r.text);
  }
  assert.equal((await find('易春兰乙')).length, 0, 'nothing of the file was written');
  const c = await ctx.cli('import', 'residents', file('id.xlsx', residentsIdAsNumberXlsx()));
  assert.notEqual(c.code, 0);
  assert.match(c.stderr, /^ {2}line 4, id_number: row 4: Excel stored the ID number as a number .* \/ 第4行：身份证号被 Excel 存成了数字/m, c.stderr);
});

t('no header, an unreadable workbook, a zip that is no workbook: refused, naming the field', async () => {
  const noHeader = xlsx([['2020年2月3日'], ['易某', '430302198503128125'], ['贺某']], { title: '名单' });
  let r = await importFile(ctx, admin, noHeader);
  assertError(r, 422, 'invalid', 'header');
  assert.match(r.json.error.message, /找不到表头/);
  assert.match(r.json.error.message_en, /no header found/);

  const whole = residentsXlsx();
  r = await importFile(ctx, admin, whole.subarray(0, Math.floor(whole.length * 0.6)));
  assertError(r, 422, 'invalid', 'file');
  assert.match(r.json.error.message, /无法读取这个 Excel 文件/);
  assert.match(r.json.error.message_en, /cannot be read/);

  const xls = readFileSync(path.join(fixtures, 'residents.xls'));
  r = await importFile(ctx, admin, xls.subarray(0, 1500));
  assertError(r, 422, 'invalid', 'file');

  r = await importFile(ctx, admin, Buffer.from('PK\x03\x04 word/document.xml and nothing else', 'latin1'));
  assertError(r, 422, 'invalid', 'file');
  assert.match(r.json.error.message_en, /zip archive/);

  const c = await ctx.cli('import', 'residents', file('broken.xlsx', whole.subarray(0, 900)));
  assert.notEqual(c.code, 0);
  assert.match(c.stderr, /cannot be read .* \/ 无法读取/s, c.stderr);
});

t('key persons by the CLI from xlsx, xls and CSV (UTF-8, GBK): the same list', async () => {
  const files = [
    ['kp.xlsx', kpXlsx()],
    ['kp.xls', readFileSync(path.join(fixtures, 'key_persons.xls'))],
    ['kp-utf8.csv', Buffer.from(kpCsv(), 'utf8')],
    ['kp-gbk.csv', gbk(kpCsv())],
  ];
  for (const [name, bytes] of files) {
    const r = await ctx.cli('import', 'key-persons', file(name, bytes), '--dry-run');
    assert.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`: ${KP.length} rows, ${KP.length} created, 0 updated, 0 unchanged`), `${name}: ${r.stdout}`);
  }
  const r = await ctx.cli('import', 'key-persons', path.join(tmp, 'kp.xls'));
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  const list = await ctx.api('GET', '/api/v1/key-persons?status=active&limit=500', { token: admin });
  assert.equal(list.status, 200, list.text);
  for (const k of KP) {
    const item = list.json.items.find((x) => x.name === k.p.name);
    assert.ok(item, `${k.p.name} registered: ${list.text.slice(0, 400)}`);
    // arrived: a date cell; left: a bare serial in a General cell; both the day they mean
    assert.equal(item.arrived_on ?? '', k.arrived, `the date cell read as its day: ${JSON.stringify(item)}`);
    assert.equal(item.left_on ?? '', k.left, `the serial read as its day: ${JSON.stringify(item)}`);
    assert.equal(item.kind, k.kind === '集中隔离' ? 'centralised' : 'home');
  }
  for (const [name] of files) {
    const again = await ctx.cli('import', 'key-persons', path.join(tmp, name));
    assert.equal(again.code, 0, `${name}: ${again.stdout}${again.stderr}`);
    assert.match(again.stdout, new RegExp(`: ${KP.length} rows, 0 created, 0 updated, ${KP.length} unchanged`), `${name}: ${again.stdout}`);
  }
});

t('key persons: an ID number stored as a number is refused by row and field', async () => {
  const rows = [['姓名', '身份证号', '人员类型', '观察方式'], [RESIDENTS[3].name, { number: '4.30302201911118E+17' }, '密切接触者', '居家观察']];
  const r = await ctx.cli('import', 'key-persons', file('kp-id.xlsx', xlsx(rows, { title: '推送名单' })));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^ {2}line 3, id_number: row 3: Excel stored the ID number as a number \(4\.30302201911118E\+17\).* \/ 第3行：身份证号被 Excel 存成了数字/m, r.stderr);
  const none = await ctx.cli('import', 'key-persons', file('kp-none.xlsx', xlsx([['推送名单'], ['甲', '乙']])));
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no header found.* \/ 找不到表头/s, none.stderr);
});

ctx.cleanExit();
