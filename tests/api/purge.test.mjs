// purge.test.mjs: the end-of-epidemic purge (fangyi purge). A canary resident goes through every
// kind of epidemic record in February 2020 (the registry, monitoring with a fever alert, a tip,
// a task, a screening at the toll gate with its hand-off, a duty team, a door-to-door visit, a
// wedding, publicity with a photo, an exactly-once create); a backup is taken; then the purge
// runs at 2020-03-15 for the records before 2020-03-01: a dry run, the real one, and the registry.
// The reports and the dashboard print the same figures before and after; the canary's ID number,
// phone and name are found nowhere: not in the SQLite file, its log or the backup (raw bytes),
// not in any row on PostgreSQL; the audit keeps who did what, without whom; and the purge records
// itself. Its list of columns is checked against the schema: a new `phone` column stops it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AREA, BACKEND, idNumber, local, pageAll, phone, png, request, run, setupTown, sql, uniqueName,
} from './lib.mjs';

const ctx = setupTown({ clock: '2020-02-01T09:00:00+08:00' });
const t = ctx.test;
const canary = { idn: idNumber({ area: '430302' }), ph: phone(), name: uniqueName('柯') };
const CUT = '2020-03-01';
const ids = {};
const users = {};
const accounts = {};
let admin;
let backupDir;
let backupFile;
const snapshots = {};

const dbFile = () => ctx.db.url; // SQLite: the path
const ok = (r, status = 201) => {
  assert.equal(r.status, status, r.text);
  return r.json;
};

// Every row of every table as text: SQLite's .dump, pg_dump's INSERTs (bytea as hex either way).
async function dumpAll() {
  const r = BACKEND === 'sqlite'
    ? await run('sqlite3', [dbFile(), '.dump'])
    : await run('pg_dump', ['--data-only', '--inserts', '--dbname', ctx.db.url]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => /^INSERT INTO /.test(l)).sort().join('\n');
}
// The forms of the canary: as typed, its reversed digits (the suffix-search columns), and the
// hex of each (a blob, a bytea).
function forms() {
  const plain = [canary.idn, canary.ph, canary.name, [...canary.idn].reverse().join(''),
    [...canary.ph].reverse().join('')];
  return [...plain, ...plain.map((s) => Buffer.from(s, 'utf8').toString('hex'))];
}
function found(text, exceptTables = []) {
  const lines = text.split('\n').filter((l) => !exceptTables.some((tb) => l.startsWith(`INSERT INTO ${tb} `)
    || l.startsWith(`INSERT INTO public.${tb} `) || l.startsWith(`INSERT INTO "${tb}" `)));
  const all = lines.join('\n');
  const lower = all.toLowerCase();
  return forms().filter((f) => all.includes(f) || lower.includes(f.toLowerCase()))
    .map((f) => `${f}: ${lines.find((l) => l.toLowerCase().includes(f.toLowerCase())).slice(0, 160)}`);
}
// Raw bytes of a file: the UTF-8 name and the digits.
function rawHits(file) {
  if (!existsSync(file)) return [];
  const b = readFileSync(file);
  return [canary.idn, canary.ph, canary.name].filter((v) => b.includes(Buffer.from(v, 'utf8')));
}

// Sessions last 12 hours of the server's clock, which the test moves on by weeks.
async function relogin() {
  admin = await ctx.login(ctx.admin);
  for (const [role, u] of Object.entries(accounts)) users[role] = await ctx.login(u);
}

// Only the figures of an answer: its numbers (and booleans), by path; the texts (titles, names)
// and the ages of open alerts, which grow with the clock, are not figures.
function figures(j, p = '', out = {}) {
  if (Array.isArray(j)) j.forEach((v, i) => figures(v, `${p}[${i}]`, out));
  else if (j && typeof j === 'object') {
    for (const [k, v] of Object.entries(j)) {
      if (['generated_at', 'age_hours'].includes(k)) continue;
      figures(v, `${p}.${k}`, out);
    }
  } else if (typeof j === 'number' || typeof j === 'boolean') out[p] = j;
  return out;
}
async function dashboard() {
  const get = async (p) => ok(await ctx.api('GET', p, { token: admin }), 200);
  const o = {};
  for (const d of ['2020-02-01', '2020-02-02', '2020-02-16', '2020-03-14']) o[`report ${d}`] = figures(await get(`/api/v1/reports/daily?date=${d}`));
  o.today = figures(await get('/api/v1/reports/daily'));
  o.daily = figures(await get('/api/v1/monitoring/daily?days=60'));
  o.monitoring = figures(await get('/api/v1/monitoring/figures'));
  o.checkpoint = figures(await get('/api/v1/checkpoint/figures?date=2020-02-01'));
  o.gatherings = figures(await get('/api/v1/gatherings/figures'));
  o.supplies = figures(await get('/api/v1/supplies/figures'));
  o.sweep = figures(await get(`/api/v1/sweeps/${ids.sweep}/coverage`));
  for (const s of ['open', 'in_progress', 'done', 'verified', 'reopened']) {
    o[`tasks ${s}`] = (await get(`/api/v1/tasks?status=${s}&limit=1`)).total;
  }
  o.areas = figures(await get('/api/v1/areas'));
  return o;
}

t('set up: the canary in every kind of record of February 2020, and a backup', async () => {
  admin = await ctx.login(ctx.admin);
  for (const [role, area] of [['grid', AREA.yunlong1], ['doctor', AREA.yunlong], ['checkpoint', AREA.yunlong], ['auditor', AREA.town]]) {
    accounts[role] = await ctx.user(role, area);
  }
  await relogin();
  ids.household = ok(await ctx.api('POST', '/api/v1/households', {
    token: admin, body: { area_code: AREA.yunlong1, address: '云龙村金桥组 9 号' },
  })).id;
  ids.person = ok(await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: canary.name, id_number: canary.idn, phone: canary.ph, area_code: AREA.yunlong1,
      household_id: ids.household, notes: `${canary.name} 在外务工` },
  })).id;
  // monitoring, registered exactly once (its stored answer names the canary)
  const kp = ok(await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, headers: { 'Idempotency-Key': 'purge-canary-kp' },
    body: { person_id: ids.person, reason: 'high_risk_area', found_by: 'other', kind: 'home',
      from_place: `湖北省武汉市 ${canary.name} 租住处`, arrived_on: '2020-02-01', transport: 'train', transport_no: 'G1234 5车12F',
      reason_detail: `${canary.name} 自述 ${canary.ph}` },
  }));
  ids.kp = kp.id;
  const ch = ok(await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/checks`, {
    token: users.doctor, body: { temperature: 38.4, symptoms: ['cough'], symptom_other: `${canary.name} 的母亲也咳嗽`, method: 'visit' },
  }));
  assert.ok(ch.alert, 'the fever raised an alert');
  // a tip whose reporter is the canary
  const tip = await request(ctx.server.base, 'POST', '/api/v1/tips', {
    from: '127.0.7.9',
    body: { kind: 'returnee', village_code: AREA.yunlong, address: '金桥组 9 号',
      description: `邻居${canary.name}从武汉回来，电话 ${canary.ph}`, name: canary.name, phone: canary.ph },
  });
  assert.equal(tip.status, 201, tip.text);
  const me = ok(await ctx.api('GET', '/api/v1/session', { token: users.grid }), 200);
  ids.task = ok(await ctx.api('POST', '/api/v1/tasks', {
    token: admin, body: { title: `上门核实 ${canary.name}`, description: `电话 ${canary.ph}`, area_code: AREA.yunlong1,
      person_id: ids.person, owner_id: (me.user || me).id, priority: 'high', source: 'tip',
      deadline: local('2020-02-03', '18:00') },
  })).id;
  // a donor who left the canary's phone (the donor's name is an accounting record and stays)
  const stores = ok(await ctx.api('GET', '/api/v1/stores', { token: admin }), 200);
  ok(await ctx.api('POST', '/api/v1/donations', {
    token: admin, body: { donor: { name: '金桥组热心群众', kind: 'person', contact: canary.ph }, date: '2020-02-01',
      store_id: stores.items[0].id, lines: [{ item: 'mask_surgical', quantity: 50 }] },
  }));
  // the toll gate: the canary volunteers on its teams and is screened there with a fever
  const gate = ok(await ctx.api('GET', '/api/v1/duty/posts', { token: admin }), 200).items.find((x) => x.kind === 'checkpoint');
  for (const tm of ok(await ctx.api('GET', `/api/v1/duty/posts/${gate.id}`, { token: admin }), 200).teams) {
    ok(await ctx.api('POST', `/api/v1/duty/teams/${tm.id}/members`, { token: admin, body: { person_id: ids.person } }));
  }
  ok(await ctx.api('POST', '/api/v1/screenings', {
    token: users.checkpoint, body: { post_id: gate.id, kind: 'vehicle', plate: '湘C·54321', note: `司机 ${canary.name}`,
      persons: [{ temperature: 38.2, name: canary.name, id_number: canary.idn, phone: canary.ph, from_place: '武汉' }] },
  }));
  // a door-to-door visit (a cough, handed to the secretary) and the canary's wedding
  ids.sweep = ok(await ctx.api('POST', '/api/v1/sweeps', {
    token: admin, body: { name: '入户排查', scope: [AREA.yunlong1], starts_on: '2020-02-01', ends_on: '2020-02-05',
      questions: [{ key: 'fever', text: '是否发热或咳嗽', kind: 'yesno', per_person: true, required: true, handoff: { to: 'task' } }] },
  })).id;
  ok(await ctx.api('POST', `/api/v1/sweeps/${ids.sweep}/visits`, {
    token: users.grid, body: { household_id: ids.household, outcome: 'reached', note: `${canary.name} 在家`,
      persons: [{ person_id: ids.person, answers: { fever: true } }] },
  }));
  ok(await ctx.api('POST', '/api/v1/gatherings', {
    token: users.grid, body: { kind: 'wedding', host_person_id: ids.person, planned_on: '2020-02-08',
      place: `金桥组 9 号 ${canary.name} 家`, expected_guests: 80, note: `${canary.name} 儿子结婚，电话 ${canary.ph}` },
  }));
  const banner = ok(await ctx.api('POST', '/api/v1/publicity', {
    token: users.grid, body: { kind: 'banner', area_code: AREA.yunlong1, title: '横幅', happened_on: '2020-02-01',
      note: `挂在 ${canary.name} 家门口` },
  }));
  ok(await ctx.api('POST', `/api/v1/publicity/${banner.id}/photos`, { token: users.grid, raw: png(3, 2), type: 'image/png' }));
  // the alerts handled and a normal reading, so that the period can be released when it ends
  const alerts = ok(await ctx.api('GET', `/api/v1/alerts?status=all&limit=50`, { token: admin }), 200).items
    .filter((a) => a.key_person_id === ids.kp);
  assert.ok(alerts.length >= 1, 'the alerts of the canary');
  for (const a of alerts) {
    ok(await ctx.api('POST', `/api/v1/alerts/${a.id}/result`, { token: users.doctor, body: { result: 'excluded', note: `${canary.name} 排除` } }), 200);
    ok(await ctx.api('POST', `/api/v1/alerts/${a.id}/close`, { token: users.doctor, body: { note: `${canary.name} 已闭环` } }), 200);
  }
  ok(await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/checks`, {
    token: users.doctor, body: { temperature: 36.5, method: 'visit' },
  }));
  // another resident still under observation when the purge runs: kept
  const other = ok(await ctx.api('POST', '/api/v1/persons', {
    token: admin, body: { name: uniqueName('秦'), id_number: idNumber({ area: '430302' }), area_code: AREA.yunlong1 },
  }));
  ids.otherKp = ok(await ctx.api('POST', '/api/v1/key-persons', {
    token: admin, body: { person_id: other.id, reason: 'close_contact', found_by: 'other', kind: 'home', arrived_on: '2020-02-01' },
  })).id;

  // the end of the period: the doctor releases the canary
  await ctx.restart('SIGTERM', { clock: '2020-02-16T10:00:00+08:00' });
  await relogin();
  ok(await ctx.api('POST', `/api/v1/key-persons/${ids.kp}/release`, { token: users.doctor, body: {} }), 200);

  // a backup while the data is all there (the file holds the canary: the check below is real)
  backupDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-purge-backup-'));
  backupFile = path.join(backupDir, BACKEND === 'sqlite' ? 'b.db' : 'b.dump');
  const b = await ctx.cli('backup', backupFile);
  assert.equal(b.code, 0, b.stderr);
  if (BACKEND === 'sqlite') assert.deepEqual(rawHits(backupFile).sort(), [canary.idn, canary.ph, canary.name].sort());
  // the figures as they stand, a month on, before any purge
  await ctx.restart('SIGTERM', { clock: '2020-03-15T09:00:00+08:00' });
  await relogin();
  snapshots.before = await dashboard();
  assert.ok(found(await dumpAll()).length > 0, 'the canary is in the rows before the purge');
});

t('a column named like personal data but listed nowhere stops the purge, naming it', async () => {
  const add = await sql(ctx.db.url, 'ALTER TABLE tip ADD COLUMN witness_phone TEXT');
  assert.equal(add.code, 0, add.stderr);
  const before = await dumpAll();
  const r = await ctx.cli('purge', '--before', CUT);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /tip\.witness_phone looks like personal data/);
  assert.match(r.stderr, /像是个人信息/);
  assert.equal(await dumpAll(), before, 'nothing was purged');
  const drop = await sql(ctx.db.url, 'ALTER TABLE tip DROP COLUMN witness_phone');
  assert.equal(drop.code, 0, drop.stderr);
});

t('bad --before: missing, not a date, or after today, each refused naming the option', async () => {
  for (const [args, re] of [[[], /--before DATE is required/], [['--before', '2020-02-30'], /--before must be a date/],
    [['--before', '2020-03-16'], /after today/]]) {
    const r = await ctx.cli('purge', ...args);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, re);
    assert.match(r.stderr, /\p{Script=Han}/u);
  }
});

t('a dry run says what would go, per table and column, and changes nothing', async () => {
  const before = await dumpAll();
  const r = await ctx.cli('purge', '--before', CUT, '--dry-run', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.dry_run, true);
  assert.equal(j.before, local(CUT));
  const tab = Object.fromEntries(j.tables.map((x) => [x.table, x]));
  assert.equal(tab.key_person.rows, 1, 'the released period; the active one is kept');
  assert.equal(j.kept_active >= 1, true);
  assert.equal(tab.key_person.columns.person_id, 1);
  assert.ok(tab.screened_person.columns.id_number >= 1 && tab.screened_person.columns.phone >= 1);
  assert.ok(tab.tip.columns.reporter_phone >= 1 && tab.task.columns.title >= 1 && tab.gathering.columns.host_person_id >= 1);
  assert.ok(tab.duty_member.columns.name >= 1 && tab.sweep_visit.columns.answers >= 1 && tab.publicity_photo.rows >= 1);
  assert.ok(tab.idempotency.rows >= 1 && tab.donation.columns.donor_contact >= 1);
  assert.ok(j.rows.audit >= 5, `audit rows about residents: ${j.rows.audit}`);
  assert.equal(tab.person, undefined, 'the registry is not touched without --registry');
  assert.equal(j.backups.length, 1);
  assert.equal(j.backups[0].state, BACKEND === 'sqlite' ? 'would_purge' : 'holds_personal_data');
  assert.equal(await dumpAll(), before, 'the dry run changed no row');
});

t('the purge: figures unchanged, epidemic records without the canary, registry kept, audit without subjects', async () => {
  const auditBefore = await pageAll(ctx, users.auditor, '/api/v1/audit');
  const r = await ctx.cli('purge', '--before', CUT, '--json');
  // PostgreSQL: the pg_dump archive cannot be purged in place and is named: exit 1
  assert.equal(r.code, BACKEND === 'sqlite' ? 0 : 1, r.stdout + r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.dry_run, false);
  assert.ok(j.rows.key_person === 1 && j.rows.screened_person >= 1 && j.rows.audit >= 5, r.stdout);
  assert.equal(j.backups[0].path.endsWith(path.basename(backupFile)), true);
  if (BACKEND === 'sqlite') {
    assert.equal(j.backups[0].state, 'purged');
    assert.equal(j.database.scrubbed, true);
    assert.equal(j.complete, true);
  } else {
    assert.equal(j.backups[0].state, 'holds_personal_data');
    assert.match(j.backups[0].why, /pg_dump/);
    assert.match(r.stderr, /copies of the personal data remain/);
  }

  // the same figures, to the number
  assert.deepEqual(await dashboard(), snapshots.before);

  // no row but the registry's own holds the canary any more
  assert.deepEqual(found(await dumpAll(), ['person', 'household']), []);
  // the registry is the town's standing register: kept
  const p = ok(await ctx.api('GET', `/api/v1/persons/${ids.person}`, { token: admin }), 200);
  assert.equal(p.name, canary.name);
  const rv = await ctx.api('POST', `/api/v1/persons/${ids.person}/reveal`, { token: admin, body: { reason: '核对' } });
  assert.equal(rv.status, 200, rv.text);
  assert.ok(rv.text.includes(canary.idn) && rv.text.includes(canary.ph), rv.text);
  // the records are there, without the person
  const kp = ok(await ctx.api('GET', `/api/v1/key-persons/${ids.kp}`, { token: admin }), 200);
  assert.equal(kp.name, '已清除');
  assert.equal(kp.status, 'released');
  const other = ok(await ctx.api('GET', `/api/v1/key-persons/${ids.otherKp}`, { token: admin }), 200);
  assert.notEqual(other.name, '已清除', 'an active period is kept');
  const task = ok(await ctx.api('GET', `/api/v1/tasks/${ids.task}`, { token: admin }), 200);
  assert.equal(task.title, '已清除');

  // the audit: every row still there with who, when and what; the subjects of those about
  // residents before the cut-off are gone
  const auditAfter = await pageAll(ctx, users.auditor, '/api/v1/audit');
  const byId = new Map(auditAfter.map((a) => [a.id, a]));
  const kinds = ['person', 'household', 'key_person', 'health_check', 'alert', 'tip', 'task', 'screening',
    'sweep_visit', 'gathering', 'duty_member', 'duty_leave', 'publicity_photo'];
  let cleared = 0;
  for (const a of auditBefore) {
    const b = byId.get(a.id);
    assert.ok(b, `audit row ${a.id} kept`);
    for (const k of ['at', 'username', 'action', 'object_kind', 'ip', 'area_code', 'ok']) assert.equal(b[k], a[k], `audit ${a.id}.${k}`);
    if (kinds.includes(a.object_kind) && a.at < local(CUT)) {
      assert.equal(b.object_id, null, `audit ${a.id} lost its object`);
      assert.equal(b.detail, '', `audit ${a.id} lost its detail`);
      cleared++;
    } else {
      assert.equal(b.object_id, a.object_id);
      assert.equal(b.detail, a.detail);
    }
  }
  assert.ok(cleared >= 5, `${cleared} audit rows cleared`);
  assert.ok(auditBefore.some((a) => a.object_kind === 'person' && a.detail.includes(canary.name)), 'the audit named the canary');
  // the purge's own row: the OS user, the cut-off, the counts
  const own = auditAfter.filter((a) => a.action === 'purge');
  assert.equal(own.length, 1);
  assert.equal(own[0].username, os.userInfo().username);
  const d = JSON.parse(own[0].detail);
  assert.equal(d.before, local(CUT));
  assert.equal(d.registry, false);
  assert.equal(d.rows.key_person, 1);
  assert.equal(d.rows.audit, j.rows.audit);

  // a second run finds nothing left to purge
  const again = JSON.parse((await ctx.cli('purge', '--before', CUT, '--dry-run', '--json')).stdout);
  for (const tb of again.tables) assert.equal(tb.rows, 0, `${tb.table} again`);
  assert.equal(again.rows.audit, 0);
});

t('--registry: the people and households not updated since the cut-off are anonymised; nothing of the canary is left anywhere', async () => {
  const r = await ctx.cli('purge', '--before', CUT, '--registry', '--json');
  assert.equal(r.code, BACKEND === 'sqlite' ? 0 : 1, r.stdout + r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.registry, true);
  assert.ok(j.rows.person >= 1 && j.rows.household >= 1, r.stdout);
  // the area counts and every figure stay
  assert.deepEqual(await dashboard(), snapshots.before);
  const p = ok(await ctx.api('GET', `/api/v1/persons/${ids.person}`, { token: admin }), 200);
  assert.equal(p.name, '已清除');
  assert.equal(p.id_number, null);
  // not a trace in any row (PostgreSQL) ...
  assert.deepEqual(found(await dumpAll()), []);
  // ... nor in the bytes of the SQLite file, its log, or the backup fangyi made
  if (BACKEND === 'sqlite') {
    for (const f of [dbFile(), `${dbFile()}-wal`, backupFile, `${backupFile}-wal`]) assert.deepEqual(rawHits(f), [], f);
    const bk = await run('sqlite3', [backupFile, "SELECT COUNT(*) FROM audit WHERE action = 'purge'; PRAGMA journal_mode;"]);
    assert.equal(bk.stdout.trim().split('\n').join(' '), '2 delete', 'the backup records both purges and is a plain file again');
  }
  const own = (await pageAll(ctx, users.auditor, '/api/v1/audit?action=purge'));
  assert.equal(own.length, 2);
  assert.equal(JSON.parse(own.find((a) => JSON.parse(a.detail).registry).detail).rows.person, j.rows.person);
});

t('clean up the backup directory', async () => {
  if (backupDir) rmSync(backupDir, { recursive: true, force: true });
});

ctx.cleanExit();
