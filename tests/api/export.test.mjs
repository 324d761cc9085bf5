// export.test.mjs: the registry as CSV: only the exporter's area, masked, Excel-safe, audited.
import assert from 'node:assert/strict';
import { AREA, assertError, csvMark, idNumber, maskId, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let secretary;
let grid;
let auditor;
const mine = {};
const exported = {};
const theirs = {};

t('set up: one person in 云龙村 1组, one in 立新村, and a name Excel would run', async () => {
  admin = await ctx.login(ctx.admin);
  secretary = await ctx.login(await ctx.user('secretary', AREA.yunlong));
  grid = await ctx.login(await ctx.user('grid', AREA.yunlong1));
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  for (const [who, area, name] of [[mine, AREA.yunlong1, uniqueName()], [theirs, AREA.lixin1, uniqueName()]]) {
    who.idn = idNumber();
    who.ph = phone();
    who.name = name;
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: admin, body: { name, id_number: who.idn, phone: who.ph, area_code: area, notes: '=1+2' },
    });
    assert.equal(r.status, 201, r.text);
  }
});

t('a secretary exports only the village, with ID numbers and phones masked', async () => {
  const r = await ctx.api('GET', '/api/v1/persons/export', { token: secretary });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition') || '', /attachment/);
  const { body, serial } = csvMark(r.text); // the watermark line first (export_watermark.test.mjs)
  assert.ok(body.startsWith('姓名,身份证号'), 'the Chinese header below the watermark');
  assert.ok(r.text.includes(mine.name), 'own village person exported');
  assert.ok(r.text.includes(maskId(mine.idn)), 'ID masked');
  assert.ok(!r.text.includes(mine.idn) && !r.text.includes(mine.ph), 'no full ID or phone');
  assert.ok(!r.text.includes(theirs.name), 'another village is not exported');
  assert.ok(r.text.includes('"\'=1+2"'), 'a formula-looking cell is quoted and defused');
  const lines = body.trim().split('\r\n');
  const villagePeople = (await ctx.api('GET', `/api/v1/persons?limit=1`, { token: secretary })).json.total;
  assert.equal(lines.length - 1, villagePeople, 'one line per person of the village');
  exported.serial = serial;
});

t('each row names its village and grid as a reader says them, not by their codes', async () => {
  const r = await ctx.api('GET', `/api/v1/persons/export?q=${encodeURIComponent(mine.name)}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  const [head, row] = csvMark(r.text).body.trim().split('\r\n').map((l) => l.split(','));
  const col = (k) => row[head.indexOf(k)];
  const p = (await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(mine.name)}`, { token: admin })).json.items[0];
  const areas = (await ctx.api('GET', '/api/v1/areas', { token: admin })).json;
  const list = Array.isArray(areas) ? areas : areas.items;
  const village = list.find((a) => a.code === AREA.yunlong).name;
  const gridName = list.find((a) => a.code === AREA.yunlong1).name;
  assert.equal(p.area_code, AREA.yunlong1);
  assert.equal(col('村/社区'), village, `the village by its name: ${row}`);
  assert.equal(col('组/网格'), `${village}${gridName}`, 'the grid with its village');
  assert.doesNotMatch(r.text, /4303021\d{5}/, 'no area code in the file');
});

t('roles without person.export get 403; the export is audited', async () => {
  assertError(await ctx.api('GET', '/api/v1/persons/export', { token: grid }), 403, 'forbidden');
  assertError(await ctx.api('GET', '/api/v1/persons/export', { token: auditor }), 403, 'forbidden');
  assert.equal((await ctx.api('GET', '/api/v1/persons/export')).status, 401);
  const a = await ctx.api('GET', '/api/v1/audit?action=export&limit=500', { token: auditor });
  assert.equal(a.status, 200, a.text);
  const e = a.json.items.find((x) => x.area_code === AREA.yunlong);
  assert.ok(e, `export audited: ${a.text}`);
  assert.match(e.detail, /rows/);
  assert.equal(e.serial, exported.serial, 'the audit row has the serial printed on the file');
});
