// login_throttle.test.mjs: wrong passwords slow down the address that types them, not the account:
// the administrator still logs in from elsewhere while a guesser waits; the count resets after a
// good login and after its wait has run out; unknown, disabled and throttled accounts answer alike
// until the password is right; the count is in the database, so every server of a district sees it.
import assert from 'node:assert/strict';
import { AREA, assertError, request, setupTown } from './lib.mjs';

const START = Date.parse('2026-03-02T09:00:00+08:00') / 1000;
const ctx = setupTown({ clock: START });
const t = ctx.test;

// Each test guesses from its own addresses, so one test's counts do not spill into another's.
const login = (username, pw, from, base) => request(base || ctx.server.base, 'POST', '/api/v1/session', {
  from, body: { username, password: pw },
});

// The server's clock moved on by secs (a restart on the injected clock).
async function later(secs) {
  await ctx.restart('SIGTERM', { clock: ctx.server.now() + secs });
}

function assertThrottled(r) {
  assertError(r, 429, 'throttled');
  const after = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(after) && after > 0 && after <= 900, `Retry-After ${r.headers.get('retry-after')}`);
  assert.match(r.json.error.message, /失败次数过多/);
  assert.match(r.json.error.message_en, /too many failed logins from this address/);
  assert.equal(r.json.token, undefined);
  return after;
}

t('a wrong password every five minutes from one address never locks the admin out from another', async () => {
  const admin = await ctx.user('admin', AREA.town);
  // half an hour of one guess every five minutes, while the admin is away
  for (let round = 0; round < 7; round++) {
    if (round > 0) await later(300);
    const bad = await login(admin.username, `guess-number-${round}`, '127.0.11.1');
    assert.ok([401, 429].includes(bad.status), `round ${round}: ${bad.status} ${bad.text}`);
  }
  // the admin arrives just after a guess: from their own address they log in
  const good = await login(admin.username, admin.password, '127.0.11.2');
  assert.equal(good.status, 200, `the admin from another address: ${good.text}`);
  // and the guesser keeps guessing: the admin still logs in after each guess
  for (let round = 0; round < 3; round++) {
    await later(300);
    await login(admin.username, `guess-again-${round}`, '127.0.11.1');
    assert.equal((await login(admin.username, admin.password, '127.0.11.2')).status, 200, `round ${round}`);
  }
});

t('the guessing address is throttled with 429 and Retry-After; the right password from another address logs in', async () => {
  const u = await ctx.user('secretary', AREA.lixin);
  const codes = [];
  for (let i = 0; i < 5; i++) {
    const r = await login(u.username, `wrong-password-${i}`, '127.0.12.1');
    assertError(r, 401, 'unauthenticated');
    codes.push(r.status);
  }
  // the sixth try waits, even with the right password
  const wait = assertThrottled(await login(u.username, u.password, '127.0.12.1'));
  assert.ok(wait <= 30, `the first wait is short: ${wait}`);
  const elsewhere = await login(u.username, u.password, '127.0.12.2');
  assert.equal(elsewhere.status, 200, elsewhere.text);
  // the waits grow: once the first has run out, one more wrong password doubles it
  await later(wait + 1);
  assertError(await login(u.username, 'wrong-password-again', '127.0.12.1'), 401, 'unauthenticated');
  const second = assertThrottled(await login(u.username, u.password, '127.0.12.1'));
  // Retry-After is what is left of a wait, whole seconds rounded up: the first may read one second
  // short of its length when a second ticked between the failure and the refusal, the second not
  assert.ok(second > wait && second <= 2 * (wait + 1), `the second wait ${second} after ${wait}`);
  // the attempts and the throttling are in the audit log
  const auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const a = await ctx.api('GET', `/api/v1/audit?action=login_failed&username=${u.username}&limit=50`, { token: auditor });
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.items.some((e) => e.ip === '127.0.12.1' && e.detail === 'wrong password'), 'wrong passwords audited');
  assert.ok(a.json.items.some((e) => e.ip === '127.0.12.1' && e.detail === 'throttled'), 'the throttled try audited');
});

t('a good login resets the count of its address', async () => {
  const u = await ctx.user('viewer', AREA.district);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 4; i++)
      assertError(await login(u.username, `typo-${round}-${i}`, '127.0.13.1'), 401, 'unauthenticated');
    const ok = await login(u.username, u.password, '127.0.13.1');
    assert.equal(ok.status, 200, `round ${round}: four typos then the right password: ${ok.text}`);
  }
});

t('the count starts afresh once its wait has run out and the address stayed quiet', async () => {
  const u = await ctx.user('grid', AREA.yunlong1);
  for (let i = 0; i < 5; i++) assertError(await login(u.username, `wrong-${i}`, '127.0.14.1'), 401, 'unauthenticated');
  assertThrottled(await login(u.username, u.password, '127.0.14.1'));
  await later(3600);
  // four more typos are free again, and the right password then logs in
  for (let i = 0; i < 4; i++)
    assertError(await login(u.username, `wrong-again-${i}`, '127.0.14.1'), 401, 'unauthenticated');
  const ok = await login(u.username, u.password, '127.0.14.1');
  assert.equal(ok.status, 200, ok.text);
});

t('unknown, disabled and throttled accounts answer alike until the password is right', async () => {
  const live = await ctx.user('grid', AREA.yunlong1);
  const off = await ctx.user('grid', AREA.yunlong1);
  const d = await ctx.cli('user', 'disable', off.username);
  assert.equal(d.code, 0, d.stdout + d.stderr);
  const unknown = `nobody_${Date.now()}`;
  const answers = [
    await login(live.username, 'not-the-password-1', '127.0.15.1'),
    await login(off.username, 'not-the-password-1', '127.0.15.2'),
    await login(unknown, 'not-the-password-1', '127.0.15.3'),
  ];
  for (const r of answers) {
    assertError(r, 401, 'unauthenticated');
    assert.equal(r.text, answers[0].text, 'one body for a wrong password, an unknown user and a disabled one');
    assert.equal(r.headers.get('retry-after'), null);
  }
  // throttled: an unknown name waits like a real one
  for (let i = 0; i < 4; i++) {
    await login(live.username, `x-${i}-wrong-pass`, '127.0.15.1');
    await login(unknown, `x-${i}-wrong-pass`, '127.0.15.3');
  }
  const t1 = await login(live.username, live.password, '127.0.15.1');
  const t2 = await login(unknown, live.password, '127.0.15.3');
  assertThrottled(t1);
  assertThrottled(t2);
  assert.equal(t1.json.error.code, t2.json.error.code);
  assert.equal(t1.json.error.message_en.replace(/\d+/g, 'N'), t2.json.error.message_en.replace(/\d+/g, 'N'));
  // the right password of a disabled account may say so
  const right = await login(off.username, off.password, '127.0.15.4');
  assertError(right, 401, 'unauthenticated');
  assert.match(right.json.error.message_en, /disabled/);
  assert.equal(right.json.token, undefined);
  // an unknown name costs an Argon2id check like a real one (not a quick "no such user")
  const time = async (name, from) => {
    const t0 = process.hrtime.bigint();
    await login(name, 'timing-wrong-pass', from);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const known = [], none = [];
  for (let i = 0; i < 3; i++) {
    known.push(await time(live.username, `127.0.16.${i + 1}`));
    none.push(await time(`nobody_${i}_${Date.now()}`, `127.0.16.${i + 11}`));
  }
  const median = (v) => v.sort((a, b) => a - b)[1];
  assert.ok(median(none) > median(known) / 3, `unknown ${none} ms against known ${known} ms`);
});

t('one address walking the user list is stopped across accounts, the accounts are not', async () => {
  const u = await ctx.user('grid', AREA.yunlong1);
  for (let i = 0; i < 20; i++)
    assertError(await login(`spray_${i}_${Date.now()}`, 'Spring2026!', '127.0.17.1'), 401, 'unauthenticated');
  assertThrottled(await login(u.username, u.password, '127.0.17.1'));
  assert.equal((await login(u.username, u.password, '127.0.17.2')).status, 200);
});

t('the count is kept in the database: another server of the district throttles the same address', async () => {
  const u = await ctx.user('doctor', AREA.yunlong);
  const b = await ctx.startAnother({ clock: ctx.server.now() });
  for (let i = 0; i < 5; i++)
    assertError(await login(u.username, `wrong-${i}`, '127.0.18.1'), 401, 'unauthenticated');
  assertThrottled(await login(u.username, u.password, '127.0.18.1', b.base));
  assert.equal((await login(u.username, u.password, '127.0.18.2', b.base)).status, 200);
});

ctx.cleanExit();
