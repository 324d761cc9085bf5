// audit.test.mjs: the audit log page as an auditor uses it: /audit?serial= opens the one row
// behind an exported file (the serial printed on it), and the verify button says the log is whole.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/audit.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, DESKTOP, ok, call } from './lib.mjs'

const skip = missingEnv() || false
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const auditor = { username: 'e2e-auditor-' + suffix, password: 'auditor-pass-' + suffix, role: 'auditor', area_code: '430302100000' }
let serial

before(async () => {
  if (skip) return
  const admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', auditor)
  const x = await call(admin, 'GET', '/persons/export')
  assert.equal(x.status, 200)
  serial = x.text.match(/EX-\d{8}-[0-9A-F]{8}/)[0]
})

test('the audit page finds an export by its serial and verifies the log', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await login(page, auditor.username, auditor.password)

  await guard(page, 'audit-serial', async () => {
    await page.goto('/audit?serial=' + serial)
    const rows = tid(page, 'audit-table').locator('.el-table__body tr')
    await rows.filter({ hasText: serial }).waitFor()
    assert.equal(await rows.count(), 1, 'one row has that serial')
    assert.match(await rows.first().innerText(), /导出/)
  })

  await guard(page, 'audit-verify', async () => {
    await tid(page, 'audit-verify').click()
    await tid(page, 'audit-verdict').waitFor()
    const text = await tid(page, 'audit-verdict').innerText()
    assert.match(text, /审计日志完整：共 \d+ 条，链头哈希 [0-9a-f]{64}/)
  })
})
