// masking.test.mjs: what a clerk sees beside a masked ID number. The people list, the person
// page and the key person page show the age, never the birth date, until the audited reveal
// (with its reason prompt) shows it with the full ID; the grid worker's and the village
// doctor's phones on the key person page are masked until the staff reveal button, which asks a
// reason too. Desktop and phone.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/
// The admin account makes what the test needs: a resident of 云龙村1组 with a known birth date, a
// grid worker and a doctor with work phones, and a key person record for the resident.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import {
  USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP, PHONE, checkChar, mobile,
  fictionalName, call, ok
} from './lib.mjs'

const skip = missingEnv() || false
const GRID = '430302100201001' // 云龙村1组
const VILLAGE = '430302100201' // 云龙村
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const rnd = (n) => Math.floor(Math.random() * n)
const Y = String(1950 + rnd(40))
const M = String(1 + rnd(12)).padStart(2, '0')
const D = String(10 + rnd(19))
const BIRTH = `${Y}-${M}-${D}`
const first17 = `430302${Y}${M}${D}${String(rnd(1000)).padStart(3, '0')}`
const resident = { name: fictionalName('上官'), id: first17 + checkChar(first17), phone: mobile() }
const staff = { grid: mobile(), doctor: mobile() }
const gridUser = { username: 'e2e-mgrid-' + suffix, password: 'grid-pass-' + suffix, display_name: '脱敏网格员' + suffix.slice(-3) }
const auditorUser = { username: 'e2e-maud-' + suffix, password: 'auditor-pass-' + suffix, display_name: '审计员' + suffix.slice(-3) }
const doctorUser = { username: 'e2e-mdoc-' + suffix, password: 'doctor-pass-' + suffix, display_name: '脱敏村医' + suffix.slice(-3) }

// the birth date in the forms a page could print it
const FORMS = [BIRTH, `${Y}${M}${D}`, `${Y}/${M}/${D}`, `${Y}年${Number(M)}月${Number(D)}日`]
const dateIn = (text) => FORMS.filter((f) => text.replace(/\s/g, '').includes(f))

function ageNow() {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const age = Number(today.slice(0, 4)) - Number(Y)
  return today.slice(5) < `${M}-${D}` ? age - 1 : age
}

let admin = ''
let person = null
let kp = null
before(async () => {
  if (skip) return
  const r = await call('', 'POST', '/session', { username: USER, password: PASSWORD })
  assert.equal(r.status, 200, 'admin login')
  admin = r.body.token
  const g = await ok(admin, 'POST', '/users', { ...gridUser, role: 'grid', area_code: GRID, phone: staff.grid })
  const d = await ok(admin, 'POST', '/users', { ...doctorUser, role: 'doctor', area_code: VILLAGE, phone: staff.doctor })
  await ok(admin, 'POST', '/users', { ...auditorUser, role: 'auditor', area_code: '430302100000' })
  person = await ok(admin, 'POST', '/persons', {
    name: resident.name, id_number: resident.id, phone: resident.phone, area_code: GRID, notes: '浏览器测试 masking'
  })
  kp = await ok(admin, 'POST', '/key-persons', { person_id: person.id, reason: 'close_contact', found_by: 'tip', kind: 'home' })
  kp = await ok(admin, 'PATCH', '/key-persons/' + kp.id, { grid_worker_id: g.id, doctor_id: d.id })
})

test('the person page shows the age, and the birth date only after the audited reveal (desktop)', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'mask-login', () => login(page))

  await guard(page, 'mask-people', async () => {
    await page.goto('/people')
    // by the whole ID number: exactly this resident, whoever else another test named alike
    await field(page, 'people-search').fill(resident.id)
    await tid(page, 'people-search-btn').click()
    await tid(page, 'person-name').filter({ hasText: resident.name }).first().waitFor()
    const table = await page.locator('.el-table').first().innerText()
    assert.deepEqual(dateIn(table), [], 'the list shows no birth date')
    assert.match(table, /年龄/, 'the list has an age column')
    assert.equal((await tid(page, 'person-age').first().innerText()).trim(), String(ageNow()))
  })

  await guard(page, 'mask-person-page', async () => {
    await tid(page, 'person-name').filter({ hasText: resident.name }).first().click()
    await tid(page, 'pd-name').filter({ hasText: resident.name }).waitFor()
    const drawer = await tid(page, 'person-detail').innerText()
    assert.deepEqual(dateIn(drawer), [], 'the person page shows no birth date while masked')
    assert.match(await tid(page, 'pd-age').innerText(), new RegExp(`${ageNow()}\\s*岁`))
    assert.match(await tid(page, 'pd-id-number').innerText(), /^4303\*{10}/)
  })

  await guard(page, 'mask-person-reveal', async () => {
    await tid(page, 'person-reveal').click()
    await tid(page, 'reveal-confirm').click() // no reason: asked for one, nothing shown
    assert.equal(await tid(page, 'revealed').count(), 0)
    await field(page, 'reveal-reason').fill('浏览器测试：核对出生日期')
    await tid(page, 'reveal-confirm').click()
    await tid(page, 'revealed-birth-date').waitFor()
    assert.equal((await tid(page, 'revealed-birth-date').innerText()).trim(), BIRTH)
    assert.equal((await tid(page, 'revealed-id-number').innerText()).trim(), resident.id)
    await page.screenshot({ path: `${process.env.SHOTS || '/tmp'}/mask-person-revealed.png` }).catch(() => {})
  })
})

test('the key person page: age not birth date, staff phones masked, each revealed with a reason (desktop and phone)', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  for (const [kind, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await newPage(browser, opts)
    await guard(page, `mask-kp-login-${kind}`, () => login(page))
    await guard(page, `mask-kp-page-${kind}`, async () => {
      await page.goto('/key-persons/' + kp.id)
      await tid(page, 'kpd-name').filter({ hasText: resident.name }).waitFor()
      const body = await tid(page, 'kp-detail').innerText()
      assert.deepEqual(dateIn(body), [], 'no birth date while masked')
      assert.match(await tid(page, 'kpd-age').innerText(), new RegExp(`${ageNow()}\\s*岁`))
      for (const p of Object.values(staff)) assert.ok(!body.replace(/\s/g, '').includes(p), 'the staff phones are masked')
      assert.match(await tid(page, 'kpd-grid-worker').innerText(), new RegExp(`${gridUser.display_name} ${staff.grid.slice(0, 3)}\\*{4}${staff.grid.slice(-4)}`))
      assert.match(await tid(page, 'kpd-doctor').innerText(), new RegExp(`\\*{4}${staff.doctor.slice(-4)}`))
    })
    await guard(page, `mask-kp-staff-reveal-${kind}`, async () => {
      await tid(page, 'kpd-grid-worker-reveal').click()
      await tid(page, 'kpd-staff-reveal-confirm').click() // no reason: asked for one
      await page.getByText('请填写查看原因').first().waitFor()
      assert.ok(!(await tid(page, 'kpd-grid-worker').innerText()).includes(staff.grid), 'nothing revealed without a reason')
      await field(page, 'kpd-staff-reveal-reason').fill('浏览器测试：联系网格员')
      await tid(page, 'kpd-staff-reveal-confirm').click()
      await tid(page, 'kpd-grid-worker').filter({ hasText: staff.grid }).waitFor()
      assert.equal(await tid(page, 'kpd-grid-worker-reveal').count(), 0, 'the button goes once the phone is shown')
      assert.ok(!(await tid(page, 'kpd-doctor').innerText()).includes(staff.doctor), 'the doctor stays masked')
      await tid(page, 'kpd-doctor-reveal').click()
      await field(page, 'kpd-staff-reveal-reason').fill('浏览器测试：联系村医')
      await tid(page, 'kpd-staff-reveal-confirm').click()
      await tid(page, 'kpd-doctor').filter({ hasText: staff.doctor }).waitFor()
    })
    await guard(page, `mask-kp-reveal-${kind}`, async () => {
      await tid(page, 'kpd-reveal').click()
      await field(page, 'kpd-reveal-reason').fill('浏览器测试：核对身份')
      await tid(page, 'kpd-reveal-confirm').click()
      await tid(page, 'kpd-revealed-birth-date').waitFor()
      assert.equal((await tid(page, 'kpd-revealed-birth-date').innerText()).trim(), BIRTH)
      assert.equal((await tid(page, 'kpd-revealed-id-number').innerText()).trim(), resident.id)
      assert.equal((await tid(page, 'kpd-revealed-phone').innerText()).trim(), resident.phone)
    })
  }
  // each staff reveal is in the audit log, with its reason
  const who = await call('', 'POST', '/session', { username: auditorUser.username, password: auditorUser.password })
  assert.equal(who.status, 200, 'auditor login')
  const audit = await ok(who.body.token, 'GET', '/audit?action=reveal&limit=500')
  const rows = audit.items.filter((e) => e.object_kind === 'key_person_staff' && e.object_id === kp.id)
  assert.equal(rows.length, 4, 'two staff reveals on each screen are audited')
  assert.ok(rows.some((e) => String(e.detail).includes('联系村医')), 'with the reason')
})
