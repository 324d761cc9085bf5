// first_use.test.mjs: what staff meet on their first pages.
// Checkpoint staff land on the screening form, and on a phone its button and hint speak of the
// button and the keyboard's Next key, not of an Enter key a phone does not have. A grid worker and
// a village secretary of 立新村, where the demo town has no duty post, are told on the duty pages why
// they are empty and who adds a post; the secretary, who may, is taken to the form that adds one.
// The home page's figures name their date in the picker as in the heading, and on a phone the
// chart's legend stays clear of the axis titles. Lists name a grid with its village.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP, PHONE, ok } from './lib.mjs'

const skip = missingEnv() || false
const YUNLONG = '430302100201' // 云龙村, with the toll gate and the village entrance
const LIXIN = '430302100202' // 立新村, without a duty post
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const mk = (role, pw) => ({ username: `e2e-${role}-${suffix}`, password: `${role}-pass-${suffix}`, display_name: role + suffix.slice(-3) })
const cp = mk('cp')
const grid = mk('grid')
const sec = mk('sec')

let admin = ''
before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', { ...cp, role: 'checkpoint', area_code: YUNLONG })
  await ok(admin, 'POST', '/users', { ...grid, role: 'grid', area_code: LIXIN + '001' })
  await ok(admin, 'POST', '/users', { ...sec, role: 'secretary', area_code: LIXIN })
  const s = await ok('', 'POST', '/session', { username: sec.username, password: sec.password })
  assert.equal((await ok(s.token, 'GET', '/duty/now')).items.length, 0, '立新村 has no duty post in the demo town')
})

// until(fn): fn's answer once it is truthy, asked every 100 ms for at most 10 s (the page's
// Content-Security-Policy forbids the evaluated strings of waitForFunction)
async function until(fn, what) {
  for (let i = 0; i < 100; i++) {
    const v = await fn()
    if (v) return v
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('timed out waiting for ' + what)
}

async function english(page) {
  if ((await page.locator('html').getAttribute('lang')) !== 'en') {
    await tid(page, 'lang-toggle').click()
    await until(async () => (await page.locator('html').getAttribute('lang')) === 'en', 'English')
  }
}

test('checkpoint staff land on the screening form; on a phone it speaks of the button, not of Enter', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const phone = await newPage(browser, PHONE)
  await guard(phone, 'first-cp-phone', async () => {
    await login(phone, cp.username, cp.password)
    await tid(phone, 'screening').waitFor()
    assert.equal(new URL(phone.url()).pathname, '/screening', 'the landing page is the screening form')
    const button = (await tid(phone, 'sc-submit').innerText()).trim()
    const hint = await tid(phone, 'sc-hint').innerText()
    assert.equal(button, '登记')
    assert.doesNotMatch(hint, /回车|Enter/, hint)
    assert.match(hint, /下一项/, 'the keyboard key a phone shows (enterkeyhint="next")')
    assert.match(hint, /登记/, 'the button records')
    await english(phone)
    assert.equal((await tid(phone, 'sc-submit').innerText()).trim(), 'Record')
    const en = await tid(phone, 'sc-hint').innerText()
    assert.doesNotMatch(en, /Enter/, en)
    assert.match(en, /Next/)
  })
  const desk = await newPage(browser, DESKTOP)
  await guard(desk, 'first-cp-desktop', async () => {
    await login(desk, cp.username, cp.password)
    await tid(desk, 'screening').waitFor()
    assert.equal(new URL(desk.url()).pathname, '/screening')
    assert.match(await tid(desk, 'sc-submit').innerText(), /回车/, 'a keyboard has an Enter key')
    assert.match(await tid(desk, 'sc-hint').innerText(), /回车/)
  })
})

test('duty pages without a post say why and who adds one; a secretary is taken to the form', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await guard(page, 'first-duty-grid', async () => {
    await login(page, grid.username, grid.password)
    await page.goto('/duty/now')
    const empty = tid(page, 'duty-empty')
    await empty.waitFor()
    const text = await empty.innerText()
    assert.match(text, /还没有值班岗点/, text)
    assert.match(text, /书记/, 'who adds a post')
    assert.match(text, /请联系/, 'a grid worker, who may not, is told whom to ask')
    assert.equal(await tid(page, 'duty-empty-add').count(), 0, 'no button for one who may not add a post')
    await page.goto('/duty/posts')
    await tid(page, 'duty-empty').waitFor()
    await english(page)
    const en = await tid(page, 'duty-empty').innerText()
    assert.match(en, /no duty post in your area/i, en)
    assert.doesNotMatch(en, /[\u4e00-\u9fff]/, 'all English')
  })
  const desk = await newPage(browser, DESKTOP)
  await guard(desk, 'first-duty-secretary', async () => {
    await login(desk, sec.username, sec.password)
    await desk.goto('/duty/now')
    await tid(desk, 'duty-empty').waitFor()
    assert.doesNotMatch(await tid(desk, 'duty-empty').innerText(), /请联系/)
    await tid(desk, 'duty-empty-add').click()
    await desk.waitForURL((u) => u.pathname === '/duty/posts')
    await field(desk, 'dp-np-name').waitFor()
  })
})

test('home: the figures\' date picker shows the date of the heading; on a phone the legend clears the axis titles', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const desk = await newPage(browser, DESKTOP)
  await guard(desk, 'first-home-date', async () => {
    await login(desk)
    await desk.goto('/')
    await tid(desk, 'figures-table').waitFor()
    const input = field(desk, 'figures-date')
    await until(() => input.inputValue(), 'a date in the picker').catch(() => {})
    const head = await tid(desk, 'figures').locator('.hdr .muted').innerText()
    assert.match(head, /^\d{4}-\d{2}-\d{2}$/)
    assert.equal(await input.inputValue(), head, 'the picker names the date the figures are of')
  })
  const phone = await newPage(browser, PHONE)
  await guard(phone, 'first-home-chart', async () => {
    await login(phone)
    await english(phone)
    await phone.goto('/')
    const box = tid(phone, 'chart-canvas')
    await until(() => box.getAttribute('data-points').then((n) => Number(n) > 0), 'the chart\'s days')
    const [lt, lb, pt, pb] = await until(async () => {
      const v = await Promise.all(['data-legend-top', 'data-legend-bottom', 'data-plot-top', 'data-plot-bottom'].map((a) => box.getAttribute(a)))
      return v.every((x) => x !== null) && v.map(Number)
    }, 'the chart\'s layout')
    // the axis titles are drawn in the 30 px just above the plot
    const clear = lb <= pt - 30 || lt >= pb
    assert.ok(clear, `legend ${lt}-${lb} against the axis titles ${pt - 30}-${pt} and the plot ${pt}-${pb}`)
  })
})

test('lists name a grid with its village', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'first-area-label', async () => {
    await login(page)
    await page.goto('/households')
    const cell = page.locator('.el-table__body tr').first().locator('td').nth(1)
    await cell.waitFor()
    const rows = await page.locator('.el-table__body tr').allInnerTexts()
    assert.ok(rows.some((r) => /(村|社区)(\d+组|第\d+网格)/.test(r)), `a grid with its village: ${rows.slice(0, 3).join(' | ')}`)
  })
})
