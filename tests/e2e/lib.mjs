// lib.mjs: what the browser tests share: the environment, Chromium, logging in, the API for
// setting up, synthetic ID numbers and screenshots on failure.
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BASE = (process.env.FANGYI_URL || '').replace(/\/+$/, '')
export const USER = process.env.FANGYI_USER || ''
export const PASSWORD = process.env.FANGYI_PASSWORD || ''
export const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '.out')

// missingEnv says why the tests cannot run, or '' when they can.
export function missingEnv() {
  const miss = []
  if (!BASE) miss.push('FANGYI_URL')
  if (!USER) miss.push('FANGYI_USER')
  if (!PASSWORD) miss.push('FANGYI_PASSWORD')
  return miss.length ? 'set ' + miss.join(', ') + ' to run the browser tests' : ''
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

export const DESKTOP = { viewport: { width: 1280, height: 900 } }
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

// newPage opens a page that fails the test on an uncaught page error and keeps a log of the console.
export async function newPage(browser, opts) {
  const context = await browser.newContext({ ...opts, baseURL: BASE })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  page.consoleLog = []
  page.on('console', (m) => page.consoleLog.push(`[${m.type()}] ${m.text()}`))
  page.on('pageerror', (e) => page.consoleLog.push(`[pageerror] ${e.message}`))
  return page
}

// tid finds an element by data-testid; field finds the <input>/<textarea> at or inside it
// (Element Plus puts attributes on the native input, but not every component does).
// call(token, method, path, body, headers) → {status, body, text, headers}: the API as the tests
// set things up with it (path after /api/v1); body is the parsed JSON, or {raw} when the answer
// is not JSON.
export async function call(token, method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers }
  if (token) h.Authorization = 'Bearer ' + token
  if (body !== undefined) h['Content-Type'] = 'application/json'
  const res = await fetch(BASE + '/api/v1' + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = { raw: text }
  }
  return { status: res.status, body: json, text, headers: res.headers }
}

// ok(token, method, path, body) → the answer's JSON, which must be 200 or 201.
export async function ok(token, method, path, body) {
  const r = await call(token, method, path, body)
  assert.ok(r.status === 200 || r.status === 201, `${method} ${path} → ${r.status} ${r.text}`)
  return r.body
}

export const tid = (page, id) => page.locator(`[data-testid="${id}"]`)
export const field = (page, id) =>
  page.locator(`:is(input,textarea)[data-testid="${id}"], [data-testid="${id}"] :is(input,textarea)`).first()

// openMenu(page, name) opens the menu entry of the route name as a person does: on a phone the
// drawer first, then the entry's group (web/src/menu.js) when it is closed, then the entry.
export async function openMenu(page, name) {
  const menu = tid(page, 'side-menu').first()
  await page.locator('[data-testid="side-menu"]:visible, [data-testid="menu-toggle"]:visible').first().waitFor()
  if (!(await menu.isVisible())) await tid(page, 'menu-toggle').click()
  await menu.waitFor()
  const item = tid(page, 'menu-' + name)
  const group = menu.locator('[data-testid^="menu-group-"]', { has: item })
  if ((await group.count()) && !(await group.evaluate((g) => g.classList.contains('is-opened')))) {
    await group.locator('.el-sub-menu__title').click()
  }
  await item.click()
}

export async function login(page, user = USER, password = PASSWORD) {
  await page.goto('/login')
  await field(page, 'login-username').fill(user)
  await field(page, 'login-password').fill(password)
  await tid(page, 'login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await tid(page, 'who').waitFor()
}

// guard runs one stage; on failure it leaves a screenshot, the HTML and the console in tests/.out/.
export async function guard(page, name, fn) {
  try {
    return await fn()
  } catch (err) {
    try {
      mkdirSync(OUT, { recursive: true })
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const base = join(OUT, `${name}-${stamp}`)
      await page.screenshot({ path: base + '.png', fullPage: true })
      writeFileSync(base + '.html', await page.content())
      writeFileSync(base + '.console.txt', (page.consoleLog || []).join('\n') + '\n')
      err.message += `\n(screenshot: ${base}.png)`
    } catch (e2) {
      err.message += `\n(no screenshot: ${e2.message})`
    }
    throw err
  }
}

// GB 11643-1999: weights for the 17 digits, and the check character by sum mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
export function checkChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}
const rnd = (n) => Math.floor(Math.random() * n)
const pad = (v, w) => String(v).padStart(w, '0')

// idNumber makes a valid synthetic ID for 湘潭市雨湖区 (430302); odd sequence = male.
export function idNumber(male = true) {
  const y = 1950 + rnd(50)
  const m = 1 + rnd(12)
  const d = 1 + rnd(28)
  let seq = rnd(1000)
  if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000
  const first = '430302' + y + pad(m, 2) + pad(d, 2) + pad(seq, 3)
  return first + checkChar(first)
}
// withWrongCheck gives the same ID with a check character that does not fit.
export function withWrongCheck(id) {
  const good = id[17]
  const bad = CHECK.split('').find((c) => c !== good && c !== 'X')
  return id.slice(0, 17) + bad
}
export function mobile() {
  return '139' + pad(rnd(1e8), 8)
}
const GIVEN = '岚松竹梅兰桂芷蘅萱芸蔚霁澜翎珂瑾璇琰瑶岫'
export function fictionalName(surname = '司徒') {
  return surname + GIVEN[rnd(GIVEN.length)] + GIVEN[rnd(GIVEN.length)]
}
