// notice.test.mjs: the home-observation notice names the responsible staff with their work
// phones, which the administrator keeps on each user; staff phones are validated like residents'.
import assert from 'node:assert/strict';
import { AREA, assertError, setupTown } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;

t('a grid worker and a doctor with work phones; the demo staff of the grid stand down', async () => {
  admin = await ctx.login(ctx.admin);
  await ctx.user('grid', AREA.yunlong2, 'notice_grid', { displayName: '网格员甲', phone: '+86 139-0000-1111' });
  const doc = await ctx.user('doctor', AREA.yunlong, 'notice_doc', { displayName: '村医乙' });
  for (const u of ['doctor']) assert.equal((await ctx.cli('user', 'disable', u)).code, 0);
  const users = await ctx.api('GET', '/api/v1/users?limit=500', { token: admin });
  const d = users.json.items.find((u) => u.username === doc.username);
  const g = users.json.items.find((u) => u.username === 'notice_grid');
  assert.equal(g.phone, '13900001111', 'normalised phone');
  assert.equal(d.phone, '');
  const p = await ctx.api('PATCH', `/api/v1/users/${d.id}`, { token: admin, body: { phone: '139 0000 2222' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.phone, '13900002222');
  assertError(await ctx.api('PATCH', `/api/v1/users/${d.id}`, { token: admin, body: { phone: '12345' } }),
    422, 'invalid', 'phone');
  const bad = await ctx.cli('user', 'add', 'notice_bad', '--role', 'grid', '--area', AREA.yunlong1, '--phone', '1234',
    '--password-stdin', { input: 'long-enough-password\n' });
  assert.notEqual(bad.code, 0, 'a bad phone is refused by the CLI');
  assert.match(bad.stderr, /phone/);
});

t('the notice prints the period and the responsible staff with their phones', async () => {
  const people = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong2}&limit=1`, { token: admin });
  const person = people.json.items[0];
  const r = await ctx.api('POST', '/api/v1/key-persons', {
    token: admin,
    body: { person_id: person.id, reason: 'close_contact', found_by: 'tip', kind: 'home', start_date: '2020-01-25' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.doctor.name, '村医乙');
  const n = await ctx.api('GET', `/api/v1/key-persons/${r.json.id}/notice`, { token: admin });
  assert.equal(n.status, 200);
  assert.match(n.headers.get('content-type'), /text\/html/);
  for (const want of [person.name, '2020-01-25', '2020-02-07', '13900002222', '村医乙', '自报码']) {
    assert.ok(n.text.includes(want), `notice shows ${want}`);
  }
  // only the code's hash is kept: the notice leaves a blank for staff to copy it onto
  assert.ok(!n.text.includes(r.json.self_report_code), 'the notice does not print the code');
  // the record shows the staff phones masked; the printed notice, which the resident keeps to
  // call them, in full: the same number the audited staff reveal gives
  assert.match(r.json.doctor.phone, /^139\*{4}2222$/);
  assert.ok(!JSON.stringify(r.json).includes('13900002222'), 'the doctor phone is masked on the record');
  if (r.json.grid_worker && r.json.grid_worker.phone) {
    const rv = await ctx.api('POST', `/api/v1/key-persons/${r.json.id}/staff-reveal`, {
      token: admin, body: { staff: 'grid_worker', reason: '打印告知书核对' },
    });
    assert.equal(rv.status, 200, rv.text);
    assert.ok(n.text.includes(rv.json.phone), 'the grid worker phone');
  }
});
