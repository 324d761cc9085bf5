// offline/queue.js: writes recorded on the phone, sent exactly once. A health check, a sweep visit
// and a screening go into the queue (IndexedDB) before anything is sent, with an Idempotency-Key
// made on the phone; then the queue is sent oldest first to the same routes the forms post to.
// A send whose answer is lost is sent again with the same key and the server answers it with the
// first record (docs/API.md, Idempotency), so however often a write travels it is recorded once.
//   2xx                       accepted: out of the queue
//   network, 5xx, 408, 429    kept, tried again later: 5 s, 10 s, 20 s... up to 5 minutes
//                             (429's Retry-After when longer); the online event tries at once
//   401 (and a session the    kept; the user is asked to log in again, and the queue goes on
//   server no longer knows)   after the same user's login
//   any other 4xx             kept as refused, with the server's message in both languages, for
//                             the user to fix in the form (a new key) or discard
import { reactive } from 'vue'
import { api, get, ApiError, session, sessionExpired } from '../api.js'
import { newKey } from '../submission.js'
import { queueAll, queueDelete, queueGet, queuePut, devicePut, deviceGet, wipe } from './store.js'

export const status = reactive({
  online: typeof navigator === 'undefined' ? true : navigator.onLine !== false,
  waiting: 0,
  refused: 0,
  sending: false,
  needLogin: false,
  lastSync: 0, // ms: when the queue was last found empty after a send, or a refresh succeeded
  items: [] // the queue as shown: {key, kind, label, created, state, error, form}
})

const SEND_TIMEOUT = 20000
const BACKOFF_MIN = 5000
const BACKOFF_MAX = 300000
const retryable = (s) => s === 0 || s === 408 || s === 429 || s >= 500

const listeners = new Set()
// onSent(fn): fn(item, answer) after the server accepted a write of the queue (the worklist
// then reloads: the person's check is done)
export function onSent(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

export async function reload() {
  const all = await queueAll().catch(() => [])
  const mine = session.user ? all.filter((x) => x.user === session.user.id) : []
  status.items = mine.map(({ key, kind, label, created, state, error, form, attempts }) => ({ key, kind, label, created, state, error, form, attempts }))
  status.waiting = mine.filter((x) => x.state !== 'refused').length
  status.refused = mine.filter((x) => x.state === 'refused').length
  if (!status.lastSync) status.lastSync = (await deviceGet('lastSync').catch(() => 0)) || 0
}

// synced: the phone and the server agree as of now (the queue empty, the copy fresh)
export async function synced() {
  status.lastSync = Date.now()
  await devicePut('lastSync', status.lastSync).catch(() => {})
}

// enqueue keeps a write on the phone at once, before any attempt to send it.
// kind: 'check' | 'visit' | 'screening'; label: what the queue shows (a name, an address, a
// plate); form: the route that opens the form again, prefilled, to fix a refused write.
export async function enqueue(kind, path, body, label, form) {
  const item = {
    key: newKey(),
    user: session.user.id,
    kind,
    path,
    body,
    label,
    form,
    created: Date.now(),
    state: 'waiting',
    attempts: 0,
    next: 0,
    error: null
  }
  await queuePut(item)
  await reload()
  return item
}

// sendOne posts one write with its key. Returns 'sent' | 'retry' | 'login' | 'refused'.
async function sendOne(item, answers) {
  const ctl = typeof AbortController === 'undefined' ? null : new AbortController()
  const timer = ctl ? setTimeout(() => ctl.abort(), SEND_TIMEOUT) : 0
  try {
    const data = await api('POST', item.path, {
      json: item.body,
      headers: { 'Idempotency-Key': item.key },
      noRedirect: true,
      signal: ctl ? ctl.signal : undefined
    })
    await queueDelete(item.key)
    answers.set(item.key, { data })
    for (const fn of listeners) fn(item, data)
    return 'sent'
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, null)
    if (err.status === 401 || (err.status === 403 && err.code === 'csrf')) return 'login'
    if (retryable(err.status)) {
      item.attempts++
      let wait = Math.min(BACKOFF_MAX, BACKOFF_MIN * 2 ** Math.min(item.attempts - 1, 10))
      item.next = Date.now() + wait * (0.8 + Math.random() * 0.4)
      await queuePut(item)
      answers.set(item.key, { retry: err })
      return 'retry'
    }
    item.state = 'refused'
    item.error = { status: err.status, code: err.code, field: err.field, zh: err.zh, en: err.en }
    await queuePut(item)
    answers.set(item.key, { refused: err })
    return 'refused'
  } finally {
    if (timer) clearTimeout(timer)
  }
}

// reconnect: when the app was opened with no signal, the server has not seen this session yet
// (and no CSRF token is in memory): ask it now. False while there is still no signal, or when the
// session has ended (the user is sent to log in again).
export async function reconnect() {
  if (!session.offline && session.csrf) return true
  try {
    const s = await get('/session', null, { noRedirect: true })
    if (!s.user || (session.user && s.user.id !== session.user.id)) throw new ApiError(401, null)
    session.user = s.user
    session.csrf = s.csrf_token || ''
    session.offline = false
    return true
  } catch (e) {
    if (e.status !== 401) return false // no signal yet, or the server is busy: later
    status.needLogin = true
    await wipe({ keepQueue: true }).catch(() => {})
    sessionExpired()
    return false
  }
}

let running = null
// flush sends what is due, oldest first; one pass at a time. force: ignore the back-off (the
// network just came back, or the user pressed "send now"). Returns a Map key → {data} | {retry} |
// {refused} of what this pass tried.
export async function flush({ force = false } = {}) {
  while (running) await running.catch(() => {})
  running = pass(force)
  try {
    return await running
  } finally {
    running = null
  }
}

async function pass(force) {
  const answers = new Map()
  if (!session.user) return answers
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    status.online = false
    return answers
  }
  const due = (await queueAll()).filter((x) => x.user === session.user.id && x.state !== 'refused' && (force || !x.next || x.next <= Date.now()))
  if (!due.length) return answers
  status.sending = true
  try {
    if (!(await reconnect())) return answers
    for (const item of due) {
      const r = await sendOne(item, answers)
      if (r === 'login') {
        status.needLogin = true
        sessionExpired()
        break
      }
      // a network failure now will fail the next one too; the order stays oldest first
      if (r === 'retry') break
    }
    if (![...answers.values()].some((a) => a.retry) && !status.needLogin) await synced()
  } finally {
    status.sending = false
    await reload()
  }
  return answers
}

// submit is the forms' one way to record a write: it is kept in the queue, then sent at once when
// there is a signal. Answers {data} when the server accepted it (the form shows the answer),
// {queued: item} when it stays on the phone to be sent later; throws the server's refusal (an
// ApiError, shown in the form) after taking the write out of the queue: the form is still open
// with what was typed, so nothing is lost.
// On a signal that drops an answer now and then, it tries twice more within two seconds before
// leaving the write to the queue: the worker waits for the answer a moment (a fever's alert is in
// it) rather than walk off with a write that would have gone through.
export async function submit(kind, path, body, label, form) {
  const item = await enqueue(kind, path, body, label, form)
  for (let attempt = 0; ; attempt++) {
    const a = (await flush({ force: true })).get(item.key)
    if (a && a.data !== undefined) return { data: a.data }
    if (a && a.refused) {
      await queueDelete(item.key)
      await reload()
      throw a.refused
    }
    if (!a || attempt >= 2 || status.needLogin) return { queued: item }
    await new Promise((r) => setTimeout(r, 600 * (attempt + 1)))
  }
}

// the user gave up a write (refused, or waiting and not wanted any more)
export async function discard(key) {
  await queueDelete(key)
  await reload()
}
// the write a form reopens to fix a refusal
export function queued(key) {
  return queueGet(key)
}
// after a fixed refusal has been recorded again under a new key
export const drop = discard

let timer = null
function onOnline() {
  status.online = true
  flush({ force: true }).catch(() => {})
}
function onOffline() {
  status.online = false
}
// start runs the queue for the logged-in user: now, whenever the network comes back, and every
// 15 seconds for what its back-off has made due.
export function start() {
  status.needLogin = false
  status.online = navigator.onLine !== false
  reload().then(() => flush({ force: true })).catch(() => {})
  if (timer) return
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onOffline)
  timer = setInterval(() => {
    if (status.waiting) flush().catch(() => {})
  }, 15000)
}
export function stop() {
  if (timer) clearInterval(timer)
  timer = null
  window.removeEventListener('online', onOnline)
  window.removeEventListener('offline', onOffline)
  status.items = []
  status.waiting = 0
  status.refused = 0
  status.lastSync = 0
}
