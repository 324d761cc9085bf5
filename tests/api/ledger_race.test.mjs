// ledger_race.test.mjs: two issues that together would overdraw a store, sent at once: exactly
// one is recorded, the other is refused with the stock, and the stock never goes below zero.
import assert from 'node:assert/strict';
import { AREA, setupTown } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let admin;
let store;

let public0; // the public page before this file's movements (the demo town has its own donations)

t('set up: a village store holding 100 masks from a donation', async () => {
  admin = await ctx.login(ctx.admin);
  public0 = (await ctx.api('GET', '/api/v1/public/donations')).json;
  const s = await ctx.api('POST', '/api/v1/stores', {
    token: admin, body: { name: '云龙村物资点', area_code: AREA.yunlong, kind: 'village' },
  });
  assert.equal(s.status, 201, s.text);
  store = s.json.id;
});

async function stock() {
  const r = await ctx.api('GET', '/api/v1/stores', { token: admin });
  const s = r.json.items.find((x) => x.id === store);
  const line = s.stock.find((x) => x.item === 'mask_surgical');
  return line ? line.quantity : 0;
}

t('concurrent issues of 60 and 60 from 100: exactly one succeeds, five times over', async () => {
  for (let round = 0; round < 5; round++) {
    const before = await stock();
    const d = await ctx.api('POST', '/api/v1/donations', {
      token: admin,
      body: { donor: { name: '龙头岭村康星大药房', kind: 'company' }, date: '2020-02-01', store_id: store,
        lines: [{ item: 'mask_surgical', quantity: 100 - before }] },
    });
    assert.equal(d.status, 201, d.text);
    assert.match(d.json.receipt_no, /^JZ20200201\d{3}$/);
    assert.equal(await stock(), 100);
    const issue = () => ctx.api('POST', '/api/v1/ledger', {
      token: admin,
      body: { kind: 'issue', store_id: store, item: 'mask_surgical', quantity: 60, to_area_code: AREA.yunlong,
        purpose: '网格员上户排查' },
    });
    const rs = await Promise.all([issue(), issue()]);
    const ok = rs.filter((r) => r.status === 201);
    const refused = rs.filter((r) => r.status === 409);
    assert.equal(ok.length, 1, rs.map((r) => r.text).join('\n'));
    assert.equal(refused.length, 1, rs.map((r) => r.text).join('\n'));
    assert.equal(refused[0].json.error.code, 'insufficient_stock');
    assert.equal(refused[0].json.error.available, 40);
    assert.equal(await stock(), 40);
    // put the stock back to a known level for the next round by reversing the issue
    const rev = await ctx.api('POST', '/api/v1/ledger', { token: admin, body: { kind: 'reverse', reverses: ok[0].json.id } });
    assert.equal(rev.status, 201, rev.text);
    assert.equal(rev.json.quantity, 60);
    const again = await ctx.api('POST', '/api/v1/ledger', { token: admin, body: { kind: 'reverse', reverses: ok[0].json.id } });
    assert.equal(again.status, 409, 'an entry is reversed once only');
    assert.equal(await stock(), 100);
    const out = await ctx.api('POST', '/api/v1/ledger', {
      token: admin, body: { kind: 'write_off', store_id: store, item: 'mask_surgical', quantity: 100, purpose: '过期' },
    });
    assert.equal(out.status, 201, out.text);
    assert.equal(await stock(), 0);
  }
});

t('the public page shows what came in and what went out, without any login', async () => {
  const r = await ctx.api('GET', '/api/v1/public/donations');
  assert.equal(r.status, 200, r.text);
  const q = (rows, item, to) => rows.filter((x) => x.item === item && (!to || x.to === to)).reduce((n, x) => n + x.quantity, 0);
  assert.equal(q(r.json.received, 'mask_surgical') - q(public0.received, 'mask_surgical'), 500, 'five donations of 100');
  assert.equal(q(r.json.issued, 'mask_surgical', '云龙村'), q(public0.issued, 'mask_surgical', '云龙村'), 'every issue was reversed');
  const mine = r.json.donations.filter((d) => d.donor === '龙头岭村康星大药房');
  assert.equal(mine.length, 5);
  assert.equal(r.json.donations.length - public0.donations.length, 5);
});
