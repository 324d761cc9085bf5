// export_watermark.test.mjs: every file fangyi exports says who exported it, when, and a serial
// that leads to its audit row (GET /api/v1/audit?serial=, fangyi audit show): the residents CSV,
// the gatherings CSV, the sweep coverage CSV, the daily report as HTML and xlsx from the API and
// the command line.  The public disclosure has no user and carries none.  fangyi's importers skip
// the watermark line of a CSV that comes back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AREA, csv, csvMark, idNumber, importCsv, localMinute, phone, SERIAL, setupTown, today,
  uniqueName, zipEntries
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const tok = {};
const who = {};

// the audit row behind a serial, read by the auditor; checks who, what and when
async function auditOf(serial, { username, kind, from, to }) {
  const r = await ctx.api('GET', `/api/v1/audit?serial=${serial}`, { token: tok.auditor });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 1, `one audit row has serial ${serial}: ${r.text}`);
  const e = r.json.items[0];
  assert.equal(e.serial, serial);
  assert.equal(e.action, 'export');
  assert.equal(e.username, username);
  assert.equal(e.object_kind, kind);
  assert.ok(e.at >= from - 1 && e.at <= to + 1, `exported between ${from} and ${to}: ${e.at}`);
  return e;
}

// the watermark's "who" and "when" match the row
function markSays(mark, e, displayName) {
  assert.ok(mark.startsWith(`导出：${displayName}（${e.username}） ${localMinute(e.at)} 编号 ${e.serial}`),
    `who and when in: ${mark}`);
  assert.ok(mark.includes(`编号 ${e.serial}`) && mark.includes(`serial ${e.serial}`), `the serial in: ${mark}`);
  assert.ok(mark.includes('Exported by'), 'in English too');
}

const now = () => Math.floor(Date.now() / 1000);

t('set up: a secretary and an auditor with display names, a gathering, a sweep campaign', async () => {
  who.sec = await ctx.user('secretary', AREA.yunlong, undefined, { displayName: '张三' });
  who.auditor = await ctx.user('auditor', AREA.town);
  tok.sec = await ctx.login(who.sec);
  tok.auditor = await ctx.login(who.auditor);
  tok.admin = await ctx.login(ctx.admin);
  const p = await ctx.api('POST', '/api/v1/persons', {
    token: tok.admin, body: { name: uniqueName('喜'), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1 },
  });
  assert.equal(p.status, 201, p.text);
  const g = await ctx.api('POST', '/api/v1/gatherings', {
    token: tok.admin, body: { kind: 'wedding', host_person_id: p.json.id, planned_on: today(), place: '云龙村', expected_guests: 50 },
  });
  assert.equal(g.status, 201, g.text);
  const s = await ctx.api('POST', '/api/v1/sweeps', {
    token: tok.admin,
    body: { name: '返乡排查', scope: [AREA.yunlong1], starts_on: today(), ends_on: today(), questions: [{ key: 'back', text: '是否返乡', kind: 'yesno' }] },
  });
  assert.equal(s.status, 201, s.text);
  who.camp = s.json;
});

for (const [label, route, kind, header] of [
  ['the residents CSV', () => '/api/v1/persons/export', 'person', '姓名,身份证号'],
  ['the gatherings CSV', () => `/api/v1/gatherings/export?from=${today()}&to=${today()}`, 'gathering', '编号,村/社区'],
  ['the sweep coverage CSV', () => `/api/v1/sweeps/${who.camp.id}/coverage/export`, 'sweep', '级别,区划代码'],
]) {
  t(`${label}: a watermark line above the header, its serial leads to the audit row`, async () => {
    const t0 = now();
    const r = await ctx.api('GET', route(), { token: tok.sec });
    const t1 = now();
    assert.equal(r.status, 200, r.text);
    const { mark, serial, body } = csvMark(r.text);
    assert.ok(body.startsWith(header), `the header follows the watermark: ${body.slice(0, 40)}`);
    const e = await auditOf(serial, { username: who.sec.username, kind, from: t0, to: t1 });
    markSays(mark, e, '张三');
    const again = csvMark((await ctx.api('GET', route(), { token: tok.sec })).text);
    assert.notEqual(again.serial, serial, 'each export has its own serial');
  });
}

t('the daily report as HTML: the watermark at the top and at the bottom, audited', async () => {
  const t0 = now();
  const r = await ctx.api('GET', '/api/v1/reports/daily?format=html', { token: tok.sec });
  const t1 = now();
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const marks = [...r.text.matchAll(/<p class="watermark"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]);
  assert.equal(marks.length, 2, 'one line at the top, one at the bottom');
  assert.equal(marks[0], marks[1]);
  assert.ok(r.text.indexOf(marks[0]) < r.text.indexOf('<h1>'), 'the first above the title');
  assert.ok(r.text.lastIndexOf('<p class="watermark"') > r.text.lastIndexOf('</table>'), 'the last below the tables');
  const serial = marks[0].match(SERIAL)[0];
  const e = await auditOf(serial, { username: who.sec.username, kind: 'report', from: t0, to: t1 });
  markSays(marks[0], e, '张三');
  assert.match(e.detail, /daily report html/);
});

t('the daily report as xlsx: a line above every sheet, the page header and footer, the properties', async () => {
  const t0 = now();
  const r = await fetch(`${ctx.server.base}/api/v1/reports/daily?format=xlsx`, { headers: { authorization: `Bearer ${tok.sec}` } });
  const t1 = now();
  assert.equal(r.status, 200);
  const z = zipEntries(Buffer.from(await r.arrayBuffer()));
  const strings = z.get('xl/sharedStrings.xml').toString('utf8');
  const mark = strings.match(/<t[^>]*>(导出：[^<]*)<\/t>/)[1];
  const serial = mark.match(SERIAL)[0];
  const e = await auditOf(serial, { username: who.sec.username, kind: 'report', from: t0, to: t1 });
  markSays(mark, e, '张三');
  const sheets = [...z.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  assert.ok(sheets.length >= 5, `the report's sheets: ${sheets.length}`);
  const markIndex = [...strings.matchAll(/<si>(.*?)<\/si>/gs)].findIndex((m) => m[1].includes(serial));
  for (const name of sheets) {
    const x = z.get(name).toString('utf8');
    assert.match(x, new RegExp(`<c r="A1"[^>]*t="s"[^>]*><v>${markIndex}</v></c>`), `${name}: the watermark in A1`);
    assert.ok(x.includes('<oddHeader>') && x.includes(serial), `${name}: the page header carries the serial`);
    assert.ok(x.includes('<oddFooter>'), `${name}: and the footer`);
  }
  const core = z.get('docProps/core.xml').toString('utf8');
  assert.ok(core.includes(serial), 'the document properties carry the serial');
  assert.ok(core.includes('张三'), 'and the author');
  assert.ok(z.get('docProps/custom.xml').toString('utf8').includes(serial), 'and a custom property');
});

t('the daily report from the command line is watermarked and audited as the command line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-wm-'));
  try {
    for (const format of ['html', 'xlsx']) {
      const out = path.join(dir, `r.${format}`);
      const t0 = now();
      const r = await ctx.cli('report', 'daily', '--format', format, '--out', out);
      const t1 = now();
      assert.equal(r.code, 0, r.stderr);
      const serial = r.stderr.match(SERIAL)[0];
      const bytes = readFileSync(out);
      const text = format === 'html' ? bytes.toString('utf8') : zipEntries(bytes).get('xl/sharedStrings.xml').toString('utf8');
      assert.ok(text.includes(`编号 ${serial}`), `the ${format} file carries its serial`);
      assert.ok(text.includes('命令行（cli）'), 'and says it came from the command line');
      const e = await auditOf(serial, { username: 'cli', kind: 'report', from: t0, to: t1 });
      assert.equal(e.ip, 'local');
      const show = await ctx.cli('audit', 'show', serial, '--json');
      assert.equal(show.code, 0, show.stderr);
      const s = JSON.parse(show.stdout);
      assert.equal(s.serial, serial);
      assert.equal(s.username, 'cli');
      assert.equal(s.id, e.id);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t('fangyi audit show finds a user export by its serial; an unknown serial is refused', async () => {
  const { serial } = csvMark((await ctx.api('GET', '/api/v1/persons/export', { token: tok.sec })).text);
  const r = await ctx.cli('audit', 'show', serial);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(serial) && r.stdout.includes(who.sec.username) && r.stdout.includes('export'), r.stdout);
  const none = await ctx.cli('audit', 'show', 'EX-20200101-00000000');
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no export has the serial/);
  const api = await ctx.api('GET', '/api/v1/audit?serial=EX-20200101-00000000', { token: tok.auditor });
  assert.equal(api.json.total, 0);
});

t('a CSV that comes back with its watermark line is imported as if it had none', async () => {
  const { mark } = csvMark((await ctx.api('GET', '/api/v1/persons/export', { token: tok.sec })).text);
  const rows = [[uniqueName(), idNumber(), phone(), '云龙村', '1组', `回流路${Date.now() % 1000}号`]];
  const body = `\ufeff${mark}\r\n${csv(['姓名', '身份证号', '联系电话', '村/社区', '组/网格', '住址'], rows)}`;
  const r = await importCsv(ctx, tok.admin, body, '?dry_run=1');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rows, 1, 'the one row under the header');
  assert.equal(r.json.created, 1);
});

t('the public disclosure is public: no watermark and no audit row for an anonymous download', async () => {
  const before = (await ctx.api('GET', '/api/v1/audit?action=export&limit=1', { token: tok.auditor })).json.total;
  const c = await fetch(`${ctx.server.base}/api/v1/public/donations/export?format=csv`);
  assert.equal(c.status, 200);
  assert.doesNotMatch(await c.text(), SERIAL);
  const after = (await ctx.api('GET', '/api/v1/audit?action=export&limit=1', { token: tok.auditor })).json.total;
  assert.equal(after, before);
});

ctx.cleanExit();
