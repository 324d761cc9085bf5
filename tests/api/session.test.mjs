// session.test.mjs: login, bearer and cookie sessions, CSRF, logout, throttling, disabled users,
// password rules, and sessions shared by two servers on one database.
import assert from 'node:assert/strict';
import { AREA, assertError, cli, idNumber, password, request, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;

function sessionCookie(res) {
  const sc = res.headers.get('set-cookie') || '';
  const m = /(?:^|,\s*)(fangyi_session=[^;,\s]*)/.exec(sc);
  return { raw: sc, pair: m ? m[1] : null };
}

t('login with the right password answers a token, a CSRF token, the user and the cookie', async () => {
  const r = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  assert.equal(r.status, 200, r.text);
  const j = r.json;
  assert.equal(typeof j.token, 'string');
  assert.ok(j.token.length >= 20, 'a token long enough to be random');
  assert.equal(typeof j.csrf_token, 'string');
  assert.ok(j.csrf_token.length >= 16);
  assert.notEqual(j.csrf_token, j.token);
  const now = Date.now() / 1000;
  assert.ok(j.expires_at > now + 60 && j.expires_at < now + 31 * 86400, `expires_at ${j.expires_at}`);
  assert.equal(j.user.username, ctx.admin.username);
  assert.equal(j.user.role, 'admin');
  assert.equal(j.user.area.code, AREA.town);
  assert.equal(j.user.disabled, false);
  assert.ok(j.user.permissions.includes('user.admin'));
  assert.ok(!r.text.includes(ctx.admin.password), 'the password is never echoed');
  assert.doesNotMatch(r.text, /argon2|\$argon/i, 'no password hash in the answer');

  const c = sessionCookie(r);
  assert.ok(c.pair, `Set-Cookie fangyi_session expected, got: ${c.raw}`);
  assert.equal(c.pair, `fangyi_session=${j.token}`, 'the cookie carries the session token');
  assert.match(c.raw, /HttpOnly/i);
  assert.match(c.raw, /SameSite=Strict/i);
  assert.match(c.raw, /Path=\//i);

  // two logins give two different sessions
  const r2 = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  assert.equal(r2.status, 200);
  assert.notEqual(r2.json.token, j.token);
});

t('a wrong password or an unknown user is 401 with the same zh and en messages', async () => {
  const bad = await ctx.loginResponse(ctx.admin.username, 'not-the-password-1');
  assertError(bad, 401, 'unauthenticated');
  assert.equal(sessionCookie(bad).pair, null, 'no session cookie on a failed login');
  const unknown = await ctx.loginResponse('nobody_here_at_all', 'whatever-password');
  assertError(unknown, 401, 'unauthenticated');
  assert.equal(unknown.json.error.message, bad.json.error.message, 'the answer does not tell which was wrong');
  assert.equal(unknown.json.error.message_en, bad.json.error.message_en);
  // a missing field is invalid, not a crash
  const missing = await ctx.api('POST', '/api/v1/session', { body: { username: ctx.admin.username } });
  assert.ok([401, 422].includes(missing.status), `missing password: ${missing.status} ${missing.text}`);
  const badJson = await ctx.api('POST', '/api/v1/session', { raw: '{"username":' });
  assertError(badJson, 400, 'bad_json');
});

t('a bearer token opens the session; none, garbage or a wrong scheme is 401', async () => {
  const token = await ctx.login(ctx.admin);
  const ok = await ctx.api('GET', '/api/v1/session', { token });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.username, ctx.admin.username);
  assert.equal(typeof ok.json.csrf_token, 'string');
  assert.equal(typeof ok.json.expires_at, 'number');
  assert.equal(ok.json.token, undefined, 'GET /session does not hand out the token again');

  assertError(await ctx.api('GET', '/api/v1/session'), 401, 'unauthenticated');
  assertError(await ctx.api('GET', '/api/v1/session', { token: 'x'.repeat(43) }), 401, 'unauthenticated');
  assertError(await ctx.api('GET', '/api/v1/session', { token: `${token}x` }), 401, 'unauthenticated');
  assertError(await ctx.api('GET', '/api/v1/persons', { headers: { authorization: `Basic ${token}` } }),
    401, 'unauthenticated');
  // a bearer request needs no CSRF header for writes
  const w = await ctx.api('POST', '/api/v1/persons', {
    token,
    body: { name: uniqueName(), id_number: idNumber(), area_code: AREA.yunlong1 },
  });
  assert.equal(w.status, 201, w.text);
});

t('a cookie session reads freely but every write needs X-CSRF-Token (403 csrf without)', async () => {
  const login = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  assert.equal(login.status, 200);
  const cookie = sessionCookie(login).pair;
  assert.ok(cookie);
  const csrf = login.json.csrf_token;

  const get = await ctx.api('GET', '/api/v1/session', { cookie });
  assert.equal(get.status, 200, get.text);
  assert.equal(get.json.csrf_token, csrf, 'GET /session gives the same csrf token');
  const list = await ctx.api('GET', '/api/v1/persons?limit=1', { cookie });
  assert.equal(list.status, 200, list.text);

  const body = { name: uniqueName(), id_number: idNumber(), area_code: AREA.yunlong1 };
  assertError(await ctx.api('POST', '/api/v1/persons', { cookie, body }), 403, 'csrf');
  assertError(await ctx.api('POST', '/api/v1/persons', { cookie, body, headers: { 'x-csrf-token': `${csrf}0` } }),
    403, 'csrf');
  assertError(await ctx.api('POST', '/api/v1/persons', { cookie, body, headers: { 'x-csrf-token': '' } }),
    403, 'csrf');
  // nothing was written by the refused attempts
  const admin = await ctx.login(ctx.admin);
  const none = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(body.name)}`, { token: admin });
  assert.equal(none.json.total, 0, 'a refused write leaves no trace');

  const ok = await ctx.api('POST', '/api/v1/persons', { cookie, body, headers: { 'x-csrf-token': csrf } });
  assert.equal(ok.status, 201, ok.text);

  // PATCH and DELETE are guarded the same way
  assertError(await ctx.api('PATCH', `/api/v1/persons/${ok.json.id}`, { cookie, body: { notes: 'x' } }), 403, 'csrf');
  assertError(await ctx.api('DELETE', '/api/v1/session', { cookie }), 403, 'csrf');
  // another session's csrf token does not fit this session
  const other = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  assertError(await ctx.api('PATCH', `/api/v1/persons/${ok.json.id}`, {
    cookie, body: { notes: 'x' }, headers: { 'x-csrf-token': other.json.csrf_token },
  }), 403, 'csrf');
  const out = await ctx.api('DELETE', '/api/v1/session', { cookie, headers: { 'x-csrf-token': csrf } });
  assert.equal(out.status, 204, out.text);
  assertError(await ctx.api('GET', '/api/v1/session', { cookie }), 401, 'unauthenticated');
});

t('logout revokes the token: it is 401 afterwards, other sessions live on', async () => {
  const a = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  const b = await ctx.loginResponse(ctx.admin.username, ctx.admin.password);
  assert.equal((await ctx.api('GET', '/api/v1/session', { token: a.json.token })).status, 200);
  const out = await ctx.api('DELETE', '/api/v1/session', { token: a.json.token });
  assert.equal(out.status, 204, out.text);
  assert.equal(out.text, '', '204 has no body');
  assertError(await ctx.api('GET', '/api/v1/session', { token: a.json.token }), 401, 'unauthenticated');
  assertError(await ctx.api('GET', '/api/v1/persons', { token: a.json.token }), 401, 'unauthenticated');
  assertError(await ctx.api('DELETE', '/api/v1/session', { token: a.json.token }), 401, 'unauthenticated');
  assert.equal((await ctx.api('GET', '/api/v1/session', { token: b.json.token })).status, 200,
    'logging out one session leaves the others');
});

t('one address trying many accounts is stopped after 20 failures; other addresses are not', async () => {
  const login = (username, pw, from) => request(ctx.server.base, 'POST', '/api/v1/session', {
    from, body: { username, password: pw },
  });
  const u = await ctx.user('grid', AREA.yunlong1);
  // twenty guesses at twenty names that do not exist, from one address
  for (let i = 0; i < 20; i++) {
    const r = await login(`nobody_${i}_${Date.now()}`, 'guess-123456', '127.0.77.7');
    assertError(r, 401, 'unauthenticated');
  }
  const stopped = await login(u.username, u.password, '127.0.77.7');
  assertError(stopped, 429, 'throttled');
  assert.match(stopped.json.error.message_en, /this address/);
  assert.equal(stopped.json.token, undefined);
  // the account itself is not locked: the same user logs in from elsewhere
  const elsewhere = await login(u.username, u.password, '127.0.77.8');
  assert.equal(elsewhere.status, 200, elsewhere.text);
  // and the refusals are in the audit log as failed logins
  const auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const a = await ctx.api('GET', '/api/v1/audit?action=login_failed&limit=200', { token: auditor });
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.items.some((e) => e.ip === '127.0.77.7' && /address throttled/.test(e.detail || '')),
    'the throttled attempt is audited');
});

t('repeated wrong passwords throttle the address that typed them, not the account', async () => {
  const u = await ctx.user('secretary', AREA.lixin);
  const login = (pw, from) => request(ctx.server.base, 'POST', '/api/v1/session', {
    from, body: { username: u.username, password: pw },
  });
  const codes = [];
  for (let i = 0; i < 10; i++) {
    const r = await login(`wrong-password-${i}`, '127.0.78.1');
    codes.push(r.status);
    if (r.status === 429) {
      assertError(r, 429, 'throttled');
      assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After says how long');
      break;
    }
    assertError(r, 401, 'unauthenticated');
  }
  assert.deepEqual(codes.slice(0, 3), [401, 401, 401], 'a few typos are not throttled');
  assert.equal(codes[codes.length - 1], 429, `throttled within 10 failures, got ${codes.join(',')}`);
  assert.ok(codes.length <= 6, `throttled after at most 5 failures, got ${codes.join(',')}`);
  assertError(await login(u.password, '127.0.78.1'), 429, 'throttled');
  // the account is not locked: the right password from another address logs in
  const ok = await login(u.password, '127.0.78.2');
  assert.equal(ok.status, 200, ok.text);
});

t('a disabled user cannot log in and loses the sessions it had', async () => {
  // disabled with the CLI
  const u1 = await ctx.user('grid', AREA.yunlong1);
  const before = await ctx.loginResponse(u1.username, u1.password);
  assert.equal(before.status, 200, before.text);
  const d = await cli('user', 'disable', u1.username, '--db', ctx.db.url);
  assert.equal(d.code, 0, `fangyi user disable: ${d.stdout}${d.stderr}`);
  const r1 = await ctx.loginResponse(u1.username, u1.password);
  assert.ok([401, 403].includes(r1.status), `disabled user login: ${r1.status} ${r1.text}`);
  assert.ok(r1.json?.error && !r1.json.token, 'no token for a disabled user');
  assertError(r1, r1.status, r1.status === 401 ? 'unauthenticated' : 'forbidden');
  const old1 = await ctx.api('GET', '/api/v1/session', { token: before.json.token });
  assertError(old1, 401, 'unauthenticated');

  // disabled through the API by the admin
  const admin = await ctx.login(ctx.admin);
  const u2 = await ctx.user('doctor', AREA.yunlong);
  const s2 = await ctx.loginResponse(u2.username, u2.password);
  assert.equal(s2.status, 200);
  const list = await ctx.api('GET', '/api/v1/users?limit=500', { token: admin });
  assert.equal(list.status, 200, list.text);
  const rec = list.json.items.find((x) => x.username === u2.username);
  assert.ok(rec, 'the user is listed');
  assert.equal(rec.disabled, false);
  const p = await ctx.api('PATCH', `/api/v1/users/${rec.id}`, { token: admin, body: { disabled: true } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.disabled, true);
  const r2 = await ctx.loginResponse(u2.username, u2.password);
  assert.ok([401, 403].includes(r2.status), `disabled user login: ${r2.status} ${r2.text}`);
  assertError(await ctx.api('GET', '/api/v1/persons', { token: s2.json.token }), 401, 'unauthenticated');
  // and enabled again
  const e = await ctx.api('PATCH', `/api/v1/users/${rec.id}`, { token: admin, body: { disabled: false } });
  assert.equal(e.status, 200, e.text);
  assert.equal((await ctx.loginResponse(u2.username, u2.password)).status, 200);
});

t('passwords shorter than 10 characters are refused by `user add` and by POST /users', async () => {
  const name = `short_${Date.now()}`;
  const r = await cli('user', 'add', name, '--role', 'grid', '--area', AREA.yunlong1, '--db', ctx.db.url,
    '--password-stdin', { input: 'short123\n' });
  assert.notEqual(r.code, 0, 'user add with a 8-character password must fail');
  assert.match(r.stderr, /the password needs at least 10 characters \(it has 8\) \/ 密码至少 10 个字符（当前 8 个）/,
    `the message says how long: ${r.stdout}${r.stderr}`);
  const nine = await cli('user', 'add', name, '--role', 'grid', '--area', AREA.yunlong1, '--db', ctx.db.url,
    '--password-stdin', { input: '123456789\n' });
  assert.notEqual(nine.code, 0, '9 characters are too few');
  // the user was not created
  const login = await ctx.loginResponse(name, 'short123');
  assertError(login, 401, 'unauthenticated');
  // unknown role and unknown area are refused with a message
  const role = await cli('user', 'add', `${name}_r`, '--role', 'mayor', '--area', AREA.town, '--db', ctx.db.url,
    '--password-stdin', { input: `${password()}\n` });
  assert.notEqual(role.code, 0, 'unknown role');
  assert.ok((role.stdout + role.stderr).trim().length > 0, 'a message');
  const area = await cli('user', 'add', `${name}_a`, '--role', 'grid', '--area', '999999999999999', '--db', ctx.db.url,
    '--password-stdin', { input: `${password()}\n` });
  assert.notEqual(area.code, 0, 'unknown area');

  const admin = await ctx.login(ctx.admin);
  const api = await ctx.api('POST', '/api/v1/users', {
    token: admin, body: { username: name, password: 'short123', role: 'grid', area_code: AREA.yunlong1 },
  });
  assertError(api, 422, 'invalid', 'password');
  const good = await ctx.api('POST', '/api/v1/users', {
    token: admin,
    body: { username: name, password: 'tuo7-Gmk2x', role: 'grid', area_code: AREA.yunlong1, display_name: '网格员甲' },
  });
  assert.equal(good.status, 201, good.text);
  assert.equal(good.json.username, name);
  assert.equal(good.json.role, 'grid');
  assert.equal(good.json.area.code, AREA.yunlong1);
  assert.equal(good.json.display_name, '网格员甲');
  assert.ok(!good.text.includes('tuo7-Gmk2x'), 'the password is not echoed');
  const dup = await ctx.api('POST', '/api/v1/users', {
    token: admin, body: { username: name, password: 'another-password', role: 'grid', area_code: AREA.yunlong1 },
  });
  assertError(dup, 409, 'conflict');
  const l = await ctx.loginResponse(name, 'tuo7-Gmk2x');
  assert.equal(l.status, 200, l.text);
  assert.equal(l.json.user.role, 'grid');
});

t('common and trivial passwords are refused with the reason wherever a password is set; a passphrase passes', async () => {
  const admin = await ctx.login(ctx.admin);
  const weak = [
    ['password123', /dictionary word/, /常见单词/],
    ['qwertyuiop', /dictionary word/, /常见单词/],
    ['1234567890', /simplistic/, /简单/],
    ['abcdefghijk', /simplistic/, /简单/],
    ['aaaaaaaaaaaa', /one character repeated/, /同一个字符/],
    ['啊啊啊啊啊啊啊啊啊啊', /one character repeated/, /同一个字符/],
    ['            ', /whitespace/, /空白/],
    ['\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000', /whitespace/, /空白/],
  ];
  for (const [pw, en, zh] of weak) {
    const name = `weak_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const r = await ctx.api('POST', '/api/v1/users', { token: admin, body: { username: name, password: pw, role: 'grid', area_code: AREA.yunlong1 } });
    assertError(r, 422, 'invalid', 'password');
    assert.match(r.json.error.message_en, en, `${JSON.stringify(pw)}: ${r.text}`);
    assert.match(r.json.error.message, zh, `${JSON.stringify(pw)}: ${r.text}`);
  }
  // the command line refuses them too, and says why
  const c = await cli('user', 'add', `weak_cli_${Date.now()}`, '--role', 'grid', '--area', AREA.yunlong1, '--db', ctx.db.url,
    '--password-stdin', { input: 'password123\n' });
  assert.notEqual(c.code, 0, 'user add with a dictionary password must fail');
  assert.match(c.stdout + c.stderr, /dictionary word|常见单词/, c.stdout + c.stderr);
  // a good passphrase passes; changing or resetting a password to a weak one is refused
  const u = await ctx.user('grid', AREA.yunlong1);
  const list = await ctx.api('GET', '/api/v1/users?limit=500', { token: admin });
  const id = list.json.items.find((x) => x.username === u.username).id;
  const reset = await ctx.api('PATCH', `/api/v1/users/${id}`, { token: admin, body: { password: 'qwertyuiop' } });
  assert.match(reset.json.error.message_en, /dictionary word/);
  assertError(reset, 422, 'invalid', 'password');
  const p = await cli('user', 'passwd', u.username, '--db', ctx.db.url, '--password-stdin', { input: 'administrator\n' });
  assert.notEqual(p.code, 0, `user passwd with a dictionary password must fail: ${p.stdout}${p.stderr}`);
  assert.equal((await ctx.loginResponse(u.username, u.password)).status, 200, 'the old password still works');
  const good = await ctx.api('PATCH', `/api/v1/users/${id}`, { token: admin, body: { password: 'river7 lamp sky hollow' } });
  assert.equal(good.status, 200, good.text);
  assert.equal((await ctx.loginResponse(u.username, 'river7 lamp sky hollow')).status, 200);
});

t('two servers on one database accept each other’s sessions, and logout on one ends it on both', async () => {
  const b = await ctx.startAnother();
  const hb = await request(b.base, 'GET', '/healthz');
  assert.equal(hb.status, 200);
  assert.equal(hb.json.status, 'ok');

  const a = await ctx.loginResponse(ctx.admin.username, ctx.admin.password); // on server A
  assert.equal(a.status, 200);
  const token = a.json.token;
  const onB = await request(b.base, 'GET', '/api/v1/session', { token });
  assert.equal(onB.status, 200, `server B refuses A's session: ${onB.text}\n${b.tail()}`);
  assert.equal(onB.json.user.username, ctx.admin.username);

  // a write on B is seen on A
  const p = await request(b.base, 'POST', '/api/v1/persons', {
    token, body: { name: uniqueName(), id_number: idNumber(), area_code: AREA.yunlong2 },
  });
  assert.equal(p.status, 201, p.text);
  const seen = await ctx.api('GET', `/api/v1/persons/${p.json.id}`, { token });
  assert.equal(seen.status, 200, seen.text);

  // a session made on B works on A
  const lb = await ctx.loginResponse(ctx.admin.username, ctx.admin.password, b.base);
  assert.equal(lb.status, 200);
  assert.equal((await ctx.api('GET', '/api/v1/session', { token: lb.json.token })).status, 200);

  const out = await request(b.base, 'DELETE', '/api/v1/session', { token });
  assert.equal(out.status, 204, out.text);
  // the server that ended it refuses it at once
  assertError(await request(b.base, 'GET', '/api/v1/session', { token }), 401, 'unauthenticated');
  // the other one remembers a session for at most a second (db_memo.h): then it refuses it too
  let onA;
  for (let i = 0; i < 50; i++) {
    onA = await ctx.api('GET', '/api/v1/session', { token });
    if (onA.status !== 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assertError(onA, 401, 'unauthenticated');
});

ctx.cleanExit();
