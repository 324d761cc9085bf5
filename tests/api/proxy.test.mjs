// proxy.test.mjs: fangyi behind a reverse proxy that ends TLS. The session cookie is Secure when the
// town reaches fangyi over HTTPS (an https:// --public-url, or a trusted proxy's X-Forwarded-Proto);
// only a trusted proxy may name the client in X-Forwarded-For (audit rows, tip and login limits);
// anyone else's forwarding headers are ignored. Requests come from chosen loopback addresses.
import assert from 'node:assert/strict';
import { AREA, assertError, cli, request, setupTown, solvePow, startServer } from './lib.mjs';

const ctx = setupTown({ people: 10 });
const t = ctx.test;

const PROXY = '127.0.0.2';
const STRANGER = '127.0.0.3';

let plain; // the default server: no public URL, no trusted proxy
let httpsUrl; // --public-url https://…
let proxied; // --trusted-proxy 127.0.0.2 (from the environment, FANGYI_TRUSTED_PROXY)
let auditor;
let clerk;

async function serve(args, env) {
  const s = await startServer(ctx.db.url, args, { env });
  ctx.extraServers.push(s);
  return s;
}

// login(base, o) → {status, cookie: the Set-Cookie attributes as a list, text}
async function login(base, o = {}) {
  const r = await request(base, 'POST', '/api/v1/session', {
    body: { username: clerk.username, password: clerk.password }, from: o.from, headers: o.headers,
  });
  assert.equal(r.status, 200, `login: ${r.text}`);
  const set = r.headers.get('set-cookie') || '';
  assert.match(set, /^fangyi_session=[^;]+;/, `a session cookie: ${set}`);
  return { token: r.json.token, attrs: set.split(';').map((x) => x.trim().toLowerCase()), raw: set };
}

const secure = (c) => c.attrs.includes('secure');

// lastLoginIp() → the ip of the newest login audit row of the clerk
async function lastLoginIp() {
  const tok = await ctx.login(auditor);
  const r = await ctx.api('GET', `/api/v1/audit?action=login&username=${clerk.username}&limit=1`, { token: tok });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1, r.text);
  return r.json.items[0].ip;
}

t('set up: a clerk, an auditor, and servers with and without a public URL and a trusted proxy', async () => {
  clerk = await ctx.user('secretary', AREA.yunlong);
  auditor = await ctx.user('auditor', AREA.town);
  plain = ctx.server;
  httpsUrl = await serve(['--public-url', 'https://fangyi.example.cn/']);
  proxied = await serve([], { FANGYI_TRUSTED_PROXY: `${PROXY}, 10.9.0.0/16` });
});

t('over plain http the session cookie is not Secure, whatever an untrusted client claims', async () => {
  const c = await login(plain.base);
  assert.ok(!secure(c), `plain http: ${c.raw}`);
  for (const a of ['httponly', 'samesite=strict', 'path=/']) assert.ok(c.attrs.includes(a), `${a}: ${c.raw}`);
  const forged = await login(plain.base, { from: PROXY, headers: { 'x-forwarded-proto': 'https' } });
  assert.ok(!secure(forged), `no proxy is trusted: X-Forwarded-Proto is ignored: ${forged.raw}`);
});

t('with an https public URL the session cookie is Secure, at login and at logout', async () => {
  const c = await login(httpsUrl.base);
  assert.ok(secure(c), `https public URL: ${c.raw}`);
  const out = await request(httpsUrl.base, 'DELETE', '/api/v1/session', { cookie: `fangyi_session=${c.token}` });
  assert.equal(out.status, 403, 'a cookie session needs its CSRF token to log out');
  const bye = await request(httpsUrl.base, 'DELETE', '/api/v1/session', { token: c.token });
  assert.equal(bye.status, 204, bye.text);
  const gone = (bye.headers.get('set-cookie') || '').toLowerCase();
  assert.match(gone, /max-age=0/, gone);
  assert.match(gone, /;\s*secure/, `the clearing cookie is Secure too: ${gone}`);
});

t('a trusted proxy makes the cookie Secure with X-Forwarded-Proto: https; an untrusted peer cannot', async () => {
  const viaProxy = await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-proto': 'https' } });
  assert.ok(secure(viaProxy), `trusted proxy over https: ${viaProxy.raw}`);
  const proxyHttp = await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-proto': 'http' } });
  assert.ok(!secure(proxyHttp), `trusted proxy over plain http: ${proxyHttp.raw}`);
  const proxyNone = await login(proxied.base, { from: PROXY });
  assert.ok(!secure(proxyNone), `trusted proxy without the header: ${proxyNone.raw}`);
  const stranger = await login(proxied.base, { from: STRANGER, headers: { 'x-forwarded-proto': 'https' } });
  assert.ok(!secure(stranger), `an untrusted peer's X-Forwarded-Proto is ignored: ${stranger.raw}`);
});

t('the audit row has the client a trusted proxy names, and the peer itself for anyone else', async () => {
  await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } });
  assert.equal(await lastLoginIp(), '203.0.113.7', 'the last entry: the one the proxy added');
  // several header lines: the last line's last entry
  await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-for': ['6.6.6.6', '198.51.100.4'] } });
  assert.equal(await lastLoginIp(), '198.51.100.4');
  await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-for': '2001:db8::7' } });
  assert.equal(await lastLoginIp(), '2001:db8::7', 'an IPv6 client');
  // a proxy that names no usable address leaves its own
  await login(proxied.base, { from: PROXY, headers: { 'x-forwarded-for': 'unknown' } });
  assert.equal(await lastLoginIp(), PROXY);
  // anyone else forging the header is recorded as who they are
  await login(proxied.base, { from: STRANGER, headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(await lastLoginIp(), STRANGER, 'a forged X-Forwarded-For from an untrusted peer');
  await login(plain.base, { from: STRANGER, headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(await lastLoginIp(), STRANGER, 'and on a server that trusts no proxy');
});

t('the tip limits count each client behind the proxy, and a forged header does not escape them', async () => {
  const body = (i) => ({ kind: 'other', village_code: AREA.yunlong, description: `代理后面的举报第${i}条内容` });
  const send = (i, from, xff) => request(proxied.base, 'POST', '/api/v1/tips', {
    body: body(i), from, headers: xff ? { 'x-forwarded-for': xff } : undefined,
  });
  for (let i = 0; i < 3; i++) assert.equal((await send(i, PROXY, '203.0.113.20')).status, 201);
  assertError(await send(3, PROXY, '203.0.113.20'), 429, 'challenge_required', 'pow');
  assert.equal((await send(4, PROXY, '203.0.113.21')).status, 201, 'another client behind the same proxy');
  // a stranger rotating forged addresses is still one address
  for (let i = 0; i < 3; i++) assert.equal((await send(10 + i, STRANGER, `198.51.100.${i + 1}`)).status, 201);
  assertError(await send(13, STRANGER, '198.51.100.99'), 429, 'challenge_required', 'pow');
  // the challenge is bound to the client the proxy names, not to the proxy
  const ch = await request(proxied.base, 'GET', '/api/v1/tips/challenge', {
    from: PROXY, headers: { 'x-forwarded-for': '203.0.113.21' },
  });
  const pow = { nonce: ch.json.nonce, solution: solvePow(ch.json.nonce, ch.json.bits) };
  const moved = await request(proxied.base, 'POST', '/api/v1/tips', {
    body: { ...body(20), pow }, from: PROXY, headers: { 'x-forwarded-for': '203.0.113.20' },
  });
  assertError(moved, 429, 'challenge_required', 'pow');
});

t('serve refuses a public URL or a trusted proxy it cannot read, naming the option', async () => {
  const url = await cli('serve', '--db', ctx.db.url, '--listen', '127.0.0.1:0', '--public-url', 'fangyi.example.cn',
    { timeout: 5000 });
  assert.notEqual(url.code, 0);
  assert.doesNotMatch(url.stderr, /harness: killed/, 'it exits rather than serving');
  assert.match(url.stderr, /--public-url/);
  for (const bad of ['proxy.example.cn', '10.0.0.0/33', '10.0.0.1/x', '::1/129']) {
    const r = await cli('serve', '--db', ctx.db.url, '--listen', '127.0.0.1:0', '--trusted-proxy', bad,
      { timeout: 5000 });
    assert.notEqual(r.code, 0, `--trusted-proxy ${bad}`);
    assert.doesNotMatch(r.stderr, /harness: killed/, 'it exits rather than serving');
    assert.match(r.stderr, /--trusted-proxy/, r.stderr);
    assert.match(r.stderr, /\p{Script=Han}/u, `in Chinese too: ${r.stderr}`);
  }
});

ctx.cleanExit();
