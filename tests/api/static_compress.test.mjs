// static_compress.test.mjs: the UI's files as a phone on a village's signal fetches them. The build
// leaves x.js.br and x.js.gz beside x.js; the server sends the variant the request's
// Accept-Encoding wants most (q-values honoured, brotli on a tie), falls back to the other, then to
// the file itself, with the original's Content-Type, Content-Encoding, `Vary: Accept-Encoding`,
// and a year's cache for hashed assets against no-cache for index.html. HEAD answers the same
// headers without a body.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { ROOT, createDb, startServer } from './lib.mjs';

let db;
let dir;
let srv;
const servers = [];

// Distinct bodies per file and per variant, so a test can tell which one came back even before
// decoding it: each compressed variant decodes to its original.
const files = {
  'x.js': 'export const village = "石门村";\n'.repeat(200),
  'y.css': 'body { color: #303133 }\n'.repeat(200),
  'z.js': 'console.log("no variants")\n'.repeat(50),
  'index.html': '<!doctype html><html lang="zh-CN"><title>防疫</title><div id="app"></div></html>\n',
  'assets/app-4f3c2b1a.js': 'export default 42;\n'.repeat(300),
  // the field app's service worker and manifest (web/pwa.config.js)
  'sw.js': 'self.addEventListener("fetch", () => {});\n',
  'manifest.webmanifest': '{"name":"防疫 fangyi","start_url":"/","display":"standalone"}\n',
};

// raw(method, path, acceptEncoding) → {status, headers, body: Buffer}: node:http, so no client
// adds or decodes an encoding of its own (fetch would send its own Accept-Encoding and decompress).
function raw(base, method, p, ae) {
  const u = new URL(p, base);
  return new Promise((resolve, reject) => {
    const headers = ae === undefined ? {} : { 'Accept-Encoding': ae };
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(r) {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.body).toString('utf8');
  if (enc === 'gzip') return zlib.gunzipSync(r.body).toString('utf8');
  assert.equal(enc, undefined, `no other coding than br and gzip is ever sent (got ${enc})`);
  return r.body.toString('utf8');
}

before(async () => {
  db = await createDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-static-'));
  mkdirSync(path.join(dir, 'assets'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  // x.js, index.html and the hashed asset have both variants, y.css only gzip, z.js none
  for (const name of ['x.js', 'index.html', 'assets/app-4f3c2b1a.js']) {
    writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync(files[name]));
    writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(files[name]));
  }
  writeFileSync(path.join(dir, 'y.css.gz'), zlib.gzipSync(files['y.css']));
  srv = await startServer(db.url, ['--web', dir]);
  servers.push(srv);
});

after(async () => {
  for (const s of servers) await s.stop();
  if (db) await db.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each Accept-Encoding a browser, a proxy or a careless client sends, and the coding it gets.
const cases = [
  [undefined, undefined, 'no Accept-Encoding: the file itself'],
  ['', undefined, 'an empty Accept-Encoding: the file itself'],
  ['identity', undefined, 'identity only'],
  ['deflate', undefined, 'a coding we keep no variant of'],
  ['gzip, deflate, br', 'br', 'what browsers send: brotli preferred'],
  ['br', 'br', 'brotli only'],
  ['gzip', 'gzip', 'gzip only'],
  ['x-gzip', 'gzip', 'the old name of gzip'],
  ['BR', 'br', 'coding names are case-insensitive'],
  ['gzip, br', 'br', 'equal q: brotli preferred whatever the order'],
  ['br;q=0.5, gzip;q=0.9', 'gzip', 'a higher q for gzip wins'],
  ['br;q=0.9, gzip;q=0.5', 'br', 'a higher q for brotli wins'],
  [' br ; q=0.8 ,  gzip ; q=0.7 ', 'br', 'spaces around codings and parameters'],
  ['gzip;q=1.0, br;q=0.999', 'gzip', 'three decimals of q count'],
  ['br;q=0, gzip', 'gzip', 'q=0 refuses brotli'],
  ['br;q=0, gzip;q=0', undefined, 'both refused: the file itself'],
  ['*', 'br', 'any coding: brotli'],
  ['*;q=0', undefined, 'any coding refused: the file itself'],
  ['gzip, *;q=0', 'gzip', 'a coding named beats the wildcard'],
  ['br;q=0, *', 'gzip', 'the wildcard does not undo a refusal'],
  ['br;level=5;q=0.2, gzip;q=0.1', 'br', 'a parameter before q is skipped'],
  ['br;q=abc, gzip', 'gzip', 'a q we cannot read counts as refused'],
  ['br;v=xq=0, gzip;q=0.5', 'br', "a q inside another parameter's value is not brotli's q"],
];

for (const [ae, want, why] of cases) {
  test(`Accept-Encoding ${JSON.stringify(ae)}: ${want || 'identity'} (${why})`, async () => {
    const r = await raw(srv.base, 'GET', '/x.js', ae);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], want);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8', 'the type of the original, whatever the coding');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.equal(Number(r.headers['content-length']), r.body.length);
    assert.equal(decode(r), files['x.js']);
    if (want) assert.ok(r.body.length < files['x.js'].length / 5, `the ${want} variant is what was sent (${r.body.length} bytes)`);
  });
}

test('a missing .br falls back to the .gz, then to the file itself', async () => {
  let r = await raw(srv.base, 'GET', '/y.css', 'gzip, deflate, br');
  assert.equal(r.headers['content-encoding'], 'gzip', 'y.css has no .br: the .gz');
  assert.equal(r.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(decode(r), files['y.css']);
  r = await raw(srv.base, 'GET', '/y.css', 'br');
  assert.equal(r.headers['content-encoding'], undefined, 'brotli only, and no .br: the file itself');
  assert.equal(decode(r), files['y.css']);
  r = await raw(srv.base, 'GET', '/z.js', 'gzip, deflate, br');
  assert.equal(r.headers['content-encoding'], undefined, 'z.js has no variant at all');
  assert.equal(r.headers.vary, 'Accept-Encoding');
  assert.equal(decode(r), files['z.js']);
});

test('HEAD answers the headers GET would, without a body', async () => {
  for (const ae of ['gzip, deflate, br', 'gzip', undefined]) {
    const g = await raw(srv.base, 'GET', '/x.js', ae);
    const h = await raw(srv.base, 'HEAD', '/x.js', ae);
    assert.equal(h.status, 200, `HEAD with ${ae}`);
    assert.equal(h.body.length, 0);
    for (const k of ['content-type', 'content-encoding', 'content-length', 'vary', 'cache-control'])
      assert.equal(h.headers[k], g.headers[k], `HEAD's ${k} with ${ae}`);
  }
  const spa = await raw(srv.base, 'HEAD', '/tip', 'br');
  assert.equal(spa.status, 200);
  assert.equal(spa.headers['content-type'], 'text/html; charset=utf-8');
});

test('hashed assets are cached for a year; index.html and other files are revalidated', async () => {
  const a = await raw(srv.base, 'GET', '/assets/app-4f3c2b1a.js', 'br');
  assert.equal(a.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(a.headers['content-encoding'], 'br');
  assert.equal(decode(a), files['assets/app-4f3c2b1a.js']);
  for (const p of ['/', '/index.html', '/x.js']) {
    const r = await raw(srv.base, 'GET', p, 'br');
    assert.equal(r.headers['cache-control'], 'no-cache', p);
  }
});

// A phone installs the field app by its manifest and runs its service worker: each with its own
// type (a worker served as anything but JavaScript is refused by the browser), and neither cached
// for long, or a phone would keep an old app's worker for a year.
test('the service worker and the manifest: their types, revalidated on every visit', async () => {
  const sw = await raw(srv.base, 'GET', '/sw.js', 'gzip, deflate, br');
  assert.equal(sw.status, 200);
  assert.equal(sw.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(sw.headers['cache-control'], 'no-cache');
  assert.equal(decode(sw), files['sw.js']);
  const m = await raw(srv.base, 'GET', '/manifest.webmanifest', 'br');
  assert.equal(m.status, 200);
  assert.equal(m.headers['content-type'], 'application/manifest+json');
  assert.equal(m.headers['cache-control'], 'no-cache');
  assert.equal(JSON.parse(decode(m)).display, 'standalone');
});

test("the app's own routes get index.html, compressed as asked", async () => {
  for (const [p, ae, want] of [
    ['/', 'gzip, deflate, br', 'br'],
    ['/tip', 'gzip', 'gzip'],
    ['/key-persons/12', undefined, undefined],
  ]) {
    const r = await raw(srv.base, 'GET', p, ae);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', p);
    assert.equal(r.headers['content-encoding'], want, p);
    assert.equal(decode(r), files['index.html'], p);
  }
});

test('a variant is never reached by a path of its own into another directory', async () => {
  const r = await raw(srv.base, 'GET', '/../x.js', 'br');
  assert.notEqual(r.headers['content-encoding'], 'gzip');
  const api = await raw(srv.base, 'GET', '/api/v1/nothing-here', 'br');
  assert.equal(api.headers['content-encoding'], undefined, 'the API is never served from the web root');
});

// The UI as built: every script and stylesheet of 1 KB or more has its brotli and gzip beside it, and the server
// sends them. Skipped when web/dist has not been built here.
const dist = path.join(ROOT, 'web', 'dist');
test('web/dist: each asset is precompressed and served compressed', { skip: !existsSync(path.join(dist, 'index.html')) && 'web/dist is not built' }, async () => {
  const s = await startServer(db.url, ['--web', dist]);
  servers.push(s);
  const assets = readdirSync(path.join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  assert.ok(assets.length > 0);
  for (const f of assets) {
    // a file too small to gain from compression keeps no variant (web/compress.mjs)
    if (statSync(path.join(dist, 'assets', f)).size < 1024) continue;
    assert.ok(existsSync(path.join(dist, 'assets', `${f}.br`)), `${f}.br was built`);
    assert.ok(existsSync(path.join(dist, 'assets', `${f}.gz`)), `${f}.gz was built`);
  }
  const js = assets.find((f) => f.startsWith('index-') && f.endsWith('.js')) || assets.find((f) => f.endsWith('.js'));
  const r = await raw(s.base, 'GET', `/assets/${js}`, 'gzip, deflate, br');
  assert.equal(r.headers['content-encoding'], 'br');
  assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  const plain = await raw(s.base, 'GET', `/assets/${js}`);
  assert.equal(decode(r), plain.body.toString('utf8'));
  const home = await raw(s.base, 'GET', '/', 'gzip, deflate, br');
  assert.equal(home.headers['content-encoding'], 'br', 'index.html too');
  assert.equal(home.headers['cache-control'], 'no-cache');
});

// The field app as built: index.html names the manifest, whose icons are the PNGs of the sizes it
// says, a maskable one among them; the service worker is served fresh and precaches index.html and
// the field pages' code but no path of the API.
const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];
test('web/dist: the manifest, its icons and the service worker', { skip: !existsSync(path.join(dist, 'sw.js')) && 'web/dist is not built' }, async () => {
  const s = await startServer(db.url, ['--web', dist]);
  servers.push(s);
  const home = decode(await raw(s.base, 'GET', '/', 'br'));
  assert.match(home, /<link rel="manifest" href="\/manifest.webmanifest">/);
  const m = await raw(s.base, 'GET', '/manifest.webmanifest');
  assert.equal(m.headers['content-type'], 'application/manifest+json');
  const man = JSON.parse(decode(m));
  assert.equal(man.name, '防疫 fangyi');
  assert.equal(man.display, 'standalone');
  assert.equal(man.start_url, '/');
  assert.match(man.theme_color, /^#[0-9a-f]{6}$/i);
  const purposes = new Set();
  for (const icon of man.icons) {
    const r = await raw(s.base, 'GET', icon.src);
    assert.equal(r.status, 200, icon.src);
    assert.equal(r.headers['content-type'], 'image/png', icon.src);
    assert.deepEqual(r.body.subarray(1, 4).toString(), 'PNG', `${icon.src} is a PNG`);
    assert.equal(pngSize(r.body).join('x'), icon.sizes, `${icon.src} is ${icon.sizes}`);
    purposes.add(`${icon.purpose} ${icon.sizes}`);
  }
  for (const want of ['any 192x192', 'any 512x512', 'maskable 512x512']) assert.ok(purposes.has(want), want);
  const sw = await raw(s.base, 'GET', '/sw.js', 'gzip, deflate, br');
  assert.equal(sw.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(sw.headers['cache-control'], 'no-cache');
  const text = decode(sw);
  assert.match(text, /url:"index.html"/);
  assert.match(text, /url:"assets\/Checkin-[^"]+\.js"/, 'the health check form is kept');
  assert.doesNotMatch(text, /api\/v1/, 'no path of the API is kept or routed by the worker');
  for (const w of text.matchAll(/"\.\/(workbox-[0-9a-f]+)"/g)) {
    const r = await raw(s.base, 'GET', `/${w[1]}.js`);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8', `${w[1]}.js is there`);
  }
});
