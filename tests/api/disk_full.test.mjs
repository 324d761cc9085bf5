// disk_full.test.mjs: a town's PC whose disk fills up (SQLite on a tmpfs of a few MB, mounted for
// the test: root only). Writes are refused with a clear 503 disk_full in Chinese and English and
// store nothing; reads go on; every write answered before is still there, after a power cut too;
// and once space is freed, writes work again without a restart.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { AREA, BACKEND, cli, password, request, run, startServer, uniqueName } from './lib.mjs';

let dir = null;
let why = null; // why the test is skipped
let srv = null;
let token;
const db = () => path.join(dir, 't.db');
const filler = () => path.join(dir, 'filler');

before(async () => {
  if (BACKEND !== 'sqlite') {
    why = 'SQLite only: PostgreSQL has its own disk';
    return;
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-full-'));
  const m = await run('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0700', 'tmpfs', dir]);
  if (m.code !== 0) {
    why = `cannot mount a small file system here (${m.stderr.trim()}): run as root to test a full disk`;
    rmSync(dir, { recursive: true, force: true });
    dir = null;
    return;
  }
  const d = await cli('demo', '--db', db(), '--people', '10');
  assert.equal(d.code, 0, d.stderr);
  const pw = password();
  const u = await cli('user', 'add', 'fulladmin', '--role', 'admin', '--area', AREA.town, '--db', db(),
    '--password-stdin', { input: `${pw}\n` });
  assert.equal(u.code, 0, u.stderr);
  srv = await startServer(db(), ['--backup-every', '0']);
  const r = await request(srv.base, 'POST', '/api/v1/session', { body: { username: 'fulladmin', password: pw } });
  assert.equal(r.status, 200, r.text);
  token = r.json.token;
});

after(async () => {
  if (srv) await srv.stop();
  if (dir) {
    await run('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

const household = (address) => request(srv.base, 'POST', '/api/v1/households', {
  token, body: { address, area_code: AREA.yunlong1 },
});

// fill() writes a file until the disk has no byte left.
function fill() {
  const fd = openSync(filler(), 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal(e.code, 'ENOSPC', `the disk filled up: ${e.message}`);
  }
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch { /* the last crumbs */ }
  closeSync(fd);
}

const step = (name, fn) => test(name, async (t) => {
  if (why) return t.skip(why);
  try {
    await fn(t);
  } catch (e) {
    if (srv) e.message += `\n--- fangyi serve log (tail) ---\n${srv.tail()}`;
    throw e;
  }
});

const acked = [];
const refused = [];

step('writes on a full disk are refused with 503 disk_full in both languages; reads go on', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await household(`满盘前路${i}号${uniqueName('')}`);
    assert.equal(r.status, 201, r.text);
    acked.push(r.json);
  }
  fill();
  for (let i = 0; i < 4; i++) {
    const address = `满盘时路${i}号${uniqueName('')}`;
    const r = await household(address);
    assert.equal(r.status, 503, `a write on a full disk: ${r.status} ${r.text}`);
    assert.equal(r.json.error.code, 'disk_full', r.text);
    assert.match(r.json.error.message, /磁盘已满/);
    assert.match(r.json.error.message_en, /disk is full/);
    refused.push(address);
  }
  for (const h of acked) {
    const r = await request(srv.base, 'GET', `/api/v1/households/${h.id}`, { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.address, h.address);
  }
  const list = await request(srv.base, 'GET', '/api/v1/persons?limit=5', { token });
  assert.equal(list.status, 200, list.text);
  assert.equal((await request(srv.base, 'GET', '/healthz')).status, 200);
});

step('once space is freed, writes work again without a restart; the refused ones were not stored', async () => {
  unlinkSync(filler());
  const r = await household(`满盘后路${uniqueName('')}`);
  assert.equal(r.status, 201, r.text);
  acked.push(r.json);
  for (const address of refused) {
    const q = await request(srv.base, 'GET', `/api/v1/households?q=${encodeURIComponent(address)}`, { token });
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.total, 0, `${address} was refused, so it is not there`);
  }
});

step('after a power cut every answered write is there and the file is whole', async () => {
  const gone = new Promise((r) => srv.proc.once('exit', r));
  srv.proc.kill('SIGKILL');
  await gone;
  srv = await startServer(db(), ['--backup-every', '0']);
  for (const h of acked) {
    const r = await request(srv.base, 'GET', `/api/v1/households/${h.id}`, { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.address, h.address);
  }
  const ic = await run('sqlite3', [db(), 'PRAGMA integrity_check']);
  assert.equal(ic.stdout.trim(), 'ok');
});
