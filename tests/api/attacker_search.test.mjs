// attacker_search.test.mjs: what an ordinary grid worker's (or a checkpoint's) login cannot do.
// 1. rebuild a masked phone or ID number from searches: a number search matches only a whole ID
//    number, a whole phone or exactly the 4 last digits; any other part of a number is refused
//    (422 on q), on the list and the export; every number search is an audit row naming the kind
//    and the count, never the number; past 30 in 10 minutes a user is refused (429), audited.
import assert from 'node:assert/strict';
import { AREA, assertError, idNumber, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin, grid, auditor, gridUser;
let alice; // {id, idn, ph, name}

const list = (tok, q) => ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}&limit=50`, { token: tok });

t('set up: a resident of a grid, its grid worker, an auditor', async () => {
  admin = await ctx.login(ctx.admin);
  gridUser = await ctx.user('grid', AREA.yunlong1);
  grid = await ctx.login(gridUser);
  auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const idn = idNumber({ birth: '19800101' });
  const ph = phone();
  const name = uniqueName('皇甫');
  const r = await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name, id_number: idn, phone: ph, area_code: AREA.yunlong1 } });
  assert.equal(r.status, 201, r.text);
  alice = { id: r.json.id, idn, ph, name };
});

t('a part of a number is refused, with a bilingual error naming q', async () => {
  const parts = [
    alice.ph.slice(0, 1), alice.ph.slice(0, 3), alice.ph.slice(0, 7), alice.ph.slice(0, 10),
    alice.ph.slice(-5), alice.ph.slice(-3),
    alice.idn.slice(0, 6), alice.idn.slice(0, 14), alice.idn.slice(0, 17), alice.idn.slice(-6),
    `${alice.ph.slice(0, 3)} ${alice.ph.slice(3, 5)}`, `+86 ${alice.ph.slice(0, 5)}`,
    '１３８', // full-width digits are digits too
  ];
  for (const q of parts) {
    const r = await list(grid, q);
    assertError(r, 422, 'invalid', 'q');
    assert.match(r.json.error.message, /后4位/, `q=${q}: ${r.text}`);
    assert.doesNotMatch(r.text, new RegExp(alice.name), 'the refusal names nobody');
  }
  // the export's q follows the same rule
  const e = await ctx.api('GET', `/api/v1/persons/export?q=${alice.ph.slice(0, 7)}`, { token: admin });
  assertError(e, 422, 'invalid', 'q');
});

t('a whole ID number, a whole phone (however typed) and the last 4 digits still find the person', async () => {
  const fw = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const whole = [
    alice.idn, alice.idn.toLowerCase(), `${alice.idn.slice(0, 6)} ${alice.idn.slice(6, 14)} ${alice.idn.slice(14)}`,
    alice.ph, `+86 ${alice.ph.slice(0, 3)}-${alice.ph.slice(3, 7)}-${alice.ph.slice(7)}`, `0086${alice.ph}`, fw(alice.ph),
  ];
  for (const q of whole) {
    const r = await list(grid, q);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    assert.deepEqual(r.json.items.map((p) => p.id), [alice.id], `q=${q} finds exactly the person`);
  }
  for (const q of [alice.idn.slice(-4), alice.ph.slice(-4)]) {
    const r = await list(grid, q);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    assert.ok(r.json.items.some((p) => p.id === alice.id), `last 4 ${q} find the person`);
    for (const p of r.json.items)
      assert.ok(p.id_number?.endsWith(q) || p.phone?.endsWith(q), `${q} matches only the last 4 digits`);
  }
  // a name search is as before
  const n = await list(grid, alice.name);
  assert.deepEqual(n.json.items.map((p) => p.id), [alice.id]);
});

t('every number search is audited: who, what kind, how many; never the number nor its hash', async () => {
  const r = await ctx.api('GET', `/api/v1/audit?action=search&username=${gridUser.username}&limit=100`, { token: auditor });
  assert.equal(r.status, 200, r.text);
  const rows = r.json.items;
  assert.equal(rows.length, 9, `the 7 whole numbers and 2 last-4 searches: ${r.text}`);
  const kinds = rows.map((a) => a.detail.match(/by (\w+)/)[1]).sort();
  assert.deepEqual(kinds, ['id', 'id', 'id', 'last4', 'last4', 'phone', 'phone', 'phone', 'phone']);
  for (const a of rows) {
    assert.match(a.detail, /: 1 matched$|: \d+ matched$/);
    assert.equal(a.username, gridUser.username);
    for (const secret of [alice.idn, alice.ph, alice.idn.slice(-4), alice.ph.slice(-4), alice.ph.slice(3, 7)])
      assert.ok(!a.detail.includes(secret), `the audit row holds no number: ${a.detail}`);
    assert.doesNotMatch(a.detail, /[0-9a-f]{16,}/, 'nor a hash of it');
  }
  // the refused partial searches and the name search wrote no search row
  const all = await ctx.api('GET', `/api/v1/audit?username=${gridUser.username}&limit=200`, { token: auditor });
  assert.ok(!all.text.includes(alice.ph) && !all.text.includes(alice.idn), 'no number in any audit row of the user');
});

t('past 30 number searches in 10 minutes a user is refused with 429, and the auditor finds it', async () => {
  const u = await ctx.user('grid', AREA.yunlong1);
  const tok = await ctx.login(u);
  for (let i = 0; i < 30; i++) {
    const r = await list(tok, String(1000 + i));
    assert.equal(r.status, 200, `search ${i + 1}: ${r.text}`);
  }
  const r = await list(tok, alice.ph);
  assertError(r, 429, 'throttled', 'q');
  assert.match(r.json.error.message, /号码查询/);
  assert.match(r.json.error.message_en, /searches by number/);
  // a name search still works; another user is not held up
  assert.equal((await list(tok, alice.name)).status, 200);
  assert.equal((await list(grid, alice.ph)).status, 200);
  const a = await ctx.api('GET', `/api/v1/audit?action=search_throttled&username=${u.username}`, { token: auditor });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.items.length, 1, a.text);
  assert.ok(!a.json.items[0].detail.includes(alice.ph));
  // and so on the export
  const e = await ctx.api('GET', `/api/v1/persons/export?q=${alice.ph}`, { token: tok });
  assert.equal(e.status, 403, 'a grid worker has no export at all');
});

ctx.cleanExit();
