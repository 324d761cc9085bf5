// reveal_audit.test.mjs: revealing a record needs a reason and is audited; logins, writes and
// imports are audited with who, when, from where and what; nobody can change the audit log.
import assert from 'node:assert/strict';
import {
  AREA, assertError, csv, idNumber, importCsv, maskId, maskPhone, pageAll, phone, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let auditor;
let auditorUser;
let secretary;
let secretaryUser;
let person; // {id, idn, ph, name}
const started = Math.floor(Date.now() / 1000) - 5;

async function audit(query) {
  const r = await ctx.api('GET', `/api/v1/audit?${query}&limit=500`, { token: auditor });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

function assertEntry(e, want) {
  const now = Math.floor(Date.now() / 1000);
  assert.ok(e, `audit entry expected: ${JSON.stringify(want)}`);
  for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `audit ${k}: ${JSON.stringify(e)}`);
  assert.equal(typeof e.id, 'number');
  assert.ok(e.at >= started && e.at <= now + 5, `audit at ${e.at} is now`);
  assert.equal(e.ip, '127.0.0.1', `audit ip: ${JSON.stringify(e)}`);
  assert.equal(typeof e.ok, 'boolean');
}

t('set up: an admin, a secretary, an auditor and one person', async () => {
  admin = await ctx.login(ctx.admin);
  auditorUser = await ctx.user('auditor', AREA.town);
  auditor = await ctx.login(auditorUser);
  secretaryUser = await ctx.user('secretary', AREA.yunlong);
  secretary = await ctx.login(secretaryUser);
  const idn = idNumber();
  const ph = phone();
  const r = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName(), id_number: idn, phone: ph, area_code: AREA.yunlong1 },
  });
  assert.equal(r.status, 201, r.text);
  person = { id: r.json.id, idn, ph, name: r.json.name };
});

t('reveal without a reason is 422 field reason, and reveals nothing', async () => {
  for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }]) {
    const r = await ctx.api('POST', `/api/v1/persons/${person.id}/reveal`, { token: admin, body });
    assertError(r, 422, 'invalid', 'reason');
    assert.ok(!r.text.includes(person.idn) && !r.text.includes(person.ph));
  }
  const none = await ctx.api('POST', `/api/v1/persons/${person.id}/reveal`, { token: admin });
  assert.ok([400, 422].includes(none.status), `no body at all: ${none.status}`);
  const entries = await audit(`action=reveal&username=${ctx.admin.username}`);
  assert.equal(entries.length, 0, 'a refused reveal is not a reveal');
});

t('reveal with a reason gives the full values, once; the record stays masked', async () => {
  const reason = '社区排查需电话联系本人';
  const r = await ctx.api('POST', `/api/v1/persons/${person.id}/reveal`, { token: admin, body: { reason } });
  assert.equal(r.status, 200, r.text);
  // the birth date comes with the ID number it is part of
  const birth = `${person.idn.slice(6, 10)}-${person.idn.slice(10, 12)}-${person.idn.slice(12, 14)}`;
  assert.deepEqual(r.json, { id: person.id, id_number: person.idn, phone: person.ph, birth_date: birth });
  const g = await ctx.api('GET', `/api/v1/persons/${person.id}`, { token: admin });
  assert.equal(g.json.id_number, maskId(person.idn), 'still masked after a reveal');
  assert.equal(g.json.phone, maskPhone(person.ph));
  assertError(await ctx.api('POST', '/api/v1/persons/987654321/reveal', { token: admin, body: { reason } }), 404, 'not_found');
});

t('the reveal is in the audit log: who, when, from where, which person, why', async () => {
  const entries = await audit('action=reveal');
  const e = entries.find((x) => x.object_id === person.id && x.username === ctx.admin.username);
  assertEntry(e, { action: 'reveal', object_kind: 'person', object_id: person.id, username: ctx.admin.username, ok: true });
  assert.ok(String(e.detail).includes('社区排查需电话联系本人'), `the reason is kept: ${JSON.stringify(e)}`);
  assert.ok(!JSON.stringify(entries).includes(person.idn), 'the audit log does not copy the full ID number');
  // a secretary's reveal is audited under the secretary's name
  const s = await ctx.api('POST', `/api/v1/persons/${person.id}/reveal`, { token: secretary, body: { reason: '村委核实' } });
  assert.equal(s.status, 200, s.text);
  const es = await audit(`action=reveal&username=${secretaryUser.username}`);
  assert.equal(es.length, 1);
  assertEntry(es[0], { action: 'reveal', object_id: person.id, username: secretaryUser.username });
});

t('logins, failed logins and logouts are audited', async () => {
  const logins = await audit(`action=login&username=${ctx.admin.username}`);
  assert.ok(logins.length >= 1, 'the admin login of the setup');
  assertEntry(logins[0], { action: 'login', username: ctx.admin.username });
  const bad = await ctx.loginResponse(secretaryUser.username, 'wrong-password-x');
  assert.equal(bad.status, 401);
  const failed = await audit(`action=login_failed&username=${secretaryUser.username}`);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assertEntry(failed[0], { action: 'login_failed', username: secretaryUser.username });
  assert.ok(!JSON.stringify(failed).includes('wrong-password-x'), 'the tried password is not logged');
  const s = await ctx.loginResponse(secretaryUser.username, secretaryUser.password);
  assert.equal(s.status, 200);
  assert.equal((await ctx.api('DELETE', '/api/v1/session', { token: s.json.token })).status, 204);
  const out = await audit(`action=logout&username=${secretaryUser.username}`);
  assert.equal(out.length, 1);
  assertEntry(out[0], { action: 'logout', username: secretaryUser.username });
});

t('create and update of a person and a household are audited with the record id', async () => {
  const c = await audit('action=create');
  assertEntry(c.find((x) => x.object_id === person.id), {
    action: 'create', object_kind: 'person', object_id: person.id, username: ctx.admin.username,
  });
  const u = await ctx.api('PATCH', `/api/v1/persons/${person.id}`, { token: secretary, body: { notes: '已电话联系' } });
  assert.equal(u.status, 200, u.text);
  const ue = (await audit('action=update')).find((x) => x.object_id === person.id);
  assertEntry(ue, { action: 'update', object_kind: 'person', object_id: person.id, username: secretaryUser.username });
  const h = await ctx.api('POST', '/api/v1/households', { token: secretary, body: { address: '云龙路审计1号', area_code: AREA.yunlong2 } });
  assert.equal(h.status, 201, h.text);
  const he = (await audit('action=create')).find((x) => x.object_kind === 'household' && x.object_id === h.json.id);
  assertEntry(he, { action: 'create', object_kind: 'household', object_id: h.json.id, username: secretaryUser.username });
  const hp = await ctx.api('PATCH', `/api/v1/households/${h.json.id}`, { token: secretary, body: { notes: '独居老人' } });
  assert.equal(hp.status, 200, hp.text);
  const hu = (await audit('action=update')).find((x) => x.object_kind === 'household' && x.object_id === h.json.id);
  assertEntry(hu, { action: 'update', username: secretaryUser.username });
});

t('imports and user administration are audited', async () => {
  const body = csv(['姓名', '身份证号', '村', '网格', '住址'], [
    [uniqueName(), idNumber(), '云龙村', AREA.yunlong1, '审计路2号'],
    [uniqueName(), idNumber(), '云龙村', AREA.yunlong1, '审计路2号'],
  ]);
  const dry = await importCsv(ctx, secretary, body, '?dry_run=1');
  assert.equal(dry.status, 200, dry.text);
  const r = await importCsv(ctx, secretary, body);
  assert.equal(r.status, 200, r.text);
  const imp = await audit(`action=import&username=${secretaryUser.username}`);
  assert.ok(imp.length >= 1, 'the import is audited');
  assertEntry(imp[0], { action: 'import', username: secretaryUser.username, ok: true });

  const nu = await ctx.api('POST', '/api/v1/users', {
    token: admin, body: { username: `audited_${Date.now()}`, password: 'a-long-password-1', role: 'doctor', area_code: AREA.lixin },
  });
  assert.equal(nu.status, 201, nu.text);
  const uc = (await audit('action=user_create')).find((x) => x.object_id === nu.json.id);
  assertEntry(uc, { action: 'user_create', username: ctx.admin.username });
  assert.ok(!JSON.stringify(uc).includes('a-long-password-1'), 'no password in the audit log');
  const up = await ctx.api('PATCH', `/api/v1/users/${nu.json.id}`, { token: admin, body: { disabled: true } });
  assert.equal(up.status, 200, up.text);
  const ue = (await audit('action=user_update')).find((x) => x.object_id === nu.json.id);
  assertEntry(ue, { action: 'user_update', username: ctx.admin.username });
});

t('the audit log filters by action and username, pages, and every entry carries an ip', async () => {
  const all = await pageAll(ctx, auditor, '/api/v1/audit', 20);
  assert.ok(all.length >= 10);
  for (const e of all) {
    assert.equal(typeof e.ip, 'string', JSON.stringify(e));
    assert.ok(e.ip.length > 0, `entry ${e.id} has an ip`);
    assert.equal(typeof e.action, 'string');
    assert.equal(typeof e.at, 'number');
  }
  const byUser = await audit(`username=${secretaryUser.username}`);
  assert.ok(byUser.length >= 4);
  for (const e of byUser) assert.equal(e.username, secretaryUser.username);
  const byAction = await audit('action=reveal');
  for (const e of byAction) assert.equal(e.action, 'reveal');
  assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'no entry twice across pages');
});

t('nobody can write, change or delete the audit log through the API', async () => {
  const before = await ctx.api('GET', '/api/v1/audit?limit=1', { token: auditor });
  const first = before.json.items[0];
  for (const tok of [auditor, admin]) {
    for (const [m, p] of [
      ['POST', '/api/v1/audit'], ['PUT', '/api/v1/audit'], ['PATCH', '/api/v1/audit'], ['DELETE', '/api/v1/audit'],
      ['GET', `/api/v1/audit/${first.id}`], ['PATCH', `/api/v1/audit/${first.id}`], ['PUT', `/api/v1/audit/${first.id}`],
      ['DELETE', `/api/v1/audit/${first.id}`],
    ]) {
      const body = m === 'DELETE' || m === 'GET' ? undefined : { action: 'login', username: 'forged', detail: 'x' };
      const r = await ctx.api(m, p, { token: tok, body });
      assert.ok([404, 405].includes(r.status), `${m} ${p}: expected 404/405, got ${r.status} ${r.text}`);
    }
  }
  const after = await ctx.api('GET', '/api/v1/audit?limit=500', { token: auditor });
  assert.ok(after.json.total >= before.json.total, 'nothing was removed');
  const same = after.json.items.find((e) => e.id === first.id);
  assert.deepEqual(same, first, 'the entry is unchanged');
  assert.ok(!after.json.items.some((e) => e.username === 'forged'), 'nothing was forged');
});

ctx.cleanExit();
