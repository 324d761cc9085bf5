// startup.test.mjs: the binary around the API: /healthz, the commands' --help and exit codes, and
// a database whose schema is newer than the binary is refused with a clear message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKEND, cli, createDb, freePort, run, setupTown, sql } from './lib.mjs';

const ctx = setupTown({ people: 50 });
const t = ctx.test;

t('GET /healthz names the backend and the schema version', async () => {
  const r = await ctx.api('GET', '/healthz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.db, BACKEND === 'pg' ? 'postgresql' : 'sqlite');
  assert.ok(Number.isInteger(r.json.schema) && r.json.schema >= 1, `schema ${r.json.schema}`);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
});

t('every command has --help; an unknown command or flag fails with a message', async () => {
  for (const c of ['serve', 'init', 'demo', 'user', 'import', 'backup', 'purge', 'version', 'routes']) {
    const r = await cli(c, '--help');
    assert.equal(r.code, 0, `fangyi ${c} --help: ${r.stderr}`);
    assert.ok((r.stdout + r.stderr).includes(c), `fangyi ${c} --help talks about ${c}`);
  }
  const v = await cli('version');
  assert.equal(v.code, 0);
  assert.match(v.stdout, /\d+\.\d+/);
  const u = await cli('no-such-command');
  assert.notEqual(u.code, 0);
  assert.match(u.stderr + u.stdout, /no-such-command/);
  const f = await cli('serve', '--no-such-flag', '--db', ctx.db.url);
  assert.notEqual(f.code, 0, 'an unknown flag is an error');
  assert.ok((f.stderr + f.stdout).trim().length > 0);
});

t('serve refuses a listen address it cannot use, with a message', async () => {
  const bad = await cli('serve', '--db', ctx.db.url, '--listen', 'not-an-address', { timeout: 5000 });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /not-an-address/, 'the message names the address');
  // a second server on a port that is taken must not start (and silently share it)
  const r = await cli('serve', '--db', ctx.db.url, '--listen', `127.0.0.1:${ctx.server.port}`, { timeout: 5000 });
  assert.doesNotMatch(r.stderr, /harness: killed/, `serve started on a port already in use (127.0.0.1:${ctx.server.port}):\n${r.stdout}${r.stderr}`);
  assert.notEqual(r.code, 0, 'the port is taken by the running server');
  assert.ok(r.stderr.trim().length > 0, 'a message says why');
});

test('a database with a newer schema than the binary knows is refused with a clear message', async () => {
  const db = await createDb();
  try {
    const d = await cli('demo', '--db', db.url, '--people', '10');
    assert.equal(d.code, 0, d.stderr);
    const ins = await sql(db.url, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)");
    assert.equal(ins.code, 0, `cannot mark the schema newer: ${ins.stderr}`);
    const port = await freePort();
    const r = await cli('serve', '--db', db.url, '--listen', `127.0.0.1:${port}`, { timeout: 15000 });
    assert.notEqual(r.code, 0, `serve must refuse a newer schema, it ran: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /harness: killed/, 'it exits by itself rather than serving');
    assert.match(r.stderr, /9999|newer|schema|版本/i, `the message says why: ${r.stderr}`);
    const u = await cli('user', 'add', 'late_user', '--role', 'admin', '--area', '430302100000', '--db', db.url,
      '--password-stdin', { input: 'a-long-password\n' });
    assert.notEqual(u.code, 0, 'the CLI refuses the newer database too');
  } finally {
    await db.drop();
  }
});

test('psql / sqlite3 are available for the harness', async () => {
  const r = BACKEND === 'pg' ? await run('psql', ['--version']) : await run('sqlite3', ['--version']);
  assert.equal(r.code, 0);
});

ctx.cleanExit();
