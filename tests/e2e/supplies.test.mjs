// supplies.test.mjs: donations and supplies in the browser, in the demo town.
// The command post records a donation (masks counted in boxes with full-width digits, cash in
// yuan) and prints its receipt, which names the donor, the boxes and the yuan in capitals; an
// issue larger than a store's stock is refused with the stock shown, and nothing is written; an
// issue is reversed from the ledger history, and the two entries name each other; the public
// disclosure opens without a login and never names the anonymous donor; the dashboard shows the
// supplies tile.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/supplies.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, openMenu, DESKTOP, call } from './lib.mjs'

const skip = missingEnv() || false
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const donor = '鹤岭爱心企业' + suffix

let admin = ''
let stores = []
const stock = async (storeId, item) => {
  const r = await call(admin, 'GET', '/stores')
  const s = r.body.items.find((x) => x.id === storeId)
  const l = s && s.stock.find((x) => x.item === item)
  return l ? l.quantity : 0
}

before(async () => {
  if (skip) return
  const s = await call('', 'POST', '/session', { username: USER, password: PASSWORD })
  assert.equal(s.status, 200, 'admin login')
  admin = s.body.token
  stores = (await call(admin, 'GET', '/stores')).body.items
  assert.ok(stores.some((x) => x.kind === 'checkpoint'), 'the demo town has a checkpoint store')
})

// pick an Element Plus select's option by the option's data-testid
async function choose(page, selectId, optionId) {
  await tid(page, selectId).click()
  await page.locator(`[data-testid="${optionId}"]:visible`).first().click()
}

test('donation entry in boxes and yuan, and its printed receipt', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await login(page)
  const town = stores.find((x) => x.kind === 'town')
  const before = await stock(town.id, 'mask_surgical')
  let receiptNo = ''
  await guard(page, 'donation-entry', async () => {
    await openMenu(page, 'donations')
    await page.waitForURL('**/donations')
    await tid(page, 'dn-add').click()
    await field(page, 'dn-name').fill(donor)
    await tid(page, 'dn-kind-company').click()
    await choose(page, 'dn-store', 'dn-store-' + town.id)
    await choose(page, 'dn-designated', 'dn-village-430302100205')
    await choose(page, 'dn-line-item-0', 'dn-opt-mask_surgical')
    await field(page, 'dn-line-count-0').fill('２０') // full-width, as typed on some keyboards
    await choose(page, 'dn-line-unit-0', 'dn-unit-pack-0')
    await tid(page, 'dn-line-base-0').filter({ hasText: '= 1000只' }).waitFor()
    await field(page, 'dn-yuan').fill('1,234.5')
    await tid(page, 'dn-save').click()
    const done = tid(page, 'dn-done-no')
    await done.waitFor()
    receiptNo = ((await done.innerText()).match(/JZ\d{11}/) || [''])[0]
    assert.match(receiptNo, /^JZ\d{11}$/, await done.innerText())
    await tid(page, 'dn-receipt-no').filter({ hasText: receiptNo }).waitFor()
  })
  // the server holds exactly what was typed: 20 boxes of 50, 1234.50 yuan in fen
  assert.equal(await stock(town.id, 'mask_surgical'), before + 1000)
  const list = (await call(admin, 'GET', '/donations?limit=20')).body.items
  const d = list.find((x) => x.receipt_no === receiptNo)
  assert.ok(d, 'the donation is listed')
  assert.deepEqual(d.lines.map((l) => [l.item, l.quantity]), [['mask_surgical', 1000], ['cash', 123450]])
  assert.equal(d.designated_name, '长安村')

  await guard(page, 'donation-receipt', async () => {
    const [receipt] = await Promise.all([page.waitForEvent('popup'), tid(page, 'dn-done-print').click()])
    await receipt.waitForLoadState()
    const text = await receipt.locator('body').innerText()
    assert.ok(text.includes('鹤岭镇捐赠收据'), text.slice(0, 200))
    assert.equal((await receipt.locator('#receipt-no').innerText()).trim(), receiptNo)
    assert.equal((await receipt.locator('#donor').innerText()).trim(), donor)
    assert.ok(text.includes('1000只（20盒）'), 'masks with their boxes')
    assert.equal((await receipt.locator('#capital').innerText()).trim(), '壹仟贰佰叁拾肆元伍角整')
    assert.equal((await receipt.locator('#yuan').innerText()).trim(), '1,234.50')
    assert.ok(text.includes('长安村'), 'the designated village')
  })
})

test('an issue larger than the stock is refused with the stock shown; a reversal in the ledger history', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await login(page)
  const cp = stores.find((x) => x.kind === 'checkpoint')
  const have = await stock(cp.id, 'mask_surgical')
  assert.ok(have > 10, `the checkpoint holds masks (${have})`)
  await guard(page, 'ledger-over-issue', async () => {
    await openMenu(page, 'ledger')
    await page.waitForURL('**/ledger')
    await tid(page, 'lg-kind-issue').click()
    await choose(page, 'lg-store', 'lg-store-' + cp.id)
    await choose(page, 'lg-item', 'lg-opt-mask_surgical')
    await tid(page, 'lg-available').filter({ hasText: String(have) }).waitFor()
    await field(page, 'lg-quantity').fill(String(have + 1))
    await choose(page, 'lg-to-area', 'lg-village-430302100201')
    await field(page, 'lg-to-text').fill('南谷互通卡口')
    await field(page, 'lg-purpose').fill('四班倒值守')
    await tid(page, 'lg-submit').click()
    const err = tid(page, 'lg-error')
    await err.waitFor()
    const msg = await err.innerText()
    assert.ok(msg.includes('库存不足') && msg.includes(String(have)), `the refusal shows the stock: ${msg}`)
  })
  assert.equal(await stock(cp.id, 'mask_surgical'), have, 'nothing was issued')

  let issued = 0
  await guard(page, 'ledger-reverse', async () => {
    await field(page, 'lg-quantity').fill('7')
    await tid(page, 'lg-submit').click()
    await page.locator('.el-message--success').first().waitFor()
    const h = (await call(admin, 'GET', `/ledger?store_id=${cp.id}&limit=5`)).body.items
    const e = h.find((x) => x.kind === 'issue' && x.quantity === -7)
    assert.ok(e, 'the issue of 7 is in the ledger')
    issued = e.id
    assert.equal(await stock(cp.id, 'mask_surgical'), have - 7)
    await tid(page, 'lg-reverse-' + issued).click()
    await field(page, 'lg-rev-reason').fill('误发，退回')
    await tid(page, 'lg-rev-save').click()
    await tid(page, 'lg-reversed-' + issued).waitFor()
  })
  const h = (await call(admin, 'GET', `/ledger?store_id=${cp.id}&limit=5`)).body.items
  const rev = h.find((x) => x.reverses === issued)
  assert.ok(rev, 'a reversing entry names the issue')
  assert.equal(rev.quantity, 7)
  assert.equal(rev.purpose, '误发，退回')
  assert.equal(h.find((x) => x.id === issued).reversed_by, rev.id)
  assert.equal(await stock(cp.id, 'mask_surgical'), have, 'the stock is back')
  await tid(page, 'lg-reverses-' + rev.id).waitFor()
  assert.equal(await tid(page, 'lg-reverse-' + issued).count(), 0, 'a reversed entry cannot be reversed again')
})

test('the public disclosure without login; the dashboard’s supplies tile', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const pub = await newPage(browser, DESKTOP)
  await guard(pub, 'public-supplies', async () => {
    await pub.goto('/public/supplies')
    await tid(pub, 'ps-sentence').filter({ hasText: '累计收到爱心口罩' }).waitFor()
    assert.ok(!pub.url().includes('/login'), 'no login asked')
    const donors = await tid(pub, 'ps-donor').allInnerTexts()
    assert.ok(donors.includes('爱心人士'), `the anonymous donor as 爱心人士: ${donors.join(' ')}`)
    assert.ok(donors.includes('景宏石料公司'), donors.join(' '))
    const body = await pub.locator('body').innerText()
    assert.ok(!body.includes('南谷村村民'), 'the anonymous donor is never named')
    const api = await call('', 'GET', '/public/donations')
    const masks = api.body.received.find((x) => x.item === 'mask_surgical').quantity
    assert.equal((await tid(pub, 'ps-total-mask_surgical').innerText()).trim(), `${masks}只`)
    const href = await tid(pub, 'ps-xlsx').getAttribute('href')
    const x = await fetch(BASE + href)
    assert.equal(x.status, 200)
    assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK')
  })

  const page = await newPage(browser, DESKTOP)
  await login(page)
  await guard(page, 'dashboard-supplies', async () => {
    await page.goto('/dashboard')
    const tile = tid(page, 'dash-num-low_stock')
    await tile.waitFor()
    const fig = (await call(admin, 'GET', '/supplies/figures')).body
    assert.equal(Number(await tile.getAttribute('data-value')), fig.low_stock_count)
    assert.ok(fig.low_stock_count >= 1, 'the demo checkpoint is below its threshold')
    await tid(page, 'dash-supply-sentence').filter({ hasText: fig.sentence.zh }).waitFor()
    await tid(page, 'dash-chart-supplies').locator('canvas').first().waitFor()
  })

  // the low checkpoint stock becomes a task for the 云龙村 secretary
  const cp = stores.find((x) => x.kind === 'checkpoint')
  const title = `补充物资：${cp.name}医用外科口罩低于预警线`
  await guard(page, 'supplies-restock-task', async () => {
    await page.goto('/supplies')
    await tid(page, `sp-lowtag-mask_surgical`).first().waitFor()
    await tid(page, `sp-task-${cp.id}-mask_surgical`).click()
    assert.equal(await field(page, 'tk-title').inputValue(), title)
    await tid(page, 'tk-owner').click()
    await page.locator('[data-testid="tk-owner-secretary"]:visible').first().click()
    await tid(page, 'sp-task-save').click()
    await tid(page, 'sp-task-dialog').waitFor({ state: 'hidden' })
  })
  const tasks = (await call(admin, 'GET', '/tasks?limit=50')).body.items
  // prose keeps its punctuation: the full-width colon comes back as typed
  const task = tasks.find((x) => x.title === title)
  assert.ok(task, `the restock task exists: ${tasks.map((x) => x.title).join(' | ')}`)
  assert.equal(task.area_code, cp.area_code)
  assert.equal(task.priority, 'high')
})
