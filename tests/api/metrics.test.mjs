// metrics.test.mjs: what fangyi serve says about itself. Every API request is one log line with
// its route's pattern (never the path's query), status, time and user id, as text or JSON; /metrics
// is Prometheus's text format, checked line by line against the format's grammar, whose counters
// move by exactly the requests made; it answers a loopback peer or the bearer of the token of
// --metrics-token-file, and anyone else (a remote address, or anyone behind a trusted proxy
// whatever its X-Forwarded-For says) gets the 404 of a page that does not exist.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AREA, BACKEND, BIN, cli, freePort, phone, request, setupTown, startServer } from './lib.mjs';

const ctx = setupTown({ people: 10 });
const t = ctx.test;

/* ---------- the text exposition format, line by line ---------- */

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

// labels('{a="x",b="y\"z"}') → {a: 'x', b: 'y"z'}; throws on anything the grammar refuses.
function parseLabels(text, line) {
  const out = {};
  let i = 1;
  while (text[i] !== '}') {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    assert.match(name, LABEL, `label name in: ${line}`);
    assert.equal(text[eq + 1], '"', `label value quoted in: ${line}`);
    let v = '';
    let j = eq + 2;
    for (; text[j] !== '"'; j++) {
      assert.ok(j < text.length, `unterminated label value in: ${line}`);
      if (text[j] === '\\') {
        const e = text[++j];
        assert.ok(e === '\\' || e === '"' || e === 'n', `only \\\\, \\" and \\n escape in: ${line}`);
        v += e === 'n' ? '\n' : e;
      } else {
        assert.notEqual(text[j], '\n', `raw line feed in a label value: ${line}`);
        v += text[j];
      }
    }
    assert.ok(!(name in out), `label ${name} twice in: ${line}`);
    out[name] = v;
    i = j + 1;
    if (text[i] === ',') i++;
    else assert.equal(text[i], '}', `a comma or } after a label in: ${line}`);
  }
  assert.equal(i, text.length - 1, `nothing after } in: ${line}`);
  return out;
}

// parse(text) → {types: {family: type}, samples: [{name, labels, value}]}, asserting the grammar:
// HELP and TYPE once per family and before its samples, names and label names legal, values
// numbers, counters named _total, each histogram's buckets cumulative and ending in +Inf = _count.
function parse(text) {
  assert.ok(text.endsWith('\n'), 'the page ends with a line feed');
  const types = {};
  const helps = new Set();
  const samples = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      const name = line.split(' ')[2];
      assert.match(name, NAME, line);
      assert.ok(!helps.has(name), `HELP twice for ${name}`);
      helps.add(name);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name, type, more] = line.split(' ');
      assert.match(name, NAME, line);
      assert.ok(TYPES.has(type) && more === undefined, line);
      assert.ok(!(name in types), `TYPE twice for ${name}`);
      assert.ok(!samples.some((s) => familyOf(s.name, types) === name), `TYPE of ${name} after its samples`);
      types[name] = type;
      continue;
    }
    assert.ok(!line.startsWith('#') && line.trim() === line && line !== '', `a sample line: ${JSON.stringify(line)}`);
    const m = /^([^{ ]+)(\{.*\})? (\S+)$/.exec(line);
    assert.ok(m, `name{labels} value: ${line}`);
    assert.match(m[1], NAME, line);
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    assert.ok(m[3] === 'NaN' || !Number.isNaN(value), `a number: ${line}`);
    const family = familyOf(m[1], types);
    assert.ok(family, `the TYPE of ${m[1]} comes first`);
    samples.push({ name: m[1], labels: m[2] ? parseLabels(m[2], line) : {}, value, family });
  }
  for (const [name, type] of Object.entries(types)) {
    assert.ok(helps.has(name), `HELP for ${name}`);
    if (type === 'counter') assert.match(name, /_total$/, `a counter's name ends in _total: ${name}`);
    if (type === 'histogram') checkHistogram(name, samples.filter((s) => s.family === name));
  }
  return { types, samples };
}

function familyOf(name, types) {
  if (name in types) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types[base] === 'histogram') return base;
  }
  return null;
}

function checkHistogram(name, samples) {
  const series = new Map();
  for (const s of samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    if (!series.has(key)) series.set(key, { buckets: [], sum: null, count: null });
    const h = series.get(key);
    if (s.name === `${name}_bucket`) {
      assert.ok(le !== undefined, `${name}_bucket has le`);
      h.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (s.name === `${name}_sum`) h.sum = s.value;
    else if (s.name === `${name}_count`) h.count = s.value;
  }
  for (const [key, h] of series) {
    assert.ok(h.buckets.length > 0 && h.sum !== null && h.count !== null, `${name}${key}: buckets, _sum, _count`);
    for (let i = 1; i < h.buckets.length; i++) {
      assert.ok(h.buckets[i][0] > h.buckets[i - 1][0], `${name}${key}: le increasing`);
      assert.ok(h.buckets[i][1] >= h.buckets[i - 1][1], `${name}${key}: buckets cumulative`);
    }
    assert.equal(h.buckets.at(-1)[0], Infinity, `${name}${key}: the last bucket is +Inf`);
    assert.equal(h.buckets.at(-1)[1], h.count, `${name}${key}: +Inf bucket = _count`);
  }
}

// metrics(base, opts) → the parsed page, asserting a 200 in the format's content type.
async function metrics(base = ctx.server.base, opts = {}) {
  const r = await request(base, 'GET', '/metrics', opts);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return parse(r.text);
}

// value(page, name, labels) → the sample's value, 0 when it is not on the page yet.
function value(page, name, labels = {}) {
  const s = page.samples.find((x) => x.name === name &&
    Object.entries(labels).every(([k, v]) => x.labels[k] === v) &&
    Object.keys(x.labels).length === Object.keys(labels).length);
  return s ? s.value : 0;
}

// settled(before, n) → the page once n more requests than on before have been counted (a request
// is counted as it completes, a moment after its client has the answer), or after 3 s.
async function settled(before, n) {
  let page;
  for (let i = 0; i < 60; i++) {
    page = await metrics();
    if (sumOf(page, 'fangyi_http_requests_total') - sumOf(before, 'fangyi_http_requests_total') >= n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return page;
}

const sumOf = (page, name) => page.samples.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);

/* ---------- the tests ---------- */

let adminToken;
let adminId;

t('set up: the admin logs in', async () => {
  adminToken = await ctx.login(ctx.admin);
  const me = await ctx.api('GET', '/api/v1/session', { token: adminToken });
  assert.equal(me.status, 200, me.text);
  adminId = me.json.user.id;
  assert.ok(adminId > 0);
});

t('the counters move by exactly the requests made, by route pattern, method and status', async () => {
  const before = await metrics();
  for (let i = 0; i < 3; i++) assert.equal((await ctx.api('GET', '/api/v1/meta')).status, 200);
  for (let i = 0; i < 2; i++) assert.equal((await ctx.api('GET', '/api/v1/persons')).status, 401);
  const list = await ctx.api('GET', '/api/v1/persons?limit=1', { token: adminToken });
  assert.equal(list.status, 200, list.text);
  const id = list.json.items[0].id;
  assert.equal((await ctx.api('GET', `/api/v1/persons/${id}`, { token: adminToken })).status, 200);
  assert.equal((await ctx.api('GET', '/api/v1/persons/999999999', { token: adminToken })).status, 404);
  assert.equal((await ctx.api('GET', '/api/v1/no/such/thing')).status, 404);
  // a request is counted when it completes, just after its answer has gone: wait for the last
  const after = await settled(before, 9);
  const moved = (labels) => value(after, 'fangyi_http_requests_total', labels) -
    value(before, 'fangyi_http_requests_total', labels);
  assert.equal(moved({ route: '/api/v1/meta', method: 'GET', status: '200' }), 3);
  assert.equal(moved({ route: '/api/v1/persons', method: 'GET', status: '401' }), 2);
  assert.equal(moved({ route: '/api/v1/persons', method: 'GET', status: '200' }), 1);
  assert.equal(moved({ route: '/api/v1/persons/{id}', method: 'GET', status: '200' }), 1);
  assert.equal(moved({ route: '/api/v1/persons/{id}', method: 'GET', status: '404' }), 1);
  assert.equal(moved({ route: 'unmatched', method: 'GET', status: '404' }), 1);
  // nothing else moved: 9 requests in all (reading /metrics is not one)
  assert.equal(sumOf(after, 'fangyi_http_requests_total') - sumOf(before, 'fangyi_http_requests_total'), 9);
  // the latency histogram of a route counted the same requests
  const cnt = (page) => value(page, 'fangyi_http_request_duration_seconds_count', { route: '/api/v1/meta', method: 'GET' });
  assert.equal(cnt(after) - cnt(before), 3);
  // every request took a connection of the pool: the wait histogram counted them
  assert.ok(value(after, 'fangyi_db_pool_wait_seconds_count') - value(before, 'fangyi_db_pool_wait_seconds_count') >= 9);
  assert.ok(value(after, 'process_start_time_seconds') > 1.7e9);
  assert.equal(value(after, 'fangyi_list_jobs_running'), 0);
});

t('a write is counted in the group commit on SQLite (PostgreSQL groups its own commits)', async () => {
  const before = await metrics();
  const u = await ctx.user('grid', AREA.yunlong1);
  const tok = await ctx.login(u); // a login writes its session
  assert.ok(tok);
  const r = await ctx.api('POST', '/api/v1/persons', {
    token: adminToken,
    body: { name: '测试指标', id_number: null, phone: phone(), area_code: AREA.yunlong1, residence: 'resident' },
  });
  assert.ok(r.status === 201 || r.status === 422, r.text);
  const after = await metrics();
  const commits = value(after, 'fangyi_db_group_commits_total') - value(before, 'fangyi_db_group_commits_total');
  const counted = value(after, 'fangyi_db_group_commit_transactions_count') -
    value(before, 'fangyi_db_group_commit_transactions_count');
  if (BACKEND === 'sqlite') {
    assert.ok(commits >= 1, `a shared COMMIT was counted: ${commits}`);
    assert.equal(counted, commits, 'one observation of its transactions per COMMIT');
    assert.ok(value(after, 'fangyi_db_group_commit_transactions_sum') >= commits);
  } else {
    assert.equal(commits, 0, 'no group commit on PostgreSQL');
  }
});

t('each API request is one log line: pattern, status, ms, user id; never the query or a phone', async () => {
  const p = phone();
  const r = await ctx.api('GET', `/api/v1/persons?q=${p}`, { token: adminToken });
  assert.equal(r.status, 200, r.text);
  await ctx.api('GET', '/api/v1/meta');
  await new Promise((res) => setTimeout(res, 200));
  const log = ctx.server.stderr();
  assert.ok(!log.includes(p), 'the phone searched for is not in the log');
  assert.ok(!log.includes(p.slice(-4) + ' '), 'nor its last digits');
  const lines = log.split('\n').filter((l) => / request method=/.test(l));
  const search = lines.filter((l) => l.includes('route=/api/v1/persons ') && l.includes(`user=${adminId}`));
  assert.ok(search.length >= 1, `a line for the search:\n${lines.slice(-5).join('\n')}`);
  assert.match(search.at(-1), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d request method=GET route=\/api\/v1\/persons status=200 ms=\d+\.\d user=\d+$/);
  assert.match(lines.at(-1), /request method=GET route=\/api\/v1\/meta status=200 ms=\d+\.\d user=0$/);
  assert.ok(!lines.some((l) => l.includes('?')), 'no query string in any line');
});

t('--log-format json: one JSON object a line, the same fields; static files are not logged', async () => {
  const s = await startServer(ctx.db.url, ['--log-format', 'json']);
  ctx.extraServers.push(s);
  const p = phone();
  assert.equal((await request(s.base, 'GET', `/api/v1/persons?q=${p}`, { token: adminToken })).status, 200);
  assert.equal((await request(s.base, 'GET', '/api/v1/persons/abc', { token: adminToken })).status, 404);
  await request(s.base, 'GET', '/login'); // a page of the UI (or a 404 without one): not logged
  await new Promise((res) => setTimeout(res, 200));
  const lines = s.stderr().split('\n').filter((l) => l.startsWith('{'));
  assert.ok(lines.length >= 3, s.stderr());
  const objs = lines.map((l) => JSON.parse(l));
  for (const o of objs) {
    assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    assert.ok(typeof o.level === 'string');
  }
  const reqs = objs.filter((o) => o.level === 'request');
  assert.deepEqual(reqs.map((o) => Object.keys(o).sort()),
    reqs.map(() => ['level', 'method', 'ms', 'route', 'status', 'time', 'user']));
  const search = reqs.find((o) => o.route === '/api/v1/persons');
  assert.ok(search, JSON.stringify(reqs));
  assert.equal(search.status, 200);
  assert.equal(search.user, adminId);
  assert.equal(search.method, 'GET');
  assert.ok(typeof search.ms === 'number' && search.ms >= 0);
  assert.ok(reqs.some((o) => o.route === '/api/v1/persons/{id}' && o.status === 404));
  assert.ok(!reqs.some((o) => o.route === '/login'), 'no line names a page of the UI');
  assert.ok(!s.stderr().includes(p), 'the phone is not in the log');
  assert.equal(reqs.filter((o) => o.route === 'unmatched').length, 0, 'the UI page is not an API request');
  const bad = await cli('serve', '--db', ctx.db.url, '--log-format', 'xml');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--log-format is text or json/);
});

// A non-loopback address of this machine, or null.
function outsideAddress() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

// serveOn(listen, args) → a server bound to listen ("0.0.0.0:PORT"), waited for on loopback.
async function serveOn(port, args = []) {
  const proc = spawn(BIN, ['serve', '--db', ctx.db.url, '--listen', `0.0.0.0:${port}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exited = null;
  proc.stdout.on('data', (b) => (log += b));
  proc.stderr.on('data', (b) => (log += b));
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  const srv = {
    base: `http://127.0.0.1:${port}`,
    stderr: () => log,
    async stop() {
      if (exited) return exited;
      const done = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
      proc.kill('SIGTERM');
      return done;
    },
  };
  ctx.extraServers.push(srv);
  for (let i = 0; i < 400; i++) {
    if (exited) throw new Error(`serve exited: ${log}`);
    try {
      if ((await fetch(`${srv.base}/healthz`)).status === 200) return srv;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`serve did not start: ${log}`);
}

t('/metrics from another address is 404 like a page that does not exist; the token opens it', async (tt) => {
  const outside = outsideAddress();
  if (!outside) {
    tt.skip('this machine has no non-loopback IPv4 address to come from');
    return;
  }
  const dir = path.dirname(ctx.db.url.startsWith('postgres') ? path.join(os.tmpdir(), 'x') : ctx.db.url);
  const tokenFile = path.join(dir, `metrics-token-${process.pid}`);
  const token = 'k3y-' + 'abcdefghij0123456789'.split('').reverse().join('') + Date.now();
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const srv = await serveOn(await freePort(), ['--metrics-token-file', tokenFile]);
  const far = `http://${outside}:${srv.base.split(':')[2]}`;
  // the API answers from there: the address is reachable
  assert.equal((await request(far, 'GET', '/api/v1/meta')).status, 200);
  const refused = await request(far, 'GET', '/metrics');
  const nothing = await request(far, 'GET', '/api/v1/no-such-page');
  assert.equal(refused.status, 404, refused.text);
  assert.deepEqual(refused.json, nothing.json, 'the same answer as a page that does not exist');
  assert.doesNotMatch(refused.text, /fangyi_|HELP/);
  const wrong = await request(far, 'GET', '/metrics', { headers: { authorization: `Bearer ${token}x` } });
  assert.equal(wrong.status, 404);
  const short = await request(far, 'GET', '/metrics', { headers: { authorization: `Bearer ${token.slice(0, -1)}` } });
  assert.equal(short.status, 404);
  // a session's token is not the metrics token
  assert.equal((await request(far, 'GET', '/metrics', { token: adminToken })).status, 404);
  const page = await metrics(far, { headers: { authorization: `Bearer ${token}` } });
  assert.ok(value(page, 'fangyi_http_requests_total', { route: '/api/v1/meta', method: 'GET', status: '200' }) >= 1);
  // loopback needs no token
  await metrics(srv.base);
  // a token too short to be safe stops the server at start
  writeFileSync(tokenFile, 'short\n');
  const weak = await cli('serve', '--db', ctx.db.url, '--listen', `127.0.0.1:${await freePort()}`, '--metrics-token-file', tokenFile);
  assert.equal(weak.code, 1, weak.stderr);
  assert.match(weak.stderr, /metrics-token-file.*at least 16/);
  assert.match(weak.stderr, /令牌/);
});

t('behind a trusted proxy, X-Forwarded-For naming a loopback address does not make a client local', async () => {
  const s = await startServer(ctx.db.url, [], { env: { FANGYI_TRUSTED_PROXY: '127.0.0.2' } });
  ctx.extraServers.push(s);
  for (const xff of ['127.0.0.1', '::1', '10.0.0.7']) {
    const r = await request(s.base, 'GET', '/metrics', { from: '127.0.0.2', headers: { 'x-forwarded-for': xff } });
    assert.equal(r.status, 404, `through the proxy, X-Forwarded-For ${xff}: ${r.text}`);
  }
  const bare = await request(s.base, 'GET', '/metrics', { from: '127.0.0.2' });
  assert.equal(bare.status, 404, 'the proxy forwards the world: its requests are not local');
  // a loopback peer that is not the proxy is local, whatever it claims
  const local = await request(s.base, 'GET', '/metrics', { from: '127.0.0.3', headers: { 'x-forwarded-for': '8.8.8.8' } });
  assert.equal(local.status, 200, local.text);
  parse(local.text);
});

ctx.cleanExit();
