// pg_restart.test.mjs: the district's PostgreSQL restarted (pg_ctl restart -m fast) and then down
// for three seconds while clients keep sending readings: fangyi reconnects by itself, every reading
// answered 201 is in the database, every other answer is 503 with the JSON error "the database is
// unavailable, try again", /healthz says 503 while the database is down, and writes succeed again
// within seconds of its return. Each reading carries its own Idempotency-Key: sent again once the
// database is back, every key ends with exactly one reading, so a commit whose answer was cut off
// is neither lost nor doubled. PostgreSQL only: the test starts its own server (scripts/pg-test.sh,
// its own directory) since it stops and starts it.
import assert from 'node:assert/strict';
import { mkdtempSync, chmodSync, rmSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BACKEND, ROOT, cli, idNumber, password, request, run, startServer } from './lib.mjs';

const TOWN = '430302100000';
const VILLAGE = '430302100201';
const CLIENTS = 6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (BACKEND !== 'pg') {
  test('PostgreSQL restarted under write load', { skip: 'PostgreSQL only (FANGYI_TEST_BACKEND=pg): SQLite has no server to restart' }, () => {});
} else {
  const pg = { dir: null, port: process.env.FANGYI_TEST_PG_RESTART_PORT || '55448', admin: null };
  let srv;
  let token;
  const kps = [];

  // pg_ctl of the newest PostgreSQL installed, as the postgres user when we are root (as
  // scripts/pg-test.sh runs it); restart keeps the options the server was started with.
  const bin = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).pop();
  const pgctl = (...args) => {
    const cmd = [`/usr/lib/postgresql/${bin}/bin/pg_ctl`, '-D', path.join(pg.dir, 'data'), ...args];
    return process.getuid() === 0 ? run('runuser', ['-u', 'postgres', '--', ...cmd]) : run(cmd[0], cmd.slice(1));
  };
  const pgStart = () => run(path.join(ROOT, 'scripts/pg-test.sh'), ['start', pg.dir], { env: { FANGYI_TEST_PG_PORT: pg.port } });
  const psql = (db, statement) => run('psql', [`postgresql:///${db}?host=${pg.dir}&port=${pg.port}&user=postgres`,
    '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement]);

  before(async () => {
    pg.dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-pg-restart-'));
    chmodSync(pg.dir, 0o755);
    const s = await pgStart();
    assert.equal(s.code, 0, `scripts/pg-test.sh start: ${s.stderr}`);
    assert.equal((await psql('postgres', 'CREATE DATABASE town')).code, 0);
    const url = `postgresql:///town?host=${pg.dir}&port=${pg.port}&user=postgres`;
    const init = await cli('init', '--town-code', TOWN, '--town-name', '鹤岭镇', '--db', url);
    assert.equal(init.code, 0, init.stderr);
    const pw = password();
    const u = await cli('user', 'add', 'pgclerk', '--role', 'admin', '--area', TOWN, '--db', url, '--password-stdin', { input: `${pw}\n` });
    assert.equal(u.code, 0, u.stderr);
    srv = await startServer(url);
    const login = await request(srv.base, 'POST', '/api/v1/session', { body: { username: 'pgclerk', password: pw } });
    assert.equal(login.status, 200, login.text);
    token = login.json.token;
    const area = await request(srv.base, 'POST', '/api/v1/areas', {
      token, body: { name: '云龙村', kind: 'village', parent_code: TOWN, code: VILLAGE },
    });
    assert.equal(area.status, 201, area.text);
    // one key person per client, as each grid worker reads their own people
    for (let c = 0; c < CLIENTS; c++) {
      const p = await request(srv.base, 'POST', '/api/v1/persons', {
        token, body: { name: `甄琪${'瑶璇瑜琛珂琰'[c]}`, area_code: VILLAGE, id_number: idNumber() },
      });
      assert.equal(p.status, 201, p.text);
      const k = await request(srv.base, 'POST', '/api/v1/key-persons', {
        token, body: { person_id: p.json.id, reason: 'other', found_by: 'other', kind: 'home' },
      });
      assert.equal(k.status, 201, k.text);
      kps.push(k.json.id);
    }
    // what the set-up wrote is flushed now, not by the restart's shutdown checkpoint
    assert.equal((await psql('town', 'CHECKPOINT')).code, 0);
  });

  after(async () => {
    if (srv) await srv.stop();
    if (pg.dir) {
      await pgctl('-m', 'immediate', 'stop');
      rmSync(pg.dir, { recursive: true, force: true });
    }
  });

  // reading(key) → {key, status, json, error}: one reading sent with its Idempotency-Key; a
  // connection cut off answers status 0.
  async function reading(key, c, i) {
    try {
      const r = await request(srv.base, 'POST', `/api/v1/key-persons/${kps[c]}/checks`, {
        token, headers: { 'Idempotency-Key': key }, body: { temperature: 36 + (i % 9) / 10, symptoms: [], method: 'phone' },
      });
      return { key, c, i, at: Date.now(), status: r.status, json: r.json, text: r.text, retryAfter: r.headers.get('retry-after') };
    } catch (e) {
      return { key, c, i, at: Date.now(), status: 0, text: String(e) };
    }
  }

  test('restarted, then stopped for 3 s, under a burst of readings: nothing answered is lost, the rest is 503, writes come back', async (t) => {
    const answers = [];
    const t0 = Date.now();
    const phase = (what) => t.diagnostic(`${what} at ${Date.now() - t0} ms`);
    let stop = false;
    let n = 0;
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      while (!stop) {
        const i = n++;
        const a = await reading(`pg-restart-${c}-${i}`, c, i);
        answers.push(a);
        if (a.status !== 201) await sleep(50); // a client does not hammer a server that said 503
      }
    });
    const ok = () => answers.filter((a) => a.status === 201).length;
    const since = (t0) => answers.filter((a) => a.at > t0);
    const waitFor = async (what, cond, ms) => {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms\n${srv.tail()}`);
        await sleep(20);
      }
    };
    try {
      await waitFor('readings before the restart', () => ok() >= 30, 20000);
      phase('restart');
      const r1 = await pgctl('-m', 'fast', '-w', '-l', path.join(pg.dir, 'server.log'), 'restart');
      assert.equal(r1.code, 0, `pg_ctl restart: ${r1.stderr}`);
      const back1 = Date.now();
      await waitFor('a reading after the restart', () => since(back1).some((a) => a.status === 201), 5000);
      const firstAfterRestart = Math.min(...since(back1).filter((a) => a.status === 201).map((a) => a.at)) - back1;
      await sleep(300);

      phase('stop');
      const s = await pgctl('-m', 'fast', '-w', 'stop');
      assert.equal(s.code, 0, `pg_ctl stop: ${s.stderr}`);
      const down = Date.now();
      await sleep(1000);
      const h = await request(srv.base, 'GET', '/healthz');
      assert.equal(h.status, 503, `/healthz while the database is down: ${h.text}`);
      assert.equal(h.json?.error?.code, 'db_unavailable', h.text);
      await sleep(2000);
      assert.ok(since(down + 500).length > 0, 'requests were answered while the database was down');
      assert.ok(since(down + 500).every((a) => a.status !== 201), 'nothing is answered 201 with the database down');
      phase('start');
      const st = await pgStart();
      assert.equal(st.code, 0, `start again: ${st.stderr}`);
      const back2 = Date.now();
      await waitFor('a reading after the start', () => since(back2).some((a) => a.status === 201), 5000);
      const firstAfterStart = Math.min(...since(back2).filter((a) => a.status === 201).map((a) => a.at)) - back2;
      // every client writes again
      await waitFor('every client writing again', () => {
        const c = new Set(since(back2).filter((a) => a.status === 201).map((a) => a.c));
        return c.size === CLIENTS;
      }, 5000);
      t.diagnostic(`first 201 ${firstAfterRestart} ms after pg_ctl restart, ${firstAfterStart} ms after the start`);
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    phase('load stopped');
    const h = await request(srv.base, 'GET', '/healthz');
    assert.equal(h.status, 200, `/healthz once the database is back: ${h.text}`);

    // every reading answered 201 is stored
    const acked = answers.filter((a) => a.status === 201);
    const rows = await psql('town', `SELECT id FROM health_check WHERE key_person_id IN (${kps})`);
    assert.equal(rows.code, 0, rows.stderr);
    const have = new Set(rows.stdout.trim().split('\n').filter(Boolean).map(Number));
    assert.deepEqual(acked.filter((a) => !have.has(a.json.id)).map((a) => a.key), [], 'answered 201 but not stored');

    // every other answer is the JSON error of a database that is away, in both languages
    const failed = answers.filter((a) => a.status !== 201);
    assert.ok(failed.length > 0, 'the outage was seen by the clients');
    for (const a of failed) {
      if (a.status === 0) continue; // a connection cut off: allowed, though fangyi itself stays up
      assert.equal(a.status, 503, `${a.key}: ${a.status} ${a.text}`);
      assert.equal(a.json?.error?.code, 'db_unavailable', `${a.key}: ${a.text}`);
      assert.equal(a.json.error.message, '数据库暂时无法连接，请稍后重试');
      assert.equal(a.json.error.message_en, 'the database is unavailable, try again');
      assert.equal(a.retryAfter, '1', 'Retry-After: 1');
    }
    t.diagnostic(`${answers.length} readings sent: ${acked.length} answered 201, ${failed.length} refused`);

    // the refused ones sent again with their keys: one reading per key, none lost, none doubled
    for (let k = 0; k < failed.length; k += CLIENTS) {
      const again = await Promise.all(failed.slice(k, k + CLIENTS).map((a) => reading(a.key, a.c, a.i)));
      for (const a of again) assert.equal(a.status, 201, `${a.key} sent again: ${a.text}`);
    }
    phase('refused ones sent again');
    const count = await psql('town', `SELECT COUNT(*) FROM health_check WHERE key_person_id IN (${kps})`);
    assert.equal(Number(count.stdout.trim()), answers.length, 'one reading per key');
    assert.match(srv.log, /postgresql: connection lost/, 'the server says it lost the database');
  });
}
