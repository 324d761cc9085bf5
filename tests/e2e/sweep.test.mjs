// sweep.test.mjs: the door-to-door sweep (地毯式排查) on a grid worker's phone.
// The command post defines a campaign over one grid; the grid worker, on a 390×844 phone, opens the
// not-yet-visited list, taps a household, records who is home and their answers — one of them is
// back from 湖北, the other has a fever — and saves; the first answer is lost on the way back and
// the page retries with the same Idempotency-Key. The result names the hand-offs; back on the
// list the household is gone and the coverage has gone up by one household and its people. The
// server holds one visit, a key person found by the sweep and a task for the secretary.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP, PHONE, idNumber, mobile, fictionalName, call, ok } from './lib.mjs'

const skip = missingEnv() || false
const GRID = '430302100201003' // 云龙村3组
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const gridUser = { username: 'e2e-sweep-' + suffix, password: 'sweep-pass-' + suffix, display_name: '排查网格员' + suffix.slice(-3) }
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

let admin = ''
let camp = null
let hh = null // the household the test visits: {id, address}
const people = [] // its two members

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', { ...gridUser, role: 'grid', area_code: GRID })
  hh = await ok(admin, 'POST', '/households', { address: `云龙村3组排查路${suffix}号`, area_code: GRID })
  for (const male of [true, false]) {
    people.push(await ok(admin, 'POST', '/persons', {
      name: fictionalName(male ? '欧阳' : '上官'), id_number: idNumber(male), phone: mobile(), household_id: hh.id, notes: '浏览器测试 sweep'
    }))
  }
  camp = await ok(admin, 'POST', '/sweeps', {
    name: '浏览器测试排查' + suffix.slice(-4), scope: [GRID], starts_on: today, ends_on: today,
    questions: [
      { key: 'hubei', text: '1月10日以来是否从湖北返回', kind: 'yesno', per_person: true, required: true, handoff: { to: 'monitor', reason: 'high_risk_area' } },
      { key: 'fever', text: '是否发热或咳嗽', kind: 'yesno', per_person: true, required: true, handoff: { to: 'task' } },
      { key: 'leaflet', text: '是否已发放宣传单', kind: 'yesno' }
    ]
  })
})

test('a grid worker on a phone visits a household: hand-offs, coverage up, the household leaves the list', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const phone = await newPage(browser, PHONE)
  const [x, y] = people

  await guard(phone, 'sweep-login', async () => {
    await login(phone, gridUser.username, gridUser.password)
    await phone.goto('/sweeps')
    const card = phone.locator(`[data-testid="sw-card"][data-id="${camp.id}"]`)
    await card.waitFor()
    await card.locator('[data-testid="sw-door"]').tap()
    await phone.waitForURL(`**/sweeps/${camp.id}/door**`)
  })

  let before = null
  const row = phone.locator(`[data-testid="door-row"][data-household="${hh.id}"]`)
  await guard(phone, 'sweep-door-list', async () => {
    await row.waitFor()
    const progress = tid(phone, 'door-progress')
    before = {
      households: Number(await progress.getAttribute('data-households')),
      total: Number(await progress.getAttribute('data-total')),
      persons: Number(await progress.getAttribute('data-persons')),
      pending: Number(await tid(phone, 'door-count').getAttribute('data-total'))
    }
    assert.equal(before.households, 0, 'a new campaign starts at zero')
    assert.ok(before.total >= 1 && before.pending === before.total, `every household is due: ${JSON.stringify(before)}`)
    assert.match(await row.innerText(), new RegExp(hh.address))
    const box = await row.boundingBox()
    assert.ok(box.height >= 56, `a row is a big target (${box.height}px)`)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the list does not scroll sideways (by ${overflow}px)`)
  })

  // the first answer of the save is lost: the page must retry with the same key
  const keys = []
  let dropped = false
  await phone.route(`**/api/v1/sweeps/${camp.id}/visits`, async (route) => {
    const req = route.request()
    if (req.method() !== 'POST') return route.continue()
    keys.push(req.headers()['idempotency-key'] || '')
    if (!dropped) {
      dropped = true
      await route.fetch()
      return route.abort('connectionreset')
    }
    return route.continue()
  })

  await guard(phone, 'sweep-visit-form', async () => {
    await row.tap()
    await phone.waitForURL(`**/sweeps/${camp.id}/visit/${hh.id}**`)
    await tid(phone, 'sv-address').filter({ hasText: hh.address }).waitFor()
    const reached = tid(phone, 'sv-outcome-reached')
    const box = await reached.boundingBox()
    assert.ok(box.height >= 44 && box.width >= 150, `the outcome buttons are thumb-sized (${box.width}×${box.height})`)
    await reached.tap()
    await tid(phone, `sv-home-${x.id}`).waitFor()
    // a required answer left out is caught on the phone, before anything is sent
    await tid(phone, 'sv-save').tap()
    await tid(phone, 'sv-error').waitFor()
    assert.equal(keys.length, 0, 'nothing was sent')
    await tid(phone, `sv-ans-${x.id}-hubei-yes`).tap()
    await field(phone, `sv-from-${x.id}`).fill('武汉')
    await tid(phone, `sv-ans-${y.id}-fever-yes`).tap()
    await tid(phone, 'sv-rest-no').tap()
    await tid(phone, 'sv-hh-leaflet-yes').tap()
    const save = tid(phone, 'sv-save')
    assert.ok((await save.boundingBox()).height >= 48, 'the save button is big')
    await save.tap()
    await tid(phone, 'sv-result').waitFor()
    const handoffs = tid(phone, 'sv-handoff')
    assert.equal(await handoffs.count(), 2)
    const monitor = phone.locator('[data-testid="sv-handoff"][data-to="monitor"]')
    assert.match(await monitor.innerText(), new RegExp(x.name))
    assert.match(await phone.locator('[data-testid="sv-handoff"][data-to="task"]').innerText(), new RegExp(y.name))
  })

  await guard(phone, 'sweep-idempotent-retry', async () => {
    assert.equal(keys.length, 2, `one lost attempt and one retry (${keys.length} POSTs)`)
    assert.ok(keys[0].length >= 8)
    assert.equal(keys[1], keys[0], 'the retry reuses the key')
    const v = await ok(admin, 'GET', `/sweeps/${camp.id}/visits?household_id=${hh.id}`)
    assert.equal(v.total, 1, 'one visit, not two')
  })

  await guard(phone, 'sweep-back-to-list', async () => {
    await tid(phone, 'sv-back').tap()
    await phone.waitForURL(`**/sweeps/${camp.id}/door**`)
    const progress = tid(phone, 'door-progress')
    await phone.locator(`[data-testid="door-progress"][data-households="${before.households + 1}"]`).waitFor()
    assert.equal(Number(await progress.getAttribute('data-persons')), before.persons + 2, 'both people reached')
    assert.equal(Number(await tid(phone, 'door-count').getAttribute('data-total')), before.pending - 1)
    assert.equal(await row.count(), 0, 'the household has left the list')
  })

  await guard(phone, 'sweep-handoffs-on-server', async () => {
    const active = await ok(admin, 'GET', '/key-persons?status=active&limit=500')
    const kp = active.items.find((k) => k.person_id === x.id)
    assert.ok(kp, 'the person back from 湖北 is under observation')
    assert.equal(kp.found_by, 'sweep')
    assert.equal(kp.from_place, '武汉')
    const v = (await ok(admin, 'GET', `/sweeps/${camp.id}/visits?household_id=${hh.id}`)).items[0]
    const task = await ok(admin, 'GET', `/tasks/${v.handoffs.find((h) => h.to === 'task').task_id}`)
    assert.equal(task.source, 'sweep')
    assert.equal(task.source_id, v.id)
    assert.equal(task.person_id, y.id)
    const cov = await ok(admin, 'GET', `/sweeps/${camp.id}/coverage`)
    assert.equal(cov.town.households_reached, before.households + 1)
  })
})

test('the command post defines a campaign in the editor, registers a wedding and records it postponed', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  const name = '春节后复查' + suffix.slice(-4)

  await guard(page, 'sweep-editor', async () => {
    await login(page)
    await page.goto('/sweeps/new')
    await field(page, 'se-name').fill(name)
    await tid(page, 'se-scope').first().click()
    await field(page, 'se-scope').fill('云龙村')
    await page.locator('.el-tree-node__content', { hasText: '云龙村' }).last().click()
    await page.keyboard.press('Escape')
    assert.equal(await tid(page, 'se-question').count(), 3, 'the usual questionnaire is there to start from')
    await tid(page, 'se-add-q').click()
    await field(page, 'se-q-text-3').fill('家中几人外出务工')
    await tid(page, 'se-save').click()
    await page.waitForURL(/\/sweeps\/\d+$/)
    await tid(page, 'sd-villages').waitFor()
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    const c = await ok(admin, 'GET', `/sweeps/${id}`)
    assert.equal(c.name, name)
    assert.deepEqual(c.scope.map((s) => s.code), ['430302100201'])
    assert.deepEqual(c.questions.map((q) => q.key), ['hubei', 'fever', 'leaflet', 'q4'])
    assert.equal(c.questions[0].handoff.to, 'monitor')
    assert.match(await tid(page, 'sd-villages').innerText(), /云龙村/)
  })

  await guard(page, 'gathering-register-and-outcome', async () => {
    await page.goto('/gatherings')
    const headline = tid(page, 'ga-headline')
    await headline.waitFor()
    const before = Number(await headline.getAttribute('data-n'))
    await tid(page, 'ga-add').click()
    await tid(page, 'ga-dialog').locator('[data-testid="ga-kind"]').getByText('婚礼').click()
    await tid(page, 'ga-host').first().click()
    await field(page, 'ga-host').fill(people[0].name)
    // the option of this household's member: another test may have made someone of the same name
    await page.locator('.el-select-dropdown__item', { hasText: people[0].name }).filter({ hasText: hh.address }).first().click()
    await field(page, 'ga-place').fill('云龙村3组')
    await tid(page, 'ga-save').click()
    await tid(page, 'ga-dialog').waitFor({ state: 'hidden' })
    // the new gathering, by its host's id (a fictional name may repeat across runs)
    const mine = (await ok(admin, 'GET', '/gatherings?outcome=pending&limit=500')).items.filter((x) => x.host.person_id === people[0].id)
    assert.equal(mine.length, 1, 'one gathering registered')
    const row = page.locator(`[data-testid="ga-row"][data-id="${mine[0].id}"]`)
    await row.waitFor()
    assert.match(await row.locator('[data-testid="ga-row-outcome"]').innerText(), /待劝导/)
    await row.locator('[data-testid="ga-set"]').click()
    await field(page, 'ga-o-postponed-to').fill('2099-05-01')
    await page.keyboard.press('Enter')
    await field(page, 'ga-o-by').fill('网格员' + gridUser.display_name)
    await tid(page, 'ga-o-save').click()
    await page.locator(`[data-testid="ga-headline"][data-n="${before + 1}"]`).waitFor()
    const g = await ok(admin, 'GET', `/gatherings/${mine[0].id}`)
    assert.equal(g.outcome, 'postponed', 'the postponed wedding is on the server')
    assert.equal(g.postponed_to, '2099-05-01')
    assert.match(g.persuaded_by, /网格员/)
  })

  await guard(page, 'dashboard-sweep-line', async () => {
    const rep = await ok(admin, 'GET', '/reports/daily')
    await page.goto('/dashboard')
    await page.locator(`[data-testid="dash-sweep"][data-called-off="${rep.gatherings.town.cancelled_or_postponed}"]`).waitFor()
    assert.match(await tid(page, 'dash-sweep').innerText(), new RegExp(`取消或延期喜事丧宴 ${rep.gatherings.town.cancelled_or_postponed} 起`))
  })
})

test('someone at the door who is not in the registry is added from the phone and counted', { skip }, async (t) => {
  const h = await ok(admin, 'POST', '/households', { address: `云龙村3组新人路${suffix}号`, area_code: GRID })
  const member = await ok(admin, 'POST', '/persons', { name: fictionalName('诸葛'), household_id: h.id, notes: '浏览器测试 sweep' })
  const newName = fictionalName('司马')
  const browser = await launch()
  t.after(() => browser.close())
  const phone = await newPage(browser, PHONE)
  await guard(phone, 'sweep-newcomer', async () => {
    await login(phone, gridUser.username, gridUser.password)
    await phone.goto(`/sweeps/${camp.id}/visit/${h.id}`)
    await tid(phone, 'sv-address').filter({ hasText: h.address }).waitFor()
    await tid(phone, 'sv-outcome-reached').tap()
    await tid(phone, 'sv-add-new').tap()
    await field(phone, 'sv-new-name-n1').fill(newName)
    await tid(phone, 'sv-rest-no').tap()
    await tid(phone, 'sv-save').tap()
    await tid(phone, 'sv-result').waitFor()
    const d = await ok(admin, 'GET', `/households/${h.id}`)
    assert.deepEqual(d.members.map((m) => m.name).sort(), [member.name, newName].sort(), 'the newcomer joined the household')
    const v = (await ok(admin, 'GET', `/sweeps/${camp.id}/visits?household_id=${h.id}`)).items[0]
    assert.equal(v.persons_seen, 2)
    assert.deepEqual(v.handoffs, [], 'nobody at risk')
  })
})
