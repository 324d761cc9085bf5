// upload.test.mjs: an upload (a register, next a district's list) is written to the spool
// directory as it arrives, not held in memory: a register larger than the old 64 MB limit arrives
// whole while the server's anonymous memory stays flat, no file is ever named in the spool and
// none is left after; a Content-Length over 1 GiB is refused on the header; a spool that cannot be
// written answers 503 in Chinese and English; a crash's temp files are swept at start.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import {
  AREA, BACKEND, csv, idNumber, importCsv, phone, request, rssAnon, setupTown, spoolDir, startServer, uniqueName,
} from './lib.mjs';

const ctx = setupTown({ people: 10 });
const t = ctx.test;
let admin;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'fangyi-upload-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// the spool's names, lists/ (where handlers keep files) left out
const named = (dir) => readdirSync(dir).filter((n) => n !== 'lists');

t('the spool is beside a SQLite database, per process in TMPDIR with PostgreSQL, and private', async () => {
  admin = await ctx.login(ctx.admin);
  const dir = await spoolDir(ctx.server);
  if (BACKEND === 'sqlite') assert.equal(dir, `${ctx.db.url}.spool`);
  else assert.equal(dir, path.join(os.tmpdir(), `fangyi-spool.${ctx.server.proc.pid}`));
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'only the server\'s user may read the lists');
  assert.equal(statSync(path.join(dir, 'lists')).mode & 0o777, 0o700);
  assert.deepEqual(named(dir), []);
});

t('a register is imported through the spool as before', async () => {
  const g = [0, 1].map(() => ({ name: uniqueName(), idn: idNumber(), ph: phone() }));
  const grid = `${AREA.yunlong}001`;
  const r = await importCsv(ctx, admin, Buffer.from(csv(['姓名', '身份证号', '手机号', '住址', '村', '组'],
    g.map((p, i) => [p.name, p.idn, p.ph, `云龙村幸福路${i + 1}号`, '云龙村', grid])), 'utf8'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 2, r.text);
  const f = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(g[1].name)}`, { token: admin });
  assert.equal(f.json.total, 1, `${g[1].name} is in the registry`);
  assert.deepEqual(named(await spoolDir(ctx.server)), []);
});

t('a 70 MB register arrives whole (refused at its last line) while the server\'s memory stays flat', async () => {
  // a register of a million rows whose last line holds a NUL byte: the importer reads to the end
  // and names that line, which only a body that arrived whole can have
  const head = Buffer.from('姓名,身份证号,手机号,住址\n', 'utf8');
  const row = Buffer.from(`张三,${idNumber()},13800000000,云龙村1组幸福路1号\n`, 'utf8');
  const rows = Math.ceil((70 * 1024 * 1024) / row.length);
  const body = Buffer.concat([head, Buffer.alloc(rows * row.length, row), Buffer.from('\0\n')]);
  assert.ok(body.length > 64 * 1024 * 1024, 'over the old limit');
  const dir = await spoolDir(ctx.server);
  const before = rssAnon(ctx.server);
  let peak = before;
  let samples = 0;
  const seen = new Set();
  const sample = () => {
    samples++;
    peak = Math.max(peak, rssAnon(ctx.server));
    for (const n of named(dir)) seen.add(n);
  };
  const timer = setInterval(sample, 5);
  let r;
  try {
    r = await importCsv(ctx, admin, body, '?dry_run=1');
  } finally {
    clearInterval(timer);
  }
  sample();
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'file', r.text);
  assert.equal(r.json.error.line, rows + 2, `the NUL on the last line (${rows + 2}) was read: ${r.text}`);
  const grew = peak - before;
  assert.ok(samples >= 4, `the memory was looked at while the body was sent (${samples} times)`);
  assert.ok(grew < body.length / 4,
    `anonymous memory grew by ${(grew / 1048576).toFixed(1)} MB for a ${(body.length / 1048576).toFixed(1)} MB body`);
  assert.deepEqual([...seen], [], 'the upload never has a name in the spool');
  assert.deepEqual(named(dir), [], 'nothing is left in the spool');
});

// raw(port, text) → {status, json}: one request written as is; the answer read until a whole one
// has arrived or the server closes (5 s at most: a server waiting for the body answers nothing)
function raw(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return resolve({ status: 0, text: buf.toString('latin1') });
      const status = Number(buf.subarray(0, end).toString('latin1').split(' ')[1]);
      const text = buf.subarray(end + 4).toString('utf8');
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status, json, text });
    };
    const timer = setTimeout(finish, 5000);
    sock.on('data', (c) => {
      chunks.push(c);
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      const m = end < 0 ? null : /content-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
      if (m && buf.length >= end + 4 + Number(m[1])) finish();
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? finish() : reject(e)));
    sock.write(text);
  });
}

t('a Content-Length over 1 GiB is refused with 413 on the header, before any of the body', async () => {
  const started = Date.now();
  const r = await raw(ctx.server.port, 'POST /api/v1/imports/residents HTTP/1.1\r\nHost: x\r\n'
    + `Authorization: Bearer ${admin}\r\nContent-Type: text/csv\r\nContent-Length: ${2 ** 30 + 1}\r\n\r\n姓名,身份证号\n`);
  assert.equal(r.status, 413, `413 without the body being sent: ${r.text.slice(0, 300)}`);
  assert.equal(r.json.error.code, 'too_big');
  assert.equal(r.json.error.field, 'file');
  assert.match(r.json.error.message, /上传的文件不能超过 1024 MB/);
  assert.match(r.json.error.message_en, /at most 1024 MB \(1 GB\)/);
  assert.ok(Date.now() - started < 4000, 'answered at once');
  assert.deepEqual(named(await spoolDir(ctx.server)), []);
});

t('a spool that cannot be written answers 503 naming the file, in Chinese and English; a crash\'s temp files are swept at start', async () => {
  const dir = path.join(tmp, 'spool');
  // what a server killed while keeping a list leaves: a temp file, and the lists it kept
  const lists = path.join(dir, 'lists');
  mkdirSync(lists, { recursive: true, mode: 0o755 });
  writeFileSync(path.join(dir, '.upload-Ab12Cd'), 'half a list');
  writeFileSync(path.join(lists, '.upload-Ef34Gh'), 'half a copy');
  writeFileSync(path.join(lists, 'list-1.csv'), 'a kept list');
  const srv = await startServer(ctx.db.url, ['--spool', dir]);
  ctx.extraServers.push(srv);
  assert.equal(await spoolDir(srv), dir);
  assert.equal(existsSync(path.join(dir, '.upload-Ab12Cd')), false, 'the temp file is swept');
  assert.equal(existsSync(path.join(lists, '.upload-Ef34Gh')), false, 'in lists/ too');
  assert.equal(existsSync(path.join(lists, 'list-1.csv')), true, 'a kept list stays');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  // the spool gone from under the server: no file can be made there
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(dir, 'not a directory');
  const token = await ctx.login(ctx.admin, srv.base);
  const r = await request(srv.base, 'POST', '/api/v1/imports/residents?dry_run=1',
    { token, raw: Buffer.from('姓名,身份证号\n张三,430304199001011234\n', 'utf8'), type: 'text/csv' });
  assert.equal(r.status, 503, r.text);
  assert.equal(r.json.error.code, 'storage', r.text);
  assert.equal(r.json.error.field, 'file', r.text);
  assert.match(r.json.error.message, /上传的文件没有保存/);
  assert.match(r.json.error.message_en, /could not store the upload \(Not a directory\)/);
  const h = await fetch(`${srv.base}/healthz`);
  assert.equal(h.status, 200, 'the server goes on');
  await srv.stop();
});

t('a per-process spool (PostgreSQL) is removed at a clean stop; a SQLite database\'s stays beside it', async () => {
  const srv = await startServer(ctx.db.url);
  ctx.extraServers.push(srv);
  const dir = await spoolDir(srv);
  assert.ok(existsSync(dir));
  const e = await srv.stop();
  assert.ok(e.code === 0 || e.signal === 'SIGTERM', JSON.stringify(e));
  if (BACKEND === 'sqlite') assert.ok(existsSync(path.join(dir, 'lists')), 'the lists kept for jobs stay');
  else assert.equal(existsSync(dir), false, `${dir} is gone`);
});

ctx.cleanExit();
