// publicity.test.mjs: a banner recorded with its photo (宣传横幅拍照留存).
// The secretary of 云龙村, on a 390×844 phone, records a banner at the village gate and attaches a
// photo in the form: a 2400×1200 PNG made in the test. The photo picker opens the camera on a phone
// (accept image/*, capture). Once saved, the action's thumbnail shows in the list, and the server
// holds one JPEG, shrunk in the browser to 1600 px on its long side. The larger view opens from the
// thumbnail; the photo is deleted from the action's details and the thumbnail goes.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/publicity.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, PHONE, call, ok } from './lib.mjs'

const skip = missingEnv() || false
const VILLAGE = '430302100201' // 云龙村
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const secretary = { username: 'e2e-pb-' + suffix, password: 'publicity-pass-' + suffix, display_name: '宣传书记' + suffix.slice(-3) }
const title = '横幅 少出门不聚集 ' + suffix

// png(w, h) → a valid PNG of stripes (so that it is an image worth encoding, not one colour).
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(w, h) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const rows = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w)
    for (let x = 0; x < w; x++) {
      const red = Math.floor(x / 100) % 2 === 0
      row[1 + 3 * x] = red ? 200 : 250
      row[2 + 3 * x] = red ? 20 : 220
      row[3 + 3 * x] = red ? 20 : 60
    }
    rows.push(row)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}

let admin = ''

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', { ...secretary, role: 'secretary', area_code: VILLAGE })
})

test('a secretary on a phone records a banner with a photo: shrunk, stored, shown, viewed large, deleted', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const phone = await newPage(browser, PHONE)
  const picture = png(2400, 1200)

  await guard(phone, 'publicity-form', async () => {
    await login(phone, secretary.username, secretary.password)
    await phone.goto('/publicity')
    await tid(phone, 'pb-add').tap()
    await tid(phone, 'pb-dialog').waitFor()
    await tid(phone, 'pb-kind').click()
    await phone.locator('.el-select-dropdown__item:visible', { hasText: '横幅' }).click()
    // the picker offers the camera on a phone
    const input = phone.locator('[data-testid="pb-form-photos"] input[type=file]')
    assert.equal(await input.getAttribute('accept'), 'image/*')
    assert.equal(await input.getAttribute('capture'), 'environment')
    await tid(phone, 'pb-area').click()
    await phone.locator('.el-select-dropdown__item:visible, .el-tree-node__content:visible', { hasText: '云龙村' }).first().click()
    await field(phone, 'pb-title').fill(title)
    await input.setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: picture })
    // the picked photo's thumbnail shows in the form before saving
    await phone.locator('[data-testid="pb-form-photos"] .el-upload-list__item img').waitFor()
    await tid(phone, 'pb-save').tap()
    await tid(phone, 'pb-dialog').waitFor({ state: 'hidden' })
  })

  let action
  await guard(phone, 'publicity-thumbnail', async () => {
    const list = await ok(admin, 'GET', `/publicity?area=${VILLAGE}&limit=50`)
    action = list.items.find((x) => x.title === title)
    assert.ok(action, 'the banner is recorded')
    assert.equal(action.kind, 'banner')
    assert.equal(action.photos.length, 1, 'one photo stored')
    assert.equal(action.photos[0].content_type, 'image/jpeg', 'sent as JPEG, whatever was picked')
    assert.ok(action.photos[0].size < picture.length, `shrunk: ${action.photos[0].size} bytes from ${picture.length}`)
    // the stored photo is 1600 px on its long side: read its size in the page
    const dims = await phone.evaluate(async (url) => {
      const img = new Image()
      img.src = url
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    }, action.photos[0].url)
    assert.deepEqual(dims, [1600, 800])

    await phone.locator('.el-tabs__item', { hasText: '宣传记录' }).tap()
    const thumb = phone.locator(`[data-testid="pb-photos"][data-id="${action.id}"] [data-testid="pb-photo"] img`).first()
    await thumb.waitFor()
    await phone.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle())
    // the larger view
    await thumb.click()
    await phone.locator('.el-image-viewer__canvas img').waitFor()
    await phone.keyboard.press('Escape')
    await phone.locator('.el-image-viewer__wrapper').waitFor({ state: 'hidden' })
  })

  await guard(phone, 'publicity-delete', async () => {
    await phone.locator(`[data-testid="pb-open"][data-id="${action.id}"]`).click()
    const view = tid(phone, 'pb-view')
    await view.waitFor()
    await view.locator('[data-testid="pb-photo"] img').waitFor()
    await view.locator('[data-testid="pb-photo-del"]').click()
    await phone.locator('.el-message-box__btns .el-button--primary').click()
    await view.locator('[data-testid="pb-photo"]').waitFor({ state: 'detached' })
    const after = (await ok(admin, 'GET', `/publicity?area=${VILLAGE}&limit=50`)).items.find((x) => x.id === action.id)
    assert.equal(after.photos.length, 0, 'the photo is deleted')
  })
})
