// menu.test.mjs: the side menu grouped by duty (web/src/menu.js). The admin sees the groups in
// Chinese and English, on a desktop and in a phone's drawer, with no label cut; every entry opens
// its page. A grid worker and a checkpoint (new usernames each run) see only groups with entries
// in them, and a group left with one entry is that entry alone.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, openMenu, DESKTOP, PHONE, ok } from './lib.mjs'

const skip = missingEnv() || false
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
const grid = { username: 'e2e-mgrid-' + suffix, password: 'grid-pass-' + suffix, role: 'grid', area_code: '430302100201001' }
const gate = { username: 'e2e-mgate-' + suffix, password: 'gate-pass-' + suffix, role: 'checkpoint', area_code: '430302100201' }

// the groups as the town names them, and where each entry belongs
const GROUPS = {
  monitoring: { zh: '重点人员监测', en: 'Monitoring', items: ['worklist', 'keyPersons', 'alerts'] },
  checkpoints: { zh: '卡口值守', en: 'Checkpoints', items: ['screening', 'dutyNow', 'dutyPosts', 'checkpointFigures'] },
  sweeps: { zh: '排查与宣传', en: 'Sweeps & publicity', items: ['sweeps', 'publicity', 'gatherings'] },
  supplies: { zh: '物资', en: 'Supplies', items: ['supplies', 'donations', 'ledger', 'cash'] },
  command: { zh: '指挥调度', en: 'Command post', items: ['tasks', 'tips', 'lists', 'report', 'dashboard'] },
  registry: { zh: '人口登记', en: 'Registry', items: ['areas', 'people', 'households', 'import'] },
  system: { zh: '系统管理', en: 'System', items: ['users', 'audit', 'monitorSettings'] }
}
// the page each entry opens (web/src/router.js)
const PATHS = {
  home: '/', worklist: '/worklist', keyPersons: '/key-persons', alerts: '/alerts', screening: '/screening',
  dutyNow: '/duty/now', dutyPosts: '/duty/posts', checkpointFigures: '/checkpoint/figures', sweeps: '/sweeps',
  publicity: '/publicity', gatherings: '/gatherings', supplies: '/supplies', donations: '/donations',
  ledger: '/ledger', cash: '/cash', tasks: '/tasks', tips: '/tips', lists: '/lists', report: '/report', dashboard: '/dashboard',
  areas: '/areas', people: '/people', households: '/households', import: '/import', users: '/users',
  audit: '/audit', monitorSettings: '/settings/monitoring'
}

before(async () => {
  if (skip) return
  const admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  await ok(admin, 'POST', '/users', grid)
  await ok(admin, 'POST', '/users', gate)
})

// shape(page) → { groups: { group: [entries] }, flat: [entries outside any group] } as shown
async function shape(page) {
  const menu = tid(page, 'side-menu').first()
  await menu.waitFor()
  const groups = {}
  for (const g of await menu.locator('[data-testid^="menu-group-"]').all()) {
    const name = (await g.getAttribute('data-testid')).slice('menu-group-'.length)
    groups[name] = await g.locator('.el-menu-item').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(5)))
  }
  const flat = await menu.locator(':scope > .el-menu-item').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(5)))
  return { groups, flat }
}

// groupTitles(page) → the groups' titles as shown
async function groupTitles(page) {
  const out = {}
  for (const g of await tid(page, 'side-menu').first().locator('[data-testid^="menu-group-"]').all()) {
    const name = (await g.getAttribute('data-testid')).slice('menu-group-'.length)
    out[name] = (await g.locator('.el-sub-menu__title').first().textContent()).trim()
  }
  return out
}

// cutLabels(page) → the menu's labels, shown now, too wide for their place
async function cutLabels(page) {
  return tid(page, 'side-menu')
    .first()
    .locator('.label')
    .evaluateAll((els) => els.filter((e) => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent))
}

// opensAll(page, names): each entry, opened through the menu, shows its page and is marked as the
// one shown, its group open around it
async function opensAll(page, names) {
  for (const name of names) {
    await openMenu(page, name)
    await page.waitForURL((u) => u.pathname === PATHS[name], { timeout: 10000 }).catch(() => {
      throw new Error(`menu entry ${name} opened ${page.url()}, not ${PATHS[name]}`)
    })
    if (name === 'dashboard') {
      // the command post's screen is full-screen, without the menu: back to the shell
      await page.goto('/')
      continue
    }
    const item = tid(page, 'menu-' + name)
    await item.and(page.locator('.is-active')).waitFor()
    assert.ok(await item.isVisible(), `${name}: its entry shown, its group open`)
  }
}

test('the admin menu is grouped by duty, in both languages, and every entry opens its page', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'menu-admin-login', () => login(page))

  const seen = await guard(page, 'menu-admin-groups', async () => {
    await page.goto('/')
    const s = await shape(page)
    assert.deepEqual(s.flat, ['home'], 'only the home page outside the groups')
    for (const g of ['monitoring', 'checkpoints', 'sweeps', 'supplies', 'command', 'registry', 'system']) {
      assert.ok(s.groups[g], `the admin has the group ${g}`)
      assert.ok(s.groups[g].length >= 2, `${g} holds entries`)
      for (const e of s.groups[g]) assert.ok(GROUPS[g].items.includes(e), `${e} belongs in ${g}`)
    }
    const titles = await groupTitles(page)
    for (const [g, w] of Object.entries(GROUPS)) if (titles[g] !== undefined) assert.equal(titles[g], w.zh, `${g} in Chinese`)
    // closed until asked, but for the group of the page shown
    assert.equal(await tid(page, 'menu-people').isVisible(), false, 'the registry is closed on the home page')
    return s
  })

  await guard(page, 'menu-admin-open', async () => {
    const all = Object.values(seen.groups).flat()
    assert.ok(all.length >= 20, `the admin's entries (${all.length})`)
    await opensAll(page, ['home', ...all])
    // a page reached by a link, not through the menu, opens its group too: the home page's "all tasks"
    await openMenu(page, 'home')
    await page.waitForURL((u) => u.pathname === '/')
    assert.equal(await tid(page, 'menu-tasks').isVisible(), false, 'the command group closed on the home page')
    await tid(page, 'my-tasks-more').click()
    await page.waitForURL('**/tasks**')
    await tid(page, 'menu-tasks').and(page.locator('.is-active')).waitFor({ state: 'visible' })
  })

  await guard(page, 'menu-admin-en', async () => {
    await tid(page, 'lang-toggle').click()
    await tid(page, 'menu-home').filter({ hasText: 'Home' }).waitFor()
    const titles = await groupTitles(page)
    for (const [g, w] of Object.entries(GROUPS)) if (titles[g] !== undefined) assert.equal(titles[g], w.en, `${g} in English`)
    for (const g of Object.keys(seen.groups)) {
      await tid(page, 'menu-group-' + g).locator('.el-sub-menu__title').click()
      await tid(page, 'menu-' + seen.groups[g][0]).waitFor()
      assert.deepEqual(await cutLabels(page), [], `no label of ${g} cut on a desktop`)
    }
    await tid(page, 'lang-toggle').click()
    await tid(page, 'menu-home').filter({ hasText: '首页' }).waitFor()
  })
})

test('on a phone the groups fold into the drawer, and a tap on an entry opens it', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await guard(page, 'menu-phone-login', () => login(page))
  await guard(page, 'menu-phone', async () => {
    await tid(page, 'lang-toggle').click()
    await tid(page, 'menu-toggle').click()
    const groups = tid(page, 'side-menu').locator('[data-testid^="menu-group-"]')
    await groups.first().waitFor()
    const box = await tid(page, 'side-menu').boundingBox()
    assert.ok(box.width <= 390, `the drawer fits the phone (${box.width}px)`)
    for (const g of await groups.all()) {
      await g.locator('.el-sub-menu__title').click()
      await g.locator('.el-menu-item').first().waitFor()
      assert.deepEqual(await cutLabels(page), [], 'no label cut in the drawer')
      // one group open at a time keeps the drawer short
      assert.equal(await tid(page, 'side-menu').locator('.el-sub-menu.is-opened').count(), 1, 'one group open')
    }
    await openMenu(page, 'ledger')
    await page.waitForURL('**/ledger')
    await tid(page, 'menu-ledger').waitFor({ state: 'hidden' })
    // opened again, the drawer shows the page's group open
    await tid(page, 'menu-toggle').click()
    await tid(page, 'menu-ledger').waitFor({ state: 'visible' })
  })
})

test('a grid worker and a checkpoint see no empty group, and every entry they see opens', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  for (const [who, want] of [
    [grid, { groups: ['monitoring', 'checkpoints', 'sweeps', 'command', 'registry'], flat: ['home'] }],
    [gate, { groups: ['checkpoints', 'supplies', 'command'], flat: ['home', 'areas'] }]
  ]) {
    const page = await newPage(browser, DESKTOP)
    await guard(page, 'menu-' + who.role, async () => {
      await login(page, who.username, who.password)
      const s = await shape(page)
      assert.deepEqual(Object.keys(s.groups).sort(), want.groups.slice().sort(), `${who.role}: the groups with entries`)
      for (const [g, items] of Object.entries(s.groups)) {
        assert.ok(items.length >= 2, `${who.role}: ${g} holds ${items.length} entries (one would stand alone)`)
        for (const e of items) assert.ok(GROUPS[g].items.includes(e), `${e} belongs in ${g}`)
      }
      assert.deepEqual(s.flat, want.flat, `${who.role}: entries outside the groups`)
      await opensAll(page, [...s.flat, ...Object.values(s.groups).flat()])
    })
    await page.context().close()
  }
})
