// lists.test.mjs: list matching (大数据名单比对) from the browser. The test adds four residents of
// 云龙村1组 through the API with ID numbers and phones it makes (the API masks what it reads back),
// puts one under observation, and writes a CSV naming them the way a district's list does: one by
// ID number, the watched one by phone, one by a phone a digit off and one by an ID number with the
// wrong check digit (both possible matches), someone the town does not have, a row with nothing to
// match on and a repeat. The admin checks it first in the upload dialog, matches it, waits for the
// end, reads the counts, filters by class and by village, takes one possible match for the person
// and says another is nobody, and downloads the return file. A second list naming the first
// person again shows on their task, and the watched one's timeline names the list. A rejection is
// undone with its reason; a row not found is sent to 云龙村 to be searched for, and the rest of the
// list at once; a workbook of two sheets is read from the one chosen. At 390 px the lists pages
// are no wider than the phone.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/lists.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import {
  BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP, PHONE, ok,
  idNumber, withWrongCheck, mobile, fictionalName
} from './lib.mjs'

const skip = missingEnv() || false
const GRID = '430302100201001' // 云龙村1组
const VILLAGE = '430302100201' // 云龙村
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const listName = '铁路旅客名单 ' + suffix
let admin = ''
const P = {} // the residents the list names: found, watched, nearPhone, nearId
let csv = ''

// a phone one digit off: the last digit moved by one
const offByOne = (p) => p.slice(0, 10) + ((Number(p[10]) + 1) % 10)

// upload(bytes, query) → the answer of POST /lists with the file's bytes as the body
async function upload(bytes, query) {
  const res = await fetch(BASE + '/api/v1/lists?' + new URLSearchParams(query), {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + admin, 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    body: bytes
  })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  const surnames = { found: '欧阳', watched: '上官', nearPhone: '皇甫', nearId: '诸葛' }
  for (const [k, s] of Object.entries(surnames)) {
    const p = { name: fictionalName(s), id_number: idNumber(), phone: mobile(), area_code: GRID }
    P[k] = { ...p, id: (await ok(admin, 'POST', '/persons', p)).id }
  }
  P.watched.kp = (await ok(admin, 'POST', '/key-persons', { person_id: P.watched.id, reason: 'close_contact', found_by: 'tip', kind: 'home' })).id
  const lines = [
    '姓名,身份证号,手机号,出发地,备注',
    `${P.found.name},${P.found.id_number},,武汉,`, // line 2: found by ID number
    `${P.watched.name},,${P.watched.phone},武汉,`, // line 3: already watched, by phone
    `${P.nearPhone.name},,${offByOne(P.nearPhone.phone)},武汉,`, // line 4: possible (near phone)
    `${P.nearId.name},${withWrongCheck(P.nearId.id_number)},,武汉,`, // line 5: possible (check digit)
    `${fictionalName('端木')},${idNumber()},,武汉,`, // line 6: not found here
    ',12345,,武汉,无姓名', // line 7: refused
    `${P.found.name},${P.found.id_number},,武汉,重复` // line 8: repeats line 2
  ]
  csv = lines.join('\r\n') + '\r\n'
})

// until(check, what): polls check() in the test until it is true (the page's Content Security
// Policy forbids the eval Playwright's waitForFunction polls with)
async function until(check, what) {
  for (let i = 0; i < 150; i++) {
    if (await check()) return
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error('timed out waiting for ' + what)
}
const rowCount = (page, n) => until(async () => (await page.locator('[data-testid="ld-row"]').count()) === n, `${n} rows`)
const tileIs = (page, cls, n) =>
  until(async () => (await page.locator(`[data-testid="ld-tile"][data-class="${cls}"] [data-testid="ld-tile-n"]`).innerText()).trim() === String(n), `${cls} ${n}`)

// the counts a tile shows, by class
async function tiles(page) {
  const out = {}
  for (const el of await tid(page, 'ld-tile').all()) out[await el.getAttribute('data-class')] = Number(await el.locator('[data-testid="ld-tile-n"]').innerText())
  return out
}
// the table row of the list's line n
const rowOf = (page, n) => page.locator('tr.el-table__row', { has: page.locator(`[data-testid="ld-row"][data-line="${n}"]`) })
const shownLines = (page) => page.locator('[data-testid="ld-row"]').evaluateAll((els) => els.map((e) => [Number(e.dataset.line), e.dataset.class]))

test('a list from the district: checked, matched, decided and returned', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await login(page)
  let listId = 0

  await guard(page, 'lists-upload-check', async () => {
    await page.goto('/lists')
    await tid(page, 'ls-upload').click()
    await tid(page, 'ls-dialog').waitFor()
    // a file without the columns a list needs is refused, under the file, in the reader's language
    await tid(page, 'ls-file').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('车牌,地点\r\n湘C12345,南谷互通\r\n') })
    await field(page, 'ls-source-input').fill('区指挥部')
    await tid(page, 'ls-dry-run').click()
    assert.match(await tid(page, 'ls-file-error').innerText(), /表头/)
    await field(page, 'ls-source-input').fill('')
    await tid(page, 'ls-file').setInputFiles({ name: listName + '.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    assert.equal(await field(page, 'ls-name-input').inputValue(), listName, 'the name defaults to the file’s')
    assert.match(await field(page, 'ls-received-input').inputValue(), /^\d{4}-\d\d-\d\d$/, 'received today by default')
    assert.match(await tid(page, 'ls-highrisk-hint').innerText(), /任务/, 'the switch says what an ordinary list does')
    await tid(page, 'ls-highrisk').click()
    assert.match(await tid(page, 'ls-highrisk-hint').innerText(), /居家观察/, 'and what a high-risk one does')
    await tid(page, 'ls-highrisk').click()
    // matching without a source is refused in the form, naming the field
    await tid(page, 'ls-match').click()
    await page.locator('.el-form-item__error').filter({ hasText: '请填写名单来源' }).waitFor()
    await field(page, 'ls-source-input').fill('区指挥部')
    await tid(page, 'ls-dry-run').click()
    await tid(page, 'ls-dry').waitFor()
    assert.equal(await tid(page, 'ls-dry-rows').innerText(), '7')
    const dry = {}
    for (const el of await tid(page, 'ls-dry-count').all()) dry[await el.getAttribute('data-class')] = (await el.innerText()).trim()
    assert.deepEqual(dry, {
      already_watched: '已在观察 1', found: '在册未观察 1', possible: '疑似匹配待核实 2',
      not_found: '本辖区查无此人 1', refused: '信息不全无法比对 1', duplicates_in_list: '名单内重复 1'
    })
  })

  await guard(page, 'lists-match', async () => {
    await tid(page, 'ls-match').click()
    await page.waitForURL(/\/lists\/\d+/)
    listId = Number(new URL(page.url()).pathname.split('/').pop())
    assert.equal(await tid(page, 'ld-title').innerText(), listName)
    await page.locator('[data-testid="list-status"][data-status="done"]').waitFor({ timeout: 30000 })
    await rowCount(page, 7)
    assert.deepEqual(await tiles(page), { already_watched: 1, found: 1, possible: 2, not_found: 1, refused: 1, duplicates_in_list: 1 })
    assert.match(await tid(page, 'ld-tasks').innerText(), /派发任务 1 个/)
    // what each row led to: the task, the key person, the cell that could not be read, the repeat
    const found = rowOf(page, 2)
    assert.match(await found.innerText(), /在册未观察[\s\S]*身份证号一致/)
    assert.match(await found.innerText(), new RegExp(P.found.id_number.slice(0, 4) + '\\*+' + P.found.id_number.slice(-4).replace('X', '\\X')), 'the ID number masked')
    assert.ok(!(await found.innerText()).includes(P.found.id_number), 'never in full')
    assert.match(await found.locator('[data-testid="lr-task"]').getAttribute('href'), /^\/tasks\/\d+$/)
    assert.equal(await rowOf(page, 3).locator('[data-testid="lr-kp"]').getAttribute('href'), `/key-persons/${P.watched.kp}`)
    assert.match(await rowOf(page, 7).locator('[data-testid="lr-fault"]').innerText(), /身份证号/)
    assert.match(await rowOf(page, 8).locator('[data-testid="lr-same"]').innerText(), /与第 2 行为同一人/)
    assert.match(await tid(page, 'ld-villages').innerText(), /云龙村[\s\S]*未落到村/)
  })

  await guard(page, 'lists-filter', async () => {
    await page.locator('[data-testid="ld-tile"][data-class="possible"]').click()
    await rowCount(page, 2)
    assert.deepEqual(await shownLines(page), [[4, 'possible'], [5, 'possible']])
    assert.equal(new URL(page.url()).searchParams.get('class'), 'possible')
    // the same class by the select, and then one village's rows
    await page.locator('[data-testid="ld-tile"][data-class="possible"]').click()
    await rowCount(page, 7)
    await tid(page, 'ld-village').click()
    await tid(page, 'ld-village-' + VILLAGE).click()
    await rowCount(page, 2)
    assert.deepEqual(await shownLines(page), [[2, 'found'], [3, 'already_watched']])
    assert.match(await rowOf(page, 2).innerText(), /云龙村1组/)
    await tid(page, 'ld-village').locator('.el-select__suffix, .el-select__caret').first().hover()
    await tid(page, 'ld-village').locator('.el-select__clear').click()
    await rowCount(page, 7)
  })

  await guard(page, 'lists-decide', async () => {
    // line 4 is the resident whose phone is a digit off: this is the person
    const near = rowOf(page, 4)
    const cand = near.locator(`[data-testid="lr-candidate"][data-person="${P.nearPhone.id}"]`)
    assert.match(await cand.innerText(), new RegExp(P.nearPhone.name))
    assert.match(await cand.innerText(), /同名且手机号差一位或两位颠倒/)
    await cand.locator('[data-testid="lr-confirm"]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), new RegExp(`第 4 行[\\s\\S]*${P.nearPhone.name}`))
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await near.locator('[data-testid="lr-task"]').waitFor()
    assert.match(await near.locator('[data-testid="ld-row-class"]').innerText(), /在册未观察/)
    await tileIs(page, 'found', 2)
    // line 5 is nobody of these
    const wrong = rowOf(page, 5)
    assert.match(await wrong.locator('[data-testid="lr-candidate"]').first().innerText(), /身份证号仅校验位不同/)
    await wrong.locator('[data-testid="lr-reject"]').click()
    await box.waitFor()
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await wrong.locator('[data-testid="ld-row-class"]').filter({ hasText: '本辖区查无此人' }).waitFor()
    assert.match(await wrong.innerText(), /经核实不是此人/)
    await tileIs(page, 'possible', 0)
    assert.deepEqual(await tiles(page), { already_watched: 1, found: 2, possible: 0, not_found: 2, refused: 1, duplicates_in_list: 1 })
    // the server agrees
    const l = await ok(admin, 'GET', '/lists/' + listId)
    assert.deepEqual(l.counts, { already_watched: 1, found: 2, possible: 0, not_found: 2, refused: 1, duplicates_in_list: 1 })
  })

  await guard(page, 'lists-undo', async () => {
    // line 5 was rejected by mistake: undone with a reason, it waits for a decision again
    const wrong = rowOf(page, 5)
    await wrong.locator('[data-testid="lr-undo"]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), /第 5 行[\s\S]*疑似匹配待核实/)
    // the reason is required
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await box.locator('.el-message-box__errormsg').filter({ hasText: '请写明原因' }).waitFor()
    await box.locator('.el-message-box__input input').fill('排除错了，需再核实')
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await wrong.locator('[data-testid="ld-row-class"]').filter({ hasText: '疑似匹配待核实' }).waitFor()
    await wrong.locator('[data-testid="lr-candidate"]').first().waitFor()
    await tileIs(page, 'possible', 1)
    assert.equal((await ok(admin, 'GET', '/lists/' + listId)).counts.not_found, 1, 'the server moved the counters back')
    // and rejected again, as it was
    await wrong.locator('[data-testid="lr-reject"]').click()
    await box.waitFor()
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await wrong.locator('[data-testid="ld-row-class"]').filter({ hasText: '本辖区查无此人' }).waitFor()
    await tileIs(page, 'possible', 0)
  })

  await guard(page, 'lists-search', async () => {
    // line 6 is someone the town does not have: 云龙村 looks for them door to door
    const nobody = rowOf(page, 6)
    await nobody.locator('[data-testid="lr-search"]').click()
    const dlg = tid(page, 'ld-search-dialog')
    await dlg.waitFor()
    assert.match(await dlg.innerText(), /第 6 行/)
    await tid(page, 'ld-search-area').click()
    await tid(page, 'ld-search-area-' + VILLAGE).click()
    await tid(page, 'ld-search-send').click()
    const link = nobody.locator('[data-testid="lr-task"]')
    await link.waitFor()
    assert.match(await link.innerText(), /已派查找任务 #\d+/)
    assert.equal(await nobody.locator('[data-testid="lr-search"]').count(), 0, 'sent once')
    const row6 = (await ok(admin, 'GET', `/lists/${listId}/rows?class=not_found`)).items.find((r) => r.line === 6)
    const task = await ok(admin, 'GET', '/tasks/' + row6.task_id)
    assert.equal(task.area_code, VILLAGE)
    // the rest of the list at once: line 5, which names no village, to the one chosen
    await tid(page, 'ld-search-all').click()
    await dlg.waitFor()
    await tid(page, 'ld-search-area').click()
    await tid(page, 'ld-search-area-' + VILLAGE).click()
    await tid(page, 'ld-search-send').click()
    await page.locator('.el-message').filter({ hasText: '已派 1 个查找任务，1 行此前已派' }).waitFor()
    await rowOf(page, 5).locator('[data-testid="lr-task"]').filter({ hasText: '已派查找任务' }).waitFor()
  })

  await guard(page, 'lists-export', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'ld-export-xlsx').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const path = await dl.path()
    assert.ok(statSync(path).size > 100, 'a non-empty file')
    assert.equal(readFileSync(path).subarray(0, 2).toString('latin1'), 'PK', 'a zip (xlsx) file')
  })

  await guard(page, 'lists-list', async () => {
    await tid(page, 'ld-back').click()
    await page.waitForURL(/\/lists$/)
    const row = page.locator('tr.el-table__row', { has: page.locator(`[data-testid="ls-name"][data-list="${listId}"]`) })
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(listName))
    assert.equal((await row.locator('[data-testid="ls-count"][data-class="found"]').innerText()).trim(), '在册未观察 2')
    assert.equal((await row.locator('[data-testid="ls-tasks"]').innerText()).trim(), '2')
  })

  await guard(page, 'lists-timelines', async () => {
    // the watched person's timeline names the list
    await page.goto(`/key-persons/${P.watched.kp}`)
    const ev = page.locator('[data-testid="kpd-event"][data-kind="listed"]')
    await ev.first().waitFor()
    assert.match(await ev.first().innerText(), new RegExp(`大数据比对[\\s\\S]*出现在大数据名单“${listName}”（区指挥部）第3行`))
    // a second list naming the first person again joins their open task
    const again = `姓名,身份证号\r\n${P.found.name},${P.found.id_number}\r\n`
    const r = await upload(Buffer.from(again), { name: listName + ' 补充', source: '区指挥部' })
    assert.equal(r.status, 202, JSON.stringify(r.body))
    for (let i = 0; i < 50; i++) {
      if ((await ok(admin, 'GET', '/lists/' + r.body.id)).status !== 'matching') break
      await new Promise((res) => setTimeout(res, 200))
    }
    const row = (await ok(admin, 'GET', `/lists/${r.body.id}/rows`)).items[0]
    assert.ok(row.task_id, 'the row leads to the open task')
    await page.goto(`/tasks/${row.task_id}`)
    const te = page.locator('[data-testid="td-event"][data-kind="listed"]')
    await te.first().waitFor()
    assert.match(await te.first().innerText(), new RegExp(`再次出现在大数据名单 #${r.body.id} 第2行`))
    // the task says which list opened it, and leads back there
    await tid(page, 'td-list').click()
    await page.waitForURL(new RegExp(`/lists/${listId}$`))
    await tid(page, 'ld-title').filter({ hasText: listName }).waitFor()
  })

  await guard(page, 'lists-english', async () => {
    await page.goto(`/lists/${listId}`)
    await tid(page, 'lang-toggle').click()
    await tid(page, 'ld-tiles').filter({ hasText: 'Repeated in the list' }).waitFor()
    assert.match(await rowOf(page, 5).innerText(), /Not found here[\s\S]*Checked: not this person/)
    assert.ok(!/[\u4e00-\u9fff]/.test(await tid(page, 'ld-tiles').innerText()), 'the tiles in English')
    await tid(page, 'lang-toggle').click()
    await tid(page, 'ld-tiles').filter({ hasText: '名单内重复' }).waitFor()
  })

  await guard(page, 'lists-sheet', async () => {
    // a workbook of two sheets (tests/api/fixtures/list_sheets.xls): the check reads the first and
    // lists both; the clerk picks the one with the list
    await page.goto('/lists')
    await tid(page, 'ls-upload').click()
    await tid(page, 'ls-dialog').waitFor()
    const xls = readFileSync(new URL('../api/fixtures/list_sheets.xls', import.meta.url))
    await tid(page, 'ls-file').setInputFiles({ name: '第3批.xls', mimeType: 'application/vnd.ms-excel', buffer: xls })
    await field(page, 'ls-source-input').fill('区指挥部')
    await tid(page, 'ls-dry-run').click()
    await tid(page, 'ls-dry').waitFor()
    assert.equal(await tid(page, 'ls-dry-rows').innerText(), '1', 'the first sheet')
    await tid(page, 'ls-sheet-select').click()
    await tid(page, 'ls-sheet-旅客').click()
    await tid(page, 'ls-dry-run').click()
    await tid(page, 'ls-dry-rows').filter({ hasText: '6' }).waitFor()
    await page.keyboard.press('Escape')
  })

  await guard(page, 'lists-phone', async () => {
    const phone = await newPage(browser, PHONE)
    await login(phone)
    for (const path of ['/lists', `/lists/${listId}`]) {
      await phone.goto(path)
      await phone.locator(path === '/lists' ? '[data-testid="ls-row"]' : '[data-testid="ld-row"]').first().waitFor()
      const w = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
      assert.ok(w[0] <= w[1], `${path} is ${w[0]} px wide on a ${w[1]} px screen`)
    }
    await phone.goto('/lists')
    await tid(phone, 'ls-upload').click()
    await tid(phone, 'ls-dialog').waitFor()
    const w = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert.ok(w[0] <= w[1], `the upload dialog is ${w[0]} px wide on a ${w[1]} px screen`)
    await phone.context().close()
  })
})
