// declare.test.mjs: a traveller's own declaration at the toll gate (扫码登记), in the browser.
// The admin opens the gate's A4 poster from the duty posts page and reads the URL its QR holds.
// A traveller on a phone opens that URL without logging in, fills themselves and a passenger
// (a bad ID number first: the page says which field, in Chinese), and gets a code with its QR.
// The checkpoint staff's phone, whose camera is fed that very QR (the pixels of the traveller's
// canvas as a Y4M video: chromium's fake capture device), taps 扫码登记: the page reads the code
// from the camera (BarcodeDetector where chromium has it, else jsQR), fills the form with the
// names and the numbers masked, the staff type the temperatures and record; the screening has the
// traveller's full ID number (the audited reveal) and the code cannot be used again.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import {
  USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP, PHONE,
  idNumber, fictionalName, mobile, call, ok
} from './lib.mjs'

const skip = missingEnv() || false
const VILLAGE = '430302100201' // 云龙村, where the toll gate stands
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const staffUser = { username: 'e2e-dc-' + suffix, password: 'checkpoint-pass-' + suffix, display_name: '扫码测试' + suffix.slice(-3) }
const driver = { name: fictionalName('龚'), id: idNumber(true), phone: mobile() }
const child = { name: fictionalName('龚'), id: idNumber(false) }

let admin = ''
let gate = null
let posterUrl = ''
let code = ''
let qrFrame = null // {w, h, gray: number[]} of the traveller's QR canvas

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', { ...staffUser, role: 'checkpoint', area_code: VILLAGE })
  gate = (await ok(admin, 'GET', '/duty/posts')).items.find((p) => p.name === '南谷互通高速收费站')
  assert.ok(gate, 'the demo town has the toll gate')
})

test('desktop: the gate\'s poster is linked from its post and holds the public URL', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'dc-poster', async () => {
    await login(page)
    await page.goto('/duty/posts')
    await tid(page, 'dp-poster').click()
    await tid(page, 'declare-poster').waitFor()
    await tid(page, 'dp-poster-qr').waitFor()
    assert.equal((await tid(page, 'dp-poster-post').innerText()).trim(), gate.name)
    posterUrl = (await tid(page, 'dp-poster-url').innerText()).trim()
    assert.match(posterUrl, /\/declare\/[0-9a-f]{24}$/, 'a random token, not the post id')
    // the canvas was drawn: not all white
    const inked = await tid(page, 'dp-poster-qr').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      let dark = 0
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++
      return dark
    })
    assert.ok(inked > 1000, `the QR is drawn (${inked} dark pixels)`)
  })
})

test('phone: the traveller declares without logging in and gets a code with its QR', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await guard(page, 'dc-traveller', async () => {
    await page.goto(new URL(posterUrl).pathname)
    await tid(page, 'declare-page').waitFor()
    assert.equal((await tid(page, 'dc-post').innerText()).trim(), gate.name)
    await field(page, 'dc-plate').fill('c' + String(10000 + Math.floor(Math.random() * 89999)))
    await field(page, 'dc-from').fill('湖南长沙')
    await field(page, 'dc-to').fill('鹤岭镇云龙村')
    await field(page, 'dc-name-0').fill(driver.name)
    await field(page, 'dc-id-0').fill(driver.id)
    await field(page, 'dc-phone-0').fill(driver.phone)
    await tid(page, 'dc-add').tap()
    await field(page, 'dc-name-1').fill(child.name)
    await field(page, 'dc-id-1').fill(child.id.slice(0, 17) + (child.id[17] === '0' ? '1' : '0'))
    await tid(page, 'dc-submit').tap()
    // the wrong check digit is named under the passenger's ID number, in Chinese
    await tid(page, 'dc-error').waitFor()
    const under = await tid(page, 'dc-person-1').locator('.el-form-item__error').innerText()
    assert.match(under, /校验位/, `the field says what is wrong: ${under}`)
    await field(page, 'dc-id-1').fill(child.id)
    await tid(page, 'dc-submit').tap()
    await tid(page, 'dc-done').waitFor()
    code = (await tid(page, 'dc-code').innerText()).trim()
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    // what was typed is shown back on this phone only (from the page, not the server's answer)
    const typed = await tid(page, 'dc-typed').innerText()
    assert.ok(typed.includes(driver.id) && typed.includes(child.name), typed)
    const vw = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(vw <= 390, `no sideways scrolling on the phone (${vw}px)`)
    // the QR on the screen, as a camera would see it
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="dc-qr"]')
      return c && c.width > 100
    })
    qrFrame = await tid(page, 'dc-qr').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      const gray = []
      for (let i = 0; i < d.length; i += 4) gray.push(d[i])
      return { w: c.width, h: c.height, gray }
    })
  })
})

// A Y4M video of the QR on a white 640×480 frame: chromium's fake camera plays it in a loop.
function y4m(frame) {
  const W = 640
  const H = 480
  const y = Buffer.alloc(W * H, 235)
  const ox = Math.floor((W - frame.w) / 2)
  const oy = Math.floor((H - frame.h) / 2)
  for (let r = 0; r < frame.h && r + oy < H; r++) {
    for (let c = 0; c < frame.w && c + ox < W; c++) y[(r + oy) * W + c + ox] = frame.gray[r * frame.w + c] < 128 ? 16 : 235
  }
  const uv = Buffer.alloc((W / 2) * (H / 2) * 2, 128)
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)]
  for (let i = 0; i < 10; i++) parts.push(Buffer.from('FRAME\n'), y, uv)
  const dir = mkdtempSync(join(tmpdir(), 'fangyi-e2e-qr-'))
  const file = join(dir, 'qr.y4m')
  writeFileSync(file, Buffer.concat(parts))
  return file
}

test('phone: the staff read the code with the camera, take the temperatures and record', { skip }, async (t) => {
  assert.ok(qrFrame, 'the traveller\'s QR was captured')
  // the flags of lib.mjs's launch(), and a camera that sees the traveller's screen
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m(qrFrame)}`]
  })
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await page.context().grantPermissions(['camera'])
  let screening = null
  await guard(page, 'dc-staff', async () => {
    await login(page, staffUser.username, staffUser.password)
    await page.goto('/screening')
    await tid(page, 'screening').waitFor()
    if (await tid(page, 'sc-post').count()) {
      await tid(page, 'sc-post').click()
      await page.locator('.el-select-dropdown__item', { hasText: gate.name }).first().click()
    }
    await tid(page, 'sc-scan').tap()
    // the camera's view opens; a fast camera may read the code and close it before a poll sees it
    await tid(page, 'ds-video').or(tid(page, 'sc-decl')).first().waitFor()
    // read from the camera: the form fills by itself
    await tid(page, 'sc-decl').waitFor({ timeout: 20000 })
    assert.match(await tid(page, 'sc-decl').innerText(), new RegExp(code))
    const first = await tid(page, 'sc-declared-0').innerText()
    assert.ok(first.includes(driver.name), first)
    assert.ok(!first.includes(driver.id), 'the staff see the number masked')
    assert.match(first, new RegExp(driver.id.slice(0, 4) + '\\*{10}' + driver.id.slice(14)))
    assert.ok((await tid(page, 'sc-declared-1').innerText()).includes(child.name))
    // the form settles after the declaration fills it: type until both temperatures hold
    for (let i = 0; i < 5; i++) {
      await field(page, 'sc-temp-0').fill('36.4')
      await field(page, 'sc-temp-1').fill('36.6')
      await page.waitForTimeout(200)
      if (await field(page, 'sc-temp-0').inputValue() === '36.4' &&
        await field(page, 'sc-temp-1').inputValue() === '36.6') break
    }
    assert.equal(await field(page, 'sc-temp-0').inputValue(), '36.4')
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/screenings') && r.request().method() === 'POST')
    await tid(page, 'sc-submit').tap()
    screening = await (await answer).json()
    await tid(page, 'sc-result').waitFor()
    assert.equal(await tid(page, 'sc-decl').count(), 0, 'the form is empty again for the next car')
  })
  assert.ok(screening && screening.id, JSON.stringify(screening))
  assert.deepEqual(screening.persons.map((p) => p.name), [driver.name, child.name])
  assert.equal(screening.persons[0].from_place, '湖南长沙')
  const full = await ok(admin, 'POST', `/screenings/${screening.id}/reveal`, { reason: '核对扫码登记' })
  assert.equal(full.persons[0].id_number, driver.id, 'the screening carries the traveller\'s full ID number')
  assert.equal(full.persons[0].phone, driver.phone)
  assert.equal(full.persons[1].id_number, child.id)
  const again = await call(admin, 'GET', `/declarations/${code}`)
  assert.equal(again.status, 409, 'used once')
})
