// import_kp.test.mjs: a list of key persons from a higher authority (CSV, GBK as Excel writes
// it) registered for observation by `fangyi import key-persons`: all rows or none, twice is once.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AREA, gbk, idNumber, setupTown } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
const people = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-kp-'));


function file(name, lines) {
  const p = path.join(dir, name);
  writeFileSync(p, gbk(lines.join('\r\n') + '\r\n'));
  return p;
}

t('set up: three residents of 立新村 with known ID numbers', async () => {
  admin = await ctx.login(ctx.admin);
  for (const name of ['甄返乡', '甄密接', '甄集中']) {
    const idn = idNumber();
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: admin, body: { name, id_number: idn, area_code: AREA.lixin1 },
    });
    assert.equal(r.status, 201, r.text);
    people.push({ id: r.json.id, name, idn });
  }
});

const header = '姓名,身份证号,来源地,离开日期,抵达日期,交通方式,车次/航班/车牌,人员类型,观察方式,隔离点';

t('a list with one bad row registers nobody and names the row and field', async () => {
  const [a, b, c] = people;
  const bad = file('bad.csv', [
    header,
    `${a.name},${a.idn},武汉,2020-01-20,2020-01-22,火车,G1234,湖北返乡,居家观察,`,
    `${b.name},${b.idn},,,,,,密切接触者,居家观察,`,
    `${c.name},${c.idn},武汉,2020-01-21,2020-01-23,自驾,湘C·12345,湖北返乡,集中隔离,`,
  ]);
  const r = await ctx.cli('import', 'key-persons', bad);
  assert.notEqual(r.code, 0, 'a bad list fails');
  assert.match(r.stderr, /line 4, site/, r.stderr);
  assert.match(r.stderr, /隔离点/, 'the reason in Chinese too');
  const list = await ctx.api('GET', '/api/v1/key-persons?status=active&limit=500', { token: admin });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.filter((k) => people.some((p) => p.id === k.person_id)).length, 0,
    'nothing registered');
});

t('the corrected list registers everyone once; importing it again changes nothing', async () => {
  const [a, b, c] = people;
  const good = file('good.csv', [
    header,
    `${a.name},${a.idn},武汉,2020-01-20,2020-01-22,火车,G1234,湖北返乡,居家观察,`,
    `${b.name},${b.idn},,,,,,密切接触者,居家观察,`,
    `${c.name},${c.idn},武汉,2020-01-21,2020-01-23,自驾,湘C·12345,湖北返乡,集中隔离,镇卫生院隔离点`,
  ]);
  const dry = await ctx.cli('import', 'key-persons', good, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /gb18030/);
  assert.match(dry.stdout, /3 created/);
  const r = await ctx.cli('import', 'key-persons', good);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 created/);
  const again = await ctx.cli('import', 'key-persons', good);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /0 created, 0 updated, 3 unchanged/);
  const list = await ctx.api('GET', '/api/v1/key-persons?status=active&limit=500', { token: admin });
  const mine = list.json.items.filter((k) => people.some((p) => p.id === k.person_id));
  assert.equal(mine.length, 3, 'three key persons, not six');
  const byName = Object.fromEntries(mine.map((k) => [k.name, k]));
  assert.equal(byName['甄返乡'].reason, 'high_risk_area');
  assert.equal(byName['甄返乡'].start_date, '2020-01-22', 'day 1 is the arrival day');
  assert.equal(byName['甄返乡'].end_date, '2020-02-04');
  assert.equal(byName['甄返乡'].transport, 'train');
  assert.equal(byName['甄密接'].reason, 'close_contact');
  assert.equal(byName['甄集中'].kind, 'centralised');
  assert.equal(byName['甄集中'].site, '镇卫生院隔离点');
  assert.equal(byName['甄集中'].found_by, 'big_data');
});
