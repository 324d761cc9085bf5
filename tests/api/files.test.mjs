// files.test.mjs: data at rest. Every file fangyi writes that holds residents' data or logins (the
// SQLite database and its -wal and -shm, backups, reports written with --out, the demo's logins) is
// created for its owner only (0600) even under umask 000; a database others can read or write is
// warned about, naming the file, by the server and by every command that opens it.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BACKEND, cli, createDb, startServer } from './lib.mjs';

// this process and everything it starts (the CLI, the server) run with the loosest umask
process.umask(0o000);

let db;
let dir;
const servers = [];

const mode = (f) => statSync(f).mode & 0o777;
const octal = (m) => `0${m.toString(8)}`;
function assertPrivate(f, what) {
  assert.ok(existsSync(f), `${what} exists: ${f}`);
  assert.equal(octal(mode(f)), '0600', `${what} (${f}) is for its owner only`);
}

before(async () => {
  db = await createDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-files-'));
});

after(async () => {
  for (const s of servers) await s.stop();
  if (db) await db.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the test itself runs under umask 000: a file made without care is world-readable', () => {
  const f = path.join(dir, 'control.txt');
  writeFileSync(f, 'x');
  assert.equal(octal(mode(f)), '0666', 'the umask really is 000, so the checks below mean something');
});

test('the demo writes its logins to a file only its owner can read, and the database likewise', async () => {
  const logins = path.join(dir, 'fangyi-demo-logins.txt');
  const r = await cli('demo', '--db', db.url, '--people', '10', '--logins', logins, { timeout: 180000 });
  assert.equal(r.code, 0, r.stderr);
  assertPrivate(logins, 'the demo logins file');
  const text = readFileSync(logins, 'utf8');
  assert.match(text, /^\s+admin\s+\S{10,}\s+admin/m, `the logins with their passwords are in the file:\n${text}`);
  assert.doesNotMatch(r.stdout, /^\s+admin\s+\S{10,}\s+admin/m, 'and not printed to the terminal');
  assert.ok(r.stdout.includes(logins), 'the command says where they are');
  if (BACKEND === 'sqlite') assertPrivate(db.url, 'the new database');
});

test('the server keeps the database, its -wal and -shm for their owner only, and warns about nothing', async (t) => {
  if (BACKEND !== 'sqlite') return t.skip('SQLite files only');
  const s = await startServer(db.url);
  servers.push(s);
  const h = await fetch(`${s.base}/healthz`);
  assert.equal(h.status, 200);
  for (const suffix of ['', '-wal', '-shm']) assertPrivate(db.url + suffix, `the database${suffix}`);
  assert.doesNotMatch(s.stderr(), /can be read or written by group or others/, s.stderr());
  await s.stop();
  servers.pop();
});

test('a backup is for its owner only, and never overwrites a file', async () => {
  const b = path.join(dir, 'backup-1');
  const r = await cli('backup', b, '--db', db.url, { timeout: 120000 });
  assert.equal(r.code, 0, r.stderr);
  assertPrivate(b, 'the backup');
  assert.ok(statSync(b).size > 1000, 'the backup has the town in it');
  const before = readFileSync(b);
  const again = await cli('backup', b, '--db', db.url, { timeout: 120000 });
  assert.notEqual(again.code, 0, 'a second backup to the same name is refused');
  assert.match(again.stderr, /exists already/);
  assert.match(again.stderr, /已存在/);
  assert.deepEqual(readFileSync(b), before, 'the first backup is untouched');
  const nowhere = await cli('backup', path.join(dir, 'no-such-dir', 'b'), '--db', db.url, { timeout: 120000 });
  assert.notEqual(nowhere.code, 0);
  assert.match(nowhere.stderr, /no-such-dir/, `the message names the file: ${nowhere.stderr}`);
});

test('a report written with --out is for its owner only, in every format, even over an older file', async () => {
  for (const format of ['json', 'html', 'xlsx']) {
    const out = path.join(dir, `report.${format}`);
    const r = await cli('report', 'daily', '--format', format, '--out', out, '--db', db.url, { timeout: 120000 });
    assert.equal(r.code, 0, r.stderr);
    assertPrivate(out, `the ${format} report`);
    assert.ok(statSync(out).size > 100, `the ${format} report has content`);
  }
  const old = path.join(dir, 'old-report.json');
  writeFileSync(old, '{}', { mode: 0o644 });
  assert.equal(octal(mode(old)), '0644');
  const r = await cli('report', 'daily', '--out', old, '--db', db.url, { timeout: 120000 });
  assert.equal(r.code, 0, r.stderr);
  assertPrivate(old, 'a report written over an older, wider file');
  assert.match(readFileSync(old, 'utf8'), /"date"/);
});

test('a database others can read is warned about, naming the file, by the server and the commands', async (t) => {
  if (BACKEND !== 'sqlite') return t.skip('SQLite files only');
  chmodSync(db.url, 0o644);
  try {
    const s = await startServer(db.url);
    servers.push(s);
    await s.stop();
    servers.pop();
    const warn = new RegExp(`database file ${db.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} can be read or written by group or others \\(mode 0644\\)`);
    assert.match(s.stderr(), warn, `serve warns:\n${s.stderr()}`);
    assert.match(s.stderr(), /chmod 600/, 'and says what to do');
    assert.match(s.stderr(), /其他用户可读写/, 'in Chinese too');
    const r = await cli('report', 'daily', '--db', db.url, { timeout: 120000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, warn, `the CLI warns too:\n${r.stderr}`);
    // the -wal and -shm the server made beside a 0644 database are named as well
    assert.match(s.stderr(), /t\.db-wal can be read or written/, s.stderr());
  } finally {
    chmodSync(db.url, 0o600);
  }
  // fixed: no warning
  const ok = await cli('report', 'daily', '--db', db.url, { timeout: 120000 });
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stderr, /can be read or written by group or others/, ok.stderr);
});
