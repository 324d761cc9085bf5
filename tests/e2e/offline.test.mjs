// offline.test.mjs: the field app with no signal (离线可用), on a 390×844 phone. A grid worker of
// 云龙村1组 and checkpoint staff of 云龙村 (new usernames each run) open the app once online, then:
//   - with the network off (playwright's context.setOffline) record two health checks and a sweep
//     visit (the grid worker) and a screening (the checkpoint), each shown as waiting on the phone;
//     the page is reloaded and still opens, from the service worker's shell and IndexedDB; back
//     online, the queue is sent and the API finds each record exactly once;
//   - a check recorded offline for someone the admin then releases is refused when sent: kept as
//     refused with the server's reason in the user's language, opened again in its form, discarded;
//   - the answers of the server lost after it committed (route.fetch() then route.abort()): each
//     write is sent again under its Idempotency-Key and still recorded once;
//   - logging out warns while a write waits, and leaves nothing personal in IndexedDB, Cache
//     Storage or localStorage; a session revoked on the server wipes the copy too at the next visit.
// It needs the demo town's 云龙村1组 and toll gate 南谷互通高速收费站, and may run many times
// against one server.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import {
  USER, PASSWORD, missingEnv, launch, newPage, login, guard, tid, field, PHONE, idNumber, mobile, fictionalName, ok, call
} from './lib.mjs'

const skip = missingEnv() || false
const VILLAGE = '430302100201' // 云龙村
const GRID = VILLAGE + '001' // 云龙村1组
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36)
let admin = ''
const gate = {}

function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10)
}
let seq = 0
async function staff(role, area) {
  const u = { username: `e2e-off-${role}-${suffix}-${++seq}`, password: `${role}-pass-${suffix}`, display_name: `离线${role}${seq}` }
  u.id = (await ok(admin, 'POST', '/users', { ...u, role, area_code: area })).id
  return u
}
// a household of `n` in the grid; with kpFor, its first member is a key person of that grid worker
async function household(n, kpFor) {
  const hh = await ok(admin, 'POST', '/households', { address: `云龙村1组离线路${suffix}-${++seq}号`, area_code: GRID })
  hh.members = []
  for (let i = 0; i < n; i++) {
    hh.members.push(await ok(admin, 'POST', '/persons', {
      name: fictionalName(i % 2 ? '上官' : '欧阳'), id_number: idNumber(i % 2 === 0), phone: mobile(), household_id: hh.id
    }))
  }
  if (kpFor) {
    hh.kp = await ok(admin, 'POST', '/key-persons', {
      person_id: hh.members[0].id, reason: 'high_risk_area', from_place: '武汉', left_on: daysAgo(3), arrived_on: daysAgo(2),
      transport: 'train', transport_no: 'G1' + Math.floor(100 + Math.random() * 900), found_by: 'sweep', kind: 'home'
    })
    await ok(admin, 'PATCH', `/key-persons/${hh.kp.id}`, { grid_worker_id: kpFor.id })
  }
  return hh
}
async function sweep() {
  return ok(admin, 'POST', '/sweeps', {
    name: '离线排查' + suffix.slice(-4) + '-' + ++seq, scope: [GRID], starts_on: daysAgo(1), ends_on: daysAgo(-3),
    questions: [{ key: 'fever', text: '近14天是否发热', kind: 'yesno', per_person: true, required: true }]
  })
}

before(async () => {
  if (skip) return
  admin = (await ok('', 'POST', '/session', { username: USER, password: PASSWORD })).token
  const posts = (await ok(admin, 'GET', '/duty/posts?limit=500')).items
  Object.assign(gate, posts.find((p) => p.name === '南谷互通高速收费站'))
  assert.ok(gate.id, 'the demo town has the toll gate')
})

// what the phone keeps, read from the page: every IndexedDB database with its stores' records,
// the names of the caches with the URLs in each, localStorage and sessionStorage
async function phoneCopy(page) {
  return page.evaluate(async () => {
    const out = { idb: {}, caches: {}, local: { ...localStorage }, session: { ...sessionStorage } }
    for (const d of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(d.name)
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
      out.idb[d.name] = {}
      for (const s of db.objectStoreNames) {
        out.idb[d.name][s] = await new Promise((resolve) => {
          const r = db.transaction(s).objectStore(s).getAll()
          r.onsuccess = () => resolve(r.result)
        })
      }
      db.close()
    }
    for (const name of await caches.keys()) out.caches[name] = (await (await caches.open(name)).keys()).map((r) => r.url)
    return out
  })
}
// waitKept(page, url): until the phone's copy holds the answer of that API path
async function waitKept(page, path) {
  await until(page, async (url) => {
    // opening a database that is not there would make an empty one, before the app makes its own
    if (!(await indexedDB.databases()).some((x) => x.name === 'fangyi-offline')) return false
    const d = await new Promise((resolve) => {
      const r = indexedDB.open('fangyi-offline')
      r.onsuccess = () => resolve(r.result)
    })
    if (!d.objectStoreNames.contains('reads')) return false
    const got = await new Promise((resolve) => {
      const r = d.transaction('reads').objectStore('reads').get(url)
      r.onsuccess = () => resolve(r.result)
    })
    d.close()
    return !!got
  }, '/api/v1' + path)
}
// until(page, fn, arg): polls fn in the page until it is true. (playwright's waitForFunction builds
// its predicate from a string, which the app's Content-Security-Policy refuses to evaluate.)
async function until(page, fn, arg, timeout = 30000) {
  const end = Date.now() + timeout
  for (;;) {
    if (await page.evaluate(fn, arg).catch(() => false)) return
    if (Date.now() > end) throw new Error('timed out waiting for ' + fn.toString().slice(0, 160))
    await new Promise((r) => setTimeout(r, 200))
  }
}
// the service worker controls the page and has kept the app shell
async function shellReady(page) {
  await until(page, () => !!navigator.serviceWorker.controller)
}
const bar = (page) => tid(page, 'sync-bar')
async function waiting(page, n) {
  await until(page, (n) => {
    const b = document.querySelector('[data-testid="sync-bar"]')
    return b && Number(b.dataset.waiting) === n
  }, n)
}

async function recordCheck(page, kpId, temp) {
  await page.goto(`/key-persons/${kpId}/check`)
  await tid(page, 'ck-name').waitFor()
  await field(page, 'ck-temp').fill(temp)
  await tid(page, 'ck-save').click()
}
async function recordVisit(page, camp, hh) {
  await page.goto(`/sweeps/${camp.id}/visit/${hh.id}`)
  await tid(page, 'sv-address').waitFor()
  await tid(page, 'sv-outcome-reached').click()
  for (const m of hh.members) await tid(page, `sv-ans-${m.id}-fever-no`).click()
  await tid(page, 'sv-save').click()
}
async function recordScreening(page, digits, temp) {
  await page.goto('/screening')
  await tid(page, 'sc-province').waitFor()
  await field(page, 'sc-plate').fill('C' + digits)
  await field(page, 'sc-temp-0').fill(temp)
  await tid(page, 'sc-submit').click()
}
const checksOf = async (kpId, temp) =>
  (await ok(admin, 'GET', `/key-persons/${kpId}/checks?limit=500`)).items.filter((c) => Number(c.temperature).toFixed(1) === temp)
const visitsOf = async (camp, hh) => (await ok(admin, 'GET', `/sweeps/${camp.id}/visits?household_id=${hh.id}`)).items
const screeningsOf = async (digits) => (await ok(admin, 'GET', `/screenings?post_id=${gate.id}&plate=C${digits}&limit=50`)).items

test('recorded with no signal, the app reopened offline, each record sent exactly once when the signal returns', { skip }, async (t) => {
  const grid = await staff('grid', GRID)
  const cp = await staff('checkpoint', VILLAGE)
  const [a, b, v] = [await household(1, grid), await household(1, grid), await household(2)]
  const camp = await sweep()
  const digits = String(Date.now()).slice(-5)
  const browser = await launch()
  t.after(() => browser.close())

  const page = await newPage(browser, PHONE)
  await guard(page, 'offline-grid-online', async () => {
    await login(page, grid.username, grid.password)
    await page.waitForURL(/\/worklist/)
    await shellReady(page)
    for (const p of [`/key-persons/${a.kp.id}`, `/key-persons/${b.kp.id}`, `/sweeps/${camp.id}`, `/households/${v.id}`]) await waitKept(page, p)
    assert.equal(await bar(page).getAttribute('data-online'), '1')
  })
  await guard(page, 'offline-grid-record', async () => {
    await page.context().setOffline(true)
    await recordCheck(page, a.kp.id, '36.4')
    await tid(page, 'ck-queued').waitFor()
    await recordCheck(page, b.kp.id, '36.7')
    await tid(page, 'ck-queued').waitFor()
    await recordVisit(page, camp, v)
    await tid(page, 'sv-queued').waitFor()
    // reopened with no signal: the shell from the service worker, the queue from IndexedDB
    await page.goto('/worklist')
    await tid(page, 'worklist').waitFor()
    await waiting(page, 3)
    assert.equal(await bar(page).getAttribute('data-online'), '0')
    assert.match(await bar(page).innerText(), /离线\s*· 3 条待发送/)
    await page.reload()
    await waiting(page, 3)
    await tid(page, 'sync-bar').click()
    assert.equal(await tid(page, 'sync-item').count(), 3)
    assert.deepEqual(await tid(page, 'sync-item').evaluateAll((els) => els.map((e) => e.dataset.kind)), ['check', 'check', 'visit'], 'oldest first')
    await tid(page, 'sync-close').click()
    assert.equal((await checksOf(a.kp.id, '36.4')).length, 0, 'nothing reached the server yet')
  })
  await guard(page, 'offline-grid-send', async () => {
    await page.context().setOffline(false)
    await waiting(page, 0)
    assert.equal((await checksOf(a.kp.id, '36.4')).length, 1)
    assert.equal((await checksOf(b.kp.id, '36.7')).length, 1)
    const visits = await visitsOf(camp, v)
    assert.equal(visits.length, 1)
    assert.equal(visits[0].outcome, 'reached')
    assert.equal(visits[0].persons_seen, 2)
  })

  const cpage = await newPage(browser, PHONE)
  await guard(cpage, 'offline-checkpoint', async () => {
    await login(cpage, cp.username, cp.password)
    await cpage.waitForURL(/\/screening/)
    await shellReady(cpage)
    await waitKept(cpage, '/duty/posts?limit=500')
    await cpage.context().setOffline(true)
    await recordScreening(cpage, digits, '36.5')
    await tid(cpage, 'sc-queued').waitFor()
    await cpage.reload()
    await waiting(cpage, 1)
    assert.equal((await screeningsOf(digits)).length, 0)
    await cpage.context().setOffline(false)
    await waiting(cpage, 0)
    const s = await screeningsOf(digits)
    assert.equal(s.length, 1)
    assert.equal(s[0].plate, `湘C${digits}`)
  })
})

test('a record the server refuses stays on the phone as refused, with its reason, to fix or discard', { skip }, async (t) => {
  const grid = await staff('grid', GRID)
  const a = await household(1, grid)
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  await page.addInitScript(() => localStorage.setItem('fangyi.lang', 'en'))
  await guard(page, 'offline-refused', async () => {
    await login(page, grid.username, grid.password)
    await shellReady(page)
    await waitKept(page, `/key-persons/${a.kp.id}`)
    await page.context().setOffline(true)
    await recordCheck(page, a.kp.id, '36.3')
    await tid(page, 'ck-queued').waitFor()
    // meanwhile the observation ends and the person is released
    await ok(admin, 'PATCH', `/key-persons/${a.kp.id}`, { days: 1 })
    await ok(admin, 'POST', `/key-persons/${a.kp.id}/release`, {})
    await page.context().setOffline(false)
    await until(page, () => document.querySelector('[data-testid="sync-bar"]')?.dataset.refused === '1')
    await waiting(page, 0)
    assert.match(await bar(page).innerText(), /Online\s*· 1 refused/)
    await bar(page).click()
    const item = tid(page, 'sync-item').first()
    assert.equal(await item.getAttribute('data-state'), 'refused')
    assert.match(await item.locator('[data-testid="sync-reason"]').innerText(), /no longer under observation/)
    // opened again in its form, as it was typed, with the reason
    await item.locator('[data-testid="sync-fix"]').click()
    await tid(page, 'ck-redo').waitFor()
    assert.equal(await field(page, 'ck-temp').inputValue(), '36.3')
    assert.match(await tid(page, 'ck-error').innerText(), /no longer under observation/)
    // and given up
    await bar(page).click()
    await tid(page, 'sync-discard').first().click()
    await tid(page, 'sync-discard-yes').click()
    await until(page, () => document.querySelector('[data-testid="sync-bar"]')?.dataset.refused === '0')
    assert.equal((await checksOf(a.kp.id, '36.3')).length, 0)
  })
})

test('answers lost after the server wrote: each record sent again under its key, still once', { skip }, async (t) => {
  const grid = await staff('grid', GRID)
  const cp = await staff('checkpoint', VILLAGE)
  const [a, v] = [await household(1, grid), await household(1)]
  const camp = await sweep()
  const digits = String(Date.now() + 7).slice(-5)
  const browser = await launch()
  t.after(() => browser.close())
  // the answers to each write's first three sends (the form's own and its two quick retries) are
  // dropped after the server has committed it: the write is left to the queue
  const dropped = []
  async function dropFirst(page) {
    const seen = new Map()
    await page.route(/\/api\/v1\/(key-persons\/\d+\/checks|sweeps\/\d+\/visits|screenings)$/, async (route) => {
      const req = route.request()
      if (req.method() !== 'POST') return route.continue()
      const key = req.headers()['idempotency-key']
      assert.ok(key && key.length >= 32, `a key made on the phone, at least 32 characters (${key})`)
      const n = (seen.get(key) || 0) + 1
      seen.set(key, n)
      if (n > 3) return route.continue()
      const res = await route.fetch()
      dropped.push([req.url(), res.status(), n])
      await route.abort('connectionreset')
    })
  }
  // service workers blocked: playwright sees a worker's requests only this way (the queue and the
  // keys are the page's, so the test is the same)
  const page = await newPage(browser, { ...PHONE, serviceWorkers: 'block' })
  await dropFirst(page)
  await guard(page, 'offline-dropped-grid', async () => {
    await login(page, grid.username, grid.password)
    await waitKept(page, `/households/${v.id}`)
    await recordCheck(page, a.kp.id, '36.2')
    await tid(page, 'ck-queued').waitFor()
    await recordVisit(page, camp, v)
    await tid(page, 'sv-queued').waitFor()
    assert.equal((await checksOf(a.kp.id, '36.2')).length, 1, 'the server wrote it although the phone never heard')
    // the app opened again: the queue is sent at once
    await page.reload()
    await waiting(page, 0)
  })
  const cpage = await newPage(browser, { ...PHONE, serviceWorkers: 'block' })
  await dropFirst(cpage)
  await guard(cpage, 'offline-dropped-checkpoint', async () => {
    await login(cpage, cp.username, cp.password)
    await waitKept(cpage, '/duty/posts?limit=500')
    await recordScreening(cpage, digits, '36.8')
    await tid(cpage, 'sc-queued').waitFor()
    await bar(cpage).click()
    await tid(cpage, 'sync-send').click()
    await waiting(cpage, 0)
  })
  assert.equal(dropped.length, 9, 'three answers of each write were lost: ' + JSON.stringify(dropped))
  assert.ok(dropped.every(([, s]) => s === 201), 'each after the server had written it (or replayed the first answer)')
  assert.equal((await checksOf(a.kp.id, '36.2')).length, 1)
  assert.equal((await visitsOf(camp, v)).length, 1)
  assert.equal((await screeningsOf(digits)).length, 1)
})

test('logging out warns of unsent records and leaves nothing personal on the phone; so does a revoked session', { skip }, async (t) => {
  const grid = await staff('grid', GRID)
  const a = await household(1, grid)
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, PHONE)
  const personal = [a.kp.name, a.address, a.members[0].name]
  const holds = (copy) => personal.filter((s) => JSON.stringify(copy).includes(s))
  await guard(page, 'offline-wipe-logout', async () => {
    await login(page, grid.username, grid.password)
    await shellReady(page)
    await waitKept(page, `/key-persons/${a.kp.id}`)
    await page.evaluate(() => localStorage.setItem('fangyi.hospitals', '["湘潭市中心医院"]'))
    const before = await phoneCopy(page)
    assert.ok(holds(before).length, 'the phone kept the worker\'s own work')
    await page.context().setOffline(true)
    await recordCheck(page, a.kp.id, '36.1')
    await tid(page, 'ck-queued').waitFor()
    await page.route('**/api/v1/key-persons/*/checks', (r) => r.abort()) // it stays waiting
    await page.context().setOffline(false)
    await tid(page, 'logout').click()
    await tid(page, 'logout-warn').waitFor()
    assert.match(await tid(page, 'logout-warn').innerText(), /1 条记录还没有发送/)
    await tid(page, 'logout-discard').click()
    await page.waitForURL(/\/login/)
    const after = await phoneCopy(page)
    assert.deepEqual(holds(after), [], 'nothing personal stays: ' + JSON.stringify(after).slice(0, 400))
    for (const [name, stores] of Object.entries(after.idb))
      for (const [s, rows] of Object.entries(stores)) assert.deepEqual(rows, [], `IndexedDB ${name}/${s} is empty`)
    for (const [name, urls] of Object.entries(after.caches)) {
      assert.match(name, /^workbox-precache/, 'only the app shell is cached')
      assert.deepEqual(urls.filter((u) => u.includes('/api/')), [], 'no answer of the API is cached')
    }
    assert.deepEqual(Object.keys(after.local).filter((k) => k !== 'fangyi.lang'), [])
    assert.deepEqual(after.session, {})
    assert.equal((await checksOf(a.kp.id, '36.1')).length, 0, 'discarded, as the worker chose')
  })
  await guard(page, 'offline-wipe-revoked', async () => {
    await login(page, grid.username, grid.password)
    await waitKept(page, `/key-persons/${a.kp.id}`)
    assert.ok(holds(await phoneCopy(page)).length)
    // the admin disables the account: its session ends on the server
    await ok(admin, 'PATCH', `/users/${grid.id}`, { disabled: true })
    await page.goto('/worklist')
    await page.waitForURL(/\/login/)
    await until(page, async () => {
      const d = await new Promise((resolve) => {
        const r = indexedDB.open('fangyi-offline')
        r.onsuccess = () => resolve(r.result)
      })
      const n = await new Promise((resolve) => {
        const r = d.transaction('reads').objectStore('reads').count()
        r.onsuccess = () => resolve(r.result)
      })
      d.close()
      return n === 0
    })
    assert.deepEqual(holds(await phoneCopy(page)), [])
  })
})
