// declarations.test.mjs: travellers declaring themselves on their own phones at a checkpoint
// (扫码登记): the poster's token, the public form with every field checked in Chinese and
// English, the throttle per address, the staff's look-up (the post's area only, numbers masked),
// the screening made from a declaration (the traveller's data carried over, used once, counted
// only then), and expiry on an injected clock.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AREA, assertError, ID_MASK, idNumber, localDate, phone, PHONE_MASK, setupTown, sql, uniqueName
} from './lib.mjs';

const T0 = Math.floor(Date.now() / 1000);
const ctx = setupTown({ clock: T0 });
const t = ctx.test;
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
let admin, staff, lixinStaff, viewer;
let post, lixinPost, entrance;
let token, lixinToken;

function api(method, p, tok, body, o = {}) {
  return ctx.api(method, p, { token: tok, body, ...o });
}
const key = () => randomBytes(16).toString('hex'); // 32 characters, as public routes require

async function declare(body, o = {}) {
  return api('POST', '/api/v1/declarations', undefined, body, { headers: { 'Idempotency-Key': key() }, ...o });
}

function traveller() {
  return {
    driver: { name: uniqueName('龚'), id_number: idNumber(), phone: phone() },
    child: { name: uniqueName('龚'), id_number: idNumber({ birth: '20150301' }) },
  };
}

async function figures() {
  const r = await api('GET', `/api/v1/checkpoint/figures?date=${localDate(ctx.now())}`, admin);
  assert.equal(r.status, 200, r.text);
  return r.json.posts.find((p) => p.id === post.id)?.totals ?? { vehicles: 0, people: 0 };
}

t('set up: posts at two villages and their posters', async () => {
  admin = await ctx.login(ctx.admin);
  staff = await ctx.login(await ctx.user('checkpoint', AREA.yunlong));
  lixinStaff = await ctx.login(await ctx.user('checkpoint', AREA.lixin));
  viewer = await ctx.login(await ctx.user('viewer', AREA.town));
  const mk = async (body) => {
    const r = await api('POST', '/api/v1/duty/posts', admin, body);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  post = await mk({ name: '扫码测试收费站', area_code: AREA.yunlong, kind: 'checkpoint' });
  lixinPost = await mk({ name: '立新扫码卡口', area_code: AREA.lixin, kind: 'checkpoint' });
  entrance = await mk({ name: '扫码测试村口', area_code: AREA.yunlong, kind: 'village_entrance' });

  const p = await api('POST', `/api/v1/duty/posts/${post.id}/declare-poster`, staff);
  assert.equal(p.status, 200, p.text);
  assert.match(p.json.token, /^[0-9a-f]{24}$/, 'a random token, not the post id');
  assert.equal(p.json.path, `/declare/${p.json.token}`);
  token = p.json.token;
  const again = await api('POST', `/api/v1/duty/posts/${post.id}/declare-poster`, admin);
  assert.equal(again.json.token, token, 'one poster per post: printed again, the same QR');
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/declare-poster`, lixinStaff), 404, 'not_found', 'post_id');
  assertError(await api('POST', `/api/v1/duty/posts/${entrance.id}/declare-poster`, admin), 422, 'invalid', 'post_id');
  assertError(await api('POST', `/api/v1/duty/posts/${post.id}/declare-poster`, viewer), 403, 'forbidden');
  lixinToken = (await api('POST', `/api/v1/duty/posts/${lixinPost.id}/declare-poster`, lixinStaff)).json.token;
  assert.notEqual(lixinToken, token);

  const pub = await api('GET', `/api/v1/declarations/post/${token}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.post_name, '扫码测试收费站');
  assert.equal(pub.json.max_persons, 9);
  assertError(await api('GET', `/api/v1/declarations/post/${'0'.repeat(24)}`), 404, 'not_found', 'token');
});

t('the public form: every field checked, named, in Chinese and English', async () => {
  const { driver, child } = traveller();
  const ok = { token, plate: '湘C12345', from_place: '长沙', to_place: '鹤岭镇', persons: [driver, child] };
  const cases = [
    [{ ...ok, token: 'f'.repeat(24) }, 404, 'not_found', 'token'],
    [{ ...ok, persons: [] }, 422, 'invalid', 'persons'],
    [{ ...ok, persons: Array.from({ length: 10 }, () => ({ name: '张三', id_number: idNumber(), phone: phone() })) }, 422, 'invalid', 'persons'],
    [{ ...ok, persons: [{ ...driver, name: '' }, child] }, 422, 'invalid', 'persons[0].name'],
    [{ ...ok, persons: [driver, { ...child, id_number: '43030420150301001' }] }, 422, 'invalid', 'persons[1].id_number'],
    [{ ...ok, persons: [driver, { ...child, id_number: undefined }] }, 422, 'invalid', 'persons[1].id_number'],
    [{ ...ok, persons: [{ ...driver, phone: undefined }, child] }, 422, 'invalid', 'persons[0].phone'],
    [{ ...ok, persons: [driver, { ...child, phone: '12345' }] }, 422, 'invalid', 'persons[1].phone'],
    [{ ...ok, persons: [driver, { ...child, id_number: driver.id_number }] }, 422, 'invalid', 'persons[1].id_number'],
    [{ ...ok, persons: [driver, { ...child, age: 5 }] }, 422, 'invalid', 'persons[1].age'],
    [{ ...ok, plate: '湘12' }, 422, 'invalid', 'plate'],
    [{ ...ok, from_place: '' }, 422, 'invalid', 'from_place'],
    [{ ...ok, temperature: 36.5 }, 422, 'invalid', 'temperature'],
  ];
  for (const [body, status, code, field] of cases) assertError(await declare(body), status, code, field);
});

let first; // { code, driver, child }

t('a declaration: a code, hours to live, and nothing of the people in the answer', async () => {
  const { driver, child } = traveller();
  const body = { token, plate: '湘c 12345', from_place: '湖北武汉', to_place: '鹤岭镇云龙村', persons: [driver, child] };
  const k = key();
  const r = await declare(body, { headers: { 'Idempotency-Key': k } });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.code, CODE);
  assert.equal(r.json.expires_at - r.json.created_at, 4 * 3600);
  assert.equal(r.json.post_name, '扫码测试收费站');
  assert.equal(r.json.people, 2);
  for (const v of [driver.id_number, driver.phone, child.id_number, driver.name, driver.id_number.slice(-4)]) {
    assert.ok(!r.text.includes(v), `the answer leaves out ${v}`);
  }
  const again = await declare(body, { headers: { 'Idempotency-Key': k } });
  assert.equal(again.status, 201);
  assert.equal(again.json.code, r.json.code, 'a retry gets the same code');
  first = { code: r.json.code, driver, child };
});

t('the staff of the post look it up by code: names, numbers masked; elsewhere 404', async () => {
  const r = await api('GET', `/api/v1/declarations/${first.code}`, staff);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.post_id, post.id);
  assert.equal(r.json.kind, 'vehicle');
  assert.equal(r.json.plate, '湘C12345');
  assert.equal(r.json.from_place, '湖北武汉');
  assert.deepEqual(r.json.persons.map((p) => p.name), [first.driver.name, first.child.name]);
  assert.match(r.json.persons[0].id_number, ID_MASK);
  assert.match(r.json.persons[0].phone, PHONE_MASK);
  assert.equal(r.json.persons[1].phone, null);
  for (const v of [first.driver.id_number, first.driver.phone, first.child.id_number]) assert.ok(!r.text.includes(v));
  // typed as people type it: lowercase, without the dash, O for 0
  const typed = first.code.replace('-', ' ').toLowerCase().replace(/0/g, 'o');
  assert.equal((await api('GET', `/api/v1/declarations/${encodeURIComponent(typed)}`, staff)).status, 200);
  assertError(await api('GET', `/api/v1/declarations/${first.code}`, lixinStaff), 404, 'not_found', 'code');
  assertError(await api('GET', `/api/v1/declarations/${first.code}`, viewer), 403, 'forbidden');
  assertError(await api('GET', `/api/v1/declarations/${first.code}`), 401, 'unauthenticated');
  assertError(await api('GET', '/api/v1/declarations/ZZZZ-ZZZZ', staff), 404, 'not_found', 'code');
  assertError(await api('GET', '/api/v1/declarations/not-a-code', staff), 404, 'not_found', 'code');
});

t('a declaration counts nowhere until the screening is confirmed; then once, with the traveller\'s data', async () => {
  const before = await figures();
  const list = await api('GET', `/api/v1/screenings?post_id=${post.id}`, admin);
  assert.equal(list.json.total, 0, 'no screening at the post yet');

  const screen = (body, tok = staff) => api('POST', '/api/v1/screenings', tok, { post_id: post.id, kind: 'vehicle', ...body });
  assertError(await screen({ declaration_code: first.code, persons: [{ temperature: 36.5 }] }), 422, 'invalid', 'persons');
  assertError(await screen({ declaration_code: 'ZZZZ-ZZZZ', persons: [{ temperature: 36.5 }] }), 404, 'not_found', 'declaration_code');
  // another village's checkpoint cannot use it, even for its own post
  const other = await api('POST', '/api/v1/screenings', lixinStaff, {
    post_id: lixinPost.id, kind: 'vehicle', declaration_code: first.code, persons: [{ temperature: 36.5 }, { temperature: 36.4 }],
  });
  assertError(other, 404, 'not_found', 'declaration_code');
  assert.deepEqual(await figures(), before, 'refused screenings count nothing');

  const r = await screen({ declaration_code: first.code, persons: [{ temperature: 36.5 }, { temperature: 36.7 }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.plate, '湘C12345', 'the declared plate');
  assert.deepEqual(r.json.persons.map((p) => p.name), [first.driver.name, first.child.name]);
  assert.equal(r.json.persons[0].from_place, '湖北武汉');
  assert.equal(r.json.persons[0].to_place, '鹤岭镇云龙村');
  assert.equal(r.json.persons[0].high_risk, true, 'from 湖北: the regions decide as for a typed screening');
  assert.equal(r.json.persons[1].temperature, 36.7);
  assert.match(r.json.persons[0].id_number, ID_MASK);
  const full = await api('POST', `/api/v1/screenings/${r.json.id}/reveal`, admin, { reason: '核对扫码登记' });
  assert.equal(full.status, 200, full.text);
  assert.equal(full.json.persons[0].id_number, first.driver.id_number, 'the full number went into the screening');
  assert.equal(full.json.persons[0].phone, first.driver.phone);
  assert.equal(full.json.persons[1].id_number, first.child.id_number);

  const after = await figures();
  assert.equal(after.vehicles, before.vehicles + 1);
  assert.equal(after.people, before.people + 2);

  const second = await screen({ declaration_code: first.code, persons: [{ temperature: 36.5 }, { temperature: 36.7 }] });
  assertError(second, 409, 'conflict', 'declaration_code');
  assertError(await api('GET', `/api/v1/declarations/${first.code}`, staff), 409, 'conflict', 'code');
  assert.deepEqual(await figures(), after, 'the second use counts nothing');
  // the people are the screening's now: the declaration keeps none
  const left = await sql(ctx.db.url, 'SELECT count(*) FROM declared_person dp JOIN declaration d ON d.id = dp.declaration_id WHERE d.used_at IS NOT NULL');
  assert.equal(left.stdout.trim(), '0', left.stderr);
});

t('a pedestrian declares without a plate; one who declared a car may be screened on foot', async () => {
  const { driver: walker } = traveller();
  const car = await declare({ token, plate: '湘C77777', from_place: '湘潭', persons: [walker] });
  assert.equal(car.status, 201, car.text);
  const onFoot = await api('POST', '/api/v1/screenings', staff, {
    post_id: post.id, kind: 'pedestrian', declaration_code: car.json.code, persons: [{ temperature: 36.3 }],
  });
  assert.equal(onFoot.status, 201, `the declared plate is not forced on a pedestrian: ${onFoot.text}`);
  assert.equal(onFoot.json.plate, '');
  assert.equal(onFoot.json.persons[0].name, walker.name);

  const { driver } = traveller();
  const r = await declare({ token: lixinToken, from_place: '湘潭', persons: [driver] });
  assert.equal(r.status, 201, r.text);
  const g = await api('GET', `/api/v1/declarations/${r.json.code}`, lixinStaff);
  assert.equal(g.json.kind, 'pedestrian');
  assert.equal(g.json.plate, '');
  const s = await api('POST', '/api/v1/screenings', lixinStaff, {
    post_id: lixinPost.id, kind: 'pedestrian', declaration_code: r.json.code, persons: [{ temperature: 36.2 }],
  });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.persons[0].name, driver.name);
});

t('a burst from one address is throttled', async () => {
  const from = '127.0.0.23';
  let last;
  for (let i = 0; i < 21; i++) {
    const { driver } = traveller();
    last = await declare({ token, from_place: '湘潭', persons: [driver] }, { from });
    if (i < 20) assert.equal(last.status, 201, `declaration ${i + 1}: ${last.text}`);
  }
  assertError(last, 429, 'throttled');
  const other = await declare({ token, from_place: '湘潭', persons: [traveller().driver] }, { from: '127.0.0.24' });
  assert.equal(other.status, 201, 'another address is not held up');
});

t('expiry: a few hours later the code finds nothing, and the next declaration deletes the old ones', async () => {
  const { driver } = traveller();
  const r = await declare({ token, from_place: '湘潭', persons: [driver] });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api('GET', `/api/v1/declarations/${r.json.code}`, staff)).status, 200);
  await ctx.restart('SIGTERM', { clock: ctx.now() + 4 * 3600 + 60 });
  staff = await ctx.login((await ctx.user('checkpoint', AREA.yunlong)));
  assertError(await api('GET', `/api/v1/declarations/${r.json.code}`, staff), 404, 'not_found', 'code');
  assertError(await api('POST', '/api/v1/screenings', staff, {
    post_id: post.id, kind: 'pedestrian', declaration_code: r.json.code, persons: [{ temperature: 36.5 }],
  }), 404, 'not_found', 'declaration_code');
  const before = await sql(ctx.db.url, `SELECT count(*) FROM declaration WHERE expires_at <= ${ctx.now()}`);
  assert.ok(Number(before.stdout.trim()) > 0, 'expired rows wait for the next declaration');
  const n = await declare({ token, from_place: '湘潭', persons: [traveller().driver] });
  assert.equal(n.status, 201, n.text);
  const gone = await sql(ctx.db.url, `SELECT count(*) FROM declaration WHERE expires_at <= ${ctx.now()}`);
  assert.equal(gone.stdout.trim(), '0', 'expired declarations deleted at the next one');
  const people = await sql(ctx.db.url, 'SELECT count(*) FROM declared_person');
  assert.equal(people.stdout.trim(), '1', 'only the fresh declaration keeps its people');
});

ctx.cleanExit();
