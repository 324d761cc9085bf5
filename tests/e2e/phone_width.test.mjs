// phone_width.test.mjs: every page a field worker uses, on a phone held in one hand (390×844), in
// Chinese and in English. A grid worker, a village doctor, checkpoint staff and the admin open the
// worklist, the key persons (list, detail, check-in), the tasks (list, detail), the sweeps (list,
// detail, door list, visit), the screening form, and the public tip form and self-report, each
// with a real record behind it (a key person with a fever reading, a task, a sweep over a household
// of two, the demo town's toll gate). On every page:
//   - nothing scrolls sideways: neither the page nor any box in it (a table wider than the phone,
//     scrolled inside its own box, hides its columns as surely as a page that scrolls);
//   - every touch target in the page (buttons, links, tabs, radios, checkboxes, fields, pager
//     items: what a finger aims at) is at least 44 px tall and 44 px wide;
//   - a form's labels stand above their fields, and its main action spans the width;
// and the key-person list shows each person's status, area, day and last reading on the screen.
//   FANGYI_URL=http://127.0.0.1:8080 FANGYI_USER=admin FANGYI_PASSWORD=... node --test tests/e2e/phone_width.test.mjs
// The admin adds the three staff (new usernames each run) in the demo town's 云龙村 and 云龙村1组,
// registers a resident of 云龙村1组 as a key person, and makes a task and a sweep for them.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import {
  USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, PHONE, idNumber, mobile, fictionalName, call, ok
} from './lib.mjs'

const skip = missingEnv() || false
const VILLAGE = '430302100201' // 云龙村, with the toll gate
const GRID = VILLAGE + '001' // 云龙村1组
const MIN = 44 // px: the smallest finger target (Apple's 44 pt, WCAG 2.5.5)
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const mk = (role, name) => ({ username: `e2e-pw-${role}-${suffix}`, password: `${role}-pass-${suffix}`, display_name: name + suffix.slice(-3) })
const staff = { grid: mk('grid', '手机网格员'), doctor: mk('doctor', '手机村医'), checkpoint: mk('checkpoint', '手机卡口') }

const rec = {} // what the pages show: kp, task, camp, hh
let admin = ''

function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10)
}

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  staff.grid.id = (await ok(admin, 'POST', '/users', { ...staff.grid, role: 'grid', area_code: GRID })).id
  staff.doctor.id = (await ok(admin, 'POST', '/users', { ...staff.doctor, role: 'doctor', area_code: VILLAGE })).id
  staff.checkpoint.id = (await ok(admin, 'POST', '/users', { ...staff.checkpoint, role: 'checkpoint', area_code: VILLAGE })).id

  // a household of two in the grid: one of them comes back from 武汉 and is put under observation
  rec.hh = await ok(admin, 'POST', '/households', { address: `云龙村1组手机路${suffix}号`, area_code: GRID })
  const members = []
  for (const male of [true, false]) {
    members.push(await ok(admin, 'POST', '/persons', {
      name: fictionalName(male ? '欧阳' : '上官'), id_number: idNumber(male), phone: mobile(), household_id: rec.hh.id, notes: '浏览器测试 phone_width'
    }))
  }
  rec.kp = await ok(admin, 'POST', '/key-persons', {
    person_id: members[0].id, reason: 'high_risk_area', from_place: '武汉', left_on: daysAgo(3), arrived_on: daysAgo(2),
    transport: 'train', transport_no: 'G1' + Math.floor(100 + Math.random() * 900), found_by: 'sweep', kind: 'home'
  })
  await ok(admin, 'PATCH', `/key-persons/${rec.kp.id}`, { grid_worker_id: staff.grid.id, doctor_id: staff.doctor.id })
  await ok(admin, 'POST', `/key-persons/${rec.kp.id}/checks`, { temperature: 38.3, symptoms: ['fever', 'cough'], method: 'visit' })

  rec.task = await ok(admin, 'POST', '/tasks', {
    title: `上门核查返乡人员健康状况 ${suffix}`, description: '核实14天内行程，登记体温，发放居家观察告知书。',
    area_code: GRID, owner_id: staff.grid.id, deadline: Math.floor(Date.now() / 1000) + 86400, priority: 'high', source: 'manual'
  })
  rec.docTask = await ok(admin, 'POST', '/tasks', {
    title: `随访发热人员 ${suffix}`, area_code: VILLAGE, owner_id: staff.doctor.id,
    deadline: Math.floor(Date.now() / 1000) + 7200, priority: 'urgent', source: 'manual'
  })
  rec.camp = await ok(admin, 'POST', '/sweeps', {
    name: '手机排查' + suffix.slice(-4), scope: [GRID], starts_on: daysAgo(0), ends_on: daysAgo(-3),
    questions: [
      { key: 'hubei', text: '1月10日以来是否从湖北返回', kind: 'yesno', per_person: true, required: true, handoff: { to: 'monitor', reason: 'high_risk_area' } },
      { key: 'temp', text: '今日体温（℃）', kind: 'number', per_person: true },
      { key: 'vehicle', text: '返乡交通方式', kind: 'choice', choices: ['火车', '汽车', '自驾', '飞机'], per_person: true },
      { key: 'note', text: '其他情况', kind: 'text', per_person: true },
      { key: 'leaflet', text: '是否已发放宣传单', kind: 'yesno' }
    ]
  })
  const posts = (await ok(admin, 'GET', '/duty/posts')).items
  assert.ok(posts.some((p) => p.name === '南谷互通高速收费站'), 'the demo town has the toll gate')
})

// audit looks at the page as it stands and returns what is wrong with it on a phone.
async function audit(page) {
  return page.evaluate((min) => {
    const root = document.querySelector('main.el-main') || document.querySelector('.public-wrap') || document.body
    const vw = window.innerWidth
    const name = (el) => {
      const id = el.closest('[data-testid]')
      const text = (el.innerText || el.value || el.placeholder || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 24)
      return `${el.tagName.toLowerCase()}.${String(el.className.baseVal ?? el.className).split(' ')[0]}${id ? '[' + id.getAttribute('data-testid') + ']' : ''} "${text}"`
    }
    const rect = (el) => {
      const r = el.getBoundingClientRect()
      if (r.width < 1 || r.height < 1) return null // not drawn
      const s = getComputedStyle(el)
      return s.visibility === 'hidden' ? null : r
    }
    const out = { width: document.documentElement.scrollWidth, scrolls: [], small: [], labels: [] }
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const s = getComputedStyle(el)
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1 && rect(el)) {
        out.scrolls.push(`${name(el)} ${el.scrollWidth}>${el.clientWidth}`)
      }
    }
    // what a finger aims at: the box that takes the tap (a radio's or checkbox's label, a field's frame)
    const seen = new Set()
    const targets = 'button, a[href], .el-link, [role=button], [role=link], [role=tab], [role=radio], [role=checkbox], [role=switch], ' +
      '[role=combobox], input:not([type=hidden]), textarea, select, .el-pager li'
    for (const el of root.querySelectorAll(targets)) {
      let box = el
      if (el.matches('input[type=radio], input[type=checkbox], [role=radio], [role=checkbox], [role=switch]')) box = el.closest('label, .el-switch') || el
      else if (el.matches('input, textarea, [role=combobox]')) box = el.closest('.el-input__wrapper, .el-select__wrapper, .el-textarea') || el
      if (seen.has(box)) continue
      seen.add(box)
      const r = rect(box)
      if (!r) continue
      if (r.height < min - 0.5 || r.width < min - 0.5) out.small.push(`${name(box)} ${Math.round(r.width)}×${Math.round(r.height)}`)
    }
    // one thumb: a form's labels above their fields
    for (const item of root.querySelectorAll('.el-form-item')) {
      const label = item.querySelector(':scope > .el-form-item__label-wrap, :scope > .el-form-item__label')
      const content = item.querySelector(':scope > .el-form-item__content')
      const lr = label && rect(label)
      const cr = content && rect(content)
      if (lr && cr && lr.bottom > cr.top + 1) out.labels.push(name(label))
    }
    out.vw = vw
    return out
  }, MIN)
}

// checkPage opens one page, waits for its record, does what shows the rest of it (a tab, an
// answer) and returns what is wrong with it, as lines; '' when nothing is.
async function checkPage(page, p) {
  await page.goto(p.path)
  await page.locator(p.ready).first().waitFor()
  if (p.then) await p.then(page)
  await page.waitForTimeout(600) // tags zoom in as they appear
  const a = await audit(page)
  const bad = []
  if (a.width > a.vw) bad.push(`the page is ${a.width}px wide`)
  for (const s of a.scrolls) bad.push('scrolls sideways: ' + s)
  for (const s of a.small) bad.push('too small to tap: ' + s)
  for (const s of a.labels) bad.push('label beside its field: ' + s)
  if (p.main) {
    const main = await page.locator(p.main).first().boundingBox()
    if (!main || main.width < 0.85 * (a.vw - 40)) bad.push(`the main action ${p.main} is ${main ? Math.round(main.width) : 0}px wide, not the width of the form`)
  }
  return bad.length ? `${p.path}:\n    ` + bad.join('\n    ') : ''
}

// the pages of each login, with what each waits for
function pagesOf(role) {
  const kp = `/key-persons/${rec.kp.id}`
  const mine = role === 'doctor' ? rec.docTask : rec.task
  const task = `/tasks/${mine.id}`
  const camp = `/sweeps/${rec.camp.id}`
  const kpRow = `[data-testid="kp-name"]:has-text("${rec.kp.name}")`
  const visit = {
    path: `${camp}/visit/${rec.hh.id}`, ready: '[data-testid="sv-outcome-reached"]', main: '[data-testid="sv-save"]',
    then: async (page) => {
      await tid(page, 'sv-outcome-reached').tap()
      await page.locator('[data-testid="sv-person"]').first().waitFor()
    }
  }
  const common = [
    { path: '/key-persons', ready: kpRow },
    { path: kp, ready: '[data-testid="kpd-event"]' },
    { path: '/tasks', ready: `[data-task="${mine.id}"], [data-testid="task-title"]:has-text("${mine.title}")` },
    { path: task, ready: '[data-testid="td-event"]' }
  ]
  if (role === 'grid') {
    return [
      { path: '/worklist', ready: `[data-testid="my-tasks"] [data-task="${rec.task.id}"]` },
      ...common,
      { path: `${kp}/check`, ready: '[data-testid="ck-name"]', main: '[data-testid="ck-save"]' },
      { path: '/sweeps', ready: `[data-testid="sw-card"][data-id="${rec.camp.id}"]` },
      { path: camp, ready: '[data-testid="sd-stats"]' },
      { path: camp, ready: '[data-testid="sd-stats"]', then: async (page) => {
        await page.locator('#tab-visits').tap()
        await page.locator('[data-testid="sd-visits"], [data-testid="sd-visit"]').first().waitFor()
      } },
      { path: `${camp}/door`, ready: `[data-testid="door-row"][data-household="${rec.hh.id}"]` },
      visit
    ]
  }
  if (role === 'doctor') return [{ path: '/worklist', ready: `[data-testid="wl-row"][data-kp="${rec.kp.id}"]` }, ...common]
  if (role === 'checkpoint') {
    return [{
      path: '/screening', ready: '[data-testid="sc-province"]', main: '[data-testid="sc-submit"]',
      then: async (page) => {
        await tid(page, 'sc-plus').tap()
        await tid(page, 'sc-more-0').tap()
        await tid(page, 'sc-name-0').waitFor()
      }
    }]
  }
  // the admin: the same pages with the forms that assign, extend and administer
  return [
    ...common,
    { path: camp, ready: '[data-testid="sd-stats"]' },
    { path: `${camp}/door`, ready: `[data-testid="door-row"][data-household="${rec.hh.id}"]` },
    visit,
    { path: '/screening', ready: '[data-testid="sc-province"]', main: '[data-testid="sc-submit"]' }
  ]
}
const PUBLIC = [
  { path: '/tip', ready: '[data-testid="tf-kind"]', main: '[data-testid="tf-submit"]' },
  { path: '/self-report', ready: '[data-testid="sr-code"]', main: '[data-testid="sr-submit"]' }
]

async function setLang(page, lang) {
  await page.addInitScript((l) => localStorage.setItem('fangyi.lang', l), lang)
}

for (const lang of ['zh-CN', 'en']) {
  for (const role of ['grid', 'doctor', 'checkpoint', 'admin', 'public']) {
    test(`${role} on a 390 px phone (${lang}): no sideways scrolling, finger-sized targets, one-thumb forms`, { skip }, async (t) => {
      const browser = await launch()
      t.after(() => browser.close())
      const page = await newPage(browser, PHONE)
      await setLang(page, lang)
      const who = role === 'admin' ? { username: USER, password: PASSWORD } : staff[role]
      if (who) await login(page, who.username, who.password)
      const faults = []
      for (const p of role === 'public' ? PUBLIC : pagesOf(role)) {
        const f = await guard(page, `phone-${role}-${lang}-${p.path.replace(/\W+/g, '_')}`, () => checkPage(page, p))
        if (f) faults.push(f)
      }
      assert.equal(faults.join('\n'), '', `${faults.length} page(s) not made for a phone`)
    })
  }

  test(`the key-person list on a phone shows each person's status, area, day and last reading (${lang})`, { skip }, async (t) => {
    const browser = await launch()
    t.after(() => browser.close())
    const page = await newPage(browser, PHONE)
    await setLang(page, lang)
    await login(page, staff.grid.username, staff.grid.password)
    const token = (await ok('', 'POST', '/session', { username: staff.grid.username, password: staff.grid.password })).token
    const listed = (await ok(token, 'GET', '/key-persons?status=active&limit=20')).items
    assert.ok(listed.some((k) => k.id === rec.kp.id), 'the grid worker has the key person')
    const status = lang === 'en' ? 'Under observation' : '观察中'
    await guard(page, 'phone-kp-status-' + lang, async () => {
      await page.goto('/key-persons')
      await page.locator(`[data-testid="kp-name"]:has-text("${rec.kp.name}")`).waitFor()
      await page.waitForTimeout(600) // a tag zooms in as it appears
      // each person's record on the screen: what the name sits in (a card, or a table's row),
      // and in it the status, the area and the day, all inside the 390 px and none hidden by a
      // box that clips it
      const shown = await page.evaluate(({ names, status }) => {
        // a piece of text is shown when its own box (not its cell's) lies inside the screen and
        // inside every box around it that clips
        const visible = (range) => {
          const r = range.getBoundingClientRect()
          if (r.width < 1 || r.left < 0 || r.right > window.innerWidth + 0.5) return false
          for (let a = range.startContainer.parentElement; a; a = a.parentElement) {
            const s = getComputedStyle(a)
            if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
            const b = a.getBoundingClientRect()
            if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return false
          }
          return true
        }
        const find = (row, text) => {
          const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT)
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const at = n.data.indexOf(text)
            if (at < 0) continue
            const range = document.createRange()
            range.setStart(n, at)
            range.setEnd(n, at + text.length)
            return range
          }
          return null
        }
        const out = {}
        for (const n of names) {
          const link = [...document.querySelectorAll('[data-testid="kp-name"]')].find((e) => e.innerText.trim() === n.name)
          const row = link && link.closest('[data-testid="kp-card"], tr')
          if (!row) {
            out[n.name] = 'not listed'
            continue
          }
          const miss = []
          for (const [what, text] of [['status', status], ['area', n.area], ['day', n.day], ['last check', n.temp]]) {
            if (!text) continue
            const range = find(row, text)
            if (!range || !visible(range)) miss.push(`${what} "${text}"`)
          }
          out[n.name] = miss.join(', ')
        }
        return out
      }, {
        status,
        names: listed.map((k) => ({
          name: k.name, area: k.area_label || k.area_name, day: `${k.day}/${k.days}`,
          temp: k.last_check ? Number(k.last_check.temperature).toFixed(1) + '°C' : ''
        }))
      })
      const missing = Object.entries(shown).filter(([, v]) => v).map(([n, v]) => `${n}: ${v}`)
      assert.deepEqual(missing, [], 'every key person shows on the phone with their status, area, day and last reading')
    })
  })
}
