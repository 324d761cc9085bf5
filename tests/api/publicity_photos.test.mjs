// publicity_photos.test.mjs: photos of publicity actions (a banner at the village gate, a poster
// on the notice board). Uploaded as the raw body, typed by their magic bytes (JPEG, PNG, WebP),
// at most 5 MB and 6 per action, nothing stored on a refusal; listed in the action; served back
// byte for byte with their type, privately cacheable, only to those who may see the action (404
// otherwise); changed only by whoever may change the action; idempotent retries store one;
// uploads and deletions audited.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { AREA, assertError, png, setupTown, today } from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const P = '/api/v1/publicity';
const CA1 = '430302100205001'; // 长安村 1组
const CA2 = '430302100205002'; // 长安村 2组

const tok = {};
const who = {};
let banner; // a banner in 长安村 1组 recorded by the village secretary
let poster; // a poster in 长安村 1组 recorded by its grid worker

/* ---------- real tiny images, made here ---------- */

// A 1×1 baseline JPEG (JFIF, one grey pixel).
const JPEG = Buffer.from(
  'ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9',
  'hex');

async function upload(token, id, body, type, headers = {}) {
  return ctx.api('POST', `${P}/${id}/photos`, { token, raw: body, type, headers });
}
// fetchBytes(token, url) → {status, headers, bytes}: the body as bytes, not text.
async function fetchBytes(token, url) {
  const r = await fetch(ctx.server.base + url, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}
async function action(token, id) {
  const r = await ctx.api('GET', `${P}?area=${CA1}&limit=100`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json.items.find((x) => x.id === id);
}

t('set up: staff of 长安村 and of 南谷村; a banner and a poster in 长安村 1组', async () => {
  tok.admin = await ctx.login(ctx.admin);
  for (const [k, role, area] of [['secCA', 'secretary', AREA.changan], ['gridCA1', 'grid', CA1],
    ['gridCA2', 'grid', CA2], ['secNG', 'secretary', AREA.nangu], ['doctor', 'doctor', AREA.changan],
    ['auditor', 'auditor', AREA.town]]) {
    who[k] = await ctx.user(role, area);
    tok[k] = await ctx.login(who[k]);
  }
  let r = await ctx.api('POST', P, { token: tok.secCA, body: { kind: 'banner', area_code: CA1, title: '横幅：少出门、不聚集', happened_on: today(), quantity: 2 } });
  assert.equal(r.status, 201, r.text);
  banner = r.json;
  assert.deepEqual(banner.photos, [], 'an action starts with no photos');
  r = await ctx.api('POST', P, { token: tok.gridCA1, body: { kind: 'poster', area_code: CA1, title: '标语：戴口罩', happened_on: today() } });
  assert.equal(r.status, 201, r.text);
  poster = r.json;
});

t('a JPEG and a PNG are stored, listed in the action and served back byte for byte with their type', async () => {
  const pic = png(4, 3);
  const a = await upload(tok.secCA, banner.id, JPEG, 'image/jpeg');
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.content_type, 'image/jpeg');
  assert.equal(a.json.size, JPEG.length);
  assert.equal(a.json.sha256, createHash('sha256').update(JPEG).digest('hex'));
  assert.equal(a.json.url, `${P}/${banner.id}/photos/${a.json.id}`);
  const b = await upload(tok.secCA, banner.id, pic, 'image/png');
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.content_type, 'image/png');

  const listed = await action(tok.secCA, banner.id);
  assert.deepEqual(listed.photos.map((x) => [x.id, x.content_type, x.size, x.url]),
    [[a.json.id, 'image/jpeg', JPEG.length, a.json.url], [b.json.id, 'image/png', pic.length, b.json.url]]);

  for (const [url, bytes, type] of [[a.json.url, JPEG, 'image/jpeg'], [b.json.url, pic, 'image/png']]) {
    const g = await fetchBytes(tok.gridCA1, url); // the grid's worker sees an action in the grid
    assert.equal(g.status, 200);
    assert.ok(g.bytes.equals(bytes), 'the bytes served are the bytes uploaded');
    assert.equal(g.headers.get('content-type'), type);
    assert.equal(g.headers.get('x-content-type-options'), 'nosniff');
    assert.match(g.headers.get('cache-control'), /^private, max-age=\d+/);
  }
  // a doctor of the village may look (sweep.read), not add
  assert.equal((await fetchBytes(tok.doctor, a.json.url)).status, 200);
  assertError(await upload(tok.doctor, banner.id, JPEG, 'image/jpeg'), 403, 'forbidden');
});

t('the type comes from the magic bytes: a mismatch, an unknown type, an empty body are refused, nothing stored', async () => {
  const before = (await action(tok.secCA, banner.id)).photos.length;
  assertError(await upload(tok.secCA, banner.id, png(2, 2), 'image/jpeg'), 422, 'invalid', 'photo');
  assertError(await upload(tok.secCA, banner.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'), 422, 'invalid', 'photo');
  assertError(await upload(tok.secCA, banner.id, JPEG, 'image/gif'), 422, 'invalid', 'Content-Type');
  assertError(await upload(tok.secCA, banner.id, JPEG, 'application/json'), 422, 'invalid', 'Content-Type');
  assertError(await upload(tok.secCA, banner.id, Buffer.alloc(0), 'image/png'), 422, 'invalid', 'photo');
  // a WebP is RIFF….WEBP
  const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([13, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]);
  const w = await upload(tok.secCA, poster.id, webp, 'image/webp');
  assert.equal(w.status, 201, w.text);
  assert.equal(w.json.content_type, 'image/webp');
  assertError(await upload(tok.secCA, poster.id, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]), 'image/webp'), 422, 'invalid', 'photo');
  assert.equal((await action(tok.secCA, banner.id)).photos.length, before, 'nothing stored on a refusal');
  assert.equal((await ctx.api('DELETE', w.json.url, { token: tok.secCA })).status, 200);
});

t('a photo over 5 MB is refused with 413 naming the photo', async () => {
  const big = Buffer.concat([JPEG.subarray(0, 20), randomBytes(5 * 1024 * 1024)]);
  const r = await upload(tok.secCA, banner.id, big, 'image/jpeg');
  assertError(r, 413, 'too_big', 'photo');
  assert.match(r.json.error.message, /5 MB/);
  assert.match(r.json.error.message_en, /5 MB/);
  // exactly 5 MB is taken
  const edge = Buffer.concat([JPEG.subarray(0, 20), randomBytes(5 * 1024 * 1024 - 20)]);
  const ok = await upload(tok.secCA, poster.id, edge, 'image/jpeg');
  assert.equal(ok.status, 201, ok.text);
  const g = await fetchBytes(tok.secCA, ok.json.url);
  assert.ok(g.bytes.equals(edge), 'five megabytes come back whole');
  assert.equal((await ctx.api('DELETE', ok.json.url, { token: tok.secCA })).status, 200);
  assert.equal((await action(tok.secCA, poster.id)).photos.length, 0);
});

t('an action takes 6 photos: the 7th is refused until one is deleted', async () => {
  const have = (await action(tok.secCA, banner.id)).photos.length;
  for (let i = have; i < 6; i++) assert.equal((await upload(tok.secCA, banner.id, png(i + 1, 1), 'image/png')).status, 201);
  const r = await upload(tok.secCA, banner.id, png(9, 9), 'image/png');
  assertError(r, 422, 'invalid', 'photos');
  assert.match(r.json.error.message, /6/);
  const photos = (await action(tok.secCA, banner.id)).photos;
  assert.equal(photos.length, 6);
  assert.equal((await ctx.api('DELETE', photos[5].url, { token: tok.secCA })).status, 200);
  assert.equal((await upload(tok.secCA, banner.id, png(9, 9), 'image/png')).status, 201, 'a place is free again');
});

t('another village and another grid get 404 for the action and its photos; a grid worker changes only their own', async () => {
  const [first] = (await action(tok.secCA, banner.id)).photos;
  for (const k of ['secNG', 'gridCA2']) {
    assertError(await ctx.api('GET', first.url, { token: tok[k] }), 404, 'not_found');
    assertError(await upload(tok[k], banner.id, JPEG, 'image/jpeg'), 404, 'not_found');
    assertError(await ctx.api('DELETE', first.url, { token: tok[k] }), 404, 'not_found');
  }
  // a photo of one action is not reached through another
  assertError(await ctx.api('GET', `${P}/${poster.id}/photos/${first.id}`, { token: tok.secCA }), 404, 'not_found');
  assertError(await ctx.api('GET', `${P}/${banner.id}/photos/999999`, { token: tok.secCA }), 404, 'not_found');
  // the grid worker of 1组 sees the secretary's banner but may not change its photos
  assertError(await upload(tok.gridCA1, banner.id, JPEG, 'image/jpeg'), 403, 'forbidden', 'publicity_id');
  assertError(await ctx.api('DELETE', first.url, { token: tok.gridCA1 }), 403, 'forbidden', 'publicity_id');
  // on the poster they recorded themselves they may
  const own = await upload(tok.gridCA1, poster.id, JPEG, 'image/jpeg');
  assert.equal(own.status, 201, own.text);
  assert.equal((await ctx.api('DELETE', own.json.url, { token: tok.gridCA1 })).status, 200);
});

t('a phone retrying an upload with its Idempotency-Key stores one photo', async () => {
  const pic = png(5, 5, [10, 120, 200]);
  const key = `photo-${randomBytes(8).toString('hex')}`;
  const first = await upload(tok.gridCA1, poster.id, pic, 'image/png', { 'idempotency-key': key });
  assert.equal(first.status, 201, first.text);
  const again = await upload(tok.gridCA1, poster.id, pic, 'image/png', { 'idempotency-key': key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.equal(again.json.id, first.json.id);
  const photos = (await action(tok.gridCA1, poster.id)).photos;
  assert.deepEqual(photos.map((x) => x.id), [first.json.id], 'one photo stored');
  // the same key with other bytes is refused
  assertError(await upload(tok.gridCA1, poster.id, png(6, 6), 'image/png', { 'idempotency-key': key }), 422, 'idempotency_mismatch', 'Idempotency-Key');
});

t('a deleted photo is gone; deleting it again is 404; uploads and deletions are audited', async () => {
  const r = await upload(tok.secCA, poster.id, JPEG, 'image/jpeg');
  assert.equal(r.status, 201, r.text);
  const d = await ctx.api('DELETE', r.json.url, { token: tok.secCA });
  assert.equal(d.status, 200, d.text);
  assertError(await ctx.api('GET', r.json.url, { token: tok.secCA }), 404, 'not_found');
  assertError(await ctx.api('DELETE', r.json.url, { token: tok.secCA }), 404, 'not_found');
  assert.ok(!(await action(tok.secCA, poster.id)).photos.some((x) => x.id === r.json.id));
  const created = await ctx.api('GET', `/api/v1/audit?action=create&username=${who.secCA.username}&limit=200`, { token: tok.auditor });
  const deleted = await ctx.api('GET', `/api/v1/audit?action=delete&username=${who.secCA.username}&limit=200`, { token: tok.auditor });
  const mine = (a) => a.object_kind === 'publicity_photo' && a.object_id === r.json.id;
  const up = created.json.items.find(mine);
  assert.ok(up, 'the upload is audited');
  assert.match(up.detail, new RegExp(`publicity ${poster.id}: image/jpeg, ${JPEG.length} bytes`));
  assert.ok(deleted.json.items.find(mine), 'the deletion is audited');
});

ctx.cleanExit();
