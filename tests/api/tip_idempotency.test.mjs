// tip_idempotency.test.mjs: a tip from the public is exactly-once for a phone that retries with an
// Idempotency-Key (the answer lost on a bad signal, the tap on "send" again): the retry gets the
// first tracking code and the town one tip, from the same address or another network. Without a
// login the key is all that tells one member of the public from another, so it must be long
// enough not to be guessed; a key with another body, or another key with the same body, never
// hands out someone else's tracking code.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertError, pageAll, request, setupTown } from './lib.mjs';

const ctx = setupTown({ clock: '2020-02-03T09:00:00+08:00' });
const t = ctx.test;

let addrSeq = 0;
const nextAddr = () => `127.0.${60 + Math.floor(++addrSeq / 200)}.${(addrSeq % 200) + 2}`;

const send = (body, key, from = nextAddr()) =>
  request(ctx.server.base, 'POST', '/api/v1/tips', {
    body, from, headers: key === undefined ? undefined : { 'Idempotency-Key': key },
  });

// the tips the command post reads whose description is d
async function tipsSaying(d) {
  const admin = await ctx.login(ctx.admin);
  return (await pageAll(ctx, admin, '/api/v1/tips')).filter((x) => x.description === d);
}

let seq = 0;
const body = (extra = {}) => ({
  kind: 'gathering',
  description: `村口小卖部门前有人聚集打牌，第 ${++seq} 次看到（${randomUUID().slice(0, 8)}）`,
  ...extra,
});

t('a retry with the same key gets the first code, and the town one tip', async () => {
  const b = body({ name: '匿名群众', anonymous: true });
  const key = randomUUID();
  const from = nextAddr();
  const first = await send(b, key, from);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.status, 'received');
  const again = await send(b, key, from);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replay'), 'true');
  assert.deepEqual(again.json, first.json);
  // the phone moved from Wi-Fi to 4G: another address, the same submission
  const moved = await send(b, key, nextAddr());
  assert.equal(moved.status, 201, moved.text);
  assert.equal(moved.json.code, first.json.code);
  const stored = await tipsSaying(b.description);
  assert.equal(stored.length, 1, 'one tip for three tries');
  assert.equal(stored[0].code, first.json.code);
  // and tracking it works with that code
  const tr = await request(ctx.server.base, 'GET', `/api/v1/tips/track/${first.json.code}`);
  assert.equal(tr.status, 200);
});

t('retries racing each other still make one tip', async () => {
  const b = body();
  const key = randomUUID();
  const from = nextAddr();
  const answers = await Promise.all([1, 2, 3, 4].map(() => send(b, key, from)));
  for (const a of answers) assert.equal(a.status, 201, a.text);
  const codes = new Set(answers.map((a) => a.json.code));
  assert.equal(codes.size, 1, `one code for every answer: ${[...codes]}`);
  assert.equal((await tipsSaying(b.description)).length, 1);
});

t('the same key with another body is refused and records nothing', async () => {
  const key = randomUUID();
  const first = await send(body(), key);
  assert.equal(first.status, 201, first.text);
  const other = body();
  const r = await send(other, key);
  assertError(r, 422, 'idempotency_mismatch', 'Idempotency-Key');
  assert.ok(!r.text.includes(first.json.code), 'the first tracking code is not given out');
  assert.equal((await tipsSaying(other.description)).length, 0);
});

t('another key with the same body is another tip with its own code', async () => {
  // two people typing the same words: neither is handed the other's tracking code
  const b = body({ anonymous: true });
  const a = await send(b, randomUUID());
  const c = await send(b, randomUUID());
  assert.equal(a.status, 201, a.text);
  assert.equal(c.status, 201, c.text);
  assert.notEqual(a.json.code, c.json.code);
  assert.equal((await tipsSaying(b.description)).length, 2);
});

t('a key short enough to be guessed is refused without login, naming the header', async () => {
  const b = body();
  for (const key of ['abcdefgh', '12345678-1234-1234-1234-1234567']) {
    const r = await send(b, key);
    assertError(r, 422, 'invalid', 'Idempotency-Key');
    assert.match(r.json.error.message, /32/);
    assert.match(r.json.error.message_en, /32/);
  }
  assert.equal((await tipsSaying(b.description)).length, 0);
  // a key that is not text of the allowed characters is refused as on every route
  assertError(await send(b, 'key with spaces in it, forty characters!'), 422, 'invalid', 'Idempotency-Key');
});

t('a retry is not another tip against the address limits', async () => {
  // three tips a burst from one address before the challenge: retries of the first do not count
  const from = nextAddr();
  const b = body();
  const key = randomUUID();
  assert.equal((await send(b, key, from)).status, 201);
  for (let i = 0; i < 5; i++) assert.equal((await send(b, key, from)).status, 201);
  assert.equal((await send(body(), randomUUID(), from)).status, 201);
  assert.equal((await send(body(), randomUUID(), from)).status, 201);
  // the fourth real tip of the burst needs the challenge, as before
  const fourth = await send(body(), randomUUID(), from);
  assertError(fourth, 429, 'challenge_required', 'pow');
});

t('without a key a tip is taken as before', async () => {
  const b = body();
  assert.equal((await send(b)).status, 201);
  assert.equal((await send(b)).status, 201);
  assert.equal((await tipsSaying(b.description)).length, 2, 'no key: each send is a tip');
});
