// audit_chain.test.mjs: the audit log is a hash chain: real rows written through the API verify
// whole (CLI and API), and a row changed, deleted, moved, forged or blanked without a purge is
// found, each on its own copy of the database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AREA, BACKEND, assertError, cli, idNumber, phone, run, setupTown, sql, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let auditor;
let grid;

// verify(url) → {code, out}: fangyi audit verify --json on that database
async function verify(url) {
  const r = await cli('audit', 'verify', '--json', '--db', url);
  let out = null;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    assert.fail(`audit verify --json did not print JSON:\n${r.stdout}${r.stderr}`);
  }
  return { code: r.code, out, stderr: r.stderr };
}

// copyOf(url) → {url, drop()}: a fresh copy of the database (the server must be stopped for pg)
async function copyOf(url) {
  if (BACKEND === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-audit-'));
    const to = path.join(dir, 'copy.db');
    const r = await cli('backup', to, '--db', url);
    assert.equal(r.code, 0, r.stderr);
    return { url: to, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.FANGYI_TEST_PG_ADMIN;
  const name = `fangyi_c_${randomBytes(6).toString('hex')}`;
  const src = new URL(url).pathname.slice(1);
  const psql = (s) => run('psql', [admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', s]);
  const r = await psql(`CREATE DATABASE ${name} TEMPLATE ${src}`);
  assert.equal(r.code, 0, r.stderr);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: async () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function q(url, statement) {
  const r = await sql(url, statement);
  assert.equal(r.code, 0, `${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

// rows(url) → [[seq, id], ...] in chain order
async function chain(url) {
  const out = await q(url, 'SELECT seq, id FROM audit ORDER BY seq');
  return out.split('\n').map((l) => l.split('|').map(Number));
}

// tampered(fn) runs fn(copyUrl, rows) on a fresh copy and returns what verify says there
async function tampered(fn) {
  const c = await copyOf(ctx.db.url);
  try {
    const rows = await chain(c.url);
    const expect = await fn(c.url, rows);
    const v = await verify(c.url);
    return { v, expect };
  } finally {
    await c.drop();
  }
}

t('set up: people created and changed, an export, a failed login, users made', async () => {
  admin = await ctx.login(ctx.admin);
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const g = await ctx.user('grid', AREA.yunlong1);
  grid = await ctx.login(g);
  assert.equal((await ctx.loginResponse(g.username, 'wrong-password-1')).status, 401);
  for (let i = 0; i < 6; i++) {
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: admin, body: { name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1 },
    });
    assert.equal(r.status, 201, r.text);
    const u = await ctx.api('PATCH', `/api/v1/persons/${r.json.id}`, { token: admin, body: { notes: `第${i}次` } });
    assert.equal(u.status, 200, u.text);
  }
  const x = await ctx.api('GET', '/api/v1/persons/export', { token: admin });
  assert.equal(x.status, 200);
});

t('writes racing from many connections still make one chain', async () => {
  const rs = await Promise.all(Array.from({ length: 24 }, () => ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName(), id_number: idNumber(), area_code: AREA.yunlong2 },
  })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
});

t('screenings racing at one post, half with a hand-off, all succeed: the head is taken last', async () => {
  // a feverish driver is handed off (a key person and its audit row) before the post's counters
  // move; a screening without one moves the counters first.  Were the chain's head locked where
  // the audit row is written, PostgreSQL would find the two waiting on each other.
  const gate = await ctx.login(await ctx.user('checkpoint', AREA.yunlong));
  const posts = await ctx.api('GET', '/api/v1/duty/posts', { token: gate });
  assert.equal(posts.status, 200, posts.text);
  const post = posts.json.items.find((p) => p.kind === 'checkpoint');
  assert.ok(post, 'the demo town has a checkpoint');
  const driver = idNumber();
  const rs = await Promise.all(Array.from({ length: 32 }, (_, i) => ctx.api('POST', '/api/v1/screenings', {
    token: gate,
    headers: { 'idempotency-key': `race-${randomBytes(6).toString('hex')}` },
    body: {
      post_id: post.id, kind: 'vehicle', plate: `湘C·${String(10000 + i)}`, vehicle_kind: 'car', direction: 'in',
      persons: [{ temperature: i % 2 ? 38.6 : 36.5, name: '张伟', id_number: driver, phone: phone(), from_place: '长沙', to_place: '鹤岭镇云龙村' }],
    },
  })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
});

t('fangyi audit verify: the whole log, its rows and its head hash', async () => {
  const total = Number(await q(ctx.db.url, 'SELECT COUNT(*) FROM audit'));
  assert.ok(total >= 40, `audit rows written: ${total}`);
  const { code, out } = await verify(ctx.db.url);
  assert.equal(code, 0, JSON.stringify(out));
  assert.equal(out.ok, true);
  assert.equal(out.rows, total);
  assert.equal(out.head_seq, total);
  assert.match(out.head_hash, /^[0-9a-f]{64}$/);
  assert.equal(await q(ctx.db.url, 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1'), out.head_hash);
  const seqs = (await chain(ctx.db.url)).map((r) => r[0]);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq runs 1, 2, 3 ... without a gap');
  const plain = await cli('audit', 'verify', '--db', ctx.db.url);
  assert.equal(plain.code, 0);
  assert.match(plain.stdout, new RegExp(`${total} rows.*${out.head_hash}`));
  const help = await cli('audit', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /audit verify/);
  const bad = await cli('audit', 'frobnicate', '--db', ctx.db.url);
  assert.notEqual(bad.code, 0);
});

t('the auditor sees the verdict in the API; other roles do not', async () => {
  const r = await ctx.api('GET', '/api/v1/audit/verify', { token: auditor });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ok, true);
  assert.ok(r.json.rows >= 40);
  assert.match(r.json.head_hash, /^[0-9a-f]{64}$/);
  assertError(await ctx.api('GET', '/api/v1/audit/verify', { token: grid }), 403, 'forbidden');
  assert.equal((await ctx.api('GET', '/api/v1/audit/verify')).status, 401);
  const l = await ctx.api('GET', '/api/v1/audit?limit=1', { token: auditor });
  assert.equal(l.status, 200);
  assert.equal(typeof l.json.items[0].seq, 'number');
  assert.equal(l.json.items[0].subject_purged, false);
});

ctx.cleanExit(); // the copies below need the server gone (PostgreSQL copies from a template)

test('a detail edited in the database is found: changed, at that row', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[Math.floor(rows.length / 2)];
    await q(url, `UPDATE audit SET detail = detail || ' (edited)' WHERE id = ${id}`);
    return { seq, id };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.ok, false);
  assert.equal(v.out.problem, 'changed');
  assert.equal(v.out.id, expect.id);
  assert.equal(v.out.seq, expect.seq);
  assert.equal(v.out.rows, expect.seq - 1, 'the rows before it were whole');
  assert.match(v.out.message_en, new RegExp(`row id ${expect.id}`));
});

test('who did it, edited: changed', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[3];
    await q(url, `UPDATE audit SET username = 'nobody' WHERE id = ${id}`);
    return { seq, id };
  });
  assert.equal(v.code, 1);
  assert.equal(v.out.problem, 'changed');
  assert.equal(v.out.id, expect.id);
});

test('a row deleted is found: deleted, with the seq missing', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[10];
    await q(url, `DELETE FROM audit WHERE id = ${id}`);
    return { seq, next: rows[11][1] };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'deleted');
  assert.equal(v.out.seq, expect.seq);
  assert.equal(v.out.id, expect.next, 'the row after the gap');
});

test('the last rows deleted are found too', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq] = rows[rows.length - 2];
    await q(url, `DELETE FROM audit WHERE seq >= ${seq}`);
    return { seq };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'deleted');
  assert.equal(v.out.seq, expect.seq);
});

test('a row deleted and the rest renumbered to close the gap is found', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[7];
    await q(url, `DELETE FROM audit WHERE id = ${id}`);
    await q(url, `UPDATE audit SET seq = -seq WHERE seq > ${seq}`);
    await q(url, `UPDATE audit SET seq = -seq - 1 WHERE seq < 0`);
    await q(url, `UPDATE audit_head SET seq = seq - 1`);
    return { seq, next: rows[8][1] };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.ok(['changed', 'deleted'].includes(v.out.problem), v.out.problem);
  assert.equal(v.out.seq, expect.seq);
  assert.equal(v.out.id, expect.next);
});

test('two rows swapped in order are found', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [s1, id1] = rows[5];
    const [s2, id2] = rows[6];
    await q(url, `UPDATE audit SET seq = -1 WHERE id = ${id1}`);
    await q(url, `UPDATE audit SET seq = ${s1} WHERE id = ${id2}`);
    await q(url, `UPDATE audit SET seq = ${s2} WHERE id = ${id1}`);
    return { s1, id2 };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.ok(['inserted', 'changed'].includes(v.out.problem), v.out.problem);
  assert.equal(v.out.seq, expect.s1);
  assert.equal(v.out.id, expect.id2, 'the row moved up');
});

test('two rows whose contents were swapped are found', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [s1, id1] = rows[12];
    const [, id2] = rows[13];
    const cols = 'at, user_id, username, ip, action, object_kind, object_id, area_code, detail, ok, subject_hash, hash';
    await q(url, `CREATE TABLE swap AS SELECT id, ${cols} FROM audit WHERE id IN (${id1}, ${id2})`);
    const set = cols.split(', ').map((c) => `${c} = (SELECT s.${c} FROM swap s WHERE s.id = CASE audit.id WHEN ${id1} THEN ${id2} ELSE ${id1} END)`).join(', ');
    await q(url, `UPDATE audit SET ${set} WHERE id IN (${id1}, ${id2})`);
    return { s1, id1 };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'changed');
  assert.equal(v.out.seq, expect.s1);
  assert.equal(v.out.id, expect.id1);
});

test('a row whose time was changed is found', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[9];
    await q(url, `UPDATE audit SET at = at - 3600 WHERE id = ${id}`);
    return { seq, id };
  });
  assert.equal(v.code, 1);
  assert.equal(v.out.problem, 'changed');
  assert.equal(v.out.id, expect.id);
});

test('a forged row inserted in the middle is found: inserted, at that row', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq] = rows[15];
    // make room after seq, as a forger must, then copy a real row's hashes onto the forgery
    await q(url, `UPDATE audit SET seq = -seq WHERE seq > ${seq}`);
    await q(url, `UPDATE audit SET seq = -seq + 1 WHERE seq < 0`);
    await q(url, `UPDATE audit_head SET seq = seq + 1`);
    await q(url, `INSERT INTO audit (id, seq, at, username, ip, action, object_kind, detail, ok, subject_hash, hash)
      SELECT 900000, ${seq + 1}, at, username, ip, 'login', 'user', '', 1, subject_hash, hash
      FROM audit WHERE seq = ${seq}`);
    return { seq: seq + 1 };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'inserted');
  assert.equal(v.out.id, 900000);
  assert.equal(v.out.seq, expect.seq);
});

test('a row slipped in outside the chain is found', async () => {
  const { v } = await tampered(async (url) => {
    await q(url, `INSERT INTO audit (id, at, username, ip, action, detail, ok) VALUES (900001, 1, 'x', '', 'login', '', 1)`);
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'inserted');
  assert.equal(v.out.id, 900001);
});

test('a recent row marked purged, with no purge, is found', async () => {
  const { v, expect } = await tampered(async (url, rows) => {
    const [seq, id] = rows[rows.length - 3];
    await q(url, `UPDATE audit SET subject_purged = 1, object_id = NULL, detail = '' WHERE id = ${id}`);
    return { seq, id };
  });
  assert.equal(v.code, 1, JSON.stringify(v.out));
  assert.equal(v.out.problem, 'purged');
  assert.equal(v.out.id, expect.id);
});

test('the copy itself, untouched, verifies whole (the checks above are the tampering)', async () => {
  const { v } = await tampered(async () => {});
  assert.equal(v.code, 0, JSON.stringify(v.out));
  assert.equal(v.out.ok, true);
});
