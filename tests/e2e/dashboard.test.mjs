// dashboard.test.mjs: the command post's screen and the daily report in the browser.
// The admin's dashboard shows today's figures as numbers and draws its ECharts charts, and asks
// the server again after 60 seconds by itself; the daily report renders as tables, downloads as
// an xlsx workbook and opens as printable HTML; a viewer (district, aggregates only) sees the
// dashboard and the report but no menu entry for people, tips or tasks.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/dashboard.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import { BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, openMenu, DESKTOP, PHONE, call } from './lib.mjs'

const skip = missingEnv() || false
const TOWN = '430302100000'
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const viewer = { username: 'e2e-viewer-' + suffix, password: 'viewer-pass-' + suffix, display_name: '区级查看' + suffix.slice(-3) }
const NUMS = ['under_observation', 'abnormal_today', 'alerts_open', 'tasks_overdue', 'tips_today']

let admin = ''
before(async () => {
  if (skip) return
  const s = await call('', 'POST', '/session', { username: USER, password: PASSWORD })
  assert.equal(s.status, 200, 'admin login')
  admin = s.body.token
  const v = await call(admin, 'POST', '/users', { ...viewer, role: 'viewer', area_code: TOWN })
  assert.equal(v.status, 201, JSON.stringify(v.body))
  assert.ok(v.body.permissions.includes('figures.read'))
  assert.ok(!v.body.permissions.includes('task.read') && !v.body.permissions.includes('tip.read'))
})

// numbers: the five big numbers of the dashboard, checked against the day's report
async function numbers(page) {
  const out = {}
  for (const k of NUMS) {
    const el = tid(page, 'dash-num-' + k)
    await el.waitFor()
    out[k] = await el.getAttribute('data-value')
  }
  return out
}
async function canvases(page) {
  return page.locator('[data-testid^="dash-chart-"] canvas').count()
}

test('the dashboard shows the figures and its charts, and refreshes by itself', { skip }, async (t) => {
  const report = (await call(admin, 'GET', '/reports/daily')).body
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  // a fake clock: a minute passes at once
  await page.clock.install()
  let reportCalls = 0
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/reports/daily') reportCalls++
  })

  await guard(page, 'dash-admin', async () => {
    await login(page)
    await openMenu(page, 'dashboard')
    await page.waitForURL('**/dashboard')
    await page.locator('[data-testid="dash-num-under_observation"][data-value]').waitFor()
    const n = await numbers(page)
    for (const k of NUMS) assert.match(String(n[k]), /^\d+$/, `${k} is a number (${n[k]})`)
    assert.equal(Number(n.under_observation), report.monitoring.town.under_observation)
    assert.equal(Number(n.tasks_overdue), report.tasks.overdue)
    assert.ok(Number(n.tips_today) >= report.tips.received, 'tips received today')
    await page.locator('[data-testid^="dash-chart-"] canvas').nth(3).waitFor()
    assert.ok((await canvases(page)) >= 2, 'at least two ECharts canvases')
    assert.ok(Number(await tid(page, 'dash-chart-daily').getAttribute('data-points')) >= 1, 'the daily chart has points')
    const box = await tid(page, 'dash-chart-daily').locator('canvas').first().boundingBox()
    assert.ok(box && box.width > 200 && box.height > 150, `the chart has a size (${JSON.stringify(box)})`)
    assert.equal(await tid(page, 'side-menu').count(), 0, 'full screen: no menu')
  })

  await guard(page, 'dash-refresh', async () => {
    const before = reportCalls
    assert.ok(before >= 1)
    const again = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/reports/daily', { timeout: 10000 }).catch(() => null)
    await page.clock.fastForward(61000)
    await again
    assert.ok(reportCalls > before, `the dashboard asked again after 60 s (${before} → ${reportCalls})`)
  })
})

test('the daily report renders, downloads as xlsx and opens as printable HTML', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, { ...DESKTOP, acceptDownloads: true })
  await guard(page, 'report-render', async () => {
    await login(page)
    await openMenu(page, 'report')
    await page.waitForURL('**/report')
    const table = tid(page, 'rp-monitoring')
    await table.locator('.el-table__row').first().waitFor()
    const text = await table.innerText()
    assert.match(text, /全镇/, 'the town row')
    assert.match(text, /较前一日/, 'the change since the day before')
    assert.match(text, /云龙村/, 'a village row')
    assert.match(await tid(page, 'rp-tasks-villages').innerText(), /云龙村/)
    assert.match(await tid(page, 'rp-tips-received').innerText(), /^\d+$/)
    await tid(page, 'rp-alerts').waitFor()
    await tid(page, 'rp-overdue-tasks').waitFor()
  })

  // the sections the printable report has: supplies, checkpoints, sweeps, gatherings
  const report = (await call(admin, 'GET', '/reports/daily')).body
  await guard(page, 'report-sections', async () => {
    assert.equal(await tid(page, 'rp-supplies-sentence').innerText(), report.supplies.sentence.zh)
    const sup = await tid(page, 'rp-supplies').innerText()
    for (const it of report.supplies.items) assert.ok(sup.includes(it.name), `the item ${it.name}`)
    assert.match(await tid(page, 'rp-cash').innerText(), /¥[\d,]+\.\d\d/)
    const cp = await tid(page, 'rp-checkpoints').innerText()
    for (const p of report.checkpoints.posts) assert.ok(cp.includes(p.name), `the checkpoint ${p.name}`)
    assert.match(cp, /全镇/)
    const sweeps = await tid(page, 'rp-sweeps').allInnerTexts()
    assert.equal(sweeps.length, Math.max(1, report.sweeps.length), 'one block per sweep')
    for (const s of report.sweeps) assert.ok(sweeps.some((x) => x.includes(s.name) && x.includes(String(s.town.households_reached))), `the sweep ${s.name}`)
    const g = await tid(page, 'rp-gatherings').innerText()
    assert.match(g, /云龙村/)
    assert.ok(g.includes(String(report.gatherings.town.cancelled_or_postponed)), 'the town’s cancelled or postponed')
  })

  await guard(page, 'report-xlsx', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'rp-xlsx').click()])
    assert.equal(dl.suggestedFilename(), `调度日报-${report.date}.xlsx`, 'named for the report and its day')
    const path = await dl.path()
    assert.ok(statSync(path).size > 100, 'a non-empty file')
    assert.equal(readFileSync(path).subarray(0, 2).toString('latin1'), 'PK', 'a zip (xlsx) file')
  })

  await guard(page, 'report-html', async () => {
    const [tab] = await Promise.all([page.context().waitForEvent('page'), tid(page, 'rp-html').click()])
    await tab.waitForLoadState()
    assert.match(tab.url(), /\/api\/v1\/reports\/daily\?date=\d{4}-\d{2}-\d{2}&format=html/)
    assert.match(await tab.content(), /调度日报|云龙村/)
    await tab.close()
  })

  // on a phone, in English, the sections are cards: nothing is cut or pushed sideways
  const phone = await newPage(browser, PHONE)
  await guard(phone, 'report-phone', async () => {
    await phone.addInitScript(() => localStorage.setItem('fangyi.lang', 'en'))
    await login(phone)
    await phone.goto('/report')
    await tid(phone, 'rp-supplies-card').first().waitFor()
    assert.equal(await tid(phone, 'rp-supplies-card').count(), report.supplies.items.length, 'a card per item')
    assert.equal(await tid(phone, 'rp-checkpoints-card').count(), report.checkpoints.posts.length + 1, 'a card per post and the town')
    assert.equal(await tid(phone, 'rp-gatherings-card').count(), report.gatherings.villages.length + 1)
    assert.equal(await tid(phone, 'rp-supplies').locator('table.el-table__body').count(), 0, 'no table to cut')
    assert.match(await tid(phone, 'rp-supplies').innerText(), /Received/)
    assert.doesNotMatch(await tid(phone, 'rp-gatherings').innerText(), /登记|取消|延期/, 'English labels')
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the report fits a phone (sideways by ${overflow}px)`)
  })
})

test('a viewer sees the dashboard and the report, and nothing of people, tips or tasks', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'viewer-menu', async () => {
    await login(page, viewer.username, viewer.password)
    // in the menu, closed or open in their group
    await tid(page, 'menu-dashboard').waitFor({ state: 'attached' })
    await tid(page, 'menu-report').waitFor({ state: 'attached' })
    for (const m of ['people', 'households', 'tips', 'tasks', 'keyPersons', 'worklist', 'alerts']) {
      assert.equal(await tid(page, 'menu-' + m).count(), 0, `no menu entry ${m}`)
    }
    assert.equal(await tid(page, 'my-tasks').count(), 0, 'no task section on the home page')
    // a typed address of a page they may not see is refused
    await page.goto('/tips')
    await page.waitForURL('**/forbidden')
  })
  await guard(page, 'viewer-dashboard', async () => {
    await page.goto('/dashboard')
    await page.locator('[data-testid="dash-num-under_observation"][data-value]').waitFor()
    const n = await numbers(page)
    for (const k of NUMS) assert.match(String(n[k]), /^\d+$/, `${k} is a number (${n[k]})`)
    await page.locator('[data-testid^="dash-chart-"] canvas').nth(1).waitFor()
    assert.equal(await tid(page, 'dash-error').count(), 0, 'no error on the viewer dashboard')
  })
  await guard(page, 'viewer-report', async () => {
    await page.goto('/report')
    await tid(page, 'rp-monitoring').locator('.el-table__row').first().waitFor()
    // aggregates only: the lists of alerts and overdue tasks are empty for the viewer
    assert.equal(await tid(page, 'rp-alerts').locator('.el-table__row').count(), 0)
    assert.equal(await tid(page, 'rp-overdue-tasks').locator('.el-table__row').count(), 0)
  })

  const phone = await newPage(browser, PHONE)
  await guard(phone, 'viewer-dashboard-phone', async () => {
    await login(phone, viewer.username, viewer.password)
    await phone.goto('/dashboard')
    await phone.locator('[data-testid="dash-num-tips_today"][data-value]').waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the dashboard fits a phone (sideways by ${overflow}px)`)
  })
})
