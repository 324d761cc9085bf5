// tasks.test.mjs: the tasks page's summary by owner. Two grid workers of 云龙村1组 get tasks through
// the API, one of them a task already past its deadline; the admin's tasks page shows each with
// their open and overdue counts above the list, a click lists only that owner's tasks (and says
// so), a second click lists everyone's again.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/tasks.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, DESKTOP, ok } from './lib.mjs'

const skip = missingEnv() || false
const GRID = '430302100201001' // 云龙村1组
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const owners = [
  { username: 'e2e-owner1-' + suffix, password: 'owner-pass-' + suffix, display_name: '责任人甲' + suffix.slice(-3) },
  { username: 'e2e-owner2-' + suffix, password: 'owner-pass-' + suffix, display_name: '责任人乙' + suffix.slice(-3) }
]

const titles = { 0: [], 1: [] }
before(async () => {
  if (skip) return
  const admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  const now = Math.floor(Date.now() / 1000)
  for (const [i, o] of owners.entries()) {
    o.id = (await ok(admin, 'POST', '/users', { ...o, role: 'grid', area_code: GRID })).id
    // the first owner: two open tasks, one past its deadline; the second: one open task
    const deadlines = i === 0 ? [now - 3600, now + 86400] : [now + 86400]
    for (const [k, deadline] of deadlines.entries()) {
      const title = `按责任人核查 ${suffix} ${i}-${k}`
      await ok(admin, 'POST', '/tasks', { title, area_code: GRID, owner_id: o.id, deadline, priority: 'normal', source: 'meeting' })
      titles[i].push(title)
    }
  }
})

test('the tasks page: open and overdue by owner, a click lists that owner’s tasks', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await login(page)
  const chip = (i) => page.locator(`[data-testid="tk-owner"][data-owner="${owners[i].id}"]`)

  await guard(page, 'tasks-owners', async () => {
    await page.goto('/tasks')
    await tid(page, 'tk-owners').waitFor()
    await chip(0).waitFor()
    assert.match(await chip(0).innerText(), new RegExp(owners[0].display_name))
    assert.equal(await chip(0).locator('[data-testid="tk-owner-open"]').innerText(), '未办结 2')
    assert.equal(await chip(0).locator('[data-testid="tk-owner-overdue"]').innerText(), '逾期 1')
    assert.equal(await chip(1).locator('[data-testid="tk-owner-open"]').innerText(), '未办结 1')
    assert.equal(await chip(1).locator('[data-testid="tk-owner-overdue"]').innerText(), '逾期 0')
  })

  await guard(page, 'tasks-owner-filter', async () => {
    await chip(0).click()
    await page.waitForURL((u) => u.searchParams.get('owner') === String(owners[0].id))
    await tid(page, 'tk-owner-filter').waitFor()
    assert.match(await tid(page, 'tk-owner-filter').innerText(), new RegExp(owners[0].display_name))
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="task-title"]').length === n, 2)
    const shown = await tid(page, 'task-title').allInnerTexts()
    assert.deepEqual(shown.sort(), [...titles[0]].sort(), 'only the first owner’s tasks')
    assert.equal(await chip(0).getAttribute('aria-pressed'), 'true')
  })

  await guard(page, 'tasks-owner-clear', async () => {
    await chip(0).click()
    await page.waitForURL((u) => !u.searchParams.get('owner'))
    await tid(page, 'tk-owner-filter').waitFor({ state: 'detached' })
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task-title"]').length > 2)
    const shown = await tid(page, 'task-title').allInnerTexts()
    for (const s of [...titles[0], ...titles[1]]) assert.ok(shown.includes(s), `${s} listed again`)
  })
})
