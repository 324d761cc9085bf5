// stale.test.mjs: a list shows the answer to the clerk's last search, even when an earlier
// search answers after it (a slow mobile link): the people page's search is held back in the
// browser until the next one has answered, then let through, or failed, and must change nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, missingEnv, launch, newPage, login, guard, tid, field, DESKTOP } from './lib.mjs'

const skip = missingEnv() || false

// names on the people table as shown now
async function shownNames(page) {
  return tid(page, 'people-table').locator('[data-testid="person-name"]').allInnerTexts()
}
// the table's loading mask gone (or never shown)
async function notLoading(page) {
  await tid(page, 'people-table').locator('.el-loading-mask').first().waitFor({ state: 'hidden' })
}

test('a late answer to an older search never replaces the newer one', { skip }, async (t) => {
  const browser = await launch()
  t.after(() => browser.close())
  const page = await newPage(browser, DESKTOP)
  await guard(page, 'stale-login', () => login(page))

  // two residents whose names have nothing in common, so each search finds only its own
  const [older, newer] = await guard(page, 'stale-names', async () => {
    const res = await page.request.get(BASE + '/api/v1/persons?limit=200')
    assert.equal(res.status(), 200, 'GET /api/v1/persons')
    const names = [...new Set((await res.json()).items.map((p) => p.name))]
    for (const a of names) {
      const b = names.find((n) => ![...n].some((c) => a.includes(c)))
      if (b) return [a, b]
    }
    assert.fail('two residents with unrelated names')
  })

  // the older search's request waits here until the test lets it go
  let held = null
  let heldSeen
  const heldArrived = new Promise((resolve) => (heldSeen = resolve))
  await page.route('**/api/v1/persons?*', (route) => {
    const q = new URL(route.request().url()).searchParams.get('q')
    if (q === older && !held) {
      held = route
      heldSeen()
      return
    }
    return route.continue()
  })

  async function searchFor(name) {
    await field(page, 'people-search').fill(name)
    await field(page, 'people-search').press('Enter')
  }

  await guard(page, 'stale-answer', async () => {
    await page.goto('/people')
    await tid(page, 'people-table').locator('[data-testid="person-name"]').first().waitFor()
    await searchFor(older)
    await heldArrived
    await searchFor(newer)
    await tid(page, 'people-table').locator('[data-testid="person-name"]', { hasText: newer }).first().waitFor()
    await notLoading(page)
    const before = await shownNames(page)
    assert.ok(before.length && before.every((n) => n.includes(newer)), `the newer search's rows: ${before}`)

    // now the older answer arrives: the page must keep the newer rows, and not show "loading"
    const late = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === older)
    await held.continue()
    const answer = await late
    assert.equal(answer.status(), 200, 'the older search was answered')
    const body = await answer.json()
    assert.ok(body.items.some((p) => p.name === older), 'the late answer holds the older rows')
    await page.waitForTimeout(300)
    assert.deepEqual(await shownNames(page), before, 'the late answer changed nothing')
    await notLoading(page)
  })

  await guard(page, 'stale-failure', async () => {
    // an older search that fails late leaves no error over the newer rows
    held = null
    const again = new Promise((resolve) => (heldSeen = resolve))
    await searchFor(older)
    await again
    await searchFor(newer)
    await tid(page, 'people-table').locator('[data-testid="person-name"]', { hasText: newer }).first().waitFor()
    const before = await shownNames(page)
    const failed = page.waitForEvent('requestfailed', (r) => new URL(r.url()).searchParams.get('q') === older)
    await held.abort('connectionreset')
    await failed
    await page.waitForTimeout(300)
    assert.equal(await page.locator('.el-alert--error').count(), 0, 'no error from the older search')
    assert.deepEqual(await shownNames(page), before, 'the failure changed nothing')
  })
})
