// group_commit.test.mjs: writes that arrive together share one commit, and still every answered
// write is stored, no answer comes before its commit, a failing request undoes only itself, and a
// retry racing its first attempt records nothing twice. On PostgreSQL the same requests run one
// transaction per connection: the answers must be the same.
import assert from 'node:assert/strict';
import { AREA, BACKEND, request, setupTown, sql } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let kp;

async function stored() {
  const r = await sql(ctx.db.url, `SELECT COUNT(*) FROM health_check WHERE key_person_id = ${kp}`);
  assert.equal(r.code, 0, r.stderr);
  return Number(r.stdout.trim());
}

function check(temperature, headers = {}) {
  return ctx.api('POST', `/api/v1/key-persons/${kp}/checks`, {
    token: admin, headers, body: { temperature, symptoms: [], method: 'visit' },
  });
}

t('set up: one key person under home observation', async () => {
  admin = await ctx.login(ctx.admin);
  const p = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong}&limit=1`, { token: admin });
  assert.equal(p.status, 200, p.text);
  const r = await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: p.json.items[0].id, reason: 'other', found_by: 'other', kind: 'home' },
  });
  assert.equal(r.status, 201, r.text);
  kp = r.json.id;
});

t('200 readings sent at once: every one answered 201 with its own id, every one stored', async () => {
  const before = await stored();
  const rs = await Promise.all(Array.from({ length: 200 }, (_, i) => check(36 + (i % 10) / 10)));
  const bad = rs.filter((r) => r.status !== 201);
  assert.equal(bad.length, 0, bad.map((r) => r.text).slice(0, 3).join('\n'));
  const ids = new Set(rs.map((r) => r.json.id));
  assert.equal(ids.size, 200, 'each reading has its own id');
  assert.equal(await stored(), before + 200);
  // each answer carries the temperature it was sent with
  rs.forEach((r, i) => assert.equal(r.json.temperature, 36 + (i % 10) / 10));
});

t('bad readings among good ones in the same burst: refused alone, the others stored', async () => {
  const before = await stored();
  const temps = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 50 : 36.5));
  const rs = await Promise.all(temps.map((x) => check(x)));
  const ok = rs.filter((r) => r.status === 201).length;
  const refused = rs.filter((r) => r.status === 400 || r.status === 422);
  assert.equal(ok, 40);
  assert.equal(refused.length, 20);
  for (const r of refused) assert.equal(r.json.error.field, 'temperature');
  assert.equal(await stored(), before + 40);
});

t('a fever in a burst raises exactly one alert per fever reading', async () => {
  const alerts = async () => {
    const r = await sql(ctx.db.url, `SELECT COUNT(*) FROM alert WHERE key_person_id = ${kp}`);
    return Number(r.stdout.trim());
  };
  const before = await alerts();
  const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => check(i % 10 === 0 ? 38.2 : 36.6)));
  assert.ok(rs.every((r) => r.status === 201), rs.map((r) => r.text).join('\n'));
  assert.equal(rs.filter((r) => r.json.alert !== null).length, 3);
  assert.equal(await alerts(), before + 3);
});

t('twenty copies of one request with one Idempotency-Key, sent at once: one reading, one answer', async () => {
  const before = await stored();
  const key = `burst-${Date.now()}`;
  const rs = await Promise.all(Array.from({ length: 20 }, () => check(36.9, { 'Idempotency-Key': key })));
  assert.ok(rs.every((r) => r.status === 201), rs.map((r) => `${r.status} ${r.text}`).join('\n'));
  const ids = new Set(rs.map((r) => r.json.id));
  assert.equal(ids.size, 1, 'every copy answers with the same reading');
  assert.equal(rs.filter((r) => r.headers.get('idempotent-replay') === 'true').length, 19);
  assert.equal(await stored(), before + 1);
});

t('killed in the middle of a burst: every reading answered 201 is in the database after restart', async () => {
  const other = await ctx.startAnother();
  const acked = [];
  let answered = 0;
  const sends = Array.from({ length: 400 }, (_, i) =>
    fetch(`${other.base}/api/v1/key-persons/${kp}/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ temperature: 36.1 + (i % 5) / 10, symptoms: [], method: 'phone' }),
    }).then(async (r) => {
      const j = await r.json();
      if (r.status === 201) acked.push(j.id);
      if (++answered === 60) other.proc.kill('SIGKILL');
    }, () => { /* cut off by the kill */ }));
  await Promise.all(sends);
  assert.ok(acked.length >= 60, `at least 60 answered before the kill (got ${acked.length})`);
  const r = await sql(ctx.db.url, `SELECT id FROM health_check WHERE key_person_id = ${kp}`);
  const have = new Set(r.stdout.trim().split('\n').map(Number));
  const lost = acked.filter((id) => !have.has(id));
  assert.deepEqual(lost, [], 'answered readings missing after the kill');
  // the first server goes on serving
  const after = await check(36.5);
  assert.equal(after.status, 201, after.text);
});

t('stopped in the middle of a burst: writes in flight are answered, the server exits cleanly, nothing answered is lost', async () => {
  const other = await ctx.startAnother();
  const acked = [];
  let answered = 0;
  let exit = null;
  const sends = Array.from({ length: 300 }, (_, i) =>
    fetch(`${other.base}/api/v1/key-persons/${kp}/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ temperature: 36.2 + (i % 5) / 10, symptoms: [], method: 'visit' }),
    }).then(async (r) => {
      const j = await r.json();
      if (r.status === 201) acked.push(j.id);
      if (++answered === 50) exit = other.stop(); // SIGTERM while the rest are in flight
    }, () => { /* refused once the server stops listening */ }));
  await Promise.all(sends);
  const e = await exit;
  // a suspended request left behind would make libmicrohttpd abort, or the stop hang until SIGKILL
  assert.deepEqual(e, { code: 0, signal: null }, other.tail());
  assert.match(other.stderr(), /stopping: finishing requests in flight/);
  assert.ok(acked.length >= 50, `at least 50 answered before the stop (got ${acked.length})`);
  const r = await sql(ctx.db.url, `SELECT id FROM health_check WHERE key_person_id = ${kp}`);
  const have = new Set(r.stdout.trim().split('\n').map(Number));
  assert.deepEqual(acked.filter((id) => !have.has(id)), [], 'answered readings missing after the stop');
});

t('with group commit off, a hot write commits on its own connection and answers the same', async () => {
  const other = await ctx.startAnother({ env: { FANGYI_GROUP_COMMIT: 'off' } });
  const before = await stored();
  const rs = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    request(other.base, 'POST', `/api/v1/key-persons/${kp}/checks`, {
      token: admin,
      body: { temperature: i === 0 ? 38.3 : 36.4, symptoms: [], method: 'phone' },
      headers: { 'Idempotency-Key': `off-${Date.now()}-${i}` },
    })));
  assert.ok(rs.every((r) => r.status === 201), rs.map((r) => `${r.status} ${r.text}`).join('\n'));
  assert.equal(rs.filter((r) => r.json.alert !== null).length, 1);
  assert.equal(await stored(), before + 10);
  // a retry with the same key replays the first answer there too
  const key = `off-retry-${Date.now()}`;
  const body = { temperature: 36.6, symptoms: [], method: 'visit' };
  const first = await request(other.base, 'POST', `/api/v1/key-persons/${kp}/checks`, { token: admin, body, headers: { 'Idempotency-Key': key } });
  const again = await request(other.base, 'POST', `/api/v1/key-persons/${kp}/checks`, { token: admin, body, headers: { 'Idempotency-Key': key } });
  assert.equal(first.status, 201, first.text);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(again.json, first.json);
  assert.equal(await stored(), before + 11);
  await other.stop();
  assert.doesNotMatch(other.stderr(), /group commit:/);
});

t(`the server reports how commits were shared (${BACKEND})`, async () => {
  const old = ctx.server;
  await ctx.restart();
  const m = old.stderr().match(/group commit: (\d+) write transactions in (\d+) commits/);
  if (BACKEND === 'sqlite') {
    assert.ok(m, `no group commit figures in the log:\n${old.tail()}`);
    assert.ok(Number(m[1]) >= 271, `at least the 271 readings stored by the bursts counted (${m[1]})`);
    assert.ok(Number(m[2]) < Number(m[1]), `some commits were shared (${m[1]} writes in ${m[2]} commits)`);
  } else {
    assert.equal(m, null, 'PostgreSQL commits each connection on its own');
  }
});

ctx.cleanExit();
