// offline/reads.js: what the field pages read, kept on the phone for when there is no signal.
// readOnline is a GET that leaves its answer in IndexedDB and, when the network fails, answers
// from there; refresh() fetches the user's own work ahead (the worklist with each person on it and
// my tasks; the households not yet visited of each open sweep; the checkpoint's posts and
// settings), whenever the app is online. The API limits every answer to the user's area, so the
// copy holds nothing of anyone else's.
//
// This is the one place that knows which routes feed the offline copy: a change feed
// (GET /api/v1/changes?after=) can replace refresh() without the pages noticing.
import { get, buildUrl, session, can } from '../api.js'
import { readGet, readPut, readAt } from './store.js'
import { status, synced, reconnect } from './queue.js'

// readOnline(path, query) → the answer, from the server or else the phone's copy. With neither it
// throws the network error. The copy's time is in `offlineAt` of the answer (ms), so a page can say
// how old it is.
export async function readOnline(path, query) {
  const url = buildUrl(path, query)
  const user = session.user && session.user.id
  try {
    const data = await get(path, query)
    if (user) readPut(url, user, data).catch(() => {})
    return data
  } catch (e) {
    if (e.status !== 0 || !user) throw e
    const kept = await readGet(url, user).catch(() => null)
    if (!kept) throw e
    const data = kept.data
    if (data && typeof data === 'object' && !Array.isArray(data)) return { ...data, offlineAt: kept.at }
    return data
  }
}

// fetch one route into the copy, unless it was fetched within `fresh` ms
async function keep(path, query, fresh = 0) {
  const url = buildUrl(path, query)
  if (fresh && Date.now() - (await readAt(url).catch(() => 0)) < fresh) return null
  const data = await get(path, query, { noRedirect: true })
  await readPut(url, session.user.id, data)
  return data
}

// run fn over items, `n` at a time: a phone's link carries a few requests at once
async function each(items, n, fn) {
  let i = 0
  const worker = async () => {
    while (i < items.length) await fn(items[i++]).catch(() => {})
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker))
}

let refreshing = null
// refresh fetches the user's own work into the copy; one run at a time. Quietly does nothing
// without a signal or a user.
export function refresh() {
  if (!refreshing) refreshing = run().finally(() => (refreshing = null))
  return refreshing
}

const HOUR = 3600000
// the roles whose work is done on a phone in the field: the others (the command post, a
// secretary at a desk) keep only what their pages read, not the area's every record
const FIELD_ROLES = new Set(['grid', 'doctor', 'checkpoint'])
async function run() {
  if (!session.user || navigator.onLine === false || !FIELD_ROLES.has(session.user.role)) return
  if (!(await reconnect().catch(() => false))) return
  try {
    if (can('monitor.read')) {
      const wl = await keep('/worklist')
      await keep('/settings/monitoring', null, HOUR).catch(() => {})
      const ids = new Set()
      for (const k of ['due', 'overdue', 'abnormal', 'needs_visit']) for (const w of wl[k] || []) ids.add(w.key_person_id)
      await each([...ids].slice(0, 300), 3, (id) => keep('/key-persons/' + id))
    }
    if (can('task.read')) await keep('/tasks', { mine: 1, limit: 200 }).catch(() => {})
    if (can('sweep.read')) {
      const sw = await keep('/sweeps')
      for (const c of (sw.items || []).filter((x) => x.status === 'active')) {
        await keep(`/sweeps/${c.id}`)
        // the door list as SweepDoor asks for it: the user's own grid by default
        const p = await keep(`/sweeps/${c.id}/pending`, { limit: 500 }).catch(() => null)
        await keep(`/sweeps/${c.id}/coverage`, {}).catch(() => {})
        // a household changes little: each is fetched again at most once an hour
        if (p && can('sweep.write')) await each((p.items || []).map((h) => h.household_id), 3, (hid) => keep('/households/' + hid, null, HOUR))
      }
    }
    if (can('screen.write')) {
      await keep('/duty/posts', { limit: 500 })
      await keep('/settings/checkpoint', null, HOUR).catch(() => {})
    }
    if (!status.waiting) await synced()
  } catch (e) {
    /* the copy stays as it was; the next refresh tries again */
  }
}

// refreshing now and then while the app is open and online
let timer = null
function onOnline() {
  refresh()
}
export function startRefresh() {
  refresh()
  if (timer) return
  window.addEventListener('online', onOnline)
  timer = setInterval(refresh, 10 * 60000)
}
export function stopRefresh() {
  if (timer) clearInterval(timer)
  timer = null
  window.removeEventListener('online', onOnline)
}
