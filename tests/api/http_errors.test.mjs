// http_errors.test.mjs: the refusals libmicrohttpd makes by itself (a malformed request line or
// header, an HTTP version it does not speak, a URI or headers too large) and a body over its route's
// limit come back as fangyi's bilingual JSON error with the right status, read off a raw socket;
// a method a path does not take, OPTIONS included, is 405 with Allow listing the ones it does.
import assert from 'node:assert/strict';
import net from 'node:net';
import { cli, setupTown } from './lib.mjs';

const ctx = setupTown({ people: 10 });
const t = ctx.test;

// raw(text) → {status, headers (lower-case names), body, json, bytes}: one request written as is on
// a new connection, the answer read until the server closes it or a whole answer has arrived.
function raw(text, { keepOpen = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(ctx.server.port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return resolve({ status: 0, headers: {}, body: '', bytes: buf.toString('latin1') });
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(head[0].split(' ')[1]);
      const headers = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const len = Number(headers['content-length'] ?? 0);
      const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      resolve({ status, headers, body, json, bytes: buf.toString('latin1') });
    };
    const timer = setTimeout(finish, 5000);
    sock.on('data', (c) => {
      chunks.push(c);
      // a keep-alive answer is whole once its Content-Length has arrived
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (keepOpen || end < 0) return;
      const m = /content-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
      if (m && buf.length >= end + 4 + Number(m[1])) finish();
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? finish() : reject(e)));
    sock.write(text);
  });
}

// assertJsonError(r, status, code, field): fangyi's error, not libmicrohttpd's HTML
function assertJsonError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status}, got:\n${r.bytes.slice(0, 600)}`);
  assert.match(r.headers['content-type'] || '', /^application\/json/, `a JSON answer:\n${r.bytes.slice(0, 600)}`);
  assert.ok(r.json && r.json.error, `a JSON error body:\n${r.bytes.slice(0, 600)}`);
  assert.doesNotMatch(r.body, /<html/i);
  assert.equal(r.json.error.code, code, r.body);
  assert.match(r.json.error.message, /\p{Script=Han}/u, `a Chinese message: ${r.body}`);
  assert.ok(r.json.error.message_en.length > 0, `an English message: ${r.body}`);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.body);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', 'with the headers of every answer');
  assert.equal(r.headers['cache-control'], 'no-store');
}

t('a header line without a colon is 400 bad_request as JSON', async () => {
  const r = await raw('GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nThisIsNotAHeader\r\n\r\n');
  assertJsonError(r, 400, 'bad_request', 'request');
});

t('a request line with a version that is not HTTP/d.d is 400 bad_request as JSON', async () => {
  const r = await raw('GET /api/v1/meta HTTP/1.x\r\nHost: x\r\n\r\n');
  assertJsonError(r, 400, 'bad_request', 'request');
});

t('an HTTP version fangyi does not speak is 505 as JSON', async () => {
  const r = await raw('GET /api/v1/meta HTTP/2.0\r\nHost: x\r\n\r\n');
  assertJsonError(r, 505, 'http_version', 'version');
});

t('a malformed chunked body is 400 bad_request as JSON', async () => {
  const r = await raw('POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + 'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n');
  assertJsonError(r, 400, 'bad_request');
});

t('a URI too long is 414 uri_too_long as JSON', async () => {
  const r = await raw(`GET /api/v1/meta?q=${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assertJsonError(r, 414, 'uri_too_long', 'uri');
});

t('headers too large (a cookie jar gone wild) are 431 headers_too_large as JSON', async () => {
  const r = await raw(`GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nCookie: junk=${'b'.repeat(64 * 1024)}\r\n\r\n`);
  assertJsonError(r, 431, 'headers_too_large', 'headers');
});

t('a body over its route\'s limit is 413 too_big as JSON, read to its end rather than cut off', async () => {
  const big = `{"description":"${'x'.repeat(2 * 1024 * 1024)}"}`;
  const r = await raw('POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + `Content-Length: ${big.length}\r\n\r\n${big}`);
  assertJsonError(r, 413, 'too_big', 'body');
  // a photo route takes 5 MB, not more
  const photo = Buffer.alloc(6 * 1024 * 1024, 0xff);
  const p = await raw(Buffer.concat([Buffer.from('POST /api/v1/publicity/1/photos HTTP/1.1\r\nHost: x\r\n'
    + `Content-Type: image/jpeg\r\nContent-Length: ${photo.length}\r\n\r\n`), photo]));
  assertJsonError(p, 413, 'too_big', 'photo');
  // a chunked body has no length to refuse it by: it is refused once it passes the limit
  const chunk = 'x'.repeat(1024 * 1024 + 10);
  const c = await raw('POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + `Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
  assertJsonError(c, 413, 'too_big', 'body');
});

// the methods each concrete path takes, from the route table the binary prints
async function allowedByPath() {
  const r = await cli('routes');
  assert.equal(r.code, 0, r.stderr);
  const routes = r.stdout.trim().split('\n').map((l) => l.split(' ')).map(([method, pattern]) => ({ method, pattern }));
  assert.ok(routes.length > 50, `the route table (${routes.length} routes)`);
  const order = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
  const paths = [...new Set(routes.map((x) => x.pattern.replace(/\{[^}]+\}/g, '1')))];
  return paths.map((p) => {
    const methods = new Set(routes.filter((x) => new RegExp(`^${x.pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(p))
      .map((x) => x.method));
    return { path: p, allow: order.filter((m) => methods.has(m)).join(', ') };
  });
}

t('OPTIONS on every route is 405 with Allow listing that path\'s methods, and the JSON error', async () => {
  const all = await allowedByPath();
  for (const { path, allow } of all) {
    const r = await raw(`OPTIONS ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assertJsonError(r, 405, 'method_not_allowed', 'method');
    assert.equal(r.headers.allow, allow, `Allow of ${path}`);
    assert.match(r.json.error.message_en, /OPTIONS/, r.body);
    for (const m of allow.split(', ')) assert.ok(r.json.error.message_en.includes(m), `the message lists ${m}: ${r.body}`);
  }
  const session = all.find((x) => x.path === '/api/v1/session');
  assert.equal(session.allow, 'GET, POST, DELETE', 'the table read as expected');
});

t('a method a path does not take is 405 with Allow; an unknown path is 404; the UI\'s pages take GET', async () => {
  const del = await raw('DELETE /api/v1/meta HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assertJsonError(del, 405, 'method_not_allowed', 'method');
  assert.equal(del.headers.allow, 'GET');
  const put = await ctx.api('PUT', '/api/v1/tips', { body: {} });
  assert.equal(put.status, 405, put.text);
  assert.equal(put.headers.get('allow'), 'GET, POST');
  const none = await raw('OPTIONS /api/v1/no-such-thing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assertJsonError(none, 404, 'not_found');
  const page = await raw('OPTIONS /monitoring HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assertJsonError(page, 405, 'method_not_allowed', 'method');
  assert.equal(page.headers.allow, 'GET');
});

t('the server goes on answering after every refusal', async () => {
  const r = await ctx.api('GET', '/healthz');
  assert.equal(r.status, 200, r.text);
});

ctx.cleanExit();
