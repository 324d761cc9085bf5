// registry.test.mjs: a clerk imports residents from a CSV with a bad row, reads the row-level
// report, fixes the file, imports it, finds the new person and reveals the full ID with a reason;
// then the same registry on a phone screen.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BASE, missingEnv, launch, newPage, login, guard, tid, field, openMenu, DESKTOP, PHONE,
  idNumber, withWrongCheck, mobile, fictionalName, checkChar
} from './lib.mjs'
import { xlsx } from '../api/lib.mjs'

const skip = missingEnv() || false

test('the check digit helper agrees with GB 11643 examples', () => {
  // 11010519491231002X is the standard's own example
  assert.equal(checkChar('11010519491231002'), 'X')
  const id = idNumber()
  assert.match(id, /^430302\d{11}[\dX]$/)
  assert.notEqual(withWrongCheck(id), id)
})

test('import with a row error, fix, import, search, reveal (desktop)', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  const dir = mkdtempSync(join(tmpdir(), 'fangyi-e2e-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))

  await guard(page, 'login', () => login(page))

  // Where to put the new people: a grid of 云龙村, as the area tree shows it.
  const { village, grid } = await guard(page, 'areas', async () => {
    const res = await page.request.get(BASE + '/api/v1/areas?limit=500')
    assert.equal(res.status(), 200, 'GET /api/v1/areas')
    const items = (await res.json()).items
    const village = items.find((a) => a.name === '云龙村')
    assert.ok(village, 'the town has a village named 云龙村')
    const grid = items.find((a) => a.parent_code === village.code && a.level === 'grid')
    assert.ok(grid, '云龙村 has a grid')
    return { village, grid }
  })

  const nameA = fictionalName('司徒')
  const nameB = fictionalName('欧阳')
  const idA = idNumber(true)
  const idB = idNumber(false)
  const phoneA = mobile()
  const address = `${village.name}${grid.name}试验路${10 + Math.floor(Math.random() * 890)}号`
  const header = '姓名,身份证号,联系电话,住址,村/社区,组/网格,与户主关系,人员类别,标签,备注'
  const csv = (idOfB) =>
    [
      header,
      `${nameA},${idA},${phoneA},${address},${village.name},${grid.name},户主,户籍,党员,浏览器测试`,
      `${nameB},${idOfB},,${address},${village.name},${grid.name},配偶,常住,志愿者,浏览器测试`
    ].join('\r\n') + '\r\n'
  const file = join(dir, '居民导入.csv')

  await guard(page, 'import-bad', async () => {
    await openMenu(page, 'import')
    await page.waitForURL('**/import')
    writeFileSync(file, csv(withWrongCheck(idB)))
    await tid(page, 'import-file').setInputFiles(file)
    await tid(page, 'import-chosen').waitFor()
    // 预检 is on by default
    assert.ok(await tid(page, 'import-dryrun').locator('input').isChecked(), 'dry run starts checked')
    await tid(page, 'import-submit').click()
    await tid(page, 'import-error-rows').waitFor()
    const message = await tid(page, 'import-error-message').innerText()
    assert.ok(message.trim().length > 0, 'the error has a message')
    const lines = await tid(page, 'import-error-line').allInnerTexts()
    assert.deepEqual(lines.map((s) => s.trim()), ['3'], 'only line 3 (the second data row) is reported')
    const fields = await tid(page, 'import-error-field').allInnerTexts()
    assert.equal(fields[0].trim(), '身份证号', 'the field is the ID number')
    const reason = await tid(page, 'import-error-reason').first().innerText()
    assert.ok(reason.trim().length > 0, 'the row has a reason')
    const rowText = await tid(page, 'import-error-rows').locator('tbody tr').first().innerText()
    assert.match(rowText, /3[\s\S]*身份证号/)
  })

  await guard(page, 'import-fixed', async () => {
    writeFileSync(file, csv(idB))
    await tid(page, 'import-file').setInputFiles(file)
    await tid(page, 'import-submit').click()
    await tid(page, 'import-result-dry').waitFor()
    assert.equal((await tid(page, 'import-rows').innerText()).trim(), '2')
    assert.equal((await tid(page, 'import-created').innerText()).trim(), '2')
    // now for real
    await tid(page, 'import-dryrun').click()
    assert.ok(!(await tid(page, 'import-dryrun').locator('input').isChecked()), 'dry run is off')
    await tid(page, 'import-submit').click()
    await tid(page, 'import-result-done').waitFor()
    assert.equal((await tid(page, 'import-created').innerText()).trim(), '2')
  })

  await guard(page, 'import-xlsx', async () => {
    // the same two people as an Excel workbook with a title row above the header: the page sends
    // it as chosen, the server reads it by its content, and both rows are already there
    const rows = csv(idB).trim().split('\r\n').map((l) => l.split(','))
    const book = join(dir, '居民导入.xlsx')
    writeFileSync(book, xlsx(rows, { title: '鹤岭镇居民登记表' }))
    await tid(page, 'import-dryrun').click()
    assert.ok(await tid(page, 'import-dryrun').locator('input').isChecked(), 'dry run is on again')
    await tid(page, 'import-file').setInputFiles(book)
    await tid(page, 'import-submit').click()
    await tid(page, 'import-result-dry').waitFor()
    assert.equal((await tid(page, 'import-rows').innerText()).trim(), '2')
    assert.equal((await tid(page, 'import-unchanged').innerText()).trim(), '2')
    assert.equal((await tid(page, 'import-created').innerText()).trim(), '0')
  })

  await guard(page, 'people-search', async () => {
    await openMenu(page, 'people')
    await page.waitForURL('**/people**')
    await field(page, 'people-search').fill(nameA)
    await tid(page, 'people-search-btn').click()
    const row = tid(page, 'people-table').locator('tbody tr', { hasText: nameA }).first()
    await row.waitFor()
    const masked = (await row.locator('[data-testid="person-id-number"]').innerText()).trim()
    assert.ok(masked.includes('*'), `the ID is masked in the list (${masked})`)
    assert.notEqual(masked, idA)
    assert.ok(masked.endsWith(idA.slice(-4)), `the masked ID ends like the real one (${masked})`)
    assert.ok(!(await row.innerText()).includes(phoneA), 'the phone is masked in the list')
    assert.match(await row.innerText(), /云龙村|户籍|党员/)
    // the ID number's digits find the same person
    await field(page, 'people-search').fill(idA)
    await tid(page, 'people-search-btn').click()
    await tid(page, 'people-table').locator('tbody tr', { hasText: nameA }).first().waitFor()
  })

  await guard(page, 'reveal', async () => {
    const row = tid(page, 'people-table').locator('tbody tr', { hasText: nameA }).first()
    await row.locator('[data-testid="person-view"]').click()
    const drawer = tid(page, 'person-detail')
    await drawer.locator('[data-testid="pd-name"]', { hasText: nameA }).waitFor()
    assert.ok((await tid(page, 'pd-id-number').innerText()).includes('*'))
    await tid(page, 'person-reveal').click()
    // a reason is required
    await tid(page, 'reveal-confirm').click()
    await page.getByText('请填写查看原因').waitFor()
    await field(page, 'reveal-reason').fill('浏览器测试：核对身份证号')
    await tid(page, 'reveal-confirm').click()
    await tid(page, 'revealed-id-number').waitFor()
    assert.equal((await tid(page, 'revealed-id-number').innerText()).trim(), idA)
    assert.equal((await tid(page, 'revealed-phone').innerText()).trim(), phoneA)
  })

  await guard(page, 'add-person-form', async () => {
    // the server's verdict on a field is shown next to that field
    await page.keyboard.press('Escape') // close the reveal drawer
    await tid(page, 'person-detail').waitFor({ state: 'hidden' })
    const nameC = fictionalName('上官')
    const idC = idNumber(false)
    await tid(page, 'person-add').click()
    await field(page, 'pf-name').fill(nameC)
    await field(page, 'pf-id-number').fill(withWrongCheck(idC))
    await field(page, 'pf-household').fill(address)
    await page.locator('.el-select-dropdown__item:visible', { hasText: address }).first().click()
    await field(page, 'pf-relation').fill('子女')
    await page.keyboard.press('Enter')
    await tid(page, 'pf-save').click()
    const idItem = page.locator('.el-form-item', { has: page.locator('[data-testid="pf-id-number"]') })
    const idErr = idItem.locator('.el-form-item__error')
    await idErr.waitFor()
    assert.ok((await idErr.innerText()).trim().length > 0, 'the ID number field shows the error')
    await field(page, 'pf-id-number').fill(idC)
    await tid(page, 'pf-save').click()
    await tid(page, 'pf-save').waitFor({ state: 'hidden' })
    await field(page, 'people-search').fill(nameC)
    await tid(page, 'people-search-btn').click()
    const row = tid(page, 'people-table').locator('tbody tr', { hasText: nameC }).first()
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  })

  await guard(page, 'reload-keeps-session', async () => {
    // after a reload the CSRF token comes again from GET /session: a POST (reveal) still works
    await page.goto('/people?q=' + encodeURIComponent(nameA))
    await tid(page, 'who').waitFor()
    const row = tid(page, 'people-table').locator('tbody tr', { hasText: nameA }).first()
    await row.locator('[data-testid="person-view"]').click()
    await tid(page, 'person-reveal').click()
    await field(page, 'reveal-reason').fill('浏览器测试：刷新后再次核对')
    await tid(page, 'reveal-confirm').click()
    await tid(page, 'revealed-id-number').waitFor()
    assert.equal((await tid(page, 'revealed-id-number').innerText()).trim(), idA)
  })
})

test('people on a phone screen (390x844)', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await guard(page, 'phone-login', () => login(page))
  await guard(page, 'phone-menu', async () => {
    // the side menu is folded away into a drawer
    assert.ok(!(await tid(page, 'side-menu').isVisible()), 'no side menu before the toggle')
    await tid(page, 'menu-toggle').click()
    // the people are in the registry's group, closed until tapped
    await tid(page, 'menu-group-registry').waitFor({ state: 'visible' })
    await tid(page, 'menu-group-registry').locator('.el-sub-menu__title').click()
    await tid(page, 'menu-people').waitFor({ state: 'visible' })
    await tid(page, 'menu-people').click()
    await page.waitForURL('**/people**')
    await tid(page, 'menu-people').waitFor({ state: 'hidden' })
  })
  await guard(page, 'phone-people', async () => {
    const rows = tid(page, 'people-table').locator('tbody tr')
    await rows.first().waitFor()
    assert.ok((await rows.count()) > 0, 'the list shows people')
    await field(page, 'people-search').waitFor({ state: 'visible' })
    const box = await field(page, 'people-search').boundingBox()
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390 + 1, 'the search box fits the screen')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the page does not scroll sideways (by ${overflow}px)`)
    await rows.first().locator('[data-testid="person-view"]').click()
    await tid(page, 'pd-name').waitFor()
  })
})
