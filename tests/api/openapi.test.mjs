// openapi.test.mjs: the OpenAPI document is valid, served as committed, names exactly the routes
// the server serves (`fangyi routes`) and the endpoints of docs/API.md, and real answers fit its
// schemas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AREA, ROOT, cli, csv, idNumber, importCsv, phone, request, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let doc;

/* ---------- a small validator for the subset of OpenAPI 3.0 schemas the document uses ---------- */

function deref(ref) {
  assert.ok(ref.startsWith('#/'), `only local $ref: ${ref}`);
  let o = doc;
  for (const k of ref.slice(2).split('/')) {
    o = o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  assert.ok(o !== undefined, `$ref ${ref} resolves`);
  return o;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// validate(schema, value, at) → a list of problems, empty when value fits.
function validate(schema, value, at = '$') {
  if (schema.$ref) return validate(deref(schema.$ref), value, at);
  // nullable applies to the whole schema, also to {"allOf": [{"$ref": …}], "nullable": true}
  if (value === null && schema.nullable) return [];
  const errs = [];
  if (schema.allOf) for (const s of schema.allOf) errs.push(...validate(s, value, at));
  if (schema.oneOf || schema.anyOf) {
    const alts = schema.oneOf || schema.anyOf;
    if (!alts.some((s) => validate(s, value, at).length === 0)) errs.push(`${at}: fits none of the alternatives`);
  }
  if (value === null) {
    if (!schema.nullable && schema.type) errs.push(`${at}: null but not nullable`);
    return errs;
  }
  const ty = typeOf(value);
  if (schema.type) {
    const ok = schema.type === ty || (schema.type === 'number' && ty === 'integer');
    if (!ok) {
      errs.push(`${at}: ${ty} where ${schema.type} is documented`);
      return errs;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(schema.enum)}`);
  if (ty === 'string') {
    if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errs.push(`${at}: ${value} is not a date`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errs.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errs.push(`${at}: shorter than ${schema.minLength}`);
  }
  if (ty === 'integer' || ty === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${at}: above ${schema.maximum}`);
  }
  if (ty === 'object') {
    for (const k of schema.required || []) if (!(k in value)) errs.push(`${at}: required property ${k} missing`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties && schema.properties[k]) errs.push(...validate(schema.properties[k], v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${at}: undocumented property ${k}`);
    }
  }
  if (ty === 'array' && schema.items) value.forEach((v, i) => errs.push(...validate(schema.items, v, `${at}[${i}]`)));
  return errs;
}

// conform(method, template, r): the answer r of METHOD template fits the documented response.
function conform(method, tmpl, r) {
  const op = doc.paths[tmpl]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${tmpl} is documented`);
  let resp = op.responses[String(r.status)];
  assert.ok(resp, `${method} ${tmpl}: status ${r.status} is documented (documented: ${Object.keys(op.responses).join(' ')}); body ${r.text.slice(0, 300)}`);
  if (resp.$ref) resp = deref(resp.$ref);
  const media = resp.content?.['application/json'];
  if (!media) {
    assert.ok(r.status === 204 || !r.text, `${method} ${tmpl} ${r.status}: no body documented, got ${r.text.slice(0, 200)}`);
    return;
  }
  assert.match(r.headers.get('content-type') || '', /application\/json/, `${method} ${tmpl}: JSON content type`);
  const errs = validate(media.schema, r.json);
  assert.deepEqual(errs, [], `${method} ${tmpl} ${r.status} does not fit the document:\n${errs.slice(0, 20).join('\n')}`);
}

/* ---------- route sets ---------- */

function opsOf(d) {
  const s = new Set();
  for (const [p, item] of Object.entries(d.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) s.add(`${m.toUpperCase()} ${p}`);
  }
  return s;
}

function diff(a, b) {
  return [...a].filter((x) => !b.has(x)).sort();
}

const normPerm = (s) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

function contractEndpoints() {
  const md = readFileSync(path.join(ROOT, 'docs', 'API.md'), 'utf8');
  const m = new Map();
  for (const line of md.split('\n')) {
    const x = /^\|\s*(GET|POST|PUT|PATCH|DELETE) (\/\S+)\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (x) m.set(`${x[1]} ${x[2]}`, normPerm(x[3]));
  }
  return m;
}

let routes; // Map "METHOD PATH" → permission, from `fangyi routes`

/* ---------- tests ---------- */

t('GET /api/v1/openapi.json is public, JSON, OpenAPI 3, and the committed document', async () => {
  const r = await ctx.api('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  doc = r.json;
  assert.ok(doc && typeof doc === 'object', 'the document is JSON');
  assert.match(doc.openapi, /^3\.\d+\.\d+$/, `openapi: ${doc.openapi}`);
  assert.equal(typeof doc.info?.title, 'string');
  assert.equal(typeof doc.info?.version, 'string');
  assert.equal(typeof doc.paths, 'object');
  assert.ok(Object.keys(doc.paths).length > 0);
  const committed = JSON.parse(readFileSync(path.join(ROOT, 'src', 'api', 'openapi.json'), 'utf8'));
  assert.deepEqual(doc, committed, 'the server serves src/api/openapi.json as committed (rebuild?)');
});

t('the document is well formed: refs resolve, operations have ids and responses, path parameters are declared', async () => {
  const ids = new Set();
  const walk = (o) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      if (typeof o.$ref === 'string') deref(o.$ref);
      Object.values(o).forEach(walk);
    }
  };
  walk(doc);
  for (const name of ['User', 'Area', 'Person', 'Household', 'Import', 'ImportError', 'Audit', 'Error', 'KeyPerson', 'Check', 'Alert', 'Work', 'Event', 'Figures']) {
    assert.ok(doc.components?.schemas?.[name], `components.schemas.${name}`);
  }
  const schemes = doc.components?.securitySchemes || {};
  assert.ok(Object.values(schemes).some((s) => s.type === 'http' && s.scheme === 'bearer'), 'a bearer scheme');
  assert.ok(Object.values(schemes).some((s) => s.type === 'apiKey' && s.in === 'cookie' && s.name === 'fangyi_session'), 'the cookie scheme');
  for (const [p, item] of Object.entries(doc.paths)) {
    assert.ok(p.startsWith('/'), p);
    const names = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k))) {
      const op = item[m];
      assert.ok(op.operationId, `${m} ${p} has an operationId`);
      assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p} has responses`);
      const params = [...(item.parameters || []), ...(op.parameters || [])].map((x) => (x.$ref ? deref(x.$ref) : x));
      for (const n of names) {
        const d = params.find((x) => x.in === 'path' && x.name === n);
        assert.ok(d && d.required === true, `${m} ${p} declares the path parameter ${n}`);
      }
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (!isPublic) assert.ok(op.responses['401'], `${m} ${p} documents 401`);
      // uploads (the residents CSV, a photo) take the file itself as the body
      const upload = Object.values(op.requestBody?.content || {}).some((c) => c.schema?.format === 'binary');
      if (['post', 'patch', 'put'].includes(m) && !isPublic && !upload) {
        assert.ok(op.requestBody?.content?.['application/json'], `${m} ${p} documents its JSON body`);
      }
    }
  }
});

t('a client generated from the document works: identifiers, declared tags, descriptions, meaningful required lists', async () => {
  // scripts/lint-openapi.sh runs the standard ruleset (spectral:oas) in tests/run.sh; these are the
  // parts of it a code generator trips on, checked here too so the API suite alone catches them.
  const declared = new Set((doc.tags || []).map((x) => x.name));
  assert.equal(declared.size, (doc.tags || []).length, 'each tag is declared once');
  assert.ok(doc.info?.contact && typeof doc.info.contact === 'object', 'info.contact');
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k))) {
      const op = item[m];
      // an operationId becomes a method name in the generated client
      assert.match(op.operationId, /^[A-Za-z][A-Za-z0-9_]*$/, `${m} ${p}: operationId ${op.operationId} is an identifier`);
      assert.ok(Array.isArray(op.tags) && op.tags.length > 0, `${m} ${p} has a tag`);
      for (const tag of op.tags) assert.ok(declared.has(tag), `${m} ${p}: the tag ${tag} is declared in tags`);
      assert.ok(typeof op.description === 'string' && op.description.trim(), `${m} ${p} has a description`);
    }
  }
  // every schema's required list is non-empty and names properties it declares
  const schemas = (o, at) => {
    if (Array.isArray(o)) o.forEach((x, i) => schemas(x, `${at}[${i}]`));
    else if (o && typeof o === 'object') {
      if (Array.isArray(o.required) && (o.type === 'object' || o.properties)) {
        assert.ok(o.required.length > 0, `${at}.required is not empty (leave it out instead)`);
        if (o.properties && !o.allOf && !o.additionalProperties) {
          for (const k of o.required) assert.ok(k in o.properties, `${at}.required names ${k}, a declared property`);
        }
      }
      for (const [k, v] of Object.entries(o)) schemas(v, `${at}.${k}`);
    }
  };
  schemas(doc.paths, 'paths');
  schemas(doc.components, 'components');
  // every component is used: a generator would emit dead types
  const text = JSON.stringify({ ...doc, components: undefined }) + JSON.stringify(doc.components);
  for (const [kind, group] of Object.entries(doc.components || {})) {
    if (kind === 'securitySchemes') continue;
    for (const name of Object.keys(group)) {
      assert.ok(text.includes(`"#/components/${kind}/${name}"`), `components.${kind}.${name} is used`);
    }
  }
});

t('`fangyi routes` lists METHOD PATH PERMISSION for every route', async () => {
  const r = await cli('routes');
  assert.equal(r.code, 0, `fangyi routes: ${r.stdout}${r.stderr}`);
  routes = new Map();
  for (const line of r.stdout.split('\n')) {
    const x = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)\s+(.+?)\s*$/.exec(line);
    if (x) {
      assert.ok(!routes.has(`${x[1]} ${x[2]}`), `route listed once: ${line}`);
      routes.set(`${x[1]} ${x[2]}`, normPerm(x[3]));
    }
  }
  assert.ok(routes.size >= 20, `routes parsed from:\n${r.stdout}`);
  for (const k of routes.keys()) assert.doesNotMatch(k, /:\w+|<\w+>/, `path parameters are written {id}: ${k}`);
});

t('the document’s paths and methods are exactly the routes the server serves', async () => {
  assert.ok(routes, 'routes were read');
  const documented = opsOf(doc);
  const served = new Set(routes.keys());
  const undocumented = diff(served, documented);
  const phantom = diff(documented, served);
  assert.deepEqual({ undocumented, phantom }, { undocumented: [], phantom: [] },
    'served but not documented / documented but not served');
  // public routes are the ones the document marks security: []
  for (const [k, perm] of routes) {
    const [m, p] = k.split(' ');
    const op = doc.paths[p][m.toLowerCase()];
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    assert.equal(isPublic, perm === 'public', `${k}: permission ${perm}, document security ${JSON.stringify(op.security)}`);
  }
});

t('the served routes and their permissions are the endpoints of docs/API.md', async () => {
  const contract = contractEndpoints();
  assert.ok(contract.size >= 20, 'endpoints parsed from docs/API.md');
  const served = new Set(routes.keys());
  const listed = new Set(contract.keys());
  assert.deepEqual({ missing: diff(listed, served), extra: diff(served, listed) }, { missing: [], extra: [] },
    'in docs/API.md but not served / served but not in docs/API.md');
  for (const [k, perm] of contract) {
    if (!routes.has(k)) continue;
    assert.equal(routes.get(k), perm, `${k}: docs/API.md says ${perm}, the server ${routes.get(k)}`);
  }
  assert.deepEqual(diff(listed, opsOf(doc)), [], 'every endpoint of docs/API.md is in the document');
});

t('real answers fit the documented schemas', async () => {
  const admin = await ctx.login(ctx.admin);
  const auditorUser = await ctx.user('auditor', AREA.town);
  const auditor = await ctx.login(auditorUser);

  conform('GET', '/healthz', await ctx.api('GET', '/healthz'));
  conform('GET', '/api/v1/meta', await ctx.api('GET', '/api/v1/meta'));
  const login = await ctx.api('POST', '/api/v1/session', { body: { username: ctx.admin.username, password: ctx.admin.password } });
  conform('POST', '/api/v1/session', login);
  conform('POST', '/api/v1/session', await ctx.api('POST', '/api/v1/session', { body: { username: ctx.admin.username, password: 'wrong-password' } }));
  conform('GET', '/api/v1/session', await ctx.api('GET', '/api/v1/session', { token: admin }));
  conform('GET', '/api/v1/session', await ctx.api('GET', '/api/v1/session'));

  const persons = await ctx.api('GET', '/api/v1/persons?limit=100', { token: admin });
  assert.equal(persons.json.items.length, 100);
  conform('GET', '/api/v1/persons', persons);
  const required = deref('#/components/schemas/Person').required;
  for (const p of persons.json.items) for (const k of required) assert.ok(k in p, `person ${p.id} has ${k}`);
  conform('GET', '/api/v1/persons', await ctx.api('GET', '/api/v1/persons?limit=501', { token: admin }));

  const hh = await ctx.api('POST', '/api/v1/households', { token: admin, body: { address: '文档路1号', area_code: AREA.yunlong1 } });
  conform('POST', '/api/v1/households', hh);
  const created = await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName(), id_number: idNumber(), phone: phone(), household_id: hh.json.id, tags: ['party_member'] },
  });
  conform('POST', '/api/v1/persons', created);
  conform('POST', '/api/v1/persons', await ctx.api('POST', '/api/v1/persons', { token: admin, body: { name: 1 } }));
  conform('POST', '/api/v1/persons', await ctx.api('POST', '/api/v1/persons', { token: admin, raw: '{' }));
  conform('GET', '/api/v1/persons/{id}', await ctx.api('GET', `/api/v1/persons/${created.json.id}`, { token: admin }));
  conform('GET', '/api/v1/persons/{id}', await ctx.api('GET', '/api/v1/persons/987654321', { token: admin }));
  conform('PATCH', '/api/v1/persons/{id}', await ctx.api('PATCH', `/api/v1/persons/${created.json.id}`, { token: admin, body: { notes: '文档' } }));
  conform('POST', '/api/v1/persons/{id}/reveal', await ctx.api('POST', `/api/v1/persons/${created.json.id}/reveal`, { token: admin, body: { reason: '核对文档' } }));
  conform('GET', '/api/v1/persons/duplicates', await ctx.api('GET', '/api/v1/persons/duplicates', { token: admin }));
  conform('GET', '/api/v1/households', await ctx.api('GET', '/api/v1/households', { token: admin }));
  conform('GET', '/api/v1/households/{id}', await ctx.api('GET', `/api/v1/households/${hh.json.id}`, { token: admin }));
  conform('PATCH', '/api/v1/households/{id}', await ctx.api('PATCH', `/api/v1/households/${hh.json.id}`, { token: admin, body: { head_id: created.json.id } }));
  conform('GET', '/api/v1/areas', await ctx.api('GET', '/api/v1/areas?limit=500', { token: admin }));
  conform('GET', '/api/v1/users', await ctx.api('GET', '/api/v1/users', { token: admin }));
  conform('GET', '/api/v1/users', await ctx.api('GET', '/api/v1/users', { token: auditor }));
  const nu = await ctx.api('POST', '/api/v1/users', { token: admin, body: { username: `doc_${Date.now()}`, password: 'a-long-password', role: 'viewer', area_code: AREA.district } });
  conform('POST', '/api/v1/users', nu);
  conform('PATCH', '/api/v1/users/{id}', await ctx.api('PATCH', `/api/v1/users/${nu.json.id}`, { token: admin, body: { display_name: '区里' } }));
  const body = csv(['姓名', '身份证号', '村', '网格', '住址'], [[uniqueName(), idNumber(), '云龙村', AREA.yunlong1, '文档路2号']]);
  conform('POST', '/api/v1/imports/residents', await importCsv(ctx, admin, body, '?dry_run=1'));
  conform('POST', '/api/v1/imports/residents', await importCsv(ctx, admin, body));
  const bad = await importCsv(ctx, admin, csv(['姓名', '身份证号', '村', '网格'], [[uniqueName(), '123', '云龙村', AREA.yunlong1]]));
  conform('POST', '/api/v1/imports/residents', bad);
  assert.ok(Array.isArray(bad.json.error.rows) && bad.json.error.rows.length === 1);
  conform('GET', '/api/v1/audit', await ctx.api('GET', '/api/v1/audit?limit=500', { token: auditor }));
  conform('DELETE', '/api/v1/session', await ctx.api('DELETE', '/api/v1/session', { token: login.json.token }));
});

t('monitoring answers fit the documented schemas', async () => {
  const admin = await ctx.login(ctx.admin);
  const api = (method, p, o = {}) => ctx.api(method, p, { token: admin, ...o });
  const KP = '/api/v1/key-persons';
  const reg = await api('POST', KP, {
    body: {
      person: { name: uniqueName(), id_number: idNumber(), phone: phone(), area_code: AREA.yunlong1 },
      reason: 'high_risk_area', from_place: '武汉', arrived_on: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10),
      transport: 'flight', transport_no: 'CZ3456', found_by: 'big_data', kind: 'home',
    },
  });
  assert.equal(reg.status, 201, reg.text);
  conform('POST', KP, reg);
  assert.ok(deref('#/components/schemas/KeyPersonCreated'));
  const id = reg.json.id;
  conform('POST', KP, await api('POST', KP, { body: { person_id: reg.json.person_id, reason: 'other', found_by: 'other', kind: 'home' } }));
  conform('POST', KP, await api('POST', KP, { body: { person_id: reg.json.person_id, reason: 'nope' } }));
  conform('POST', KP, await api('POST', KP, { raw: '{' }));
  conform('GET', KP, await api('GET', `${KP}?status=active`));
  conform('GET', KP, await ctx.api('GET', KP));
  conform('GET', '/api/v1/key-persons/{id}', await api('GET', `${KP}/${id}`));
  conform('GET', '/api/v1/key-persons/{id}', await api('GET', `${KP}/987654321`));
  conform('PATCH', '/api/v1/key-persons/{id}', await api('PATCH', `${KP}/${id}`, { body: { days: 15 } }));
  conform('PATCH', '/api/v1/key-persons/{id}', await api('PATCH', `${KP}/${id}`, { body: { days: 99 } }));

  const fever = await api('POST', `${KP}/${id}/checks`, { body: { temperature: 37.9, symptoms: ['cough', 'other'], symptom_other: '乏力', method: 'visit' } });
  assert.equal(fever.status, 201, fever.text);
  assert.ok(fever.json.alert, 'an alert was raised');
  conform('POST', '/api/v1/key-persons/{id}/checks', fever);
  const key = { 'idempotency-key': `doc-${Date.now()}` };
  const normal = await api('POST', `${KP}/${id}/checks`, { body: { temperature: 36.5, method: 'phone' }, headers: key });
  conform('POST', '/api/v1/key-persons/{id}/checks', normal);
  conform('POST', '/api/v1/key-persons/{id}/checks', await api('POST', `${KP}/${id}/checks`, { body: { temperature: 36.5, method: 'phone' }, headers: key }));
  conform('POST', '/api/v1/key-persons/{id}/checks', await api('POST', `${KP}/${id}/checks`, { body: { temperature: 36.6, method: 'phone' }, headers: key }));
  conform('POST', '/api/v1/key-persons/{id}/checks', await api('POST', `${KP}/${id}/checks`, { body: { temperature: 50, method: 'phone' } }));
  conform('GET', '/api/v1/key-persons/{id}/checks', await api('GET', `${KP}/${id}/checks`));
  const sr = await request(ctx.server.base, 'POST', '/api/v1/self-report', { body: { code: reg.json.self_report_code, temperature: 36.4 } });
  assert.equal(sr.status, 201, sr.text);
  conform('POST', '/api/v1/self-report', sr);
  conform('POST', '/api/v1/self-report', await request(ctx.server.base, 'POST', '/api/v1/self-report', { body: { code: 'no-such-code', temperature: 36.4 } }));
  const sc = await api('POST', `${KP}/${id}/self-code`, { body: {} });
  assert.equal(sc.status, 200, sc.text);
  conform('POST', '/api/v1/key-persons/{id}/self-code', sc);
  for (let i = 0; i < 6; i++)
    await request(ctx.server.base, 'POST', '/api/v1/self-report', { from: '127.0.41.1', body: { code: 'no-such-code', temperature: 36.4 } });
  const throttled = await request(ctx.server.base, 'POST', '/api/v1/self-report', { from: '127.0.41.1', body: { code: sc.json.self_report_code, temperature: 36.4 } });
  assert.equal(throttled.status, 429, throttled.text);
  conform('POST', '/api/v1/self-report', throttled);

  const aid = fever.json.alert.id;
  conform('GET', '/api/v1/alerts', await api('GET', '/api/v1/alerts'));
  conform('POST', '/api/v1/alerts/{id}/refer', await api('POST', `/api/v1/alerts/${aid}/refer`, { body: { hospital: '湘潭市中心医院', transport: '120' } }));
  conform('POST', '/api/v1/alerts/{id}/result', await api('POST', `/api/v1/alerts/${aid}/result`, { body: { result: 'excluded' } }));
  conform('POST', '/api/v1/alerts/{id}/close', await api('POST', `/api/v1/alerts/${aid}/close`, { body: {} }));
  conform('POST', '/api/v1/alerts/{id}/close', await api('POST', `/api/v1/alerts/${aid}/close`, { body: { note: '排除' } }));
  conform('GET', '/api/v1/alerts', await api('GET', '/api/v1/alerts?status=closed'));
  conform('POST', '/api/v1/key-persons/{id}/release', await api('POST', `${KP}/${id}/release`, { body: {} }));
  conform('GET', '/api/v1/key-persons/{id}/timeline', await api('GET', `${KP}/${id}/timeline`));
  const notice = await api('GET', `${KP}/${id}/notice`);
  assert.equal(notice.status, 200);
  assert.ok(doc.paths['/api/v1/key-persons/{id}/notice'].get.responses['200'].content['text/html'], 'the notice is documented as HTML');
  assert.match(notice.headers.get('content-type') || '', /text\/html/);

  conform('GET', '/api/v1/worklist', await api('GET', '/api/v1/worklist'));
  conform('GET', '/api/v1/monitoring/figures', await api('GET', '/api/v1/monitoring/figures'));
  conform('GET', '/api/v1/monitoring/figures', await api('GET', '/api/v1/monitoring/figures?date=1999-02-30'));
  conform('GET', '/api/v1/monitoring/daily', await api('GET', '/api/v1/monitoring/daily?days=3'));
  conform('GET', '/api/v1/settings/monitoring', await api('GET', '/api/v1/settings/monitoring'));
  conform('PATCH', '/api/v1/settings/monitoring', await api('PATCH', '/api/v1/settings/monitoring', { body: { release: 'auto' } }));
  conform('PATCH', '/api/v1/settings/monitoring', await api('PATCH', '/api/v1/settings/monitoring', { body: { release: 'never' } }));
});

t('command-post answers fit the documented schemas: tips, tasks, the daily report', async () => {
  const admin = await ctx.login(ctx.admin);
  const api = (method, p, o = {}) => ctx.api(method, p, { token: admin, ...o });
  const pub = (method, p, o = {}) => request(ctx.server.base, method, p, { from: '127.0.7.7', ...o });
  for (const name of ['Tip', 'TipIn', 'TipTrack', 'Triage', 'Task', 'TaskIn', 'TaskWithEvents', 'Report']) {
    assert.ok(doc.components.schemas[name], `components.schemas.${name}`);
  }
  const ch = await pub('GET', '/api/v1/tips/challenge');
  conform('GET', '/api/v1/tips/challenge', ch);
  const body = { kind: 'returnee', village_code: AREA.yunlong, address: '云龙村一组', description: '邻居从武汉回来没有报告', name: uniqueName(), phone: phone() };
  const created = await pub('POST', '/api/v1/tips', { body });
  conform('POST', '/api/v1/tips', created);
  conform('POST', '/api/v1/tips', await pub('POST', '/api/v1/tips', { body: { ...body, anonymous: true } }));
  conform('POST', '/api/v1/tips', await pub('POST', '/api/v1/tips', { body: { kind: 'other', description: '镇上有人聚集打牌' } }));
  conform('POST', '/api/v1/tips', await pub('POST', '/api/v1/tips', { body: { ...body, kind: 'nope' } }));
  conform('POST', '/api/v1/tips', await pub('POST', '/api/v1/tips', { raw: '{' }));
  const limited = await pub('POST', '/api/v1/tips', { body });
  assert.equal(limited.status, 429, `a fourth tip in ten minutes: ${limited.text}`);
  conform('POST', '/api/v1/tips', limited);
  conform('GET', '/api/v1/tips/track/{code}', await pub('GET', `/api/v1/tips/track/${created.json.code}`));
  conform('GET', '/api/v1/tips/track/{code}', await pub('GET', '/api/v1/tips/track/NOSUCHCODE'));
  const list = await api('GET', '/api/v1/tips?limit=500');
  conform('GET', '/api/v1/tips', list);
  conform('GET', '/api/v1/tips', await ctx.api('GET', '/api/v1/tips'));
  const tips = list.json.items;
  const mine = tips.find((x) => x.code === created.json.code);
  conform('GET', '/api/v1/tips/{id}', await api('GET', `/api/v1/tips/${mine.id}`));
  conform('GET', '/api/v1/tips/{id}', await api('GET', '/api/v1/tips/987654321'));

  const users = await api('GET', '/api/v1/users?limit=500');
  const me = users.json.items.find((x) => x.username === ctx.admin.username);
  const taskIn = { title: '上门核查返乡人员', area_code: AREA.yunlong1, owner_id: me.id, deadline: Math.floor(Date.now() / 1000) - 60, priority: 'high', source: 'manual' };
  const tr = await api('POST', `/api/v1/tips/${mine.id}/triage`, { body: { action: 'task', public_result: '已派人核实', task: taskIn } });
  conform('POST', '/api/v1/tips/{id}/triage', tr);
  conform('POST', '/api/v1/tips/{id}/triage', await api('POST', `/api/v1/tips/${tips[1].id}/triage`, { body: { action: 'duplicate', duplicate_of: mine.id } }));
  conform('POST', '/api/v1/tips/{id}/triage', await api('POST', `/api/v1/tips/${tips[2].id}/triage`, { body: { action: 'nope' } }));

  const key = { 'idempotency-key': `doc-task-${Date.now()}` };
  const task = await api('POST', '/api/v1/tasks', { body: { ...taskIn, person_id: undefined }, headers: key });
  assert.equal(task.status, 201, task.text);
  conform('POST', '/api/v1/tasks', task);
  conform('POST', '/api/v1/tasks', await api('POST', '/api/v1/tasks', { body: taskIn, headers: key }));
  conform('POST', '/api/v1/tasks', await api('POST', '/api/v1/tasks', { body: { ...taskIn, title: '另一个' }, headers: key }));
  conform('POST', '/api/v1/tasks', await api('POST', '/api/v1/tasks', { body: { ...taskIn, priority: 'asap' } }));
  const id = task.json.id;
  conform('GET', '/api/v1/tasks', await api('GET', '/api/v1/tasks'));
  conform('GET', '/api/v1/tasks', await api('GET', '/api/v1/tasks?mine=1&overdue=1'));
  conform('POST', '/api/v1/tasks/{id}/start', await api('POST', `/api/v1/tasks/${id}/start`, { body: {} }));
  conform('POST', '/api/v1/tasks/{id}/start', await api('POST', `/api/v1/tasks/${id}/start`, { body: {} }));
  conform('POST', '/api/v1/tasks/{id}/done', await api('POST', `/api/v1/tasks/${id}/done`, { body: {} }));
  conform('POST', '/api/v1/tasks/{id}/done', await api('POST', `/api/v1/tasks/${id}/done`, { body: { result: '已核实', evidence: '照片' } }));
  conform('POST', '/api/v1/tasks/{id}/reopen', await api('POST', `/api/v1/tasks/${id}/reopen`, { body: { reason: '补充材料' } }));
  conform('POST', '/api/v1/tasks/{id}/verify', await api('POST', `/api/v1/tasks/${id}/verify`, { body: {} }));
  conform('POST', '/api/v1/tasks/{id}/start', await api('POST', `/api/v1/tasks/${id}/start`, { body: {} }));
  conform('POST', '/api/v1/tasks/{id}/done', await api('POST', `/api/v1/tasks/${id}/done`, { body: { result: '已补充' } }));
  conform('POST', '/api/v1/tasks/{id}/verify', await api('POST', `/api/v1/tasks/${id}/verify`, { body: { note: '核实' } }));
  conform('GET', '/api/v1/tasks/{id}', await api('GET', `/api/v1/tasks/${id}`));
  conform('GET', '/api/v1/tasks/{id}', await api('GET', `/api/v1/tasks/${tr.json.task_id}`));
  conform('GET', '/api/v1/tasks/{id}', await api('GET', '/api/v1/tasks/987654321'));

  const rep = await api('GET', '/api/v1/reports/daily');
  assert.equal(rep.status, 200, rep.text);
  conform('GET', '/api/v1/reports/daily', rep);
  assert.ok(rep.json.overdue_tasks.length > 0, 'the overdue list is checked too');
  conform('GET', '/api/v1/reports/daily', await api('GET', '/api/v1/reports/daily?date=2020-02-30'));
  conform('GET', '/api/v1/reports/daily', await ctx.api('GET', '/api/v1/reports/daily'));
  const html = await api('GET', '/api/v1/reports/daily?format=html');
  assert.equal(html.status, 200);
  assert.ok(doc.paths['/api/v1/reports/daily'].get.responses['200'].content['text/html'], 'the HTML form is documented');
  assert.ok(doc.paths['/api/v1/reports/daily'].get.responses['200'].content['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], 'the xlsx form is documented');
});

/* ---------- checkpoints and duty rosters ---------- */
t('checkpoint answers fit the document: posts, rosters, on duty, handovers, screenings, figures', async () => {
  const token = await ctx.login(ctx.admin);
  const api = (method, p, o = {}) => ctx.api(method, p, { token, ...o });
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const post = await api('POST', '/api/v1/duty/posts', { body: { name: '文档卡口', area_code: AREA.yunlong, kind: 'checkpoint' } });
  conform('POST', '/api/v1/duty/posts', post);
  conform('POST', '/api/v1/duty/posts', await api('POST', '/api/v1/duty/posts', { body: { name: '文档卡口', area_code: AREA.yunlong, kind: 'gate' } }));
  const id = post.json.id;
  conform('GET', '/api/v1/duty/posts', await api('GET', '/api/v1/duty/posts'));
  const teams = [];
  for (const name of ['一', '二', '三', '四']) {
    const r = await api('POST', `/api/v1/duty/posts/${id}/teams`, { body: { name } });
    conform('POST', '/api/v1/duty/posts/{id}/teams', r);
    teams.push(r.json.id);
  }
  const m = await api('POST', `/api/v1/duty/teams/${teams[0]}/members`, { body: { name: '文档队员', phone: phone() } });
  conform('POST', '/api/v1/duty/teams/{id}/members', m);
  const pat = await api('POST', `/api/v1/duty/posts/${id}/patterns`, { body: { name: '四班倒', kind: 'four_team', teams } });
  conform('POST', '/api/v1/duty/posts/{id}/patterns', pat);
  conform('POST', '/api/v1/duty/posts/{id}/roster', await api('POST', `/api/v1/duty/posts/${id}/roster`, { body: { pattern_id: pat.json.id, from: today, to: today } }));
  const roster = await api('GET', `/api/v1/duty/posts/${id}/roster?from=${today}&to=${today}`);
  conform('GET', '/api/v1/duty/posts/{id}/roster', roster);
  conform('GET', '/api/v1/duty/posts/{id}', await api('GET', `/api/v1/duty/posts/${id}`));
  conform('GET', '/api/v1/duty/posts/{id}', await api('GET', '/api/v1/duty/posts/987654321'));
  conform('PATCH', '/api/v1/duty/posts/{id}', await api('PATCH', `/api/v1/duty/posts/${id}`, { body: { place: '文档' } }));
  const later = roster.json.shifts.find((s) => s.ends_at > Date.now() / 1000 && s.members.length);
  if (later) conform('POST', '/api/v1/duty/shifts/{id}/changes', await api('POST', `/api/v1/duty/shifts/${later.id}/changes`, { body: { kind: 'leave', member_id: later.members[0].id } }));
  conform('GET', '/api/v1/duty/now', await api('GET', '/api/v1/duty/now'));
  conform('GET', '/api/v1/duty/now', await api('GET', '/api/v1/duty/now?reveal=1'));
  const s = await api('POST', '/api/v1/screenings', { body: { post_id: id, kind: 'vehicle', plate: '湘C·12345', persons: [{ temperature: 38.0 }, { temperature: 36.5, from_place: '武汉' }] } });
  conform('POST', '/api/v1/screenings', s);
  conform('POST', '/api/v1/screenings', await api('POST', '/api/v1/screenings', { body: { post_id: id, kind: 'vehicle', plate: '湘C·1', persons: [{ temperature: 36.5 }] } }));
  conform('GET', '/api/v1/screenings', await api('GET', `/api/v1/screenings?post_id=${id}`));
  conform('GET', '/api/v1/screenings/{id}', await api('GET', `/api/v1/screenings/${s.json.id}`));
  conform('POST', '/api/v1/screenings/{id}/reveal', await api('POST', `/api/v1/screenings/${s.json.id}/reveal`, { body: { reason: '文档' } }));
  conform('GET', '/api/v1/checkpoint/figures', await api('GET', '/api/v1/checkpoint/figures'));
  conform('GET', '/api/v1/checkpoint/hourly', await api('GET', '/api/v1/checkpoint/hourly'));
  conform('GET', '/api/v1/settings/checkpoint', await api('GET', '/api/v1/settings/checkpoint'));
  conform('PATCH', '/api/v1/settings/checkpoint', await api('PATCH', '/api/v1/settings/checkpoint', { body: { high_risk_regions: ['湖北', '武汉'] } }));
  const done = roster.json.shifts.filter((x) => x.ends_at <= Date.now() / 1000).pop();
  if (done) {
    const h = await api('POST', `/api/v1/duty/shifts/${done.id}/handover`, { body: { masks: 1, batteries: 2 } });
    conform('POST', '/api/v1/duty/shifts/{id}/handover', h);
    const other = await ctx.login(await ctx.user('checkpoint', AREA.yunlong));
    conform('POST', '/api/v1/duty/handovers/{id}/confirm', await ctx.api('POST', `/api/v1/duty/handovers/${h.json.id}/confirm`, { token: other, body: {} }));
  }
  conform('GET', '/api/v1/duty/handovers', await api('GET', `/api/v1/duty/handovers?post_id=${id}`));
  conform('DELETE', '/api/v1/duty/members/{id}', await api('DELETE', `/api/v1/duty/members/${m.json.id}`));
  conform('GET', '/api/v1/reports/daily', await api('GET', '/api/v1/reports/daily'));
});

t('sweep, publicity and gathering answers fit the documented schemas', async () => {
  const admin = await ctx.login(ctx.admin);
  const api = (method, p, o = {}) => ctx.api(method, p, { token: admin, ...o });
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const questions = [
    { key: 'hubei', text: '是否从湖北返回', kind: 'yesno', per_person: true, required: true, handoff: { to: 'monitor', reason: 'high_risk_area' } },
    { key: 'fever', text: '是否发热', kind: 'yesno', per_person: true, handoff: { to: 'task' } },
    { key: 'water', text: '饮水', kind: 'choice', choices: ['自来水', '井水'] },
  ];
  const c = await api('POST', '/api/v1/sweeps', { body: { name: '文档排查', scope: [AREA.yunlong1], starts_on: today, ends_on: today, questions } });
  assert.equal(c.status, 201, c.text);
  conform('POST', '/api/v1/sweeps', c);
  conform('POST', '/api/v1/sweeps', await api('POST', '/api/v1/sweeps', { body: { name: '坏', scope: [], starts_on: today, ends_on: today, questions } }));
  const id = c.json.id;
  conform('GET', '/api/v1/sweeps', await api('GET', '/api/v1/sweeps'));
  conform('GET', '/api/v1/sweeps/{id}', await api('GET', `/api/v1/sweeps/${id}`));
  conform('GET', '/api/v1/sweeps/{id}', await api('GET', '/api/v1/sweeps/987654321'));
  conform('PATCH', '/api/v1/sweeps/{id}', await api('PATCH', `/api/v1/sweeps/${id}`, { body: { name: '文档排查二' } }));
  const hh = (await api('POST', '/api/v1/households', { body: { address: '文档排查路1号', area_code: AREA.yunlong1 } })).json;
  const p = (await api('POST', '/api/v1/persons', { body: { name: uniqueName(), id_number: idNumber(), phone: phone(), household_id: hh.id } })).json;
  conform('GET', '/api/v1/sweeps/{id}/pending', await api('GET', `/api/v1/sweeps/${id}/pending?limit=5`));
  const v = await api('POST', `/api/v1/sweeps/${id}/visits`, { body: { household_id: hh.id, outcome: 'reached', answers: { water: '井水' }, persons: [{ person_id: p.id, answers: { hubei: true, fever: true }, from_place: '武汉' }] } });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.handoffs.length, 2);
  conform('POST', '/api/v1/sweeps/{id}/visits', v);
  conform('POST', '/api/v1/sweeps/{id}/visits', await api('POST', `/api/v1/sweeps/${id}/visits`, { body: { household_id: hh.id, outcome: 'gone' } }));
  conform('POST', '/api/v1/sweeps/{id}/visits', await api('POST', `/api/v1/sweeps/${id}/visits`, { body: { household_id: hh.id, outcome: 'not_home' } }));
  conform('GET', '/api/v1/sweeps/{id}/visits', await api('GET', `/api/v1/sweeps/${id}/visits`));
  conform('GET', '/api/v1/sweeps/{id}/coverage', await api('GET', `/api/v1/sweeps/${id}/coverage`));
  conform('GET', '/api/v1/sweeps/{id}/coverage', await api('GET', `/api/v1/sweeps/${id}/coverage?round=9`));
  conform('POST', '/api/v1/sweeps/{id}/rounds', await api('POST', `/api/v1/sweeps/${id}/rounds`, { body: {} }));
  const csvr = await api('GET', `/api/v1/sweeps/${id}/coverage/export`);
  assert.equal(csvr.status, 200);
  assert.ok(doc.paths['/api/v1/sweeps/{id}/coverage/export'].get.responses['200'].content['text/csv']);

  const pub = await api('POST', '/api/v1/publicity', { body: { kind: 'wechat_group', area_code: AREA.yunlong1, title: '文档群', happened_on: today, household_ids: [hh.id] } });
  conform('POST', '/api/v1/publicity', pub);
  conform('POST', '/api/v1/publicity', await api('POST', '/api/v1/publicity', { body: { kind: 'wechat_group', area_code: AREA.yunlong1, title: '文档群', happened_on: today } }));
  conform('POST', '/api/v1/publicity', await api('POST', '/api/v1/publicity', { body: { kind: 'banner', area_code: AREA.yunlong2, title: '横幅', happened_on: today, quantity: 2 } }));
  conform('GET', '/api/v1/publicity', await api('GET', '/api/v1/publicity'));
  conform('GET', '/api/v1/publicity/coverage', await api('GET', '/api/v1/publicity/coverage'));
  const un = await api('GET', `/api/v1/publicity/uncovered?area=${AREA.yunlong}&limit=5`);
  conform('GET', '/api/v1/publicity/uncovered', un);
  if (un.json.items.length) conform('POST', '/api/v1/publicity/door-tasks', await api('POST', '/api/v1/publicity/door-tasks', { body: { household_id: un.json.items[0].household_id } }));
  conform('POST', '/api/v1/publicity/door-tasks', await api('POST', '/api/v1/publicity/door-tasks', { body: { household_id: hh.id } }));

  const g = await api('POST', '/api/v1/gatherings', { body: { kind: 'wedding', host_person_id: p.id, planned_on: today, place: '文档村', expected_guests: 100 } });
  conform('POST', '/api/v1/gatherings', g);
  conform('POST', '/api/v1/gatherings', await api('POST', '/api/v1/gatherings', { body: { kind: 'party', host_person_id: p.id, planned_on: today, place: 'x' } }));
  conform('GET', '/api/v1/gatherings/{id}', await api('GET', `/api/v1/gatherings/${g.json.id}`));
  conform('GET', '/api/v1/gatherings/{id}', await api('GET', '/api/v1/gatherings/987654321'));
  conform('POST', '/api/v1/gatherings/{id}/outcome', await api('POST', `/api/v1/gatherings/${g.json.id}/outcome`, { body: { outcome: 'simplified', guests: 9, persuaded_by: '网格员' } }));
  conform('POST', '/api/v1/gatherings/{id}/outcome', await api('POST', `/api/v1/gatherings/${g.json.id}/outcome`, { body: { outcome: 'postponed', persuaded_by: '网格员' } }));
  conform('GET', '/api/v1/gatherings', await api('GET', '/api/v1/gatherings'));
  conform('GET', '/api/v1/gatherings/figures', await api('GET', '/api/v1/gatherings/figures'));
  conform('GET', '/api/v1/gatherings/figures', await api('GET', '/api/v1/gatherings/figures?from=x'));
  assert.equal((await api('GET', '/api/v1/gatherings/export')).status, 200);
  conform('GET', '/api/v1/reports/daily', await api('GET', '/api/v1/reports/daily'));
});

ctx.cleanExit();
