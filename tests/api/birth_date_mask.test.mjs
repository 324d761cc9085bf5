// birth_date_mask.test.mjs: a masked ID number (4303**********9875) hides the eight birth-date
// digits; shown beside it, the birth date would give the whole number back with the check
// digit in a handful of tries. One resident's birth date is planted through an import (its dry
// run first), a duplicate record, key-person monitoring with an alert, a task, a screening, a
// sweep that has not reached the household yet and one that visited it; then every GET route
// (read from `fangyi routes`), the searches, the residents CSV and the daily report as JSON, HTML
// and xlsx are asked by a grid worker, a village secretary and the town's admin. The birth date
// must never come back in any form — YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, YYYY年M月D日, an xlsx
// date cell — except from the audited reveal, which gives it with the ID number; the records
// carry the age (whole years on the town's day) instead.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  AREA, ageOn, cli, csv, csvMark, idNumber, importCsv, maskId, phone, setupTown, uniqueName,
  zipEntries,
} from './lib.mjs';

const ctx = setupTown();
const t = ctx.test;
const Y = String(randomInt(1952, 1989));
const M = String(randomInt(1, 13)).padStart(2, '0');
const D = String(randomInt(10, 29));
const BIRTH = `${Y}-${M}-${D}`;
const canary = { idn: idNumber({ area: '430302', birth: `${Y}${M}${D}` }), ph: phone(), name: uniqueName('贺') };
const ids = {};
const users = {};
let admin;

// The forms a date is written in; the text is searched with spaces removed, and once more
// with dashes removed too (YYYYMMDD).
const FORMS = [BIRTH, `${Y}${M}${D}`, `${Y}/${M}/${D}`, `${Y}.${M}.${D}`, `${Y}年${Number(M)}月${Number(D)}日`,
  `${Y}年${M}月${D}日`, `${Y}/${Number(M)}/${Number(D)}`];
function leaks(text) {
  const flat = text.replace(/\s/g, '');
  const found = FORMS.filter((f) => flat.includes(f));
  if (!found.length && flat.replace(/-/g, '').includes(`${Y}${M}${D}`)) found.push(`${Y}${M}${D}`);
  return found;
}

// Every answer seen, with where it came from: all are checked at the end of each test.
function clean(where, r) {
  const text = r.json ? JSON.stringify(r.json) : r.text;
  assert.deepEqual(leaks(text), [], `${where} (${r.status}) gave the birth date away: ${text.slice(0, 400)}`);
  return r;
}

// The workbook's date cells: a number in a cell whose style has a date format (the built-in
// 14–22 and 45–47, or a custom code with y, m or d) is a day count from 1899-12-30.
function xlsxDates(files) {
  const styles = (files.get('xl/styles.xml') || '').toString('utf8');
  const custom = new Map([...styles.matchAll(/<numFmt [^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)]
    .map((m) => [Number(m[1]), m[2]]));
  const xfs = (styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/) || ['', ''])[1];
  const isDate = [...xfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].map((m) => {
    const id = Number(m[1]);
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (custom.has(id) && /[ymd]/i.test(custom.get(id)));
  });
  const dates = [];
  for (const [name, body] of files) {
    if (!/^xl\/worksheets\/.*\.xml$/.test(name)) continue;
    for (const m of body.toString('utf8').matchAll(/<c ([^>]*)>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v>/g)) {
      const s = /\bs="(\d+)"/.exec(m[1]);
      if (s && isDate[Number(s[1])] && !/\bt="/.test(m[1])) {
        const day = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(m[2])) * 86400e3);
        dates.push(day.toISOString().slice(0, 10));
      }
    }
  }
  return dates;
}

t('set up: the resident imported (after a dry run) and put in every record a resident appears in', async () => {
  admin = await ctx.login(ctx.admin);
  const addr = `云龙村金桥组${randomInt(100, 999)}号`;
  const file = csv(['姓名', '身份证号', '联系电话', '出生日期', '住址', '村', '网格', '与户主关系'],
    [[canary.name, canary.idn, canary.ph, BIRTH, addr, '云龙村', AREA.yunlong1, '户主']]);
  const dry = clean('import dry run', await importCsv(ctx, admin, file, '?dry_run=1'));
  assert.equal(dry.status, 200, dry.text);
  // a row that is refused is reported with its line, never with the date typed in it
  const bad = csv(['姓名', '身份证号', '出生日期', '住址', '村', '网格'],
    [[canary.name, canary.idn, `${Number(Y) + 1}-${M}-${D}`, addr, '云龙村', AREA.yunlong1]]);
  clean('import refused', await importCsv(ctx, admin, bad));
  const imp = clean('import', await importCsv(ctx, admin, file));
  assert.equal(imp.status, 200, imp.text);
  const found = clean('search', await ctx.api('GET', `/api/v1/persons?q=${canary.idn}`, { token: admin }));
  assert.equal(found.json.total, 1, found.text);
  const p = found.json.items[0];
  ids.person = p.id;
  ids.household = p.household_id;
  assert.equal(p.id_number, maskId(canary.idn));
  assert.equal(p.age, ageOn(BIRTH), 'the age on the town\'s today');
  assert.equal(p.gender, Number(canary.idn[16]) % 2 ? 'M' : 'F');
  assert.ok(!('birth_date' in p), 'no birth date field beside the masked ID');

  // a second record of the same name and birth date in the household: a likely duplicate
  const dup = clean('create', await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: canary.name, birth_date: BIRTH, household_id: ids.household, relation: '本人' },
  }));
  assert.equal(dup.status, 201, dup.text);
  assert.equal(dup.json.age, ageOn(BIRTH));
  ids.dup = dup.json.id;
  clean('update', await ctx.api('PATCH', `/api/v1/persons/${ids.dup}`, { token: admin, body: { notes: '疑似重复' } }));

  const kp = clean('register', await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: ids.person, reason: 'high_risk_area', found_by: 'other', kind: 'home',
      from_place: '湖北省武汉市', arrived_on: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) },
  }));
  assert.equal(kp.status, 201, kp.text);
  ids.kp = kp.json.id;
  assert.equal(kp.json.age, ageOn(BIRTH), 'the key person carries the age');
  const ch = clean('check', await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/checks`, {
    token: admin, body: { temperature: 38.4, symptoms: ['cough'], method: 'visit' },
  }));
  assert.equal(ch.status, 201, ch.text);
  ids.alert = ch.json.alert.id;
  for (const [role, area] of [['grid', AREA.yunlong1], ['secretary', AREA.yunlong], ['checkpoint', AREA.yunlong]]) {
    users[role] = await ctx.login(await ctx.user(role, area));
  }
  users.admin = admin;
  const me = await ctx.api('GET', '/api/v1/session', { token: users.grid });
  const task = clean('task', await ctx.api('POST', '/api/v1/tasks', {
    token: admin, body: { title: `上门核实 ${canary.name}`, area_code: AREA.yunlong1, person_id: ids.person,
      owner_id: (me.json.user || me.json).id, priority: 'high', source: 'tip', deadline: Math.floor(Date.now() / 1000) + 86400 },
  }));
  assert.equal(task.status, 201, task.text);
  ids.task = task.json.id;
  const gate = (await ctx.api('GET', '/api/v1/duty/posts', { token: admin })).json.items.find((x) => x.kind === 'checkpoint');
  ids.post = gate.id;
  const sc = clean('screening', await ctx.api('POST', '/api/v1/screenings', {
    token: users.checkpoint, body: { post_id: gate.id, kind: 'vehicle', plate: '湘C·54321',
      persons: [{ temperature: 38.2, name: canary.name, id_number: canary.idn, phone: canary.ph }] },
  }));
  assert.equal(sc.status, 201, sc.text);
  ids.screening = sc.json.id;
  // one sweep has not reached the household (the not-yet-reached list), another visited it
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const mk = async (name) => {
    const c = clean('sweep', await ctx.api('POST', '/api/v1/sweeps', {
      token: admin, body: { name, scope: [AREA.yunlong1], starts_on: today, ends_on: today,
        questions: [{ key: 'fever', text: '是否发热或咳嗽', kind: 'yesno', per_person: true, required: true,
          handoff: { to: 'task' } }] },
    }));
    assert.equal(c.status, 201, c.text);
    return c.json.id;
  };
  ids.pendingSweep = await mk('入户排查（未到）');
  ids.sweep = await mk('入户排查');
  const v = clean('visit', await ctx.api('POST', `/api/v1/sweeps/${ids.sweep}/visits`, {
    token: users.grid, body: { household_id: ids.household, outcome: 'reached',
      persons: [{ person_id: ids.person, answers: { fever: true } }] },
  }));
  assert.equal(v.status, 201, v.text);
  const pending = clean('pending', await ctx.api('GET',
    `/api/v1/sweeps/${ids.pendingSweep}/pending?area=${AREA.yunlong1}&limit=500`, { token: admin }));
  assert.ok(pending.json.items.some((h) => h.household_id === ids.household), 'the household is not yet reached');
});

function fill(route) {
  const base = route.split('/').slice(0, 4).join('/');
  const byPrefix = {
    '/api/v1/persons': ids.person, '/api/v1/households': ids.household, '/api/v1/key-persons': ids.kp,
    '/api/v1/alerts': ids.alert, '/api/v1/tasks': ids.task, '/api/v1/duty': ids.post,
    '/api/v1/screenings': ids.screening, '/api/v1/sweeps': ids.sweep,
  };
  return route.replace('{id}', String(byPrefix[base] ?? 1));
}

t('no answer gives the birth date to a grid worker, a secretary or the admin; the age does appear', async () => {
  const r = await cli('routes');
  assert.equal(r.code, 0, r.stderr);
  const gets = r.stdout.split('\n').filter((l) => l.startsWith('GET ')).map((l) => l.split(' ')[1]);
  assert.ok(gets.length > 20, `the route table lists the GET routes (${gets.length})`);
  const extra = [`/api/v1/persons?q=${canary.idn}`, `/api/v1/persons?q=${canary.idn.slice(-4)}`,
    `/api/v1/persons?q=${encodeURIComponent(canary.name)}`, `/api/v1/persons?household_id=${ids.household}`,
    `/api/v1/persons/${ids.dup}`, '/api/v1/persons/duplicates?limit=500', `/api/v1/households/${ids.household}`,
    `/api/v1/key-persons?area=${AREA.yunlong}`, `/api/v1/key-persons?q=${encodeURIComponent(canary.name)}`,
    `/api/v1/key-persons/${ids.kp}/timeline`, '/api/v1/worklist', `/api/v1/alerts?limit=500`,
    `/api/v1/screenings?post_id=${ids.post}`, `/api/v1/screenings/${ids.screening}`, `/api/v1/tasks?limit=500`,
    `/api/v1/sweeps/${ids.pendingSweep}/pending?area=${AREA.yunlong1}&limit=500`,
    `/api/v1/sweeps/${ids.sweep}/visits?limit=500`, '/api/v1/persons/export',
    `/api/v1/persons/export?q=${encodeURIComponent(canary.name)}`, '/api/v1/reports/daily',
    '/api/v1/reports/daily?format=html', '/api/v1/audit?limit=500'];
  const paths = [...gets.map(fill).map((p) => (p.includes('?') ? p : `${p}?limit=200`)), ...extra];
  let aged = 0;
  let asked = 0;
  for (const role of ['grid', 'secretary', 'admin']) {
    for (const p of paths) {
      const a = clean(`${role} GET ${p}`, await ctx.api('GET', p, { token: users[role] }));
      asked++;
      if (a.json && JSON.stringify(a.json).includes(maskId(canary.idn))) aged++;
    }
  }
  assert.ok(asked > 100, `crawled ${asked} answers`);
  assert.ok(aged >= 10, `the masked resident appeared in ${aged} answers: the crawl saw the records`);

  // the records name the age (and the gender) where the birth date was
  const g = await ctx.api('GET', `/api/v1/persons/${ids.person}`, { token: users.grid });
  assert.equal(g.json.age, ageOn(BIRTH));
  const k = await ctx.api('GET', `/api/v1/key-persons/${ids.kp}`, { token: users.grid });
  assert.equal(k.json.age, ageOn(BIRTH));
  const d = await ctx.api('GET', '/api/v1/persons/duplicates?limit=500', { token: users.secretary });
  const group = d.json.items.find((x) => x.persons.some((p) => p.id === ids.person));
  assert.ok(group, `the resident and the record without an ID are likely duplicates: ${d.text.slice(0, 300)}`);
  assert.equal(group.key, `${canary.name}|${ageOn(BIRTH)}|${ids.household}`, 'the group is labelled with the age');
  const csvText = (await ctx.api('GET', `/api/v1/persons/export?q=${encodeURIComponent(canary.name)}`, { token: admin })).text;
  const lines = csvMark(csvText).body.split('\r\n'); // below the watermark line
  const cols = lines[0].split(',');
  assert.ok(cols.includes('年龄') && !cols.includes('出生日期'), `the CSV has an age column: ${lines[0]}`);
  const row = lines.find((l) => l.includes(maskId(canary.idn)));
  assert.ok(row, 'the resident is exported');
  assert.equal(row.split(',')[cols.indexOf('年龄')], String(ageOn(BIRTH)));
});

t('the daily report workbook holds no date cell or text of the birth date', async () => {
  for (const role of ['secretary', 'admin']) {
    const x = await fetch(`${ctx.server.base}/api/v1/reports/daily?format=xlsx`, {
      headers: { authorization: `Bearer ${users[role]}` },
    });
    assert.equal(x.status, 200, `${role}: the workbook`);
    const files = zipEntries(Buffer.from(await x.arrayBuffer()));
    assert.ok(files.has('xl/workbook.xml'), 'an xlsx workbook');
    for (const [name, body] of files) {
      if (name.endsWith('.xml')) assert.deepEqual(leaks(body.toString('utf8')), [], `${role}: ${name}`);
    }
    assert.ok(!xlsxDates(files).includes(BIRTH), `${role}: a date cell holds the birth date`);
  }
});

t('the audited reveal gives the birth date with the ID number, and is audited', async () => {
  for (const role of ['grid', 'secretary', 'admin']) {
    const r = await ctx.api('POST', `/api/v1/persons/${ids.person}/reveal`, {
      token: users[role], body: { reason: '核对出生日期' },
    });
    assert.equal(r.status, 200, `${role}: ${r.text}`);
    assert.equal(r.json.id_number, canary.idn);
    assert.equal(r.json.birth_date, BIRTH);
    assert.ok(leaks(r.text).includes(BIRTH), 'the detector sees it there');
  }
  const auditor = await ctx.login(await ctx.user('auditor', AREA.town));
  const a = await ctx.api('GET', `/api/v1/audit?action=reveal&limit=500`, { token: auditor });
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.items.filter((e) => e.object_kind === 'person' && e.object_id === ids.person).length >= 3,
    'each reveal is audited');
  // without a reason nothing is revealed
  const none = await ctx.api('POST', `/api/v1/persons/${ids.person}/reveal`, { token: admin, body: {} });
  assert.equal(none.status, 422);
  assert.deepEqual(leaks(none.text), []);
});

ctx.cleanExit();
