// run.mjs: `make bench`'s crash section: a server SIGKILLed at random moments of a burst of
// readings, many times over one database, and every reading it answered 201 looked for afterwards.
// A power cut is not a SIGKILL (the kernel keeps what was written), so this proves the order of
// things (no answer before its commit returned) rather than the disk's flush.
// usage: node bench/crash/run.mjs --bin build/fangyi --db URL [--kills 30] [--clients 8] [--label X]
//   URL is a SQLite path or a postgresql:// URL of an empty database.
// Prints one line per figure; exits 1 when a reading answered 201 is missing.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import net from 'node:net';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const BIN = arg('bin', 'build/fangyi');
const DB = arg('db');
const KILLS = Number(arg('kills', 30));
const CLIENTS = Number(arg('clients', 8));
const LABEL = arg('label', DB && DB.startsWith('postgres') ? 'PostgreSQL' : 'SQLite');
const TOWN = '430302100000';
const VILLAGE = '430302100201';
const pg = DB && DB.startsWith('postgres');
if (!DB) {
  console.error('usage: node bench/crash/run.mjs --bin BIN --db URL [--kills N] [--clients N]');
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, input = '') {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (err += b));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err}`))));
    p.stdin.end(input);
  });
}

// query(sql) → the rows of one statement, each a line, through the backend's own client
const query = (sql) => (pg ? run('psql', [DB, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql]) : run('sqlite3', [DB, sql]));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// serve() → {base, proc, exited, startMs}: a server answering /healthz, and how long that took
async function serve() {
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawn(BIN, ['serve', '--db', DB, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (b) => (log += b));
  const srv = { base: `http://127.0.0.1:${port}`, proc, exited: new Promise((r) => proc.once('exit', r)) };
  for (let i = 0; i < 400; i++) {
    try {
      const r = await fetch(`${srv.base}/healthz`);
      await r.arrayBuffer();
      if (r.status === 200) {
        srv.startMs = performance.now() - t0;
        return srv;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(25);
  }
  proc.kill('SIGKILL');
  throw new Error(`fangyi serve did not answer /healthz:\n${log}`);
}

async function api(srv, method, path, token, body) {
  const r = await fetch(srv.base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(i) {
  const s17 = `43030419${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(randomInt(100, 1000))}`;
  return s17 + '10X98765432'[[...s17].reduce((a, d, k) => a + Number(d) * W[k], 0) % 11];
}

// The town: a village, one key person per client, an administrator to send the readings.
async function setup() {
  await run(BIN, ['init', '--town-code', TOWN, '--town-name', '鹤岭镇', '--db', DB]);
  const password = `crash-${randomBytes(9).toString('base64url')}`;
  await run(BIN, ['user', 'add', 'crashbench', '--role', 'admin', '--area', TOWN, '--db', DB, '--password-stdin'], `${password}\n`);
  const srv = await serve();
  const { token } = await api(srv, 'POST', '/api/v1/session', null, { username: 'crashbench', password });
  await api(srv, 'POST', '/api/v1/areas', token, { name: '云龙村', kind: 'village', parent_code: TOWN, code: VILLAGE });
  const kps = [];
  for (let c = 0; c < CLIENTS; c++) {
    const p = await api(srv, 'POST', '/api/v1/persons', token, { name: `甄${'琪瑶璇瑜琛珂琰璟'[c % 8]}${c}`, area_code: VILLAGE, id_number: idNumber(c) });
    const k = await api(srv, 'POST', '/api/v1/key-persons', token, { person_id: p.id, reason: 'other', found_by: 'other', kind: 'home' });
    kps.push(k.id);
  }
  srv.proc.kill('SIGTERM');
  await srv.exited;
  return { token, kps };
}

// One kill: clients post readings as fast as they are answered; after a random moment of the
// burst the server is SIGKILLed. → {acked: [ids], sent, startMs}
async function round(town) {
  const srv = await serve();
  const acked = [];
  let sent = 0;
  let dead = false;
  const client = async (c) => {
    while (!dead) {
      sent++;
      try {
        const r = await fetch(`${srv.base}/api/v1/key-persons/${town.kps[c]}/checks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${town.token}` },
          body: JSON.stringify({ temperature: 36 + randomInt(0, 9) / 10, symptoms: [], method: 'phone' }),
        });
        const j = await r.json();
        if (r.status === 201) acked.push(j.id);
      } catch {
        return; // cut off by the kill
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  await sleep(randomInt(50, 600));
  srv.proc.kill('SIGKILL');
  dead = true;
  await srv.exited;
  await Promise.all(clients);
  return { acked, sent, startMs: srv.startMs };
}

const t0 = performance.now();
const town = await setup();
let acked = 0;
let found = 0;
let sent = 0;
const starts = [];
const lost = [];
for (let k = 0; k < KILLS; k++) {
  const r = await round(town);
  sent += r.sent;
  starts.push(r.startMs);
  acked += r.acked.length;
  if (r.acked.length) {
    const have = new Set((await query(`SELECT id FROM health_check WHERE id IN (${r.acked.join(',')})`)).trim().split('\n').map(Number));
    for (const id of r.acked) if (have.has(id)) found++; else lost.push(id);
  }
}
const stored = Number((await query(`SELECT COUNT(*) FROM health_check WHERE key_person_id IN (${town.kps.join(',')})`)).trim());
const secs = (performance.now() - t0) / 1000;
starts.sort((a, b) => a - b);
const pad = (s) => s.padEnd(46);
console.log(`${pad(`${LABEL}: ${KILLS} kills, ${CLIENTS} clients`)} ${acked} answered 201, ${found} found after the kills${lost.length ? '' : ' (all)'}`);
console.log(`${pad('  readings stored, answered or cut off')} ${stored} of ${sent} sent (the rest never reached a commit)`);
console.log(`${pad('  back up after a kill (start to /healthz)')} ${starts[Math.floor(starts.length / 2)].toFixed(0)} ms median, ${starts[starts.length - 1].toFixed(0)} ms longest`);
console.log(`${pad('  the whole run')} ${secs.toFixed(1)} s (set-up included)`);
if (lost.length) {
  console.log(`!! ${LABEL}: ${lost.length} readings answered 201 are missing: ${lost.slice(0, 10).join(', ')}`);
  process.exit(1);
}
