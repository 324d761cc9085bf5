// report_day.test.mjs: a past day's daily report says what stood at the end of that day, whenever
// it is read: the alerts open then, the checks recorded by then; its sections name the town by one
// code; its downloads are named for the report and its date.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AREA, ROOT, idNumber, local, phone, setupTown, uniqueName, zipEntries } from './lib.mjs';

const D = '2020-03-02';
const NEXT = '2020-03-03';
const ctx = setupTown({ clock: `${D}T07:00:00+08:00` });
const t = ctx.test;
const KP = '/api/v1/key-persons';
const FIG = ['alerts_open', 'checks_due', 'checks_overdue', 'abnormal_today', 'under_observation'];
const pick = (row) => Object.fromEntries(FIG.map((k) => [k, row[k]]));
const kp = {};
let alert;

async function at(date, time) {
  await ctx.restart('SIGTERM', { clock: `${date}T${time}:00+08:00` });
}

async function api(method, p, body, expect) {
  const r = await ctx.api(method, p, { token: await ctx.login(ctx.admin), body });
  if (expect !== undefined) assert.equal(r.status, expect, `${method} ${p} ${JSON.stringify(body)}: ${r.text}`);
  return r;
}

async function report(date) {
  return (await api('GET', `/api/v1/reports/daily?date=${date}`, undefined, 200)).json;
}

const yunlong = (rep) => rep.monitoring.villages.find((v) => v.code === AREA.yunlong);

t(`${D}: two returnees to 云龙村, one with a fever in the morning; read that evening`, async () => {
  for (const k of ['A', 'B']) {
    kp[k] = (await api('POST', KP, {
      person: { name: uniqueName('邓'), id_number: idNumber({ area: '430302' }), phone: phone(), area_code: AREA.yunlong1 },
      reason: 'high_risk_area', from_place: '武汉', arrived_on: '2020-03-01', found_by: 'sweep', kind: 'home',
    }, 201)).json;
  }
  await at(D, '08:00');
  const c = await api('POST', `${KP}/${kp.A.id}/checks`, { temperature: 38.5, symptoms: ['fever'], method: 'visit' }, 201);
  alert = c.json.alert;
  assert.ok(alert, 'a fever raises an alert');
  await api('POST', `${KP}/${kp.B.id}/checks`, { temperature: 36.5, method: 'visit' }, 201);
  await at(D, '20:30');
  const rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), { alerts_open: 1, checks_due: 0, checks_overdue: 2, abnormal_today: 1, under_observation: 2 },
    'that evening: the alert open, both afternoons missed');
  assert.equal(rep.monitoring.town.alerts_open, 1);
  assert.deepEqual(rep.open_alerts.map((a) => a.id), [alert.id]);
});

t(`${D} read the next day, after a late reading, a referral and the close: the same figures`, async () => {
  const evening = pick(yunlong(await report(D)));
  await at(NEXT, '09:00');
  // B's afternoon reading of the day before, entered late: it changes nothing that stood that evening
  await api('POST', `${KP}/${kp.B.id}/checks`, { temperature: 36.4, method: 'phone', taken_at: local(D, '15:00') }, 201);
  let rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), evening, 'the day after, the alert still open');
  assert.equal(rep.monitoring.town.alerts_open, 1);
  assert.deepEqual(rep.open_alerts.map((a) => [a.id, a.status]), [[alert.id, 'open']], 'referred only the day after');
  assert.ok(Math.abs(rep.open_alerts[0].age_hours - 16) < 0.01, `its age at the end of the day: ${rep.open_alerts[0].age_hours}`);
  const f = await api('GET', `/api/v1/monitoring/figures?date=${D}`, undefined, 200);
  assert.deepEqual(pick(f.json.town), pick(rep.monitoring.town), 'the figures of that day say the same');

  await api('POST', `/api/v1/alerts/${alert.id}/refer`, { hospital: '湘潭市中心医院发热门诊', transport: '120救护车' }, 200);
  await api('POST', `/api/v1/alerts/${alert.id}/result`, { result: 'excluded', note: '排除' }, 200);
  await at(NEXT, '10:00');
  await api('POST', `/api/v1/alerts/${alert.id}/close`, { note: '继续居家观察' }, 200);
  rep = await report(D);
  assert.deepEqual(pick(yunlong(rep)), evening, 'closed since: still open at the end of that day');
  assert.deepEqual(rep.open_alerts.map((a) => a.id), [alert.id]);
  const today = await report(NEXT);
  assert.equal(yunlong(today).alerts_open, 0, 'closed today');
  assert.deepEqual(today.open_alerts, []);
  // the day before the fever, nothing was open
  assert.equal(yunlong(await report('2020-03-01')).alerts_open, 0);
});

t('every section names the town by its full code', async () => {
  const rep = await report(D);
  assert.equal(rep.town.code, AREA.town);
  assert.equal(rep.monitoring.town.code, AREA.town);
  assert.equal(rep.gatherings.town.code, AREA.town, 'the gatherings section');
  const sw = await api('POST', '/api/v1/sweeps', {
    name: '返乡人员排查', scope: [AREA.yunlong1], starts_on: NEXT, ends_on: NEXT,
    questions: [{ key: 'hubei', text: '是否从湖北返回', kind: 'yesno', per_person: true, required: true }],
  }, 201);
  const sweeps = (await report(NEXT)).sweeps;
  assert.ok(sweeps.some((s) => s.id === sw.json.id), 'the sweep is in the report');
  for (const s of sweeps) assert.equal(s.town.code, AREA.town, `the sweep ${s.name}`);
  const g = await api('GET', '/api/v1/gatherings/figures', undefined, 200);
  assert.equal(g.json.town.code, AREA.town);
});

async function download(format) {
  const r = await fetch(`${ctx.server.base}/api/v1/reports/daily?date=${D}&format=${format}`, {
    headers: { authorization: `Bearer ${await ctx.login(ctx.admin)}` },
  });
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(r.status, 200, buf.toString('utf8').slice(0, 300));
  return { buf, disposition: r.headers.get('content-disposition') || '' };
}

// the sheets of a workbook in order, each {name, cols: [{min, max, width}], cells: [{col, row, text}]}
function sheets(buf) {
  const z = zipEntries(buf);
  const xml = (n) => z.get(n).toString('utf8');
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const sst = [...xml('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('')));
  const names = [...xml('xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => unescape(m[1]));
  return names.map((name, i) => {
    const s = xml(`xl/worksheets/sheet${i + 1}.xml`);
    const cols = [...s.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g)].map((m) => ({ min: +m[1], max: +m[2], width: +m[3] }));
    const cells = [...s.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((m) => {
      const v = (m[4] || '').match(/<v>([^<]*)<\/v>/);
      const text = !v ? '' : /t="s"/.test(m[3]) ? sst[+v[1]] : v[1];
      return { col: [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: +m[2], text };
    });
    return { name, cols, cells };
  });
}

// how many digit widths a text needs: a CJK or full-width character takes two
const displayWidth = (s) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0) >= 0x20000 ? 2 : 1), 0);

t('the workbook: every sheet documented, every column as wide as its cells, named 调度日报-date', async () => {
  const { buf, disposition } = await download('xlsx');
  assert.match(disposition, /^attachment; /);
  assert.match(disposition, new RegExp(`filename="daily-report-${D}\\.xlsx"`), `an ASCII fallback: ${disposition}`);
  const star = disposition.match(/filename\*=UTF-8''([^;\s]+)/);
  assert.ok(star, `an RFC 5987 filename*: ${disposition}`);
  assert.equal(decodeURIComponent(star[1]), `调度日报-${D}.xlsx`);
  const html = await download('html');
  assert.match(html.disposition, /^inline; /, 'the printable page opens in the browser');
  assert.equal(decodeURIComponent(html.disposition.match(/filename\*=UTF-8''([^;\s]+)/)[1]), `调度日报-${D}.html`);

  const ws = sheets(buf);
  const api = fs.readFileSync(path.join(ROOT, 'docs/API.md'), 'utf8');
  const names = ws.map((w) => w.name);
  for (const n of ['汇总', '分村', '预警', '逾期任务', '分责任人', '物资', '排查与聚集']) assert.ok(names.includes(n), `sheet ${n} in ${names}`);
  for (const n of names) assert.ok(api.includes(`  - ${n}: `), `docs/API.md lists the sheet ${n}`);

  for (const w of ws) {
    const width = (col) => (w.cols.find((c) => c.min <= col && col <= c.max) || { width: 8.43 }).width;
    for (const c of w.cells) {
      if (c.row === 1 || c.text === '') continue; // the watermark line spills over the empty row
      const need = Math.min(displayWidth(c.text), 58);
      assert.ok(width(c.col) >= need, `${w.name}!${c.col},${c.row} "${c.text}" needs ${need}, column is ${width(c.col)}`);
    }
  }
  const sum = ws.find((w) => w.name === '汇总');
  const dateCell = sum.cells.find((c) => c.text === D);
  assert.ok(dateCell, 'the date on 汇总');
  assert.ok(sum.cols.find((c) => c.min <= dateCell.col && dateCell.col <= c.max).width >= D.length + 1, 'the date is not cut');
});

ctx.cleanExit();
