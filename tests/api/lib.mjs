// lib.mjs: the API test harness: a fresh database per test file, the demo town, users made with
// the CLI, the real server on a free port, and small HTTP helpers around the built-in fetch.
//
// Environment:
//   FANGYI_BIN            the binary (default <repo>/build/fangyi)
//   FANGYI_TEST_BACKEND   sqlite (default) or pg
//   FANGYI_TEST_PG_ADMIN  for pg: a libpq URL of an admin database, e.g.
//                         postgresql:///postgres?host=/tmp/fangyi-pg&port=55432&user=postgres
//
// Injected time: a server or a CLI command may run with FANGYI_CLOCK (ISO-8601 with an offset,
// "2020-01-25T23:59:00+08:00", or Unix seconds); its clock then advances in real time from there.
// startServer(db, args, {clock}), ctx.restart(signal, {clock}) and cli(..., {clock}) take one.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { deflateRawSync, deflateSync, inflateRawSync } from 'node:zlib';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.FANGYI_BIN || path.join(ROOT, 'build', 'fangyi');
export const BACKEND = process.env.FANGYI_TEST_BACKEND || 'sqlite';

// The demo town's fixed area codes.
export const AREA = {
  district: '430302000000', // 雨湖区
  town: '430302100000', // 鹤岭镇
  hongqi: '430302100001', // 红旗社区
  yuejin: '430302100002', // 跃进社区
  guosha: '430302100003', // 果沙社区
  yunlong: '430302100201', // 云龙村
  lixin: '430302100202', // 立新村
  longtouling: '430302100203', // 龙头岭村
  nangu: '430302100204', // 南谷村
  changan: '430302100205', // 长安村
  qunli: '430302100206', // 群力村
  yunlong1: '430302100201001', // a grid of 云龙村
  yunlong2: '430302100201002', // another grid of 云龙村
  lixin1: '430302100202001', // a grid of 立新村
};

const SANITIZER = /ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

/* ---------- processes ---------- */

// run(cmd, args, {input, env, timeout}) → {code, signal, stdout, stderr}; never rejects on a
// non-zero exit (the caller asserts), only when the command cannot start at all.
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, {
      env: { ...process.env, ...(opts.env || {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      p.kill('SIGKILL');
    }, opts.timeout || 120000);
    p.stdout.on('data', (b) => out.push(b));
    p.stderr.on('data', (b) => err.push(b));
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${e.message}`));
    });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      const r = {
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (killed) r.stderr += `\n[harness: killed after ${opts.timeout || 120000} ms]`;
      resolve(r);
    });
    p.stdin.on('error', () => {}); // the command may exit before reading stdin
    p.stdin.end(opts.input ?? '');
  });
}

// cli(...args) runs the fangyi binary; the last argument may be an options object.
// A sanitizer report from any command fails the test that ran it, whatever the exit code.
// opts.clock runs it with FANGYI_CLOCK set to that instant (see clockEnv).
export async function cli(...args) {
  const opts = typeof args[args.length - 1] === 'object' ? args.pop() : {};
  if (opts.clock !== undefined && opts.clock !== null) opts.env = { ...(opts.env || {}), ...clockEnv(opts.clock) };
  const r = await run(BIN, args.map(String), opts);
  if (SANITIZER.test(r.stderr)) throw new Error(`sanitizer report from fangyi ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

/* ---------- injected time ---------- */

// toUnix(t) → Unix seconds of an instant given as Unix seconds (number or digits), an ISO-8601
// text with an offset, or a Date.
export function toUnix(t) {
  if (t instanceof Date) return Math.floor(t.getTime() / 1000);
  if (typeof t === 'number') return Math.floor(t);
  if (/^-?\d+$/.test(String(t))) return Number(t);
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${t}`);
  return Math.floor(ms / 1000);
}

// clockEnv(t) → the environment that injects the instant t into a fangyi process.
export function clockEnv(t) {
  if (typeof t === 'string' && !/^-?\d+$/.test(t)) return { FANGYI_CLOCK: t };
  return { FANGYI_CLOCK: String(toUnix(t)) };
}

// local(date, time) → Unix seconds of a town-local (Asia/Shanghai, UTC+8 without DST) wall time:
// local('2020-01-23', '23:59') or local('2020-01-23T23:59').
export function local(date, time = '00:00:00') {
  const [d, tm] = date.includes('T') ? date.split('T') : [date, time];
  const hms = tm.length === 5 ? `${tm}:00` : tm;
  return toUnix(`${d}T${hms}+08:00`);
}

// localDate(unix) → the town-local date YYYY-MM-DD of an instant.
export function localDate(t) {
  return new Date((toUnix(t) + 8 * 3600) * 1000).toISOString().slice(0, 10);
}

// addDays('2020-01-23', 13) → '2020-02-05'.
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// today() → the town-local date of now, YYYY-MM-DD (read each time: a test may run past midnight).
export function today() {
  return localDate(Math.floor(Date.now() / 1000));
}

// gbk(text) → the bytes of text in GBK, as Excel saves a CSV on a Chinese Windows. node has no
// GBK encoder: the table inverts TextDecoder('gbk'), built once.
let gbkTable;
export function gbk(text) {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const c = dec.decode(Uint8Array.of(a, b));
        if (c.length === 1 && c !== '\ufffd' && !gbkTable.has(c)) gbkTable.set(c, [a, b]);
      }
    }
  }
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (gbkTable.has(ch)) out.push(...gbkTable.get(ch));
    else throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(out);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---------- databases ---------- */

// createDb() → {url, drop()}: a fresh, empty database for one test file.
export async function createDb() {
  if (BACKEND === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-api-'));
    return {
      url: path.join(dir, 't.db'),
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (BACKEND !== 'pg') throw new Error(`FANGYI_TEST_BACKEND must be sqlite or pg, not ${BACKEND}`);
  const admin = process.env.FANGYI_TEST_PG_ADMIN;
  if (!admin) throw new Error('FANGYI_TEST_BACKEND=pg needs FANGYI_TEST_PG_ADMIN (a libpq URL)');
  const name = `fangyi_t_${randomBytes(6).toString('hex')}`;
  const psql = (sql) => run('psql', [admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  const r = await psql(`CREATE DATABASE ${name}`);
  if (r.code !== 0) throw new Error(`psql: cannot create database ${name}: ${r.stderr}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// sql(dbUrl, statement) runs one SQL statement with the backend's own client (sqlite3 or psql).
export function sql(dbUrl, statement) {
  if (BACKEND === 'sqlite') return run('sqlite3', [dbUrl, statement]);
  return run('psql', [dbUrl, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
}

/* ---------- the server ---------- */

// startServer(dbUrl, extraArgs, {clock, env}) → a running `fangyi serve` on a free port,
// answering /healthz. With clock, the server's time starts at that instant (FANGYI_CLOCK);
// srv.now() estimates the server's current time in Unix seconds.
export async function startServer(dbUrl, extraArgs = [], opts = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clock = opts.clock ?? null;
  const env = { ...process.env, ...(opts.env || {}) };
  delete env.FANGYI_CLOCK;
  if (clock !== null) Object.assign(env, clockEnv(clock));
  const startedReal = Date.now();
  const proc = spawn(BIN, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const srv = {
    base,
    port,
    proc,
    clock, // the injected instant, or null for the real clock
    log: '',
    exited: null, // {code, signal} once the process is gone
    now() {
      if (clock === null) return Math.floor(Date.now() / 1000);
      return toUnix(clock) + Math.floor((Date.now() - startedReal) / 1000);
    },
    stderr() {
      return srv.log;
    },
    tail(n = 40) {
      return srv.log.split('\n').slice(-n).join('\n');
    },
    async stop() {
      if (srv.exited) return srv.exited;
      const done = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const e = await done;
      clearTimeout(t);
      return e;
    },
  };
  proc.stdout.on('data', (b) => (srv.log += b.toString('utf8')));
  proc.stderr.on('data', (b) => (srv.log += b.toString('utf8')));
  proc.on('exit', (code, signal) => (srv.exited = { code, signal }));
  proc.on('error', (e) => (srv.log += `\n[harness: cannot start ${BIN}: ${e.message}]`));
  const deadline = Date.now() + 20000;
  for (;;) {
    if (srv.exited) {
      throw new Error(`fangyi serve exited (${JSON.stringify(srv.exited)}) before answering:\n${srv.log}`);
    }
    try {
      const r = await fetch(`${base}/healthz`);
      await r.arrayBuffer();
      if (r.status === 200) return srv;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`fangyi serve did not answer /healthz within 20 s:\n${srv.log}`);
    }
    await sleep(50);
  }
}

/* ---------- HTTP ---------- */

// request(base, method, path, opts) → {status, json, text, headers}
//   opts.token   bearer token          opts.cookie  a Cookie header value
//   opts.body    an object, sent as JSON   opts.raw  a string or Buffer sent as is
//   opts.type    Content-Type for raw (default application/json)   opts.headers  more headers
//   opts.from    a loopback source address (e.g. '127.0.0.9') for per-address limits: the request
//                then goes through node:http bound to that address instead of fetch
export async function request(base, method, p, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= opts.type || 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const r = opts.from
    ? await requestFrom(opts.from, base + p, method, headers, body)
    : await fetch(base + p, { method, headers, body, redirect: 'manual' });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text, headers: r.headers };
}

// requestFrom(localAddress, url, method, headers, body) → a fetch-like answer {status, headers,
// text()} of a request sent from the given loopback address (all of 127/8 is local on Linux).
function requestFrom(localAddress, url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, localAddress,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : String(v));
        resolve({ status: res.statusCode, headers: h, text: async () => buf.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/* ---------- the town ---------- */

// A password the server's rules accept every time: cracklib refuses more than four neighbours
// one letter or digit apart ("cd", "98", "Ba"), which a plain random draw has now and then.
export function password() {
  const abc = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2346789';
  let pw = 'pw-';
  for (const b of randomBytes(24)) {
    const c = abc[b % abc.length];
    const prev = pw.toLowerCase().charCodeAt(pw.length - 1);
    if (Math.abs(c.toLowerCase().charCodeAt(0) - prev) <= 1) continue;
    pw += c;
    if (pw.length === 15) break;
  }
  return pw.length >= 13 ? pw : password();
}

// setupTown({people, clock}): registers before/after hooks that give the file its own database
// with the demo town (300 people), a server (on the injected clock, if given), and an admin
// user; returns the context the tests use.
//   ctx.api(method, path, opts)   request against this file's server
//   ctx.user(role, area)          creates a user with the CLI → {username, password, ...}
//   ctx.login(u)                  token (cached per user: Argon2id is slow on purpose)
//   ctx.test(name, fn)            node:test test that appends the server log when it fails
export function setupTown(opts = {}) {
  const ctx = {
    db: null,
    server: null,
    admin: null,
    tokens: new Map(),
    api(method, p, o) {
      return request(ctx.server.base, method, p, o);
    },
    // user(role, area, name?, {displayName}?)
    async user(role, area, name, o = {}) {
      const username = name || `${role}_${randomBytes(4).toString('hex')}`;
      const pw = password();
      const extra = o.displayName ? ['--display-name', o.displayName] : [];
      if (o.phone) extra.push('--phone', o.phone);
      const r = await cli('user', 'add', username, '--role', role, '--area', area, ...extra, '--db', ctx.db.url,
        '--password-stdin', { input: `${pw}\n` });
      assert.equal(r.code, 0, `fangyi user add ${username} --role ${role} --area ${area} failed:\n${r.stdout}${r.stderr}`);
      return { username, password: pw, role, area, displayName: o.displayName };
    },
    async loginResponse(username, pw, base) {
      return request(base || ctx.server.base, 'POST', '/api/v1/session', { body: { username, password: pw } });
    },
    // A cached token is used again while it has not expired on the server's (maybe injected)
    // clock; sessions last 12 hours, so a restart at a later injected time logs in again.
    async login(u, base) {
      const key = `${base || ''}|${u.username}`;
      const cached = ctx.tokens.get(key);
      if (cached && (!ctx.server || cached.expires_at > ctx.server.now() + 120)) return cached.token;
      const r = await ctx.loginResponse(u.username, u.password, base);
      assert.equal(r.status, 200, `login of ${u.username} failed: ${r.text}`);
      assert.ok(r.json.token, 'login answers a token');
      ctx.tokens.set(key, { token: r.json.token, expires_at: r.json.expires_at ?? Infinity });
      return r.json.token;
    },
    // now() → the server's current time (Unix seconds), injected or real.
    now() {
      return ctx.server.now();
    },
    // cli(...args, opts): the fangyi binary on this file's database (--db added), at the
    // server's current time when the server runs on an injected clock (opts.clock overrides).
    async cli(...args) {
      const opts = typeof args[args.length - 1] === 'object' ? { ...args.pop() } : {};
      if (opts.clock === undefined && ctx.server && ctx.server.clock !== null) opts.clock = ctx.server.now();
      return cli(...args, '--db', ctx.db.url, opts);
    },
    test(name, fn) {
      return test(name, async (t) => {
        try {
          await fn(t);
        } catch (e) {
          if (ctx.server) {
            const state = ctx.server.exited ? `\n[server has exited: ${JSON.stringify(ctx.server.exited)}]` : '';
            e.message = `${e.message}${state}\n--- fangyi serve log (tail) ---\n${ctx.server.tail()}`;
          }
          throw e;
        }
      });
    },
    // The last test of a file: the server stops on SIGTERM without a sanitizer report.
    cleanExit() {
      test('server stops cleanly on SIGTERM, without sanitizer reports', async () => {
        assert.ok(ctx.server, 'server was started');
        assert.equal(ctx.server.exited, null, `server died during the tests:\n${ctx.server.tail()}`);
        const e = await ctx.server.stop();
        assert.ok(e.code === 0 || e.signal === 'SIGTERM', `exit ${JSON.stringify(e)}:\n${ctx.server.tail()}`);
        for (const s of ctx.extraServers) await s.stop();
        const all = [ctx.server, ...ctx.extraServers].map((s) => s.stderr()).join('\n');
        assert.doesNotMatch(all, SANITIZER, 'sanitizer report in the server log');
      });
    },
    extraServers: [],
    // restart(signal, {clock}): stop the server (SIGTERM, or SIGKILL to simulate a power cut) and
    // start a new one on the same database. Sessions live in the database, so tokens stay valid
    // (until they expire on the new clock). Without clock, a server on an injected clock goes on
    // from where the old one was; clock: null returns to the real clock.
    async restart(signal = 'SIGTERM', o = {}) {
      const clock = o.clock !== undefined ? o.clock : (ctx.server.clock === null ? null : ctx.server.now());
      const old = ctx.server;
      if (signal === 'SIGKILL' && !old.exited) {
        const gone = new Promise((r) => old.proc.once('exit', r));
        old.proc.kill('SIGKILL');
        await gone;
      } else {
        await old.stop();
      }
      ctx.extraServers.push(old); // its log is still checked for sanitizer reports
      ctx.server = await startServer(ctx.db.url, [], { clock });
      return ctx.server;
    },
    async startAnother(o = {}) {
      const s = await startServer(ctx.db.url, [], o);
      ctx.extraServers.push(s);
      return s;
    },
  };

  before(async () => {
    ctx.db = await createDb();
    const people = String(opts.people ?? 300);
    const d = await cli('demo', '--db', ctx.db.url, '--people', people, { timeout: 180000 });
    assert.equal(d.code, 0, `fangyi demo failed:\n${d.stdout}${d.stderr}`);
    assert.doesNotMatch(d.stderr, SANITIZER, 'sanitizer report from fangyi demo');
    ctx.admin = await ctx.user('admin', AREA.town);
    ctx.server = await startServer(ctx.db.url, [], { clock: opts.clock ?? null });
  });

  after(async () => {
    for (const s of ctx.extraServers) await s.stop();
    if (ctx.server) await ctx.server.stop();
    if (ctx.db) await ctx.db.drop();
  });

  return ctx;
}

/* ---------- data ---------- */

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

// checkDigit(first17) → the GB 11643-1999 (ISO 7064 MOD 11-2) check character.
export function checkDigit(s17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s17[i]) * W[i];
  return CHECK[sum % 11];
}

let seq = randomInt(100, 900);

// idNumber({area, birth, female}) → a valid ID number this process has not given before (a burst
// of thousands would otherwise meet a repeat now and then: a birth date, a sequence and a digit).
const issuedIds = new Set();
export function idNumber(o = {}) {
  for (;;) {
    const n = drawIdNumber(o);
    if (!issuedIds.has(n)) {
      issuedIds.add(n);
      return n;
    }
  }
}

function drawIdNumber(o) {
  const area = o.area || '430304';
  let birth = o.birth;
  if (!birth) {
    const y = randomInt(1940, 2006);
    const m = randomInt(1, 13);
    const d = randomInt(1, 29);
    birth = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  }
  seq = (seq + 1) % 100;
  // the sequence keeps two numbers of one birth date apart; the 17th digit is odd for men, even
  // for women
  let g = randomInt(0, 10);
  if (o.female === true && g % 2 === 1) g -= 1;
  if (o.female === false && g % 2 === 0) g += 1;
  const s17 = `${area}${birth}${String(seq).padStart(2, '0')}${g}`;
  return s17 + checkDigit(s17);
}

export function phone() {
  return `13${randomInt(0, 10)}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

const NAMECHARS = '瑾璟珂琰瑜琪玥璇瑶玮珩琛琨瑞璋瑄琬珺璐玳琦珈瑗璠璘琮瓒珣琇';

let nameSeq = randomInt(0, NAMECHARS.length ** 3);

// uniqueName() → a Chinese name unlikely to exist in the demo town, and never the same twice in
// one test file (a counter written in base NAMECHARS.length).
export function uniqueName(surname = '甄') {
  const n = NAMECHARS.length;
  nameSeq = (nameSeq + 1) % n ** 3;
  let s = surname;
  for (let i = 0, v = nameSeq; i < 3; i++, v = Math.floor(v / n)) s += NAMECHARS[v % n];
  return s;
}

// The mask shapes of docs/API.md.
export const ID_MASK = /^\d{4}\*{10}[\dX]{4}$/;
export const PHONE_MASK = /^\d{3}\*{4}\d{4}$/;
export function maskId(id) {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;
}
export function maskPhone(p) {
  return `${p.slice(0, 3)}****${p.slice(-4)}`;
}
// ageOn('1987-06-15', '2020-06-14') → 32: whole years, what a masked record shows instead of the
// birth date; today defaults to the town's (UTC+8) date now.
export function ageOn(birth, today = localDate(Date.now() / 1000)) {
  const age = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? age - 1 : age;
}

// assertError(r, status, code, field?): the error shape of docs/API.md, in both languages.
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `error body expected, got: ${r.text}`);
  assert.equal(r.json.error.code, code, `error code: ${r.text}`);
  assert.equal(typeof r.json.error.message, 'string');
  assert.equal(typeof r.json.error.message_en, 'string');
  assert.match(r.json.error.message, /\p{Script=Han}/u, `message should be Chinese: ${r.text}`);
  assert.ok(r.json.error.message_en.length > 0, 'message_en not empty');
  if (field !== undefined) assert.equal(r.json.error.field, field, `error field: ${r.text}`);
}

// pageAll(ctx, token, path) → every item of a list, following limit/offset.
export async function pageAll(ctx, token, p, limit = 500) {
  const sep = p.includes('?') ? '&' : '?';
  const items = [];
  let total = null;
  for (let off = 0; ; off += limit) {
    const r = await ctx.api('GET', `${p}${sep}limit=${limit}&offset=${off}`, { token });
    assert.equal(r.status, 200, `GET ${p}: ${r.text}`);
    assert.ok(Array.isArray(r.json.items));
    if (total === null) total = r.json.total;
    assert.equal(r.json.total, total, 'total is stable across pages');
    items.push(...r.json.items);
    if (r.json.items.length < limit) break;
    if (off > 100000) throw new Error('runaway paging');
  }
  assert.equal(items.length, total, `items over all pages equal total for ${p}`);
  return items;
}

/* ---------- proof of work ---------- */

// leadingZeroBits(buf) → how many zero bits the buffer starts with.
export function leadingZeroBits(buf) {
  let n = 0;
  for (const b of buf) {
    if (b === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

// solvePow(nonce, bits) → a text solution such that SHA-256(nonce + solution) starts with bits
// zero bits: the tip form's challenge (GET /api/v1/tips/challenge).
export function solvePow(nonce, bits) {
  for (let i = 0; ; i++) {
    const solution = i.toString(36);
    if (leadingZeroBits(createHash('sha256').update(nonce + solution).digest()) >= bits) return solution;
    if (i > 1e9) throw new Error(`no solution for ${bits} bits`);
  }
}

/* ---------- CSV ---------- */

// csv(header, rows, eol) → CSV text as Excel writes it: fields with a comma, quote or line break
// are quoted, quotes doubled.
export function csv(header, rows, eol = '\r\n') {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join(eol) + eol;
}

// importCsv(ctx, token, body, query) → the answer of POST /api/v1/imports/residents.
export function importCsv(ctx, token, body, query = '') {
  return ctx.api('POST', `/api/v1/imports/residents${query}`, { token, raw: body, type: 'text/csv' });
}

/* ---------- workbooks ---------- */

// zip(files) → the bytes of a zip archive of {name: string|Buffer}, deflated, as Excel writes
// an .xlsx (local headers, then the central directory).
export function zip(files) {
  const locals = [];
  const central = [];
  let off = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nm = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nm.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nm.length, 28);
    dir.writeUInt32LE(off, 42);
    locals.push(head, nm, packed);
    central.push(dir, nm);
    off += head.length + nm.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlEsc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colName = (i) => (i >= 26 ? colName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

// excelSerial('2020-02-03') → 43864: the day as Excel counts it (1900 system, its phantom
// 1900-02-29 included, so every day from March 1900 on is one more than the real count).
export function excelSerial(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000 + 25569;
}

// xlsx(rows, {title, sheet}) → the bytes of an .xlsx as Excel writes one: strings in
// sharedStrings.xml, a title row merged across the columns above the rows when title is
// given, and cells that are strings, numbers, {date: 'YYYY-MM-DD'} (a serial with the date
// format yyyy/m/d), {number: '4.30302199001011E+17'} (a number's stored text, as Excel keeps an
// ID typed into a General cell), {inline: 'text'} (an inline string) or {bool: true}; null is
// an empty cell, not written.  The sheet's cells carry their references (A1, AA10).
// before: other sheets ahead of this one, [{name, rows}] of text cells, as a clerk's workbook
// opens on a sheet of notes ("填表说明") with the list behind it
export function xlsx(rows, { title = null, sheet = 'Sheet1', skipRows = 0, before = [] } = {}) {
  const sst = [];
  const sstIndex = new Map();
  const str = (s) => {
    if (!sstIndex.has(s)) { sstIndex.set(s, sst.length); sst.push(s); }
    return sstIndex.get(s);
  };
  let width = Math.max(1, ...rows.map((r) => r.length));
  const xmlRows = [];
  let r = 1 + skipRows;
  const cellXml = (v, ref) => {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (typeof v === 'string') return `<c r="${ref}" t="s"><v>${str(v)}</v></c>`;
    if (v.date) return `<c r="${ref}" s="1"><v>${excelSerial(v.date)}</v></c>`;
    if (v.number) return `<c r="${ref}"><v>${v.number}</v></c>`;
    if (v.inline !== undefined) return `<c r="${ref}" t="inlineStr"><is><t>${xmlEsc(v.inline)}</t></is></c>`;
    if (v.bool !== undefined) return `<c r="${ref}" t="b"><v>${v.bool ? 1 : 0}</v></c>`;
    throw new Error(`xlsx: unknown cell ${JSON.stringify(v)}`);
  };
  let merge = '';
  if (title !== null) {
    // Excel keeps the merged cells of a title row as styled empty cells
    const cells = [`<c r="A${r}" s="2" t="s"><v>${str(title)}</v></c>`];
    for (let i = 1; i < width; i++) cells.push(`<c r="${colName(i)}${r}" s="2"/>`);
    xmlRows.push(`<row r="${r}" spans="1:${width}" ht="30" customHeight="1">${cells.join('')}</row>`);
    merge = `<mergeCells count="1"><mergeCell ref="A${r}:${colName(width - 1)}${r}"/></mergeCells>`;
    r++;
  }
  for (const row of rows) {
    const cells = row.map((v, i) => cellXml(v, `${colName(i)}${r}`)).join('');
    xmlRows.push(`<row r="${r}" spans="1:${width}">${cells}</row>`);
    r++;
  }
  // and a formatted but empty row at the end, as Excel leaves one where a row was cleared
  xmlRows.push(`<row r="${r + 2}" spans="1:${width}"><c r="A${r + 2}" s="2"/></row>`);
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const others = {};
  for (const [k, b] of before.entries()) {
    const rowsXml = b.rows.map((row, i) => `<row r="${i + 1}">${row.map((v, j) =>
      `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t>${xmlEsc(String(v))}</t></is></c>`).join('')}</row>`).join('')
    others[`xl/worksheets/before${k + 1}.xml`] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<worksheet xmlns="${ns}" xmlns:r="${rel}"><sheetData>${rowsXml}</sheetData></worksheet>`
  }
  const beforeSheets = before.map((b, k) => `<sheet name="${xmlEsc(b.name)}" sheetId="${k + 2}" r:id="rId${k + 10}"/>`).join('')
  const beforeRels = before.map((b, k) => `<Relationship Id="rId${k + 10}" Type="${rel}/worksheet" Target="worksheets/before${k + 1}.xml"/>`).join('')
  const beforeTypes = before.map((b, k) => `<Override PartName="/xl/worksheets/before${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
  return zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + beforeTypes
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      + '</Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<workbook xmlns="${ns}" xmlns:r="${rel}"><workbookPr defaultThemeVersion="124226"/>`
      + `<sheets>${beforeSheets}<sheet name="${xmlEsc(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + `<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>`
      + `<Relationship Id="rId4" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>${beforeRels}</Relationships>`,
    'xl/styles.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<styleSheet xmlns="${ns}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d;@"/></numFmts>`
      + '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
      + '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
      + '<borders count="1"><border/></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
      + '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs>'
      + '</styleSheet>',
    'xl/sharedStrings.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<sst xmlns="${ns}" count="${sst.length}" uniqueCount="${sst.length}">`
      + sst.map((s) => `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${xmlEsc(s)}</t></si>`).join('')
      + '</sst>',
    'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<worksheet xmlns="${ns}" xmlns:r="${rel}"><dimension ref="A1:${colName(width - 1)}${r - 1}"/>`
      + `<sheetData>${xmlRows.join('')}</sheetData>${merge}</worksheet>`,
    ...others,
  });
}

// importFile(ctx, token, body, query) → POST /api/v1/imports/residents with a workbook's bytes.
export function importFile(ctx, token, body, query = '') {
  return ctx.api('POST', `/api/v1/imports/residents${query}`, { token, raw: body, type: 'application/octet-stream' });
}

/* ---------- images ---------- */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
// png(w, h, [r, g, b]) → a valid truecolour PNG of one colour (a photo's bytes in tests).
export function png(w, h, rgb = [200, 30, 30]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/* ---------- export watermarks ---------- */

// The serial of an export (EX-YYYYMMDD-XXXXXXXX), printed on the file and kept in its audit row.
export const SERIAL = /EX-\d{8}-[0-9A-F]{8}/;

// localMinute(t) → "YYYY-MM-DD HH:MM" of Unix seconds t in the town (UTC+8), as a watermark says.
export function localMinute(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

// csvMark(text) → {mark, serial, body}: the watermark line fangyi writes above an exported CSV's
// header ("导出：张三（zhangsan）2026-12-07 14:03 编号 EX-… ｜ Exported by …"), checked, and the
// CSV after it (BOM removed).
export function csvMark(text) {
  const t = text.replace(/^\ufeff/, '');
  const i = t.indexOf('\r\n');
  assert.ok(i > 0, 'the CSV has a first line');
  const mark = t.slice(0, i);
  assert.match(mark, /^导出：.+ \d{4}-\d{2}-\d{2} \d{2}:\d{2} 编号 EX-\d{8}-[0-9A-F]{8} ｜ Exported by .+ serial EX-/,
    `the watermark line: ${mark}`);
  return { mark, serial: mark.match(SERIAL)[0], body: t.slice(i + 2) };
}

/* ---------- lists from higher authorities ---------- */

// listUpload(ctx, token, body, q) posts a list's file (its name and source in the query, q adds
// to them or replaces them); listMatched(ctx, answer, token) polls the list until its background
// match has ended and gives the list.
export function listUpload(ctx, token, body, q = {}) {
  const qs = new URLSearchParams({ name: uniqueName('名单'), source: '区指挥部', ...q }).toString();
  return ctx.api('POST', `/api/v1/lists?${qs}`, { token, raw: body, type: 'application/octet-stream' });
}

export async function listMatched(ctx, r, token) {
  assert.ok([200, 202].includes(r.status), r.text);
  for (let i = 0; i < 300; i++) {
    const g = await ctx.api('GET', `/api/v1/lists/${r.json.id}`, { token });
    assert.equal(g.status, 200, g.text);
    if (g.json.status !== 'matching') return g.json;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`list ${r.json.id} still matching`);
}


// zipEntries(buf) → Map name → contents of a zip (an xlsx), read through its central directory.
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'a zip file (end of central directory found)');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local0 = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local0 + 30 + buf.readUInt16LE(local0 + 26) + buf.readUInt16LE(local0 + 28);
    const data = buf.subarray(start, start + csize);
    out.set(name, method === 0 ? data : inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/* ---------- the server process ---------- */

// rssAnon(srv) → the server's anonymous resident memory in bytes (RssAnon of /proc/PID/status):
// its heap and stacks, not the files it maps or the kernel's page cache.
export function rssAnon(srv) {
  const m = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8'));
  if (!m) throw new Error(`no RssAnon in /proc/${srv.proc.pid}/status`);
  return Number(m[1]) * 1024;
}

// spoolDir(srv) → the directory the server spools uploads in, as its start-up log names it (the
// log's pipe may deliver the line after /healthz has answered: waited for, up to 5 s).
export async function spoolDir(srv) {
  for (let i = 0; i < 100; i++) {
    const m = /uploads are spooled in (.+)$/m.exec(srv.log);
    if (m) return m[1];
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`the server did not name its spool directory:\n${srv.tail()}`);
}
