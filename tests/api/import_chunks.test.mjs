// import_chunks.test.mjs: a resident file longer than one chunk of the import's writes (64 rows a
// statement): a refused row at the end of the second chunk stores nothing of any chunk; the
// maintained counts of areas and households, the heads named in a later chunk than their
// household's first row, people without ID numbers and people already stored, in one file;
// the same file again changes nothing.
import assert from 'node:assert/strict';
import { AREA, assertError, csv, idNumber, importCsv, phone, setupTown, uniqueName } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const ELSEWHERE = '该身份证号已在别处登记，请联系指挥部';
const HEADER = ['姓名', '身份证号', '联系电话', '住址', '村', '网格', '与户主关系', '标签'];
let admin, sec;

async function total(token, query = '') {
  const r = await ctx.api('GET', `/api/v1/persons?limit=1${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

async function household(address) {
  const r = await ctx.api('GET', `/api/v1/households?q=${encodeURIComponent(address)}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((h) => h.address === address);
}

// every person of 云龙村 by name (the names are unique): searches by number are throttled
async function byName() {
  const m = new Map();
  for (let off = 0; ; off += 500) {
    const r = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong}&limit=500&offset=${off}`, { token: admin });
    assert.equal(r.status, 200, r.text);
    for (const p of r.json.items) m.set(p.name, p);
    if (r.json.items.length < 500) return m;
  }
}

t('log in as the admin and the secretary of 云龙村', async () => {
  admin = await ctx.login(ctx.admin);
  sec = await ctx.login(await ctx.user('secretary', AREA.yunlong));
});

// 150 rows in households of three, each household's head its last row, so that the head of
// the household begun at row 63 comes in the second chunk
const tag = uniqueName('');
const rows = Array.from({ length: 150 }, (_, i) => {
  const hh = Math.floor(i / 3);
  return {
    name: uniqueName(), idn: idNumber(), ph: phone(),
    addr: `云龙村分批${tag}${hh}号`, grid: hh % 2 ? AREA.yunlong2 : AREA.yunlong1,
    rel: i % 3 === 2 ? '户主' : '家属', tags: i % 10 === 0 ? '党员' : '',
  };
});
const line = (r) => [r.name, r.idn, r.ph, r.addr, '云龙村', r.grid, r.rel, r.tags];

t('a refused row at the end of the second chunk: nothing of the file is stored', async () => {
  // a resident of 立新村, whom the secretary of 云龙村 may not see
  const other = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName('欧阳'), id_number: idNumber(), area_code: AREA.lixin1 },
  });
  assert.equal(other.status, 201, other.text);
  const bad = rows.map(line);
  bad[127] = [uniqueName(), '', '', rows[127].addr, '云龙村', rows[127].grid, '家属', ''];
  // the create answers with a masked number: reveal it for the file
  const rv = await ctx.api('POST', `/api/v1/persons/${other.json.id}/reveal`, { token: admin, body: { reason: '导入测试' } });
  assert.equal(rv.status, 200, rv.text);
  bad[127][1] = rv.json.id_number;
  const before = await total(admin);
  const hhBefore = (await ctx.api('GET', '/api/v1/households?limit=1', { token: admin })).json.total;
  for (const q of ['?dry_run=1', '']) {
    const r = await importCsv(ctx, sec, csv(HEADER, bad), q);
    assertError(r, 422, 'invalid');
    assert.deepEqual(r.json.error.rows.map((x) => [x.line, x.field]), [[129, 'id_number']], r.text);
    assert.equal(r.json.error.rows[0].message, ELSEWHERE);
    assert.ok(!r.text.includes(other.json.name), 'the record elsewhere is not named');
  }
  assert.equal(await total(admin), before, 'no person stored, no count moved');
  assert.equal((await ctx.api('GET', '/api/v1/households?limit=1', { token: admin })).json.total, hhBefore,
    'no household stored, no count moved');
  const stored = await byName();
  for (const i of [0, 63, 64, 126, 128, 149]) assert.ok(!stored.has(rows[i].name), `row ${i + 2} stored`);
  assert.equal((await household(rows[0].addr)).length, 0);
});

t('150 rows over three chunks: people, households, heads, tags and counts', async () => {
  // two of the rows are people already stored (one in the first chunk, one in the third), and a
  // child without an ID number joins household 21 (rows 63 to 65) in the second chunk
  const known = [5, 140];
  for (const i of known) {
    const r = await ctx.api('POST', '/api/v1/persons', {
      token: admin, body: { name: rows[i].name, id_number: rows[i].idn, area_code: rows[i].grid },
    });
    assert.equal(r.status, 201, r.text);
  }
  const child = { name: uniqueName('小'), addr: rows[63].addr, grid: rows[63].grid };
  const lines = rows.map(line);
  lines.splice(100, 0, [child.name, '', '', child.addr, '云龙村', child.grid, '子', '']);
  const before = await total(admin);
  const beforeG1 = await total(admin, `&area=${AREA.yunlong1}`);
  const r = await importCsv(ctx, sec, csv(HEADER, lines));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.rows, r.json.created, r.json.updated, r.json.unchanged, r.json.households_created],
    [151, 149, 2, 0, 50], r.text);
  // the maintained counts moved by what was created (the two stored people had no household)
  assert.equal(await total(admin), before + 149);
  const inG1 = rows.filter((x, i) => x.grid === AREA.yunlong1 && !known.includes(i)).length;
  assert.equal(await total(admin, `&area=${AREA.yunlong1}`), beforeG1 + inG1);
  const stored = await byName();
  for (let hh = 0; hh < 50; hh++) {
    const [h] = await household(rows[hh * 3].addr);
    assert.ok(h, `household ${hh}`);
    const members = hh === 21 ? 4 : 3;
    assert.equal(h.members, members, `household ${hh} counts its members`);
    const head = stored.get(rows[hh * 3 + 2].name);
    assert.equal(h.head_id, head.id, `household ${hh}: the head is the row that says so`);
    const detail = await ctx.api('GET', `/api/v1/households/${h.id}`, { token: admin });
    assert.equal(detail.json.members.length, members);
  }
  const tagged = await ctx.api('GET', `/api/v1/persons?tag=party_member&limit=500&area=${AREA.yunlong}`, { token: admin });
  for (let i = 0; i < 150; i += 10) {
    const p = stored.get(rows[i].name);
    assert.ok(tagged.json.items.some((x) => x.id === p.id), `row ${i + 2} is tagged`);
  }
});

t('the same 150 rows again change nothing; one changed phone in the third chunk is one update', async () => {
  const before = await total(admin);
  const again = await importCsv(ctx, sec, csv(HEADER, rows.map(line)));
  assert.equal(again.status, 200, again.text);
  assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged, again.json.households_created],
    [0, 0, 150, 0], again.text);
  const changed = rows.map(line);
  changed[130][2] = phone();
  const one = await importCsv(ctx, sec, csv(HEADER, changed));
  assert.deepEqual([one.json.created, one.json.updated, one.json.unchanged], [0, 1, 149], one.text);
  assert.equal(await total(admin), before);
  const [h] = await household(rows[0].addr);
  assert.equal(h.members, 3, 'members not counted twice');
});
