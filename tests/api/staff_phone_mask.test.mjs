// staff_phone_mask.test.mjs: the grid worker's and the village doctor's work phones on a key
// person's record are masked like a resident's in every answer (else every reader of the
// monitoring lists holds a directory of the staff's numbers); one comes in full only from the
// audited staff reveal, which takes a reason and writes the audit row first. Three places keep
// them whole on purpose: the user administration (the admin keeps the number there), the staff
// member's own session, and the printed notice, which the resident keeps to call them.
import assert from 'node:assert/strict';
import {
  AREA, PHONE_MASK, assertError, cli, maskPhone, phone, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const staff = { grid: phone(), doctor: phone() };
const users = {};
const ids = {};
let admin;

function leaks(text) {
  const flat = text.replace(/[\s-]/g, '');
  return Object.values(staff).filter((p) => flat.includes(p));
}

// where a staff phone is whole by design: the admin's record of the user, the printed notice
const WHOLE = [/^\/api\/v1\/users/, /\/notice(\?|$)/];

t('set up: a grid worker and a doctor with work phones, assigned to a key person', async () => {
  admin = await ctx.login(ctx.admin);
  const g = await ctx.user('grid', AREA.yunlong1, undefined, { displayName: '网格员丙', phone: staff.grid });
  const d = await ctx.user('doctor', AREA.yunlong, undefined, { displayName: '村医丁', phone: staff.doctor });
  users.grid = await ctx.login(g);
  users.doctor = await ctx.login(d);
  for (const [role, area] of [['secretary', AREA.yunlong], ['checkpoint', AREA.yunlong], ['viewer', AREA.town],
    ['auditor', AREA.town]]) {
    users[role] = await ctx.login(await ctx.user(role, area));
  }
  users.far = await ctx.login(await ctx.user('secretary', AREA.lixin));
  users.admin = admin;
  const all = (await ctx.api('GET', '/api/v1/users?limit=500', { token: admin })).json.items;
  ids.grid = all.find((u) => u.username === g.username).id;
  ids.doctor = all.find((u) => u.username === d.username).id;
  const p = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName('钟'), area_code: AREA.yunlong1 },
  });
  assert.equal(p.status, 201, p.text);
  ids.person = p.json.id;
  const kp = await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: ids.person, reason: 'close_contact', found_by: 'tip', kind: 'home' },
  });
  assert.equal(kp.status, 201, kp.text);
  ids.kp = kp.json.id;
  const a = await ctx.api('PATCH', `/api/v1/key-persons/${ids.kp}`, {
    token: admin, body: { grid_worker_id: ids.grid, doctor_id: ids.doctor },
  });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(leaks(a.text), [], 'the assignment answer masks the phones');
  assert.equal(a.json.grid_worker.phone, maskPhone(staff.grid));
  assert.equal(a.json.doctor.phone, maskPhone(staff.doctor));
  assert.equal(a.json.grid_worker.name, '网格员丙');
  const ch = await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/checks`, {
    token: users.grid, body: { temperature: 38.5, symptoms: ['cough'], method: 'visit' },
  });
  assert.equal(ch.status, 201, ch.text);
  assert.deepEqual(leaks(ch.text), []);
  ids.alert = ch.json.alert.id;
});

t('no answer but the admin\'s user list and the notice gives a staff phone whole, to any role', async () => {
  const r = await cli('routes');
  assert.equal(r.code, 0, r.stderr);
  const gets = r.stdout.split('\n').filter((l) => l.startsWith('GET ')).map((l) => l.split(' ')[1]);
  const byPrefix = { '/api/v1/key-persons': ids.kp, '/api/v1/persons': ids.person, '/api/v1/alerts': ids.alert };
  const paths = [...gets.map((p) => p.replace('{id}', String(byPrefix[p.split('/').slice(0, 4).join('/')] ?? 1)))
    .map((p) => (p.includes('?') ? p : `${p}?limit=200`)),
  `/api/v1/key-persons?area=${AREA.yunlong}&limit=500`, `/api/v1/key-persons/${ids.kp}`, '/api/v1/worklist',
  '/api/v1/reports/daily?format=html'];
  let masked = 0;
  for (const [role, token] of Object.entries(users)) {
    for (const p of paths) {
      if (WHOLE.some((re) => re.test(p))) continue;
      const a = await ctx.api('GET', p, { token });
      const text = a.json ? JSON.stringify(a.json) : a.text;
      // a staff member's own session names their own phone
      const own = p.startsWith('/api/v1/session') ? staff[role] : undefined;
      assert.deepEqual(leaks(text).filter((x) => x !== own), [], `${role} GET ${p} (${a.status}) gave a staff phone away: ${text.slice(0, 300)}`);
      if (text.includes(maskPhone(staff.grid))) masked++;
    }
  }
  assert.ok(masked >= 5, `the masked staff phone appeared in ${masked} answers`);
  const k = await ctx.api('GET', `/api/v1/key-persons/${ids.kp}`, { token: users.secretary });
  assert.match(k.json.grid_worker.phone, PHONE_MASK);
  assert.match(k.json.doctor.phone, PHONE_MASK);
  // the notice is printed for the resident, who calls them
  const n = await ctx.api('GET', `/api/v1/key-persons/${ids.kp}/notice`, { token: users.secretary });
  assert.ok(n.text.includes(staff.grid) && n.text.includes(staff.doctor), 'the notice prints the phones');
});

t('the staff reveal needs the staff member and a reason, and the permission to reveal', async () => {
  const url = `/api/v1/key-persons/${ids.kp}/staff-reveal`;
  const ask = (token, body) => ctx.api('POST', url, { token, body });
  assertError(await ask(admin, { staff: 'grid_worker' }), 422, 'invalid', 'reason');
  assertError(await ask(admin, { staff: 'grid_worker', reason: '看' }), 422, 'invalid', 'reason');
  assertError(await ask(admin, { reason: '联系网格员' }), 422, 'invalid', 'staff');
  assertError(await ask(admin, { staff: 'secretary', reason: '联系网格员' }), 422, 'invalid', 'staff');
  assertError(await ask(admin, { staff: 'grid_worker', reason: '联系网格员', user_id: 1 }), 422, 'invalid', 'user_id');
  for (const role of ['viewer', 'checkpoint', 'auditor']) {
    const r = await ask(users[role], { staff: 'grid_worker', reason: '联系网格员' });
    assert.ok([403, 404].includes(r.status), `${role} may not reveal: ${r.status} ${r.text}`);
    assert.deepEqual(leaks(r.text), []);
  }
  const far = await ask(users.far, { staff: 'grid_worker', reason: '联系网格员' });
  assert.ok([403, 404].includes(far.status), `another village's secretary: ${far.status}`);
  assertError(await ctx.api('POST', '/api/v1/key-persons/987654321/staff-reveal', {
    token: admin, body: { staff: 'grid_worker', reason: '联系网格员' },
  }), 404, 'not_found');
  const audit = await ctx.api('GET', '/api/v1/audit?action=reveal&limit=500', { token: users.auditor });
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.filter((e) => e.object_kind === 'key_person_staff').length, 0,
    'a refused reveal is not audited as one');
});

t('the staff reveal gives the whole phone, audited with who, which record and why', async () => {
  const url = `/api/v1/key-persons/${ids.kp}/staff-reveal`;
  const g = await ctx.api('POST', url, { token: users.secretary, body: { staff: 'grid_worker', reason: '联系网格员上门' } });
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, { key_person_id: ids.kp, staff: 'grid_worker', user_id: ids.grid, name: '网格员丙', phone: staff.grid });
  const d = await ctx.api('POST', url, { token: users.doctor, body: { staff: 'doctor', reason: '转诊联系' } });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.phone, staff.doctor);
  const audit = await ctx.api('GET', '/api/v1/audit?action=reveal&limit=500', { token: users.auditor });
  const rows = audit.json.items.filter((e) => e.object_kind === 'key_person_staff' && e.object_id === ids.kp);
  assert.equal(rows.length, 2, JSON.stringify(audit.json.items.slice(0, 3)));
  const gr = rows.find((e) => String(e.detail).includes('联系网格员上门'));
  assert.ok(gr, 'the reason is kept');
  assert.ok(gr.username.startsWith('secretary_'), `under the secretary's name: ${gr.username}`);
  assert.ok(String(gr.detail).includes(`grid_worker #${ids.grid}`), `which staff member: ${gr.detail}`);
  assert.deepEqual(leaks(JSON.stringify(audit.json)), [], 'the audit log does not copy the phone');
  // the record stays masked after a reveal
  const k = await ctx.api('GET', `/api/v1/key-persons/${ids.kp}`, { token: users.secretary });
  assert.deepEqual(leaks(k.text), []);
});

ctx.cleanExit();
