// privacy_canary.test.mjs: one resident's ID number, phone and birth date are the canary (the
// birth date because, beside the masked ID, it gives the number back). They are put
// everywhere a resident's data goes — the registry, a household, key-person monitoring with a
// fever alert, a tip naming the phone, a task about the person, a district list naming them — and then every GET route of the
// server (read from `fangyi routes`, so a new route is crawled the day it is added) is asked by a
// user of every role. The full ID number, phone or birth date (YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD)
// must never come back, in any letter case or spacing, except from the audited reveal; nor may
// they reach the server's log.
import assert from 'node:assert/strict';
import {
  AREA, cli, idNumber, maskId, maskPhone, phone, png, request, setupTown, uniqueName,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const canary = { idn: idNumber({ area: '430302' }), ph: phone(), name: uniqueName('柯') };
// the birth date, in the forms a date is written (the text is searched without spaces and dashes)
const [BY, BM, BD] = [canary.idn.slice(6, 10), canary.idn.slice(10, 12), canary.idn.slice(12, 14)];
canary.birth = `${BY}-${BM}-${BD}`;
const ids = {};
let admin;
const users = {};

// leaks(text) → the forms of the canary found in text (none, hopefully)
function leaks(text) {
  const flat = text.replace(/[\s-]/g, '');
  const found = [];
  for (const v of new Set([canary.idn, canary.idn.toLowerCase(), canary.ph])) if (flat.includes(v)) found.push(v);
  // the birth date on its own, not as the middle of the full ID number found above
  const rest = found.length ? flat.split(canary.idn).join('').split(canary.idn.toLowerCase()).join('') : flat;
  if (rest.includes(`${BY}${BM}${BD}`) || rest.includes(`${BY}/${BM}/${BD}`)) found.push(canary.birth);
  return found;
}

t('set up: the canary resident, in every record a resident appears in', async () => {
  admin = await ctx.login(ctx.admin);
  const hh = await ctx.api('POST', '/api/v1/households', {
    token: admin, body: { area_code: AREA.yunlong1, address: '云龙村金桥组 7 号' },
  });
  assert.equal(hh.status, 201, hh.text);
  ids.household = hh.json.id;
  const p = await ctx.api('POST', '/api/v1/persons', {
    token: admin,
    body: { name: canary.name, id_number: canary.idn, phone: canary.ph, area_code: AREA.yunlong1,
      household_id: ids.household },
  });
  assert.equal(p.status, 201, p.text);
  ids.person = p.json.id;
  const kp = await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: ids.person, reason: 'high_risk_area', found_by: 'other', kind: 'home',
      from_place: '湖北省武汉市', arrived_on: new Date().toISOString().slice(0, 10) },
  });
  assert.equal(kp.status, 201, kp.text);
  ids.kp = kp.json.id;
  const ch = await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/checks`, {
    token: admin, body: { temperature: 38.4, symptoms: ['cough'], method: 'visit' },
  });
  assert.equal(ch.status, 201, ch.text);
  assert.ok(ch.json.alert, 'the fever raised an alert');
  ids.alert = ch.json.alert.id;
  const tip = await request(ctx.server.base, 'POST', '/api/v1/tips', {
    from: '127.0.5.9',
    body: { kind: 'returnee', village_code: AREA.yunlong, address: '金桥组',
      description: `邻居从武汉回来没有报告，电话 ${canary.ph}`, name: '群众', phone: canary.ph },
  });
  assert.equal(tip.status, 201, tip.text);
  ids.tipCode = tip.json.code;
  const tips = await ctx.api('GET', '/api/v1/tips?limit=5', { token: admin });
  ids.tip = tips.json.items[0].id;
  for (const [role, area] of [['admin', AREA.town], ['secretary', AREA.yunlong], ['grid', AREA.yunlong1],
    ['doctor', AREA.yunlong], ['checkpoint', AREA.yunlong], ['viewer', AREA.town], ['auditor', AREA.town]]) {
    users[role] = await ctx.login(await ctx.user(role, area));
  }
  const me = await ctx.api('GET', '/api/v1/session', { token: users.grid });
  assert.equal(me.status, 200, me.text);
  const task = await ctx.api('POST', '/api/v1/tasks', {
    token: admin, body: { title: `上门核实 ${canary.name}`, area_code: AREA.yunlong1, person_id: ids.person,
      owner_id: (me.json.user || me.json).id, priority: 'high', source: 'tip', deadline: Math.floor(Date.now() / 1000) + 86400 },
  });
  assert.equal(task.status, 201, task.text);
  ids.task = task.json.id;
  // a donor who left the canary's phone as the contact (donations and supplies)
  const stores = await ctx.api('GET', '/api/v1/stores', { token: admin });
  const don = await ctx.api('POST', '/api/v1/donations', {
    token: admin, body: { donor: { name: canary.name, kind: 'person', contact: canary.ph }, date: '2020-02-01',
      store_id: stores.json.items[0].id, lines: [{ item: 'mask_surgical', quantity: 50 }] },
  });
  assert.equal(don.status, 201, don.text);
  ids.donation = don.json.id;
  // checkpoints and duty rosters: the canary volunteers on a team of the toll gate and is screened there
  const gate = (await ctx.api('GET', '/api/v1/duty/posts', { token: admin })).json.items.find((x) => x.kind === 'checkpoint');
  ids.post = gate.id;
  const teams = (await ctx.api('GET', `/api/v1/duty/posts/${gate.id}`, { token: admin })).json.teams;
  for (const tm of teams) {
    const m = await ctx.api('POST', `/api/v1/duty/teams/${tm.id}/members`, { token: admin, body: { person_id: ids.person } });
    assert.equal(m.status, 201, m.text);
  }
  const sc = await ctx.api('POST', '/api/v1/screenings', {
    token: users.checkpoint, body: { post_id: gate.id, kind: 'vehicle', plate: '湘C·12345',
      persons: [{ temperature: 38.2, name: canary.name, id_number: canary.idn, phone: canary.ph }] },
  });
  assert.equal(sc.status, 201, sc.text);
  ids.screening = sc.json.id;
  // a declaration the canary made on their own phone from the toll gate's poster, not used yet:
  // the public answer holds none of it, the staff's look-up only the masked numbers
  const poster = await ctx.api('POST', `/api/v1/duty/posts/${gate.id}/declare-poster`, { token: users.checkpoint });
  assert.equal(poster.status, 200, poster.text);
  ids.declToken = poster.json.token;
  const decl = await ctx.api('POST', '/api/v1/declarations', {
    headers: { 'Idempotency-Key': `canary-declaration-${'0'.repeat(16)}` },
    body: { token: ids.declToken, plate: '湘C54321', from_place: '武汉', to_place: '云龙村',
      persons: [{ name: canary.name, id_number: canary.idn, phone: canary.ph }] },
  });
  assert.equal(decl.status, 201, decl.text);
  assert.deepEqual(leaks(decl.text), [], `the public answer gave the canary away: ${decl.text}`);
  ids.declCode = decl.json.code;
  // sweeps and gatherings: the canary's household is visited (a cough, handed to the secretary),
  // and the canary hosts a wedding banquet
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const camp = await ctx.api('POST', '/api/v1/sweeps', {
    token: admin, body: { name: '入户排查', scope: [AREA.yunlong1], starts_on: today, ends_on: today,
      questions: [{ key: 'fever', text: '是否发热或咳嗽', kind: 'yesno', per_person: true, required: true,
        handoff: { to: 'task' } }] },
  });
  assert.equal(camp.status, 201, camp.text);
  ids.sweep = camp.json.id;
  const v = await ctx.api('POST', `/api/v1/sweeps/${ids.sweep}/visits`, {
    token: users.grid, body: { household_id: ids.household, outcome: 'reached',
      persons: [{ person_id: ids.person, answers: { fever: true } }] },
  });
  assert.equal(v.status, 201, v.text);
  const g = await ctx.api('POST', '/api/v1/gatherings', {
    token: users.grid, body: { kind: 'wedding', host_person_id: ids.person, planned_on: today, place: '金桥组' },
  });
  assert.equal(g.status, 201, g.text);
  ids.gathering = g.json.id;
  const banner = await ctx.api('POST', '/api/v1/publicity', {
    token: users.grid, body: { kind: 'banner', area_code: AREA.yunlong1, title: '横幅', happened_on: today },
  });
  assert.equal(banner.status, 201, banner.text);
  ids.publicity = banner.json.id;
  const photo = await ctx.api('POST', `/api/v1/publicity/${ids.publicity}/photos`, {
    token: users.grid, raw: png(3, 2), type: 'image/png',
  });
  assert.equal(photo.status, 201, photo.text);
  ids.photo = photo.json.id;
  // a district list naming the canary by every number, with the birth date in its own column,
  // and a row that only looks like them (a possible match showing the canary as its candidate)
  const near = canary.idn.slice(0, 17) + (canary.idn[17] === '0' ? '1' : '0');
  const list = await ctx.api('POST', `/api/v1/lists?name=${encodeURIComponent('canary 名单')}&source=district`, {
    token: admin, type: 'text/csv',
    raw: `姓名,身份证号,手机号,出生日期\r\n${canary.name},${canary.idn},${canary.ph},${BY}/${BM}/${BD}\r\n` +
      `${canary.name},${near},,\r\n`,
  });
  assert.equal(list.status, 202, list.text);
  ids.list = list.json.id;
  for (let i = 0; i < 100; i++) {
    const g = await ctx.api('GET', `/api/v1/lists/${ids.list}`, { token: admin });
    if (g.json.status !== 'matching') {
      assert.equal(g.json.status, 'done', g.text);
      assert.equal(g.json.counts.already_watched + g.json.counts.possible, 2, g.text);
      break;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
});

// The description of the tip quotes the phone as the reporter typed it: that free text is
// shown to the command post as typed (it is the tip), so the crawl skips the one field that
// holds it and checks everything else.
function withoutTipText(j) {
  if (j && typeof j === 'object') {
    if (Array.isArray(j)) return j.map(withoutTipText);
    const o = {};
    for (const [k, v] of Object.entries(j)) if (k !== 'description') o[k] = withoutTipText(v);
    return o;
  }
  return j;
}

function fill(route) {
  const base = route.split('/').slice(0, 4).join('/');
  const byPrefix = {
    '/api/v1/persons': ids.person, '/api/v1/households': ids.household, '/api/v1/key-persons': ids.kp,
    '/api/v1/alerts': ids.alert, '/api/v1/tips': ids.tip, '/api/v1/tasks': ids.task,
    '/api/v1/duty': ids.post, '/api/v1/screenings': ids.screening,
  };
  byPrefix['/api/v1/donations'] = ids.donation;
  byPrefix['/api/v1/sweeps'] = ids.sweep;
  byPrefix['/api/v1/gatherings'] = ids.gathering;
  byPrefix['/api/v1/publicity'] = ids.publicity;
  byPrefix['/api/v1/lists'] = ids.list;
  if (route.startsWith('/api/v1/declarations/')) {
    return route.replace('{code}', ids.declCode).replace('{token}', ids.declToken);
  }
  return route.replace('{code}', ids.tipCode).replace('{id}', String(byPrefix[base] ?? 1))
    .replace('{photo_id}', String(ids.photo));
}

t('no GET route gives the full ID number, phone or birth date to any role; the masked forms do appear', async () => {
  const r = await cli('routes');
  assert.equal(r.code, 0, r.stderr);
  const gets = r.stdout.split('\n').filter((l) => l.startsWith('GET ')).map((l) => l.split(' ')[1]);
  assert.ok(gets.length > 20, `the route table lists the GET routes (${gets.length})`);
  const searches = [`/api/v1/persons?q=${canary.idn}`, `/api/v1/persons?q=${canary.ph}`,
    `/api/v1/persons?q=${canary.idn.slice(-4)}`, `/api/v1/persons?q=${encodeURIComponent(canary.name)}`,
    '/api/v1/persons/export', '/api/v1/persons/export?format=csv', `/api/v1/key-persons?area=${AREA.yunlong}`,
    '/api/v1/reports/daily?format=html', '/api/v1/audit?limit=500',
    `/api/v1/screenings?post_id=${ids.post}`, `/api/v1/duty/handovers?post_id=${ids.post}`,
    () => `/api/v1/lists/${ids.list}/rows?class=possible`, () => `/api/v1/lists/${ids.list}/export?format=csv`];
  const paths = [...gets.map(fill).map((p) => (p.includes('?') ? p : `${p}?limit=200`)),
    ...searches.map((p) => (typeof p === 'function' ? p() : p))];
  let masked = 0;
  let asked = 0;
  for (const [role, token] of [['anonymous', null], ...Object.entries(users)]) {
    for (const p of paths) {
      const a = await ctx.api('GET', p, token ? { token } : {});
      asked++;
      const text = a.json ? JSON.stringify(withoutTipText(a.json)) : a.text;
      assert.deepEqual(leaks(text), [], `${role} GET ${p} (${a.status}) gave the canary away: ${text.slice(0, 300)}`);
      if (text.includes(maskId(canary.idn)) || text.includes(maskPhone(canary.ph))) masked++;
    }
  }
  assert.ok(asked > 200, `crawled ${asked} answers`);
  // the canary was really in the answers, masked: the crawl is not looking at empty pages
  assert.ok(masked >= 10, `the masked canary appeared in ${masked} answers`);
});

t('the audited reveal is the one way to the full values (and the detector sees them there)', async () => {
  const r = await ctx.api('POST', `/api/v1/persons/${ids.person}/reveal`, {
    token: users.secretary, body: { reason: '核实返乡登记' },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(leaks(r.text).sort(), [canary.idn, canary.ph, canary.birth].sort());
  const denied = await ctx.api('POST', `/api/v1/persons/${ids.person}/reveal`, {
    token: users.viewer, body: { reason: '看看' },
  });
  assert.ok([403, 404].includes(denied.status), `a viewer may not reveal: ${denied.status}`);
  assert.deepEqual(leaks(denied.text), []);
});

t("the server's log never holds the canary", async () => {
  assert.deepEqual(leaks(ctx.server.stderr()), [], ctx.server.tail());
});

ctx.cleanExit();
