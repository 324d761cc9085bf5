// self_report.test.mjs: the public self-report code: 16 characters of 80 random bits, stored only
// as a hash, accepted however it is typed; guessing from one address is throttled while the right
// code from another address works; a released person's code answers exactly like an unknown one;
// a new code can be issued and the old one stops working.
import assert from 'node:assert/strict';
import { AREA, assertError, request, setupTown, sql } from './lib.mjs';

const ctx = setupTown({ clock: '2020-02-10T10:00:00+08:00' });
const t = ctx.test;
const KP = '/api/v1/key-persons';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

let admin;
const people = [];

const report = (code, from, temperature = 36.6) => request(ctx.server.base, 'POST', '/api/v1/self-report', {
  from, body: { code, temperature },
});

async function register(person, extra = {}) {
  const r = await ctx.api('POST', KP, {
    token: admin,
    body: { person_id: person.id, reason: 'other', reason_detail: '自报码测试', found_by: 'other', kind: 'home', ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

t('setup: people of the demo town under observation', async () => {
  admin = await ctx.login(ctx.admin);
  const r = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong}&limit=100`, { token: admin });
  assert.equal(r.status, 200, r.text);
  // the demo town has people under observation already: the others
  const kp = await ctx.api('GET', `${KP}?status=active&limit=500`, { token: admin });
  assert.equal(kp.status, 200, kp.text);
  const observed = new Set(kp.json.items.map((k) => k.person_id));
  people.push(...r.json.items.filter((p) => !observed.has(p.id)).slice(0, 6));
  assert.equal(people.length, 6);
});

t('a code is 16 characters in four groups, without look-alikes, and is accepted however it is typed', async () => {
  const k = await register(people[0]);
  assert.match(k.self_report_code, CODE, k.self_report_code);
  // 80 bits: two registrations never share a code
  const k2 = await register(people[1]);
  assert.notEqual(k2.self_report_code, k.self_report_code);
  const typed = [
    k.self_report_code,
    k.self_report_code.toLowerCase(),
    k.self_report_code.replace(/-/g, ' '),
    ` ${k.self_report_code.replace(/-/g, '').toLowerCase()} `,
    k.self_report_code.replace(/0/g, 'O').replace(/1/g, 'l'),
  ];
  for (const code of typed) {
    const r = await report(code, '127.0.21.1');
    assert.equal(r.status, 201, `${code}: ${r.text}`);
  }
  // only its hash is stored: the database does not hand out codes
  const rows = await sql(ctx.db.url, `SELECT self_code, self_code_hash FROM key_person WHERE id = ${k.id}`);
  const text = JSON.stringify(rows);
  assert.ok(!text.includes(k.self_report_code) && !text.includes(k.self_report_code.replace(/-/g, '')), `stored: ${text}`);
  assert.match(text, /[0-9a-f]{64}/, 'the BLAKE2b of the code');
  // nor does the printed notice
  const n = await ctx.api('GET', `${KP}/${k.id}/notice`, { token: admin });
  assert.equal(n.status, 200);
  assert.ok(!n.text.includes(k.self_report_code), 'the notice does not print the code');
  assert.match(n.text, /自报码/);
});

t('guessing is refused after a few failures from one address; the right code from another address works', async () => {
  const k = await register(people[2]);
  const guesses = [];
  for (let i = 0; i < 5; i++) {
    const r = await report(`${String(i).padStart(4, '0')}-AAAA-BBBB-CCCC`, '127.0.22.1');
    assertError(r, 404, 'not_found', 'code');
    guesses.push(r.text);
  }
  const old8 = await report('12345678', '127.0.22.9'); // the old format is no code at all
  assertError(old8, 404, 'not_found', 'code');
  const stopped = await report(k.self_report_code, '127.0.22.1');
  assertError(stopped, 429, 'throttled');
  const after = Number(stopped.headers.get('retry-after'));
  assert.ok(after > 0 && after <= 900, `Retry-After ${stopped.headers.get('retry-after')}`);
  assert.match(stopped.json.error.message, /自报码/);
  assert.match(stopped.json.error.message_en, /self-report codes/);
  // the throttled address writes nothing, another address reports with the right code
  const ok = await report(k.self_report_code, '127.0.22.2');
  assert.equal(ok.status, 201, ok.text);
  const c = await ctx.api('GET', `${KP}/${k.id}/checks`, { token: admin });
  assert.equal(c.json.total, 1, 'one reading: the refused one was not recorded');
});

t('a released person’s code answers exactly like an unknown one', async () => {
  const k = await register(people[3], { start_date: '2020-01-20', days: 14 });
  assert.equal((await report(k.self_report_code, '127.0.23.1')).status, 201, 'active: accepted');
  const rel = await ctx.api('POST', `${KP}/${k.id}/release`, { token: admin, body: { note: '期满' } });
  assert.equal(rel.status, 200, rel.text);
  const released = await report(k.self_report_code, '127.0.23.2');
  const unknown = await report('ZZZZ-ZZZZ-ZZZZ-ZZZZ', '127.0.23.3');
  assertError(released, 404, 'not_found', 'code');
  assert.equal(released.status, unknown.status);
  assert.equal(released.text, unknown.text, 'one body for both');
});

t('a new code can be issued: the old one stops working, the new one works', async () => {
  const k = await register(people[4]);
  const r = await ctx.api('POST', `${KP}/${k.id}/self-code`, { token: admin, body: {} });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.self_report_code, CODE);
  assert.notEqual(r.json.self_report_code, k.self_report_code);
  assertError(await report(k.self_report_code, '127.0.24.1'), 404, 'not_found', 'code');
  assert.equal((await report(r.json.self_report_code, '127.0.24.2')).status, 201);
  const tl = await ctx.api('GET', `${KP}/${k.id}/timeline`, { token: admin });
  assert.ok(tl.json.items.some((e) => e.kind === 'self_code'), JSON.stringify(tl.json.items));
  // a viewer may not issue codes; a released person needs none
  const viewer = await ctx.login(await ctx.user('viewer', AREA.town));
  assertError(await ctx.api('POST', `${KP}/${k.id}/self-code`, { token: viewer, body: {} }), 403, 'forbidden');
});

ctx.cleanExit();
