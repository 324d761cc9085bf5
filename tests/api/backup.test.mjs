// backup.test.mjs: the server backs its SQLite file up by itself. Backups taken while residents are
// being written as fast as the server takes them hold every write answered before they began,
// pass integrity_check, and open with fangyi serve after fangyi restore; the schedule writes files
// named by the town's time (0600, in a 0700 directory), removes those older than --backup-keep,
// waits an hour after start when the newest is fresh; GET /api/v1/backups tells the administrator
// of the last success and of a failure (a directory that cannot be made), with the warning in
// Chinese and English. fangyi restore refuses a damaged backup, an existing file without --force,
// and a file a running server holds. On PostgreSQL the server does not back up: the route says so.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AREA, BACKEND, cli, idNumber, phone, request, run, setupTown, startServer, uniqueName } from './lib.mjs';

const ctx = setupTown({ people: 10 });
const t = ctx.test;
const sqliteOnly = BACKEND === 'sqlite' ? t : (name) => t(name, (tt) => tt.skip('SQLite only'));

let admin;
let household;
const NAME = /^fangyi-(\d{4})-(\d\d)-(\d\d)-(\d\d)(\d\d)(\d\d)\.db$/;

// The Unix time (ms) a backup's name stands for, in the town's time (UTC+8).
function nameTime(name) {
  const m = NAME.exec(name);
  assert.ok(m, `a backup's name: ${name}`);
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}

// The name of a backup taken at ms (Unix milliseconds).
function nameAt(ms) {
  const d = new Date(ms + 8 * 3600 * 1000).toISOString(); // 2026-02-03T08:00:00.000Z as local
  return `fangyi-${d.slice(0, 10)}-${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}.db`;
}

const dbDir = () => path.dirname(ctx.db.url);
const backups = (dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => NAME.test(n)).sort() : []);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function serve(args) {
  const s = await startServer(ctx.db.url, args);
  ctx.extraServers.push(s);
  return s;
}

async function status(base) {
  const r = await request(base, 'GET', '/api/v1/backups', { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function integrity(file) {
  const r = await run('sqlite3', [file, 'PRAGMA integrity_check']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

t('set up: the administrator and a household to add residents to', async () => {
  admin = await ctx.login(ctx.admin);
  const r = await ctx.api('POST', '/api/v1/households', {
    token: admin, body: { address: `${uniqueName('')}路8号`, area_code: AREA.yunlong1 },
  });
  assert.equal(r.status, 201, r.text);
  household = r.json.id;
});

t('GET /api/v1/backups is for administrators only', async () => {
  const clerk = await ctx.user('secretary', AREA.yunlong);
  const r = await ctx.api('GET', '/api/v1/backups', { token: await ctx.login(clerk) });
  assert.equal(r.status, 403, r.text);
  assert.equal((await ctx.api('GET', '/api/v1/backups')).status, 401);
});

t('PostgreSQL: the server does not back up, and says the database\'s own backups apply', async (tt) => {
  if (BACKEND !== 'pg') return tt.skip('PostgreSQL only');
  const s = await status(ctx.server.base);
  assert.equal(s.enabled, false);
  assert.equal(s.disabled_because, 'postgresql');
  assert.equal(s.last_success, null);
  assert.equal(s.warning, null);
});

sqliteOnly('backups under a burst of writes hold every write answered before they began', async () => {
  // a server backing up every 2 seconds into its own directory, written to without pause
  const dir = path.join(dbDir(), 'burst-backups');
  const srv = await serve(['--backup-dir', dir, '--backup-every', '2s']);
  const acked = []; // [id, the moment its 201 arrived]
  let stop = false;
  const writer = async () => {
    while (!stop) {
      const r = await request(srv.base, 'POST', '/api/v1/persons', {
        token: admin,
        body: { name: uniqueName(), id_number: idNumber(), phone: phone(), household_id: household, relation: '其他' },
      });
      assert.equal(r.status, 201, r.text);
      acked.push([r.json.id, Date.now()]);
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  // one more backup from the command line in the middle of the burst, as `fangyi backup` takes it
  await sleep(2500);
  const cliFile = path.join(dbDir(), 'burst-cli.db');
  const cliStart = Date.now();
  const b = await cli('backup', cliFile, '--db', ctx.db.url);
  assert.equal(b.code, 0, b.stderr);
  await sleep(3500);
  stop = true;
  await Promise.all(writers);
  await srv.stop();
  assert.ok(acked.length > 50, `a burst: ${acked.length} writes`);

  const files = backups(dir);
  assert.ok(files.length >= 2, `the schedule wrote backups during the burst: ${files}`);
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'the directory is 0700');
  const checks = files.map((f) => [path.join(dir, f), nameTime(f)]);
  checks.push([cliFile, cliStart]);
  for (const [file, began] of checks) {
    assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is 0600`);
    assert.equal(await integrity(file), 'ok', `${file}: integrity_check`);
    const ids = new Set((await run('sqlite3', [file, 'SELECT id FROM person'])).stdout.trim().split('\n').map(Number));
    const before = acked.filter(([, at]) => at < began).map(([id]) => id);
    const missing = before.filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], `${file}: every write answered before ${new Date(began).toISOString()} is in it`);
  }

  // a backup put back with fangyi restore opens with fangyi serve, with the rows it holds
  const [file] = checks[Math.floor(checks.length / 2)];
  const restored = path.join(dbDir(), 'restored.db');
  const r = await cli('restore', file, '--db', restored);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /integrity_check ok/);
  const want = Number((await run('sqlite3', [file, 'SELECT count(*) FROM person'])).stdout.trim());
  const back = await startServer(restored, ['--backup-every', '0']);
  ctx.extraServers.push(back);
  const list = await request(back.base, 'GET', '/api/v1/persons?limit=1', { token: admin });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.total, want, 'the restored server counts the backup\'s residents');
  const one = acked.find(([, at]) => at < checks[Math.floor(checks.length / 2)][1]);
  if (one) assert.equal((await request(back.base, 'GET', `/api/v1/persons/${one[0]}`, { token: admin })).status, 200);
  // while it runs, restore refuses to replace its file, even with --force
  const busy = await cli('restore', file, '--db', restored, '--force');
  assert.equal(busy.code, 1, busy.stdout);
  assert.match(busy.stderr, /is open in fangyi/);
  assert.match(busy.stderr, /正被 fangyi 使用/);
  await back.stop();
  const again = await cli('restore', file, '--db', restored);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists: add --force/);
  assert.equal((await cli('restore', file, '--db', restored, '--force')).code, 0);
});

sqliteOnly('fangyi restore refuses a damaged backup and a file that is not a database', async () => {
  const good = path.join(dbDir(), 'good.db');
  assert.equal((await cli('backup', good, '--db', ctx.db.url)).code, 0);
  const bad = path.join(dbDir(), 'damaged.db');
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(good);
  bytes.fill(0xff, 4096 + 0, 4096 + 8); // the header of page 2: no longer a b-tree page
  writeFileSync(bad, bytes);
  const r = await cli('restore', bad, '--db', path.join(dbDir(), 'from-damaged.db'));
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /is damaged \(integrity_check: /);
  assert.match(r.stderr, /已损坏/);
  assert.ok(!existsSync(path.join(dbDir(), 'from-damaged.db')), 'nothing written');
  writeFileSync(path.join(dbDir(), 'text.db'), 'not a database at all, just text\n');
  const t2 = await cli('restore', path.join(dbDir(), 'text.db'), '--db', path.join(dbDir(), 'x.db'));
  assert.equal(t2.code, 1);
  assert.match(t2.stderr, /cannot be read as a database|not a fangyi database/);
});

sqliteOnly('the schedule: at start when the newest is old, old files removed, the route reports it', async () => {
  const dir = path.join(dbDir(), 'sched');
  mkdirSync(dir, { mode: 0o700 });
  const now = Date.now();
  const old20 = nameAt(now - 20 * 86400e3);
  const old3 = nameAt(now - 3 * 86400e3);
  const old30h = nameAt(now - 30 * 3600e3);
  for (const n of [old20, old3, old30h]) writeFileSync(path.join(dir, n), 'an old backup', { mode: 0o600 });
  writeFileSync(path.join(dir, 'notes.txt'), 'not a backup: never removed');
  const srv = await serve(['--backup-dir', dir, '--backup-keep', '2']);
  let files = [];
  for (let i = 0; i < 100 && (files = backups(dir)).length !== 2; i++) await sleep(100);
  assert.equal(files.length, 2, `the 20- and 3-day-old files went, a new one came: ${files}`);
  assert.ok(files.includes(old30h), 'a file younger than --backup-keep stays');
  const fresh = files.find((f) => f !== old30h);
  assert.ok(Math.abs(nameTime(fresh) - now) < 60e3, `named by the town's time now: ${fresh}`);
  assert.equal(statSync(path.join(dir, fresh)).mode & 0o777, 0o600);
  assert.equal(await integrity(path.join(dir, fresh)), 'ok');
  assert.ok(existsSync(path.join(dir, 'notes.txt')));
  const s = await status(srv.base);
  assert.equal(s.enabled, true);
  assert.equal(s.dir, dir);
  assert.equal(s.every_hours, 24);
  assert.equal(s.keep_days, 2);
  assert.equal(s.last_success.file, fresh);
  assert.ok(Math.abs(s.last_success.at * 1000 - nameTime(fresh)) < 1000);
  assert.equal(s.last_failure, null);
  assert.equal(s.warning, null);
  assert.ok(Math.abs(s.next_at - (s.last_success.at + 24 * 3600)) <= 1, 'the next in a period');
  const m = await request(srv.base, 'GET', '/metrics');
  assert.match(m.text, new RegExp(`^fangyi_backup_last_success_timestamp_seconds ${s.last_success.at}$`, 'm'));
  await srv.stop();

  // started again with that fresh backup, the server waits an hour and still knows of it
  const again = await serve(['--backup-dir', dir, '--backup-keep', '2']);
  await sleep(500);
  assert.deepEqual(backups(dir), files, 'no backup at a restart when the newest is fresh');
  const s2 = await status(again.base);
  assert.equal(s2.last_success.file, fresh, 'the last success is read from the directory');
  assert.ok(Math.abs(s2.next_at - (Date.now() / 1000 + 3600)) < 60, 'the first one an hour after start');
  await again.stop();
});

sqliteOnly('a backup that fails is reported with its reason and a red warning, in Chinese and English', async () => {
  // tests run as root, so a read-only directory would not stop them: a path under a regular file
  const plain = path.join(dbDir(), 'plain-file');
  writeFileSync(plain, 'a regular file');
  const dir = path.join(plain, 'backups');
  const srv = await serve(['--backup-dir', dir]);
  let s;
  for (let i = 0; i < 50; i++) {
    s = await status(srv.base);
    if (s.last_failure) break;
    await sleep(100);
  }
  assert.ok(s.last_failure, JSON.stringify(s));
  assert.equal(s.last_success, null);
  assert.match(s.last_failure.file, NAME);
  assert.equal(s.last_failure.error.field, 'backup_dir');
  assert.match(s.last_failure.error.en, /cannot create the backup directory .*plain-file\/backups/);
  assert.match(s.last_failure.error.zh, /无法创建备份目录/);
  assert.equal(s.warning.code, 'failed');
  assert.match(s.warning.zh, /备份失败/);
  assert.match(s.warning.en, /backup failed/);
  assert.ok(s.next_at - s.last_failure.at <= 3600, 'tried again within the hour');
  const m = await request(srv.base, 'GET', '/metrics');
  assert.match(m.text, new RegExp(`^fangyi_backup_last_failure_timestamp_seconds ${s.last_failure.at}$`, 'm'));
  assert.match(srv.stderr(), /error backup to .* failed: cannot create the backup directory/);
  // the server goes on answering
  assert.equal((await request(srv.base, 'GET', '/api/v1/meta')).status, 200);
  // and with --backup-every 0 it does not back up at all
  const off = await serve(['--backup-every', '0', '--backup-dir', dir]);
  const o = await status(off.base);
  assert.equal(o.enabled, false);
  assert.equal(o.disabled_because, 'off');
  const bad = await cli('serve', '--db', ctx.db.url, '--backup-every', 'daily');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--backup-every is a number of hours/);
  const badKeep = await cli('serve', '--db', ctx.db.url, '--backup-keep', '0');
  assert.equal(badKeep.code, 1);
  assert.match(badKeep.stderr, /--backup-keep is a number of days/);
});

ctx.cleanExit();
