// cluster.test.mjs: a district's deployment in small: nginx from Debian ending TLS (a certificate
// made here with openssl for 127.0.0.1) in front of two fangyi servers on one PostgreSQL, with the
// configuration docs/DEPLOY.md gives. A grid worker logs in through nginx (the cookie is Secure),
// works through both servers in turn, PostgreSQL ends every connection of both servers (as a
// restart or a failover does) without costing the worker a request, one server is SIGKILLed and
// the session goes on through the other (a list, a reading retried with its Idempotency-Key after
// the server that stored it died), and the audit names the worker's own address, not nginx's.
// PostgreSQL only: the servers of a district share one database server.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { AREA, BACKEND, ROOT, freePort, idNumber, run, setupTown, sql, startServer, uniqueName } from './lib.mjs';

const WEB = path.join(ROOT, 'web/dist');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// nginxConf(dir, port, upstreams) → the configuration of docs/DEPLOY.md, with the test's own
// prefix, pid file, logs and temporary directories, so it runs beside (or without) the system's.
function nginxConf(dir, port, upstreams) {
  return `# fangyi behind nginx: TLS ends here, two fangyi servers share the work
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    # which fangyi answered each request: for the operator, never sent to the client
    log_format upstream '$remote_addr "$request" $status $upstream_addr';
    access_log ${dir}/access.log upstream;

    upstream fangyi {
${upstreams.map((u) => `        server ${u} max_fails=1 fail_timeout=5s;`).join('\n')}
        keepalive 32;
    }
    server {
        listen 127.0.0.1:${port} ssl;
        ssl_certificate ${dir}/cert.pem;
        ssl_certificate_key ${dir}/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 1024m;   # a list from the district: up to 1 GiB
        location / {
            proxy_pass http://fangyi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # a server that refuses the connection or answers 502: the next one. nginx never
            # sends a POST again once it reached a server: the client does, with its key
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 300s;      # an export of the whole town
            proxy_request_buffering off;  # uploads stream to fangyi's own spool
        }
    }
}
`;
}

if (BACKEND !== 'pg') {
  test('nginx with two fangyi servers on one PostgreSQL', { skip: 'PostgreSQL only (FANGYI_TEST_BACKEND=pg): the servers of a district share one PostgreSQL' }, () => {});
} else {
  const ctx = setupTown({ people: 10 });
  const t = ctx.test;
  const CLIENT = '127.0.0.7'; // the grid worker's address: not nginx's 127.0.0.1
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-cluster-'));
  chmodSync(dir, 0o755); // nginx's workers (nobody, when the test runs as root) write its tmp/
  let port;
  let nginx;
  let ca;
  let agent;
  const servers = [];
  let worker;
  let session; // {cookie, csrf}
  let kp;

  // tls(method, path, {body, headers, cookie, csrf, from}) → {status, json, text, headers}: a request
  // through nginx over HTTPS, the certificate checked against the one made here.
  function tls(method, p, o = {}) {
    return new Promise((resolve, reject) => {
      const headers = { ...(o.headers || {}) };
      let body;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
      if (o.cookie) headers.cookie = o.cookie;
      if (o.csrf) headers['x-csrf-token'] = o.csrf;
      const req = https.request({
        host: '127.0.0.1', port, path: p, method, headers, agent, localAddress: o.from || CLIENT,
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
          resolve({ status: res.statusCode, json, text, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  // post(path, key, body) → the answer of a create as the UI sends it (web/src/submission.js): with
  // its Idempotency-Key, sent again with the same key while the answer says nothing about whether
  // it was stored (502, 503, 504).
  async function post(p, key, body) {
    let r;
    for (let i = 0; i < 3; i++) {
      r = await tls('POST', p, { ...session, headers: { 'Idempotency-Key': key }, body });
      if (![502, 503, 504].includes(r.status)) break;
      await sleep(100);
    }
    return r;
  }

  // accessLog(from, n) → nginx's access log from line `from` on, a line per request: address,
  // request, status, upstream(s); waits until it has n lines, since nginx writes a request's line
  // after its answer has gone
  const readLog = () => readFileSync(path.join(dir, 'access.log'), 'utf8').trim().split('\n').filter(Boolean);
  async function accessLog(from = 0, n = 0) {
    for (let i = 0; readLog().length - from < n && i < 100; i++) await sleep(20);
    return readLog().slice(from);
  }

  t('set up: a certificate, two fangyi servers behind nginx over TLS, a grid worker with a key person', async () => {
    const cert = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    assert.equal(cert.code, 0, cert.stderr);
    chmodSync(path.join(dir, 'key.pem'), 0o600);
    ca = readFileSync(path.join(dir, 'cert.pem'));
    agent = new https.Agent({ ca, keepAlive: true, maxSockets: 4 });
    port = await freePort();
    for (let i = 0; i < 2; i++) {
      const web = existsSync(WEB) ? ['--web', WEB] : [];
      servers.push(await startServer(ctx.db.url, ['--public-url', `https://127.0.0.1:${port}`, '--trusted-proxy', '127.0.0.1', ...web]));
    }
    ctx.extraServers.push(...servers);
    mkdirSync(path.join(dir, 'tmp'));
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConf(dir, port, servers.map((s) => `127.0.0.1:${s.port}`)));
    const check = await run('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')]);
    assert.equal(check.code, 0, `nginx -t: ${check.stderr}`);
    nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let nlog = '';
    nginx.stderr.on('data', (b) => (nlog += b));
    for (let i = 0; ; i++) {
      try {
        const h = await tls('GET', '/healthz');
        if (h.status === 200) break;
      } catch { /* not listening yet */ }
      if (i > 100) throw new Error(`nginx did not answer over TLS:\n${nlog}`);
      await sleep(50);
    }
    // a grid worker of 云龙村1组 and a resident of that grid under observation
    worker = await ctx.user('grid', AREA.yunlong1);
    const admin = await ctx.login(ctx.admin);
    const p = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: uniqueName(), area_code: AREA.yunlong1, id_number: idNumber() } });
    assert.equal(p.status, 201, p.text);
    const k = await ctx.api('POST', '/api/v1/key-persons', { token: admin, body: { person_id: p.json.id, reason: 'other', found_by: 'other', kind: 'home' } });
    assert.equal(k.status, 201, k.text);
    kp = k.json.id;
  });

  t('the grid worker logs in through nginx over TLS: the session cookie is Secure', async () => {
    const r = await tls('POST', '/api/v1/session', { body: { username: worker.username, password: worker.password } });
    assert.equal(r.status, 200, r.text);
    const set = [].concat(r.headers['set-cookie'] || []).join('\n');
    const attrs = set.split(';').map((x) => x.trim().toLowerCase());
    assert.ok(attrs.includes('secure'), `Secure behind nginx: ${set}`);
    assert.ok(attrs.includes('httponly'), set);
    session = { cookie: set.split(';')[0], csrf: r.json.csrf_token };
  });

  t('the session works through both servers: requests are answered by each in turn', async () => {
    const before = (await accessLog()).length;
    for (let i = 0; i < 6; i++) {
      const r = await tls('GET', '/api/v1/worklist', session);
      assert.equal(r.status, 200, r.text);
      const w = await tls('POST', `/api/v1/key-persons/${kp}/checks`, {
        ...session, headers: { 'Idempotency-Key': `cluster-turn-${Date.now()}-${i}` },
        body: { temperature: 36.5, symptoms: [], method: 'visit' },
      });
      assert.equal(w.status, 201, w.text);
    }
    const lines = await accessLog(before, 12);
    const ups = new Set(lines.map((l) => l.split(' ').pop()));
    assert.deepEqual([...ups].sort(), servers.map((s) => `127.0.0.1:${s.port}`).sort(), `both servers answered:\n${lines.join('\n')}`);
  });

  t("the audit has the worker's own address, not nginx's", async () => {
    const auditor = await ctx.user('auditor', AREA.town);
    const tok = await ctx.login(auditor);
    const r = await ctx.api('GET', `/api/v1/audit?action=login&username=${worker.username}&limit=1`, { token: tok });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items[0].ip, CLIENT, r.text);
    const c = await ctx.api('GET', `/api/v1/audit?username=${worker.username}&limit=5`, { token: tok });
    const made = c.json.items.filter((a) => a.object_kind === 'health_check');
    assert.ok(made.length > 0, c.text);
    for (const a of made) assert.equal(a.ip, CLIENT, JSON.stringify(a));
  });

  // The UI is the same routes: loaded through nginx over TLS in Chromium, when the browser tests'
  // playwright-core is installed (tests/e2e) and the UI is built (make web).
  t('the login page through nginx over TLS in Chromium: the worker logs in and lands on the worklist', async (tt) => {
    let chromium;
    try {
      const req = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
      const mod = await import(pathToFileURL(req.resolve('playwright-core')).href);
      chromium = mod.chromium || mod.default.chromium;
    } catch {
      return tt.skip('no playwright-core in tests/e2e (scripts/npm-ci.sh tests/e2e)');
    }
    if (!existsSync(WEB)) return tt.skip('the UI is not built (make web)');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: `https://127.0.0.1:${port}` });
      context.setDefaultTimeout(15000);
      const page = await context.newPage();
      await page.goto('/login');
      await page.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(worker.username);
      await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(worker.password);
      await page.locator('[data-testid="login-submit"]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.locator('[data-testid="who"]').waitFor();
      const cookie = (await context.cookies()).find((c) => c.name === 'fangyi_session');
      assert.ok(cookie && cookie.secure, `the browser holds a Secure session cookie: ${JSON.stringify(cookie)}`);
    } finally {
      await browser.close();
    }
  });

  t("PostgreSQL ends both servers' connections, as a restart does: the worker's next requests are all answered", async () => {
    const others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    const killed = await sql(ctx.db.url, `SELECT pg_terminate_backend(pid) ${others}`);
    assert.equal(killed.code, 0, killed.stderr);
    assert.ok(killed.stdout.trim().split('\n').length >= 2, `both servers had connections: ${killed.stdout}`);
    for (let i = 0; ; i++) {
      const left = await sql(ctx.db.url, `SELECT COUNT(*) ${others}`);
      if (Number(left.stdout.trim()) === 0) break;
      assert.ok(i < 100, 'the connections ended');
      await sleep(20);
    }
    // each server finds its connections closed as it takes them from its pool and makes them again
    for (let i = 0; i < 6; i++) {
      const r = await tls('GET', '/api/v1/worklist', session);
      assert.equal(r.status, 200, r.text);
      const w = await tls('POST', `/api/v1/key-persons/${kp}/checks`, {
        ...session, headers: { 'Idempotency-Key': `cluster-pg-${Date.now()}-${i}` },
        body: { temperature: 36.4, symptoms: [], method: 'visit' },
      });
      assert.equal(w.status, 201, w.text);
    }
  });

  t('one server SIGKILLed: the session goes on through the other, a reading it stored is not stored twice', async () => {
    const [dead, alive] = servers;
    // the worker's reading reaches the first server, which stores it and dies before the answer
    // gets back (sent to it directly here, as nginx would have, with the worker's address)
    const key = `cluster-retry-${Date.now()}`;
    const body = { temperature: 36.8, symptoms: [], method: 'phone' };
    const first = await fetch(`${dead.base}/api/v1/key-persons/${kp}/checks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key, 'x-forwarded-for': CLIENT, 'x-forwarded-proto': 'https' },
      body: JSON.stringify(body),
    });
    assert.equal(first.status, 201);
    const stored = await first.json();
    const gone = new Promise((r) => dead.proc.once('exit', r));
    dead.proc.kill('SIGKILL');
    await gone;
    const before = (await accessLog()).length;
    // lists keep working: nginx finds the dead server refusing and asks the other
    for (let i = 0; i < 4; i++) {
      const r = await tls('GET', `/api/v1/key-persons/${kp}/checks`, session);
      assert.equal(r.status, 200, r.text);
    }
    // the worker's phone sends the reading again with its key: the answer of the first, once
    const again = await post(`/api/v1/key-persons/${kp}/checks`, key, body);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers['idempotent-replay'], 'true', 'answered from the record of the first');
    assert.equal(again.json.id, stored.id);
    const rows = await ctx.api('GET', `/api/v1/key-persons/${kp}/checks?limit=500`, { token: await ctx.login(ctx.admin) });
    assert.equal(rows.json.items.filter((c) => c.id === stored.id).length, 1);
    // a new reading after the kill is stored too, answered by the living server
    const fresh = await post(`/api/v1/key-persons/${kp}/checks`, `cluster-after-${Date.now()}`, { temperature: 36.6, symptoms: [], method: 'visit' });
    assert.equal(fresh.status, 201, fresh.text);
    // nginx's log: every answer 2xx from the living server (after the dead one refused, for
    // some), but a POST nginx had already written to a kept-alive connection of the dead
    // server: 502, which the client sent again
    const log = await accessLog(before, 6);
    const lines = log.map((l) => /" (\d{3}) (.+)$/.exec(l));
    assert.ok(lines.length >= 6 && lines.every(Boolean), log.join('\n'));
    for (const [l, status, ups] of lines) {
      if (status === '502') {
        assert.match(l, /"POST /, l);
        assert.equal(ups, `127.0.0.1:${dead.port}`, l);
        continue;
      }
      assert.match(status, /^20[01]$/, l);
      assert.equal(ups.split(', ').pop(), `127.0.0.1:${alive.port}`, l);
    }
  });

  t('nginx stops', async () => {
    const done = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await done;
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  ctx.cleanExit();
}
