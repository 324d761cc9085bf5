// demo_alive.test.mjs: the demo town is a town in the middle of its work, dated from today, so a
// newcomer logging in sees every page alive: key persons in their observation days with their
// checks, missed slots and alerts, screenings at the gate, a sweep half done, supplies given
// and issued, tips and tasks in every state; and the daily report of yesterday is not empty.
// Each assertion is made through the API as one of the demo's own logins, on a pinned clock;
// the same seed and day build the same town, and a demo built before dawn is alive too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays, cli, createDb, request, startServer } from './lib.mjs';

const DAY = '2026-03-10';
const CLOCK = `${DAY}T15:30:00+08:00`;
const DAWN = `${DAY}T03:10:00+08:00`;
const YESTERDAY = addDays(DAY, -1);
const TASK_STATUSES = ['open', 'in_progress', 'done', 'verified', 'reopened'];
const TIP_STATUSES = ['received', 'checking', 'handled'];

// A demo town of its own: its database, the logins it printed and a server on its clock.
async function demoTown(clock, people = 300) {
  const db = await createDb();
  const d = await cli('demo', '--db', db.url, '--people', String(people), { clock, timeout: 180000 });
  assert.equal(d.code, 0, `fangyi demo failed:\n${d.stdout}${d.stderr}`);
  const logins = {};
  for (const m of d.stdout.matchAll(/^ {2}([a-z]+) +(\S+) +([a-z]+) +\S+$/gm)) logins[m[1]] = m[2];
  assert.ok(logins.admin && logins.grid && logins.doctor, `the demo prints its logins:\n${d.stdout}`);
  const server = await startServer(db.url, [], { clock });
  const tokens = {};
  const town = {
    db,
    server,
    async as(user, method, p) {
      if (!tokens[user]) {
        const r = await request(server.base, 'POST', '/api/v1/session', {
          body: { username: user, password: logins[user] },
        });
        assert.equal(r.status, 200, `login of the demo's ${user}: ${r.text}`);
        tokens[user] = r.json.token;
      }
      const r = await request(server.base, method, `/api/v1${p}`, { token: tokens[user] });
      assert.equal(r.status, 200, `${user} ${method} ${p}: ${r.text}`);
      return r.json;
    },
    async stop() {
      await server.stop();
      await db.drop();
    },
  };
  return town;
}

let town;
before(async () => {
  town = await demoTown(CLOCK);
});
after(async () => {
  if (town) await town.stop();
});

test('the dashboard figures of today are alive: observation, checks, screenings, supplies, sweep', async () => {
  const r = await town.as('admin', 'GET', '/reports/daily');
  assert.equal(r.date, DAY, 'the report is of the pinned day');
  const m = r.monitoring.town;
  assert.ok(m.under_observation >= 10, `key persons under observation: ${JSON.stringify(m)}`);
  assert.ok(m.home > 0, 'most observe at home');
  assert.ok(m.centralised > 0, 'and some at the centralised site');
  assert.ok(m.alerts_open >= 2, `an open and a referred alert stand: ${JSON.stringify(m)}`);
  // this morning's checks are in but a few, this afternoon's are coming in: the completion
  // rate lies strictly between
  assert.ok(m.completion_rate > 0.3 && m.completion_rate < 1, `completion rate ${m.completion_rate}`);
  assert.ok(m.checks_overdue > 0, 'some of this morning\'s checks were missed');
  const villages = r.monitoring.villages.filter((v) => v.under_observation > 0);
  assert.ok(villages.length >= 6, `key persons across the villages: ${villages.map((v) => v.name)}`);
  const cp = r.checkpoints.town;
  assert.ok(cp.vehicles > 10, `vehicles screened today by 15:30: ${JSON.stringify(cp)}`);
  assert.ok(cp.pedestrians > 0, 'people on foot at the village entrance');
  const masks = r.supplies.items.find((i) => i.item === 'mask_surgical');
  assert.ok(masks.received > 0 && masks.issued > 0 && masks.in_stock > 0, JSON.stringify(masks));
  assert.ok(r.supplies.cash.balance > 0, 'cash given and partly spent');
  const sw = r.sweeps[0];
  assert.ok(sw, 'a sweep is under way');
  assert.ok(sw.starts_on < DAY && sw.ends_on > DAY, `${sw.starts_on}..${sw.ends_on} holds today`);
  assert.ok(sw.town.household_rate > 0.25 && sw.town.household_rate < 0.75,
    `the sweep is about half done: ${JSON.stringify(sw.town)}`);
  assert.ok(r.gatherings.town.cancelled_or_postponed > 0, 'gatherings called off');
  assert.ok(r.tasks.overdue > 0, 'a task is past its deadline');
  assert.ok(r.open_alerts.some((a) => a.status === 'open') && r.open_alerts.some((a) => a.status === 'referred'),
    `the report lists an open and a referred alert: ${JSON.stringify(r.open_alerts)}`);

  // checks recorded today, as the key person list shows them
  const kp = await town.as('admin', 'GET', '/key-persons?status=active&limit=200');
  const today = kp.items.filter((k) => k.last_check && k.last_check.day === DAY);
  assert.ok(today.length >= 5, `key persons checked today: ${today.length} of ${kp.items.length}`);
  for (const k of kp.items) {
    assert.ok(k.grid_worker && k.doctor, `${k.name} has a grid worker and a doctor`);
    assert.ok(k.day >= 1 && k.day <= 14, `${k.name} is in day ${k.day} of the period`);
  }
  const released = await town.as('admin', 'GET', '/key-persons?status=released');
  assert.ok(released.total >= 1, 'one released after the fourteen days');
  assert.ok(released.items.every((k) => k.end_date < DAY), 'released after the period ended');
  const daily = await town.as('admin', 'GET', '/monitoring/daily?days=14');
  const counted = daily.items.filter((d) => d.under_observation > 0);
  assert.ok(counted.length >= 12, `the 14-day chart has a fortnight of observation: ${JSON.stringify(daily.items)}`);
});

test('the worklists of the admin and of the grid worker are not empty', async () => {
  const w = await town.as('admin', 'GET', '/worklist');
  assert.equal(w.date, DAY);
  assert.ok(w.overdue.length > 0, 'overdue checks on the admin\'s worklist');
  assert.ok(w.overdue.some((x) => x.date === YESTERDAY), 'among them a slot of yesterday');
  assert.ok(w.due.length > 0, 'this afternoon\'s checks are due');
  assert.ok(w.abnormal.length >= 2, 'the fevers stand out');
  const g = await town.as('grid', 'GET', '/worklist');
  const all = [...g.due, ...g.overdue, ...g.abnormal, ...g.needs_visit];
  assert.ok(all.length > 0, 'the grid worker has people to look after');
  assert.ok(g.overdue.length > 0, 'one of them missed a check yesterday');
  const mine = await town.as('grid', 'GET', '/tasks?mine=1');
  assert.ok(mine.total > 0, 'the grid worker has tasks of their own');
  const d = await town.as('doctor', 'GET', '/worklist');
  assert.ok([...d.due, ...d.overdue, ...d.abnormal].length > 0, 'so has the village doctor');
});

test('an alert is open and one was referred to the fever clinic; one closed as a cold', async () => {
  const open = await town.as('admin', 'GET', '/alerts');
  const statuses = open.items.map((a) => a.status);
  assert.ok(statuses.includes('open'), `an open alert: ${statuses}`);
  const referred = open.items.find((a) => a.status === 'referred');
  assert.ok(referred, 'a referred alert');
  assert.match(referred.hospital, /发热门诊/, 'referred to the fever clinic');
  assert.ok(referred.referred_at > referred.raised_at, 'referred after it was raised');
  const closed = await town.as('admin', 'GET', '/alerts?status=closed');
  assert.ok(closed.items.some((a) => a.result === 'excluded'), 'one closed, a cold');
  // each alert's key person counts it, and its timeline tells it
  const k = await town.as('admin', 'GET', `/key-persons/${referred.key_person_id}`);
  assert.equal(k.open_alerts, 1, 'the referred alert is open on the record');
  assert.ok(k.last_check && k.last_check.abnormal, 'the last reading was the fever');
  const tl = await town.as('admin', 'GET', `/key-persons/${referred.key_person_id}/timeline`);
  const kinds = (tl.items || tl).map((e) => e.kind);
  for (const kind of ['registered', 'assigned', 'check', 'alert', 'referred'])
    assert.ok(kinds.includes(kind), `the timeline has ${kind}: ${kinds}`);
});

test('tasks exist in each status and one is overdue; tips in each state', async () => {
  for (const s of TASK_STATUSES) {
    const r = await town.as('admin', 'GET', `/tasks?status=${s}`);
    assert.ok(r.total > 0, `a task ${s}`);
  }
  const overdue = await town.as('admin', 'GET', '/tasks?overdue=1');
  assert.ok(overdue.total > 0, 'a task past its deadline');
  assert.ok(overdue.items.every((t) => t.overdue), 'marked overdue');
  for (const s of TIP_STATUSES) {
    const r = await town.as('admin', 'GET', `/tips?status=${s}`);
    assert.ok(r.total > 0, `a tip ${s}`);
  }
  const tips = await town.as('admin', 'GET', '/tips?limit=100');
  const triaged = tips.items.filter((t) => t.task_id);
  assert.ok(triaged.length > 0, 'a tip triaged into a task');
  for (const t of triaged) {
    const task = await town.as('admin', 'GET', `/tasks/${t.task_id}`);
    assert.equal(task.source, 'tip');
    assert.equal(task.source_id, t.id);
    // a tip is handled exactly when its task was verified
    assert.equal(t.status === 'handled', task.status === 'verified', `tip ${t.id} ${t.status}, task ${task.status}`);
    assert.ok(task.events.length >= 1 && task.events[0].kind === 'created');
  }
  assert.ok(tips.items.some((t) => t.triage === 'not_credible' || t.triage === 'duplicate'), 'one closed without a task');
});

test('the daily report of yesterday is not empty', async () => {
  const r = await town.as('admin', 'GET', `/reports/daily?date=${YESTERDAY}`);
  assert.equal(r.date, YESTERDAY);
  const m = r.monitoring.town;
  assert.ok(m.under_observation >= 10, `under observation yesterday: ${JSON.stringify(m)}`);
  assert.ok(m.released_today >= 1, 'one released yesterday');
  assert.ok(m.abnormal_today >= 1, 'the referred fever was yesterday');
  assert.ok(m.completion_rate > 0.5 && m.completion_rate < 1, `yesterday's checks: ${JSON.stringify(m)}`);
  assert.ok(m.checks_overdue > 0, 'the slots missed yesterday');
  assert.ok(r.checkpoints.town.vehicles > 20, `yesterday at the gate: ${JSON.stringify(r.checkpoints.town)}`);
  assert.ok(r.checkpoints.town.handoffs >= 1, 'the resident with a fever handed to monitoring');
  assert.ok(r.tasks.opened > 0, 'tasks given out yesterday');
  assert.ok(r.tips.received > 0, 'tips received yesterday');
  const issued = r.supplies.items.reduce((n, i) => n + i.issued, 0);
  assert.ok(issued > 0, 'supplies issued by yesterday');
  assert.ok(r.sweeps[0] && r.sweeps[0].town.visits > 0, 'the sweep had visits by yesterday');
  const before = await town.as('admin', 'GET', `/reports/daily?date=${addDays(DAY, -2)}`);
  assert.ok(before.sweeps[0].town.visits < r.sweeps[0].town.visits, 'the sweep went on yesterday');
});

test('the same seed and day build the same town; one built before dawn is alive too', async () => {
  const other = await demoTown(CLOCK);
  const dawn = await demoTown(DAWN);
  try {
    const shape = async (t) => {
      const k = await t.as('admin', 'GET', '/key-persons?limit=200');
      const tasks = await t.as('admin', 'GET', '/tasks?limit=100');
      return {
        kp: k.items.map((x) => `${x.name} ${x.area_code} ${x.start_date} ${x.status} ${x.last_check ? x.last_check.taken_at : ''}`).sort(),
        tasks: tasks.items.map((x) => `${x.title} ${x.status} ${x.created_at}`).sort(),
      };
    };
    assert.deepEqual(await shape(other), await shape(town), 'a second build is the same town');
    const w = await dawn.as('admin', 'GET', '/worklist');
    assert.ok(w.overdue.length > 0, 'before dawn the slots missed yesterday are overdue');
    const al = await dawn.as('admin', 'GET', '/alerts');
    assert.ok(al.items.some((a) => a.status === 'open') && al.items.some((a) => a.status === 'referred'),
      'and the alerts stand');
    const r = await dawn.as('admin', 'GET', '/reports/daily');
    assert.ok(r.monitoring.town.under_observation >= 10, 'people are under observation');
    for (const s of ['open', 'in_progress', 'done', 'verified']) {
      const x = await dawn.as('admin', 'GET', `/tasks?status=${s}`);
      assert.ok(x.total > 0, `a task ${s} before dawn`);
    }
  } finally {
    await other.stop();
    await dawn.stop();
  }
});
