// monitoring.test.mjs: key-person health monitoring in the browser.
// A grid worker on a phone finds a returnee due on the worklist, records 38.2 °C with a cough
// (the first POST is lost on the way back, and the retry must not write a second check), sees the
// alert, and the person moves to "abnormal"; the village doctor on a desktop refers the alert to
// the fever clinic, records the result, closes it, and reads the whole story on the timeline.
// Idempotency keys are also checked on the API directly.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/
// The admin account makes what the test needs: a grid worker for 云龙村1组, a doctor for 云龙村.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, openMenu, DESKTOP, PHONE, idNumber, mobile,
  fictionalName, call, ok
} from './lib.mjs'

const skip = missingEnv() || false
const GRID = '430302100201001' // 云龙村1组
const VILLAGE = '430302100201' // 云龙村
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const gridUser = { username: 'e2e-grid-' + suffix, password: 'grid-pass-' + suffix, display_name: '测试网格员' + suffix.slice(-3) }
const doctorUser = { username: 'e2e-doc-' + suffix, password: 'doctor-pass-' + suffix, display_name: '测试村医' + suffix.slice(-3) }

async function tokenOf(username, password) {
  const r = await call('', 'POST', '/session', { username, password })
  assert.equal(r.status, 200, `log in as ${username}: ${JSON.stringify(r.body)}`)
  return r.body.token
}

function dayBefore(date) {
  const d = new Date(date + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

// freePerson: a person of the grid not under observation: a resident from the registry when
// there is one left, otherwise a new resident added for the test (the demo grid is small, and
// the test may run many times against one server).
const taken = new Set()
async function freePerson(admin) {
  const active = new Set()
  for (let offset = 0; ; offset += 500) {
    const r = await ok(admin, 'GET', `/key-persons?status=active&limit=500&offset=${offset}`)
    for (const k of r.items) active.add(k.person_id)
    if (r.items.length < 500) break
  }
  const people = await ok(admin, 'GET', `/persons?area=${GRID}&limit=500`)
  let p = people.items.find((x) => !active.has(x.id) && !taken.has(x.id) && !x.merged_into && x.id_number)
  if (!p) {
    p = await ok(admin, 'POST', '/persons', {
      name: fictionalName('慕容'), id_number: idNumber(Math.random() < 0.5), phone: mobile(), area_code: GRID,
      residence: 'registered', notes: '浏览器测试 monitoring'
    })
  }
  taken.add(p.id)
  return p
}

// register puts a person of the grid under home observation from yesterday (so that they are on
// the worklist at any hour: due in a check slot, overdue outside the slots).
async function register(admin, extra = {}) {
  const wl = await ok(admin, 'GET', '/worklist')
  const today = wl.date || new Date(wl.now * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const p = await freePerson(admin)
  const kp = await ok(admin, 'POST', '/key-persons', {
    person_id: p.id,
    reason: 'high_risk_area',
    from_place: '武汉',
    left_on: dayBefore(dayBefore(today)),
    arrived_on: dayBefore(today),
    transport: 'train',
    transport_no: 'G1' + Math.floor(100 + Math.random() * 900),
    found_by: 'checkpoint',
    kind: 'home',
    ...extra
  })
  assert.equal(kp.status, 'active')
  assert.equal(kp.day, 2, 'arrived yesterday: day 2')
  return kp
}

let admin = ''
let gridId = 0
let doctorId = 0
before(async () => {
  if (skip) return
  admin = await tokenOf(USER, PASSWORD)
  const g = await ok(admin, 'POST', '/users', { ...gridUser, role: 'grid', area_code: GRID })
  const d = await ok(admin, 'POST', '/users', { ...doctorUser, role: 'doctor', area_code: VILLAGE })
  gridId = g.id
  doctorId = d.id
  assert.ok(g.permissions.includes('monitor.write'), 'a grid worker records checks')
  assert.ok(d.permissions.includes('monitor.clinical'), 'a doctor handles alerts')
})

test('phone check-in raises an alert; the doctor follows it to the end (closed loop)', { skip }, async (t) => {
  const kp = await register(admin)
  // the demo town has its own staff for the grid; hand the person to ours (monitor.assign)
  const assigned = await ok(admin, 'PATCH', '/key-persons/' + kp.id, { grid_worker_id: gridId, doctor_id: doctorId })
  assert.equal(assigned.grid_worker && assigned.grid_worker.id, gridId)
  assert.equal(assigned.doctor && assigned.doctor.id, doctorId)
  const gridToken = await tokenOf(gridUser.username, gridUser.password)
  const wlApi = await ok(gridToken, 'GET', '/worklist')
  const dueNow = wlApi.due.some((w) => w.key_person_id === kp.id)
  const section = dueNow ? 'wl-due' : 'wl-overdue'
  // registered outside the check windows (20:00-06:00), the person owes nothing yet: the half-days
  // before the registration are not overdue (nothing is due then either), and the check is opened
  // from their page
  const listed = dueNow || wlApi.overdue.some((w) => w.key_person_id === kp.id)
  const owesNothing = !listed && wlApi.due.length === 0
  if (!dueNow) t.diagnostic(`outside the check slots (now ${wlApi.now}, slot ${wlApi.slot}): ${owesNothing ? 'registered after the last window' : 'looking in overdue'}`)
  assert.ok(listed || owesNothing, 'the API lists the person as due or overdue, or they were registered after the last window')

  const browser = await launch()
  t.after(() => browser.close())
  const phone = await newPage(browser, PHONE)

  await guard(phone, 'mon-phone-login', async () => {
    await login(phone, gridUser.username, gridUser.password)
    await phone.waitForURL('**/worklist')
  })

  const row = tid(phone, section).locator(`[data-testid="wl-row"][data-kp="${kp.id}"]`)
  await guard(phone, 'mon-worklist-due', async () => {
    if (!listed) {
      await tid(phone, 'wl-overdue').waitFor()
      assert.equal(await tid(phone, 'wl-overdue').locator(`[data-kp="${kp.id}"]`).count(), 0, 'not overdue before being registered')
      return
    }
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(kp.name))
    assert.match(await row.locator('[data-testid="wl-day"]').innerText(), /第 2\/14 天/)
    assert.equal(await tid(phone, 'wl-abnormal').locator(`[data-kp="${kp.id}"]`).count(), 0, 'not abnormal yet')
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the worklist does not scroll sideways (by ${overflow}px)`)
  })

  // The first POST of the check reaches the server, but its answer is lost: the page must retry
  // with the same Idempotency-Key and the server must answer with the first check.
  const keys = []
  let dropped = false
  let firstStatus = 0
  await phone.route('**/api/v1/key-persons/*/checks', async (route) => {
    const req = route.request()
    if (req.method() !== 'POST') return route.continue()
    keys.push(req.headers()['idempotency-key'] || '')
    if (!dropped) {
      dropped = true
      const res = await route.fetch()
      firstStatus = res.status()
      return route.abort('connectionreset')
    }
    return route.continue()
  })

  await guard(phone, 'mon-checkin', async () => {
    if (listed) await row.tap()
    else await phone.goto(`/key-persons/${kp.id}/check`)
    await phone.waitForURL(`**/key-persons/${kp.id}/check`)
    await tid(phone, 'ck-name').filter({ hasText: kp.name }).waitFor()
    const temp = field(phone, 'ck-temp')
    assert.equal(await temp.getAttribute('inputmode'), 'decimal', 'the phone shows the number keypad')
    await phone.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('data-testid') === 'ck-temp')
    // the temperature field comes first in the form
    const first = await phone.evaluate(() => document.querySelector('.form input, .form textarea').getAttribute('data-testid'))
    assert.equal(first, 'ck-temp')
    assert.ok(await tid(phone, 'ck-method-visit').locator('input').isChecked(), 'home visit is the default method')
    // an impossible reading is refused beside the field, without a request
    await temp.fill('3.82')
    await tid(phone, 'ck-save').tap()
    const tempErr = phone.locator('.el-form-item', { has: phone.locator('[data-testid="ck-temp"]') }).locator('.el-form-item__error')
    await tempErr.waitFor()
    assert.equal(keys.length, 0, 'nothing was sent')
    await temp.fill('38.2')
    await tid(phone, 'ck-sym-cough').tap()
    await tid(phone, 'ck-save').tap()
    const alert = tid(phone, 'ck-alert')
    await alert.waitFor()
    assert.match(await alert.innerText(), /预警/)
    const bg = await tid(phone, 'ck-result').evaluate((el) => getComputedStyle(el).backgroundColor)
    const [r, g, b] = bg.match(/\d+/g).map(Number)
    assert.ok(r > 200 && g < 240 && b < 240 && r - b > 15, `the alert is red (${bg})`)
    assert.match(await tid(phone, 'ck-result').innerText(), /38\.2/)
  })

  await guard(phone, 'mon-idempotent-retry', async () => {
    assert.equal(firstStatus, 201, 'the server kept the first attempt')
    assert.equal(keys.length, 2, `one lost attempt and one retry (${keys.length} POSTs)`)
    assert.ok(keys[0].length >= 8, `an Idempotency-Key was sent (${keys[0]})`)
    assert.equal(keys[1], keys[0], 'the retry reuses the key')
    const checks = await ok(admin, 'GET', `/key-persons/${kp.id}/checks`)
    assert.equal(checks.total, 1, 'one check, not two')
    assert.equal(checks.items[0].temperature, 38.2)
    assert.deepEqual(checks.items[0].symptoms, ['cough'])
    assert.equal(checks.items[0].method, 'visit')
    assert.equal(checks.items[0].recorded_by && checks.items[0].recorded_by.id, gridId)
    await phone.unroute('**/api/v1/key-persons/*/checks')
  })

  await guard(phone, 'mon-abnormal', async () => {
    await tid(phone, 'ck-back').tap()
    await phone.waitForURL('**/worklist')
    const bad = tid(phone, 'wl-abnormal').locator(`[data-testid="wl-row"][data-kp="${kp.id}"]`)
    await bad.waitFor()
    assert.match(await bad.locator('[data-testid="wl-last"]').innerText(), /38\.2/)
    await tid(phone, 'wl-due').locator(`[data-kp="${kp.id}"]`).waitFor({ state: 'detached' })
  })

  // the village doctor, at a desk
  const desk = await newPage(browser, DESKTOP)
  await guard(desk, 'mon-doctor-login', async () => {
    await login(desk, doctorUser.username, doctorUser.password)
    await desk.waitForURL('**/worklist')
    await openMenu(desk, 'alerts')
    await desk.waitForURL('**/alerts')
  })

  const card = tid(desk, 'alerts').locator(`[data-testid="al-card"][data-name="${kp.name}"]`)
  await guard(desk, 'mon-alert-open', async () => {
    await card.waitFor()
    assert.match(await card.locator('[data-testid="al-status-tag"]').innerText(), /待处置/)
    assert.match(await card.locator('[data-testid="al-reason"]').innerText(), /38\.2/)
    assert.match(await card.locator('[data-testid="al-age"]').innerText(), /^\s*\d+(\.\d)?\s*小时\s*$/)
  })

  await guard(desk, 'mon-refer', async () => {
    await card.locator('[data-testid="al-refer"]').click()
    // both fields are required
    await tid(desk, 'al-save').click()
    await desk.getByText('请填写医院').waitFor()
    await field(desk, 'al-hospital-input').fill('湘潭市中心医院')
    await tid(desk, 'al-transport-120').click()
    assert.equal(await field(desk, 'al-transport-input').inputValue(), '120')
    await tid(desk, 'al-save').click()
    await card.locator('[data-testid="al-status-tag"]', { hasText: '已转诊' }).waitFor()
    assert.match(await card.locator('[data-testid="al-hospital"]').innerText(), /湘潭市中心医院[\s\S]*120/)
  })

  await guard(desk, 'mon-result', async () => {
    await card.locator('[data-testid="al-set-result"]').click()
    await tid(desk, 'al-result-excluded').click()
    await field(desk, 'al-note-input').fill('血常规正常，排除')
    await tid(desk, 'al-save').click()
    await card.locator('[data-testid="al-result"]', { hasText: '排除' }).waitFor()
  })

  await guard(desk, 'mon-close', async () => {
    await card.locator('[data-testid="al-close"]').click()
    await tid(desk, 'al-save').click()
    await desk.getByText('请填写说明').waitFor()
    await field(desk, 'al-note-input').fill('已排除，继续居家观察')
    await tid(desk, 'al-save').click()
    await card.waitFor({ state: 'detached' }) // gone from the open and referred
    await tid(desk, 'al-status-closed').click()
    await card.locator('[data-testid="al-status-tag"]', { hasText: '已闭环' }).waitFor()
  })

  await guard(desk, 'mon-timeline', async () => {
    await card.locator('[data-testid="al-name"]').click()
    await desk.waitForURL(`**/key-persons/${kp.id}`)
    await tid(desk, 'kpd-name').filter({ hasText: kp.name }).waitFor()
    const events = tid(desk, 'kpd-timeline').locator('[data-testid="kpd-event"]')
    await tid(desk, 'kpd-timeline').locator('[data-kind="closed"]').waitFor()
    const kinds = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    const want = ['registered', 'check', 'alert', 'referred', 'result', 'closed']
    let at = 0
    for (const k of kinds) if (k === want[at]) at++
    assert.equal(at, want.length, `the timeline has ${want.join(', ')} in order (got ${kinds.join(', ')})`)
    assert.equal(kinds.filter((k) => k === 'check').length, 1, 'one check on the timeline')
    assert.match(await tid(desk, 'kpd-status').innerText(), /观察中/, 'an excluded result keeps the observation')
    assert.match(await tid(desk, 'kpd-doctor').innerText(), new RegExp(doctorUser.display_name))
    assert.match(await tid(desk, 'kpd-checks').innerText(), /38\.2/)
    // the notice opens with the session cookie
    const href = await tid(desk, 'kpd-notice').getAttribute('href')
    assert.equal(href, `/api/v1/key-persons/${kp.id}/notice`)
    const res = await desk.request.get(BASE + href)
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'] || '', /text\/html/)
    assert.ok((await res.text()).includes(kp.name), 'the notice names the person')
    // a doctor may not reassign staff (monitor.assign)
    assert.equal(await tid(desk, 'kpd-assign').count(), 0)
    assert.equal(await tid(desk, 'kpd-release').count(), 1)
  })
})

test('the same Idempotency-Key: same body answers the first check, another body is refused', { skip }, async () => {
  const kp = await register(admin)
  const body = { temperature: 36.6, method: 'phone' }
  const key = 'e2e-' + suffix + '-idem-0001'
  const first = await call(admin, 'POST', `/key-persons/${kp.id}/checks`, body, { 'Idempotency-Key': key })
  assert.equal(first.status, 201, JSON.stringify(first.body))
  assert.equal(first.body.abnormal, false)
  const again = await call(admin, 'POST', `/key-persons/${kp.id}/checks`, body, { 'Idempotency-Key': key })
  assert.equal(again.status, 201)
  assert.equal(again.body.id, first.body.id, 'the same check comes back')
  assert.equal(again.headers.get('idempotent-replay'), 'true')
  const other = await call(admin, 'POST', `/key-persons/${kp.id}/checks`, { ...body, temperature: 36.7 }, { 'Idempotency-Key': key })
  assert.equal(other.status, 422, JSON.stringify(other.body))
  assert.equal(other.body.error.code, 'idempotency_mismatch')
  const checks = await ok(admin, 'GET', `/key-persons/${kp.id}/checks`)
  assert.equal(checks.total, 1, 'one check written')
  // a new key is a new check
  const second = await call(admin, 'POST', `/key-persons/${kp.id}/checks`, body, { 'Idempotency-Key': key + '-b' })
  assert.equal(second.status, 201)
  assert.notEqual(second.body.id, first.body.id)
})

test('the command post registers a key person in the dialog, and sees the town chart and figures (desktop)', { skip }, async (t) => {
  // someone of the grid not yet under observation, found through the API
  const p = await freePerson(admin)
  const wl = await ok(admin, 'GET', '/worklist')

  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'mon-chart', async () => {
    await login(page)
    await tid(page, 'town-chart').waitFor()
    await tid(page, 'chart-canvas').locator('canvas').first().waitFor()
    const points = Number(await tid(page, 'chart-canvas').getAttribute('data-points'))
    assert.ok(points >= 1, `the chart has days (${points})`)
    const table = tid(page, 'figures-table')
    await table.locator('tbody tr', { hasText: '云龙村' }).first().waitFor()
    await table.locator('tbody tr', { hasText: '全镇' }).first().waitFor()
  })

  await guard(page, 'mon-register', async () => {
    await openMenu(page, 'keyPersons')
    await page.waitForURL('**/key-persons**')
    await tid(page, 'kp-register').click()
    await field(page, 'kr-person').fill(p.name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: p.id_number }).first().click()
    await field(page, 'kr-from').fill('武汉')
    // from a high-risk area without the arrival date: the server names the field
    await tid(page, 'kr-save').click()
    const arrived = page.locator('.el-form-item', { has: page.locator('[data-testid="kr-arrived-on"]') })
    await arrived.locator('.el-form-item__error').waitFor()
    assert.match(await arrived.locator('.el-form-item__error').innerText(), /抵达/)
    await field(page, 'kr-arrived-on').fill(wl.date)
    await page.keyboard.press('Enter')
    await field(page, 'kr-transport-no').fill('G1506')
    await tid(page, 'kr-save').click()
    await tid(page, 'kr-done').waitFor()
    const selfCode = (await tid(page, 'kr-self-code').innerText()).trim()
    assert.match(selfCode, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, 'the self-report code is shown once')
    await tid(page, 'kr-open').click()
    await page.waitForURL(/\/key-persons\/\d+$/)
    await tid(page, 'kpd-name').filter({ hasText: p.name }).waitFor()
    assert.match(await tid(page, 'kpd-day').innerText(), /^1\/14$/)
    assert.match(await tid(page, 'kpd-grid-worker').innerText(), /\S/)
    // the admin picks staff from the user list
    await tid(page, 'kpd-grid-worker-pick').waitFor()
    await tid(page, 'kpd-timeline').locator('[data-kind="registered"]').waitFor()
    const errors = page.consoleLog.filter((l) => l.startsWith('[pageerror]'))
    assert.deepEqual(errors, [], 'no page errors')

    // the resident reports on a phone, without logging in, typing the code as people do
    const phone = await newPage(browser, PHONE)
    await phone.goto(BASE + '/self-report')
    await field(phone, 'sr-code').fill(selfCode.toLowerCase().replace(/-/g, ' '))
    await field(phone, 'sr-temperature').fill('36.6')
    await tid(phone, 'sr-submit').click()
    await tid(phone, 'sr-done').waitFor()
    await page.reload()
    await tid(page, 'kpd-check-temp').filter({ hasText: '36.6' }).first().waitFor()
  })
})
