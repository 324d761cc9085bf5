// persons.test.mjs: people in the registry: create, get, update, list, paging, search, masking,
// normalisation and validation of ID numbers and phones, conflicts and limits.
import assert from 'node:assert/strict';
import {
  AREA, ID_MASK, PHONE_MASK, ageOn, assertError, checkDigit, idNumber, maskId, maskPhone, pageAll,
  phone, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
let token;
let alice; // {id, idn, ph, name}

async function create(body, expect = 201) {
  const r = await ctx.api('POST', '/api/v1/persons', { token, body });
  if (expect !== null) assert.equal(r.status, expect, `POST /persons ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function reveal(id) {
  const r = await ctx.api('POST', `/api/v1/persons/${id}/reveal`, { token, body: { reason: '核对户籍信息' } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function search(q, limit = 500) {
  const r = await ctx.api('GET', `/api/v1/persons?q=${encodeURIComponent(q)}&limit=${limit}`, { token });
  assert.equal(r.status, 200, `search ${q}: ${r.text}`);
  return r.json;
}

t('log in', async () => {
  token = await ctx.login(ctx.admin);
});

t('create answers 201 with the person, masked, with gender and birth date from the ID', async () => {
  const idn = idNumber({ birth: '19870615', female: true });
  const ph = phone();
  const name = uniqueName('欧阳');
  const r = await create({
    name, id_number: idn, phone: ph, area_code: AREA.yunlong1, residence: 'registered_away',
    tags: ['party_member', 'volunteer'], notes: '从武汉返乡', relation: '户主',
  });
  const p = r.json;
  assert.equal(typeof p.id, 'number');
  assert.equal(p.name, name);
  assert.equal(p.id_number, maskId(idn));
  assert.match(p.id_number, ID_MASK);
  assert.equal(p.phone, maskPhone(ph));
  assert.match(p.phone, PHONE_MASK);
  assert.equal(p.gender, 'F');
  // the age, not the birth date, beside the masked ID number
  assert.equal(p.age, ageOn('1987-06-15'));
  assert.ok(!('birth_date' in p), 'no birth date beside a masked ID number');
  assert.equal(p.area_code, AREA.yunlong1);
  assert.equal(typeof p.area_name, 'string');
  assert.ok(p.area_name.length > 0);
  assert.equal(p.residence, 'registered_away');
  assert.deepEqual([...p.tags].sort(), ['party_member', 'volunteer']);
  assert.equal(p.notes, '从武汉返乡');
  assert.equal(p.is_demo, false);
  assert.equal(p.merged_into, null);
  assert.equal(p.household_id, null);
  const now = Date.now() / 1000;
  assert.ok(Math.abs(p.created_at - now) < 300, `created_at ${p.created_at} is now`);
  assert.ok(p.updated_at >= p.created_at);
  assert.ok(!r.text.includes(idn) && !r.text.includes(ph), 'no full ID number or phone in the answer');
  alice = { id: p.id, idn, ph, name };

  const m = await create({ name: uniqueName(), id_number: idNumber({ birth: '19500101', female: false }), area_code: AREA.yunlong2 });
  assert.equal(m.json.gender, 'M');
  assert.equal(m.json.age, ageOn('1950-01-01'));
});

t('get answers the same person, masked; an unknown id is 404 not_found', async () => {
  const r = await ctx.api('GET', `/api/v1/persons/${alice.id}`, { token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, alice.id);
  assert.equal(r.json.name, alice.name);
  assert.equal(r.json.id_number, maskId(alice.idn));
  assert.equal(r.json.phone, maskPhone(alice.ph));
  assert.ok(!r.text.includes(alice.idn) && !r.text.includes(alice.ph));
  assertError(await ctx.api('GET', '/api/v1/persons/987654321', { token }), 404, 'not_found');
  const bad = await ctx.api('GET', '/api/v1/persons/abc', { token });
  assert.ok([404, 422].includes(bad.status), `GET /persons/abc: ${bad.status}`);
  assert.ok(bad.json?.error, 'an error body');
});

t('update changes only the given fields and keeps them', async () => {
  const ph2 = phone();
  const r = await ctx.api('PATCH', `/api/v1/persons/${alice.id}`, {
    token, body: { phone: ph2, notes: '已居家观察', tags: ['party_member'] },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, maskPhone(ph2));
  assert.equal(r.json.notes, '已居家观察');
  assert.deepEqual(r.json.tags, ['party_member']);
  assert.equal(r.json.name, alice.name, 'name untouched');
  assert.equal(r.json.id_number, maskId(alice.idn), 'ID number untouched');
  assert.equal(r.json.residence, 'registered_away', 'residence untouched');
  assert.ok(r.json.updated_at >= r.json.created_at);
  const g = await ctx.api('GET', `/api/v1/persons/${alice.id}`, { token });
  assert.equal(g.json.phone, maskPhone(ph2));
  assert.equal(g.json.notes, '已居家观察');
  alice.ph = ph2;
  const v = await reveal(alice.id);
  assert.equal(v.phone, ph2, 'the new phone is stored in full');

  // an invalid update is refused and changes nothing
  const bad = await ctx.api('PATCH', `/api/v1/persons/${alice.id}`, { token, body: { phone: '12345', notes: 'x' } });
  assertError(bad, 422, 'invalid', 'phone');
  const after = await ctx.api('GET', `/api/v1/persons/${alice.id}`, { token });
  assert.equal(after.json.notes, '已居家观察');
  // gender and birth date belong to the ID number
  assertError(await ctx.api('PATCH', `/api/v1/persons/${alice.id}`, { token, body: { gender: 'M' } }), 422, 'invalid', 'gender');
  assertError(await ctx.api('PATCH', `/api/v1/persons/${alice.id}`, { token, body: { birth_date: '1990-01-01' } }),
    422, 'invalid', 'birth_date');
  assertError(await ctx.api('PATCH', '/api/v1/persons/987654321', { token, body: { notes: 'x' } }), 404, 'not_found');
});

t('lists page with limit (default 50, max 500) and offset, and total is right', async () => {
  const first = await ctx.api('GET', '/api/v1/persons', { token });
  assert.equal(first.status, 200, first.text);
  assert.ok(Array.isArray(first.json.items));
  assert.equal(typeof first.json.total, 'number');
  assert.ok(first.json.total >= 300, `the demo town has 300 people, total ${first.json.total}`);
  assert.equal(first.json.items.length, 50, 'default limit is 50');

  const all = await pageAll(ctx, token, '/api/v1/persons', 97);
  const ids = new Set(all.map((p) => p.id));
  assert.equal(ids.size, all.length, 'no person twice across pages');
  assert.ok(ids.has(alice.id));
  const big = await ctx.api('GET', '/api/v1/persons?limit=500', { token });
  assert.equal(big.json.items.length, Math.min(500, big.json.total));
  const tail = await ctx.api('GET', `/api/v1/persons?limit=10&offset=${first.json.total - 3}`, { token });
  assert.equal(tail.json.items.length, 3, 'the last page is short');
  assert.equal(tail.json.total, first.json.total);
  const past = await ctx.api('GET', `/api/v1/persons?offset=${first.json.total + 10}`, { token });
  assert.equal(past.status, 200);
  assert.deepEqual(past.json.items, []);
  assert.equal(past.json.total, first.json.total);

  for (const q of ['limit=501', 'limit=0', 'limit=-1', 'limit=abc', 'limit=1e3']) {
    assertError(await ctx.api('GET', `/api/v1/persons?${q}`, { token }), 422, 'invalid', 'limit');
  }
  assertError(await ctx.api('GET', '/api/v1/persons?offset=-5', { token }), 422, 'invalid', 'offset');
  assertError(await ctx.api('GET', '/api/v1/households?limit=501', { token }), 422, 'invalid', 'limit');
});

t('every list and get masks ID numbers and phones', async () => {
  const all = await pageAll(ctx, token, '/api/v1/persons');
  let ids = 0;
  let phones = 0;
  for (const p of all) {
    if (p.id_number !== null) {
      assert.match(p.id_number, ID_MASK, `person ${p.id}`);
      ids++;
    }
    if (p.phone !== null) {
      assert.match(p.phone, PHONE_MASK, `person ${p.id}`);
      phones++;
    }
  }
  assert.ok(ids > 250 && phones > 100, `the demo people have ID numbers (${ids}) and phones (${phones})`);
  const raw = await ctx.api('GET', '/api/v1/persons?limit=500', { token });
  assert.doesNotMatch(raw.text, /\d{17}[\dX]/, 'no full ID number anywhere in a list');
  assert.doesNotMatch(raw.text, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no full mobile number anywhere in a list');
});

t('search by name, full ID, its last 4 digits, and a phone (last 4, all 11); never a prefix of a number', async () => {
  const byName = await search(alice.name);
  assert.deepEqual(byName.items.map((p) => p.id), [alice.id], 'a unique name finds exactly that person');
  assert.equal(byName.total, 1);
  const part = await search(alice.name.slice(0, 3));
  assert.ok(part.items.some((p) => p.id === alice.id), 'a part of the name finds the person');

  const full = await search(alice.idn);
  assert.deepEqual(full.items.map((p) => p.id), [alice.id], 'the full ID number finds exactly that person');
  const lower = await search(alice.idn.toLowerCase());
  assert.ok(lower.items.some((p) => p.id === alice.id), 'lowercase x in the search still finds it');
  const last4 = await search(alice.idn.slice(-4));
  assert.ok(last4.items.some((p) => p.id === alice.id), 'last 4 ID digits find the person');
  // a prefix of a number rebuilds it digit by digit: refused (attacker_search.test.mjs)
  assertError(await ctx.api('GET', `/api/v1/persons?q=${alice.idn.slice(0, 6)}`, { token }), 422, 'invalid', 'q');

  const ph4 = await search(alice.ph.slice(-4));
  assert.ok(ph4.items.some((p) => p.id === alice.id), 'last 4 phone digits find the person');
  const ph11 = await search(alice.ph);
  assert.deepEqual(ph11.items.map((p) => p.id), [alice.id], 'the full phone finds exactly that person');

  const none = await search(uniqueName('司马'));
  assert.equal(none.total, 0);
  assert.deepEqual(none.items, []);
  // the search text is data, not SQL
  for (const q of ["' OR '1'='1", '%', '_', '"; DROP TABLE person; --']) {
    const r = await search(q);
    assert.ok(r.total < 10, `q=${q} matched ${r.total}`);
  }
  assertError(await ctx.api('GET', `/api/v1/persons?q=${'张'.repeat(100)}`, { token }), 422, 'invalid', 'q');
});

t('texts are normalised before validation: full-width digits, spaces, lowercase x, +86 and dashes', async () => {
  const fw = (s) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const r = await create({
    name: `  ${uniqueName()}　`,
    id_number: ` ${fw('11010519491231002x')} `,
    phone: '+86 138-0013-8000',
    area_code: AREA.lixin1,
  });
  assert.equal(r.json.id_number, '1101**********002X');
  assert.equal(r.json.phone, '138****8000');
  assert.equal(r.json.gender, 'F');
  assert.equal(r.json.age, ageOn('1949-12-31'));
  assert.equal((await reveal(r.json.id)).birth_date, '1949-12-31');
  assert.equal(r.json.name, r.json.name.trim(), 'name trimmed');
  assert.ok(!/\s/.test(r.json.name[0]) && !r.json.name.endsWith('　'), 'full-width space trimmed');
  const v = await reveal(r.json.id);
  assert.equal(v.id_number, '11010519491231002X');
  assert.equal(v.phone, '13800138000');

  const r2 = await create({ name: uniqueName(), id_number: idNumber(), phone: '0086 139 0000 1111', area_code: AREA.lixin1 });
  assert.equal((await reveal(r2.json.id)).phone, '13900001111');
  const r3 = await create({ name: uniqueName(), id_number: idNumber(), phone: fw('13700002222'), area_code: AREA.lixin1 });
  assert.equal((await reveal(r3.json.id)).phone, '13700002222');
});

t('11010519491231002X is valid and every single-digit change of it is 422 id_number (zh + en)', async () => {
  const good = '11010519491231002X';
  assert.equal(checkDigit(good.slice(0, 17)), 'X', 'the harness agrees on the check digit');
  for (let i = 0; i < 18; i++) {
    const digits = i === 17 ? '0123456789' : '0123456789'.replace(good[i], '');
    const d = digits[(i * 7) % digits.length];
    if (d === good[i]) continue;
    const bad = good.slice(0, i) + d + good.slice(i + 1);
    const r = await create({ name: uniqueName(), id_number: bad, area_code: AREA.lixin1 }, null);
    assertError(r, 422, 'invalid', 'id_number');
  }
  for (const bad of [
    '1101051949123100', // too short
    '1101051949123100200', // too long
    '11010519491231002A', // letter other than X
    `1101051949023${'0'}002`, // 17 digits
  ]) {
    assertError(await create({ name: uniqueName(), id_number: bad, area_code: AREA.lixin1 }, null), 422, 'invalid', 'id_number');
  }
  // a right check digit on an impossible birth date
  for (const birth of ['19490230', '20991231', '18000101']) {
    const s17 = `110105${birth}002`;
    const r = await create({ name: uniqueName(), id_number: s17 + checkDigit(s17), area_code: AREA.lixin1 }, null);
    assertError(r, 422, 'invalid', 'id_number');
  }
});

t('a 15-digit legacy ID number is upgraded to 18 digits', async () => {
  const seqDigits = `${Date.now() % 90 + 10}3`; // odd last digit: a man
  const legacy = `430304650412${seqDigits}`;
  const s17 = `43030419650412${seqDigits}`;
  const full = s17 + checkDigit(s17);
  const r = await create({ name: uniqueName(), id_number: legacy, area_code: AREA.lixin1 });
  assert.equal(r.json.id_number, maskId(full));
  assert.equal(r.json.gender, 'M');
  assert.equal(r.json.age, ageOn('1965-04-12'));
  assert.equal((await reveal(r.json.id)).id_number, full);
  assert.equal((await reveal(r.json.id)).birth_date, '1965-04-12');
  // the 18-digit form of the same person is the same ID number
  const dup = await create({ name: uniqueName(), id_number: full, area_code: AREA.lixin1 }, null);
  assertError(dup, 409, 'conflict');
});

t('a person without an ID number may carry gender and birth date; with one they must agree', async () => {
  const r = await create({ name: uniqueName(), gender: 'F', birth_date: '2016-05-20', area_code: AREA.lixin1 });
  assert.equal(r.json.id_number, null);
  assert.equal(r.json.gender, 'F');
  assert.equal(r.json.age, ageOn('2016-05-20'));
  assert.equal((await reveal(r.json.id)).birth_date, '2016-05-20', 'the birth date from the audited reveal');
  const r2 = await create({ name: uniqueName(), area_code: AREA.lixin1 });
  assert.equal(r2.json.id_number, null);
  assert.equal(r2.json.gender, null);
  assert.equal(r2.json.age, null);
  assert.equal(r2.json.phone, null);
  const idn = idNumber({ birth: '19900101', female: false });
  assertError(await create({ name: uniqueName(), id_number: idn, gender: 'F', area_code: AREA.lixin1 }, null),
    422, 'invalid', 'gender');
  assertError(await create({ name: uniqueName(), id_number: idn, birth_date: '1991-01-01', area_code: AREA.lixin1 }, null),
    422, 'invalid', 'birth_date');
  assertError(await create({ name: uniqueName(), birth_date: '2016-02-30', area_code: AREA.lixin1 }, null),
    422, 'invalid', 'birth_date');
  assertError(await create({ name: uniqueName(), gender: 'X', area_code: AREA.lixin1 }, null), 422, 'invalid', 'gender');
});

t('a second registration of an ID number is 409 conflict naming the existing record', async () => {
  const r = await create({ name: uniqueName(), id_number: alice.idn.toLowerCase(), area_code: AREA.lixin1 }, null);
  assertError(r, 409, 'conflict');
  assert.ok(r.json.error.message.includes(String(alice.id)) || r.json.error.message_en.includes(String(alice.id)),
    `the conflict names person ${alice.id}: ${r.text}`);
  assert.ok(!r.text.includes(alice.idn), 'the conflict does not echo the full ID number');
  // changing another person's ID number to alice's is the same conflict
  const other = await create({ name: uniqueName(), id_number: idNumber(), area_code: AREA.lixin1 });
  const p = await ctx.api('PATCH', `/api/v1/persons/${other.json.id}`, { token, body: { id_number: alice.idn } });
  assertError(p, 409, 'conflict');
  assert.ok(p.json.error.message.includes(String(alice.id)) || p.json.error.message_en.includes(String(alice.id)));
  const found = await search(alice.idn);
  assert.equal(found.total, 1, 'still one person with that ID number');
});

t('wrong types, unknown fields, missing or too-long fields are 422 with the field named', async () => {
  const base = () => ({ name: uniqueName(), id_number: idNumber(), area_code: AREA.lixin1 });
  const cases = [
    [{ ...base(), name: 123 }, 'name'],
    [{ ...base(), name: ['张三'] }, 'name'],
    [{ ...base(), name: '' }, 'name'],
    [{ ...base(), name: '   ' }, 'name'],
    [{ ...base(), name: '张'.repeat(200) }, 'name'],
    [{ ...base(), id_number: 110105194912310 }, 'id_number'],
    [{ ...base(), phone: 13800138000 }, 'phone'],
    [{ ...base(), phone: '1380013800' }, 'phone'],
    [{ ...base(), phone: '23800138000' }, 'phone'],
    [{ ...base(), tags: 'party_member' }, 'tags'],
    [{ ...base(), tags: ['no_such_tag'] }, 'tags'],
    [{ ...base(), residence: 'martian' }, 'residence'],
    [{ ...base(), household_id: 'abc' }, 'household_id'],
    [{ ...base(), notes: '注'.repeat(5000) }, 'notes'],
    [{ ...base(), area_code: '999999999999999' }, 'area_code'],
    [{ ...base(), surname: '张' }, 'surname'],
  ];
  const { name: _n, ...noName } = base();
  cases.push([noName, 'name']);
  for (const [body, field] of cases) {
    const r = await create(body, null);
    assertError(r, 422, 'invalid', field);
  }
  // neither household nor area
  const r = await create({ name: uniqueName(), id_number: idNumber() }, null);
  assertError(r, 422, 'invalid');
  assert.ok(['area_code', 'household_id'].includes(r.json.error.field), r.text);
  // a body that is JSON but not an object
  for (const raw of ['[]', '"name"', '42', 'null']) {
    const x = await ctx.api('POST', '/api/v1/persons', { token, raw });
    assert.ok([400, 422].includes(x.status), `body ${raw}: ${x.status} ${x.text}`);
    assert.ok(x.json?.error, 'an error body');
  }
});

t('malformed JSON is 400 bad_json; a body over the limit is 413 too_big', async () => {
  for (const raw of ['{"name":', '{name: "x"}', '{"name":"a",}', '\xff\xfe']) {
    const r = await ctx.api('POST', '/api/v1/persons', { token, raw });
    assertError(r, 400, 'bad_json');
  }
  const huge = JSON.stringify({ name: uniqueName(), area_code: AREA.lixin1, notes: 'x'.repeat(3 << 20) });
  let r;
  try {
    r = await ctx.api('POST', '/api/v1/persons', { token, raw: huge });
  } catch (e) {
    assert.fail(`a 3 MiB body must be answered 413, not a dropped connection: ${e.cause?.code || e.message}`);
  }
  assertError(r, 413, 'too_big');
  // the server is still healthy
  assert.equal((await ctx.api('GET', '/healthz')).status, 200);
});

t('filters: area narrows to a subtree, tag to tagged people, household_id to its members', async () => {
  const grid = await pageAll(ctx, token, `/api/v1/persons?area=${AREA.yunlong1}`);
  assert.ok(grid.some((p) => p.id === alice.id));
  for (const p of grid) assert.ok(p.area_code.startsWith(AREA.yunlong1), `area filter leaked ${p.area_code}`);
  const village = await ctx.api('GET', `/api/v1/persons?area=${AREA.yunlong}&limit=1`, { token });
  assert.ok(village.json.total >= grid.length);
  const tagged = await pageAll(ctx, token, '/api/v1/persons?tag=party_member');
  assert.ok(tagged.some((p) => p.id === alice.id));
  for (const p of tagged) assert.ok(p.tags.includes('party_member'), `person ${p.id} without the tag`);
  const all = await ctx.api('GET', '/api/v1/persons?limit=1', { token });
  assert.ok(tagged.length < all.json.total, 'the tag filter filters');
  const none = await ctx.api('GET', '/api/v1/persons?area=999999999999', { token });
  assert.ok(none.status === 200 ? none.json.total === 0 : [404, 422].includes(none.status), `unknown area: ${none.status} ${none.text}`);
});

t('every list refuses limit=501 with 422 field limit and answers {items, total}', async () => {
  const auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const problems = [];
  for (const [p, tok] of [
    ['/api/v1/areas', token], ['/api/v1/households', token], ['/api/v1/users', token], ['/api/v1/audit', auditor],
    ['/api/v1/persons/duplicates', token],
  ]) {
    const ok = await ctx.api('GET', `${p}?limit=2`, { token: tok });
    assert.equal(ok.status, 200, `${p}: ${ok.text}`);
    assert.ok(Array.isArray(ok.json.items) && typeof ok.json.total === 'number', `${p} answers {items, total}`);
    if (ok.json.items.length > 2) problems.push(`${p}?limit=2 answered ${ok.json.items.length} items`);
    const all = await ctx.api('GET', `${p}?limit=500`, { token: tok });
    if (all.json.total > 2 && ok.json.total !== all.json.total) problems.push(`${p}: total depends on limit`);
    const big = await ctx.api('GET', `${p}?limit=501`, { token: tok });
    if (big.status !== 422 || big.json?.error?.field !== 'limit') problems.push(`${p}?limit=501 answered ${big.status}, not 422 field limit`);
  }
  assert.deepEqual(problems, [], 'every list pages with limit (1..500) and offset (docs/API.md, Lists)');
});

t('concurrent writes: 20 parallel creates all land; 6 racing for one ID number give one 201 and 409s', async () => {
  const bodies = Array.from({ length: 20 }, () => ({ name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: AREA.qunli }));
  const rs = await Promise.all(bodies.map((body) => ctx.api('POST', '/api/v1/persons', { token, body })));
  assert.deepEqual(rs.map((r) => r.status), bodies.map(() => 201), rs.filter((r) => r.status !== 201).map((r) => r.text).join('\n'));
  assert.equal(new Set(rs.map((r) => r.json.id)).size, 20, 'twenty distinct ids');
  const idn = idNumber();
  const race = await Promise.all(Array.from({ length: 6 }, () => ctx.api('POST', '/api/v1/persons', {
    token, body: { name: uniqueName(), id_number: idn, area_code: AREA.qunli },
  })));
  const codes = race.map((r) => r.status).sort();
  assert.deepEqual(codes, [201, 409, 409, 409, 409, 409], `racing creates: ${race.map((r) => r.text).join('\n')}`);
  assert.equal((await search(idn)).total, 1);
});

t('names with quotes, backslashes, angle brackets and emoji round-trip as JSON text', async () => {
  const name = `王"小\\明<b>&'😷`;
  const r = await create({ name, area_code: AREA.qunli });
  assert.equal(r.json.name, name);
  const g = await ctx.api('GET', `/api/v1/persons/${r.json.id}`, { token });
  assert.equal(g.json.name, name);
  const f = await search(name);
  assert.ok(f.items.some((p) => p.id === r.json.id), 'found by its own name');
});

t('an acknowledged write survives the server being killed (SIGKILL) and restarted', async () => {
  const idn = idNumber();
  const r = await create({ name: uniqueName(), id_number: idn, area_code: AREA.nangu });
  const u = await ctx.api('PATCH', `/api/v1/persons/${r.json.id}`, { token, body: { notes: '断电前写入' } });
  assert.equal(u.status, 200);
  await ctx.restart('SIGKILL');
  const g = await ctx.api('GET', `/api/v1/persons/${r.json.id}`, { token });
  assert.equal(g.status, 200, `after a restart the session and the person are still there: ${g.text}`);
  assert.equal(g.json.notes, '断电前写入');
  assert.equal((await search(idn)).total, 1);
});

ctx.cleanExit();
