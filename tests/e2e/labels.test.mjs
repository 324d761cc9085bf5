// labels.test.mjs: every label in the reader's language, no raw codes or ids, and times in the
// town's zone. A key person's timeline and responsible staff as a village secretary sees them (zh
// and en), a task's history, the audit log's records, an alert card once referred, and the users
// page opened by a browser set to New York.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/labels.test.mjs
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, DESKTOP, PHONE, ok } from './lib.mjs'

const skip = missingEnv() || false
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const VILLAGE = '430302100201' // 云龙村
const GRID = '430302100201001' // 云龙村1组
const sec = { username: 'e2e-sec-' + suffix, password: 'sec-pass-' + suffix, role: 'secretary', area_code: VILLAGE, display_name: '书记' + suffix.slice(-3) }
const doc = { username: 'e2e-doc-' + suffix, password: 'doc-pass-' + suffix, role: 'doctor', area_code: VILLAGE, display_name: '村医' + suffix.slice(-3) }
const aud = { username: 'e2e-aud-' + suffix, password: 'aud-pass-' + suffix, role: 'auditor', area_code: '430302100000' }
const HAN = /[\u4e00-\u9fff]/
// raw keys and ids the pages used to show
const RAW = /high_risk_area|close_contact|\bcentralised\b|°C (visit|phone|self)\b|\d (am|pm)\b|\bexcluded\b|#\d+|\/ [a-z]/

let staffNames = []
let admin, adminName, kp, alertId, task, doctorId, secId, meta

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  meta = await ok('', 'GET', '/meta')
  adminName = (await ok(admin, 'GET', '/session')).user.display_name || USER
  secId = (await ok(admin, 'POST', '/users', sec)).id
  doctorId = (await ok(admin, 'POST', '/users', doc)).id
  await ok(admin, 'POST', '/users', aud)
  const secTok = (await ok('', 'POST', '/session', { username: sec.username, password: sec.password })).token
  // someone of 云龙村1组 not under observation, added when every one is
  const under = new Set((await ok(admin, 'GET', '/key-persons?status=active&limit=500')).items.map((k) => k.person_id))
  let p = (await ok(admin, 'GET', `/persons?area=${GRID}&limit=200`)).items.find((x) => !under.has(x.id))
  if (!p) {
    const first = '43030219800101' + String(Math.floor(Math.random() * 900) + 100)
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    const s = W.reduce((a, w, i) => a + w * Number(first[i]), 0)
    p = await ok(admin, 'POST', '/persons', { name: '标签' + suffix.slice(-2), id_number: first + '10X98765432'[s % 11], area_code: GRID })
  }
  const arrived = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10)
  kp = await ok(admin, 'POST', '/key-persons', { person_id: p.id, reason: 'high_risk_area', from_place: '武汉', arrived_on: arrived, found_by: 'sweep', kind: 'home' })
  await ok(secTok, 'PATCH', `/key-persons/${kp.id}`, { doctor_id: doctorId })
  const c = await ok(admin, 'POST', `/key-persons/${kp.id}/checks`, { temperature: 38.2, symptoms: ['fever', 'cough'], method: 'visit' })
  alertId = c.alert.id
  // every staff member's name: the timeline names whoever was assigned before
  staffNames = (await ok(admin, 'GET', '/users?limit=500')).items.map((u) => u.display_name).filter(Boolean)
  await ok(admin, 'POST', `/alerts/${alertId}/refer`, { hospital: '湘潭市中心医院', transport: '120' })
  await ok(admin, 'POST', `/alerts/${alertId}/result`, { result: 'excluded', note: '普通感冒' })
  task = await ok(admin, 'POST', '/tasks', {
    title: '核查返乡人员' + suffix.slice(-3), area_code: VILLAGE, owner_id: secId,
    deadline: Math.floor(Date.now() / 1000) + 86400, priority: 'high', source: 'manual'
  })
})

async function setLang(page, lang) {
  await page.addInitScript((l) => localStorage.setItem('fangyi.lang', l), lang)
}

// the words people typed or named, which stay as they are in either language
const typed = () => [...staffNames, adminName, USER, kp.name, '武汉', '湘潭市中心医院', '普通感冒', sec.display_name, doc.display_name]
const withoutTyped = (s) => typed().reduce((x, w) => x.split(w).join(''), s)

for (const lang of ['zh-CN', 'en']) {
  test(`the key person's page speaks ${lang} only, names staff, shows no codes (secretary, phone)`, { skip }, async (t) => {
    const browser = await launch()
    t.after(() => browser.close())
    const page = await newPage(browser, PHONE)
    await setLang(page, lang)
    await login(page, sec.username, sec.password)
    await guard(page, 'labels-kp-' + lang, async () => {
      await page.goto('/key-persons/' + kp.id)
      const events = tid(page, 'kpd-timeline').locator('[data-testid="kpd-event"]')
      await tid(page, 'kpd-timeline').locator('[data-kind="result"]').waitFor()
      const texts = await events.evaluateAll((els) => els.map((e) => e.innerText))
      assert.ok(texts.length >= 6, texts.join('\n'))
      for (const s of texts) {
        assert.doesNotMatch(s, RAW, `no raw code or id: ${s}`)
        const rest = withoutTyped(s)
        if (lang === 'en') assert.doesNotMatch(rest, HAN, `no Chinese on the English page: ${s}`)
        else assert.doesNotMatch(rest.replace(/°C/g, ''), /[A-Za-z]{3,}/, `no English on the Chinese page: ${s}`)
      }
      const all = texts.join('\n')
      assert.match(all, lang === 'en' ? /Home visit/ : /上门/)
      assert.match(all, lang === 'en' ? /Referred to 湘潭市中心医院 \(120\)/ : /转诊 湘潭市中心医院（120）/)
      assert.ok(all.includes(doc.display_name), 'the doctor assigned is named')
      assert.ok(all.includes(sec.display_name), 'who assigned, by name')
      // the responsible staff: names to choose from, the one on the record by name
      const pick = tid(page, 'kpd-doctor-pick')
      const shown = await pick.innerText()
      assert.ok(shown.includes(doc.display_name), `the doctor field shows a name: "${shown}"`)
      assert.doesNotMatch(shown, /^\s*\d+\s*$/)
      await pick.click()
      const options = page.locator('.el-select-dropdown__item:visible')
      await options.first().waitFor()
      const names = await options.allInnerTexts()
      assert.ok(names.some((n) => n.includes(doc.display_name)), names.join(' | '))
      for (const n of names) assert.doesNotMatch(n, /^\s*\d+\s*$|#\d+/, `an option is a name: ${n}`)
    })
  })
}

test('the task page gives the history in one language and the priority', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  for (const lang of ['zh-CN', 'en']) {
    const page = await newPage(browser, DESKTOP)
    await setLang(page, lang)
    await login(page, sec.username, sec.password)
    await guard(page, 'labels-task-' + lang, async () => {
      await page.goto('/tasks/' + task.id)
      const line = tid(page, 'td-events').locator('[data-kind="created"] [data-testid="td-event-detail"]')
      await line.waitFor()
      const s = await line.innerText()
      if (lang === 'en') {
        assert.match(s, new RegExp(`^Assigned to ${sec.display_name}, due \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`))
      } else {
        assert.match(s, new RegExp(`^派给 ${sec.display_name}，截止 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`))
      }
      const body = await page.locator('.el-descriptions').innerText()
      assert.match(body, lang === 'en' ? /Priority\s+High/ : /优先级\s+高/)
    })
    await page.context().close()
  }
})

test("the audit log names each record's kind in the reader's language", { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  for (const [lang, want] of [['zh-CN', /^(用户|人员|重点人员|预警|任务|健康监测|重点人员责任人) #\d+$/], ['en', /^(User|Person|Key person|Alert|Task|Health check|Key person staff) #\d+$/]]) {
    const page = await newPage(browser, DESKTOP)
    await setLang(page, lang)
    await login(page, aud.username, aud.password)
    await guard(page, 'labels-audit-' + lang, async () => {
      await page.goto('/audit')
      const cells = tid(page, 'audit-table').locator('[data-testid="audit-object"]')
      await cells.first().waitFor()
      const texts = (await cells.allInnerTexts()).filter(Boolean)
      assert.ok(texts.some((x) => want.test(x)), texts.slice(0, 20).join(' | '))
      for (const x of texts) assert.doesNotMatch(x, /^[a-z_]+( #\d+)?$/, `no raw kind: ${x}`)
    })
    await page.context().close()
  }
})

test('an alert card once referred and with its result shows its state, not a running age', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  for (const lang of ['zh-CN', 'en']) {
    const page = await newPage(browser, PHONE)
    await setLang(page, lang)
    await login(page, doc.username, doc.password)
    await guard(page, 'labels-alert-' + lang, async () => {
      await page.goto('/alerts')
      const card = page.locator(`[data-testid="al-card"][data-alert="${alertId}"]`)
      await card.waitFor()
      const age = await card.locator('[data-testid="al-age"]').innerText()
      assert.doesNotMatch(age, /小时|\bh\b|hours?/, `no age once referred: ${age}`)
      assert.match(age, lang === 'en' ? /Excluded/ : /排除/)
      assert.match(age, lang === 'en' ? /Referred \d\d:\d\d/ : /\d\d:\d\d 转诊/)
      const reason = await card.locator('[data-testid="al-reason"]').innerText()
      assert.equal(reason, lang === 'en' ? '38.2°C · Fever, Cough' : '38.2°C · 发热、咳嗽')
    })
    await page.context().close()
  }
})

test("times are the town's whatever the browser's zone (Chromium in New York)", { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, { ...DESKTOP, timezoneId: 'America/New_York' })
  await login(page, sec.username, sec.password)
  await guard(page, 'labels-tz', async () => {
    // the secretary's own login, as the admin's users page shows it
    const users = (await ok(admin, 'GET', '/users?limit=500')).items
    const who = users.find((u) => u.username === sec.username)
    assert.ok(who && who.last_login_at, 'the secretary has logged in')
    const fmt = (tz) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(who.last_login_at * 1000)).map((x) => [x.type, x.value]))
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
    }
    const town = fmt(meta.tz)
    assert.notEqual(town, fmt('America/New_York'), 'the two zones differ')
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'America/New_York')
    const adminPage = await newPage(browser, { ...DESKTOP, timezoneId: 'America/New_York' })
    await login(adminPage, USER, PASSWORD)
    await adminPage.goto('/users')
    // the demo town has its staff's accounts: the secretary's row is on the page of its place in
    // the list (by id, 50 a page), and users added meanwhile come after it
    const pageNo = Math.floor(users.indexOf(who) / 50) + 1
    await adminPage.locator('.el-table__body tr').first().waitFor()
    if (pageNo > 1) await adminPage.locator('.el-pager li', { hasText: new RegExp(`^${pageNo}$`) }).click()
    const row = adminPage.locator('.el-table__body tr', { hasText: sec.username })
    await row.first().waitFor()
    const text = await row.first().innerText()
    assert.ok(text.includes(town), `the users page shows ${town} (the town's time): ${text}`)
    // and a page reached first, before anything else loaded the town's settings
    await page.goto('/tasks/' + task.id)
    await tid(page, 'td-events').locator('[data-kind="created"]').waitFor()
    const at = await tid(page, 'td-events').locator('.el-timeline-item__timestamp').first().innerText()
    const created = new Date(task.created_at * 1000)
    assert.ok(created, 'created_at')
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: meta.tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(created).map((x) => [x.type, x.value]))
    assert.equal(at.trim(), `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`)
  })
})
