// api.js: the one place that talks to fangyi's HTTP API.
// The session cookie is HttpOnly; the CSRF token lives only in memory (session.csrf).
import { reactive } from 'vue'
import { adoptUser, deviceUser, devicePeek, devicePut, wipe } from './offline/store.js'

export const session = reactive({
  loaded: false, // GET /session has been tried once since the page loaded
  user: null,
  csrf: '',
  meta: null,
  // the app was opened with no signal: the user is the one remembered on this phone
  // (offline/store.js), and the server has not confirmed the session yet
  offline: false
})

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message_en || e.message || 'HTTP ' + status)
    this.status = status
    this.code = e.code || (status === 0 ? 'network' : 'http')
    this.zh = e.message || ''
    this.en = e.message_en || ''
    this.field = e.field || ''
    this.rows = Array.isArray(e.rows) ? e.rows : []
  }
}

let onUnauthorized = () => {}
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

// sessionExpired: the server no longer knows this session; the user logs in again
export function sessionExpired() {
  session.user = null
  session.csrf = ''
  session.offline = false
  onUnauthorized()
}

const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export function buildUrl(path, query) {
  let url = '/api/v1' + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += '?' + s
  }
  return url
}

// serverNow: the server's clock in Unix seconds, as its last answer's Date header showed it. A
// write kept on the phone carries the moment it was recorded (a check's taken_at, a visit's
// visited_at, a screening's at), and a phone's clock may be minutes or hours off.
let skew = 0
export function serverNow() {
  return Math.floor((Date.now() + skew) / 1000)
}

async function send(method, path, opts) {
  const headers = { Accept: 'application/json' }
  let body = opts.body
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json)
    headers['Content-Type'] = 'application/json'
  }
  if (opts.contentType) headers['Content-Type'] = opts.contentType
  if (opts.headers) Object.assign(headers, opts.headers)
  if (UNSAFE.has(method) && session.csrf) headers['X-CSRF-Token'] = session.csrf
  let res
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal
    })
  } catch (err) {
    throw new ApiError(0, {
      error: { code: 'network', message: '无法连接服务器，请检查网络', message_en: 'Cannot reach the server; check the network' }
    })
  }
  const date = Date.parse(res.headers.get('Date') || '')
  if (date) skew = date - Date.now()
  if (res.status === 204) return { res, data: null }
  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch (err) {
      data = null
    }
  }
  return { res, data }
}

// api(method, path, {query, json, body, contentType, headers, noRedirect, withResponse, signal})
// withResponse: answer {data, res} instead of the data alone.
export async function api(method, path, opts = {}) {
  let { res, data } = await send(method, path, opts)
  // A stale CSRF token (e.g. after a login in another tab): fetch it again once and retry.
  if (res.status === 403 && data && data.error && data.error.code === 'csrf' && !opts.retried) {
    try {
      const s = await send('GET', '/session', {})
      if (s.res.ok && s.data) {
        session.csrf = s.data.csrf_token || ''
        ;({ res, data } = await send(method, path, opts))
      }
    } catch (err) {
      /* keep the first answer */
    }
  }
  if (opts.withResponse && res.ok) return { data, res }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && path !== '/session') {
      // the session expired or was revoked: the phone's copy of residents' data goes with it;
      // writes waiting to be sent stay, for the same user to send after logging in again
      wipe({ keepQueue: true }).catch(() => {})
    }
    if (res.status === 401 && !opts.noRedirect) sessionExpired()
    throw err
  }
  return data
}

export const get = (path, query, opts = {}) => api('GET', path, { ...opts, query })
export const post = (path, json, opts = {}) => api('POST', path, { ...opts, json })
export const patch = (path, json, opts = {}) => api('PATCH', path, { ...opts, json })

export async function loadMeta() {
  if (session.meta) return session.meta
  try {
    session.meta = await get('/meta', null, { noRedirect: true })
    if (session.user) devicePut('meta', session.meta).catch(() => {})
  } catch (err) {
    // with no signal, the copy kept on the phone: the town's zone and villages
    let kept = null
    if (err.status === 0) kept = await devicePeek('meta').catch(() => null)
    session.meta = kept || { roles: [], residences: [], tags: [] }
  }
  return session.meta
}

// remember keeps the user and the town's meta on the phone, for opening the app with no signal
async function remember(user) {
  try {
    await adoptUser(user)
    if (session.meta && session.meta.tz) await devicePut('meta', session.meta)
  } catch (err) {
    /* no IndexedDB here (a private window): the app works online only */
  }
}

// restoreSession asks the server who we are (after a reload the CSRF token is gone from memory).
export async function restoreSession() {
  if (await pendingLogout()) {
    session.user = null
    session.loaded = true
    return null
  }
  try {
    const s = await get('/session', null, { noRedirect: true })
    session.user = s.user
    session.csrf = s.csrf_token || ''
    session.offline = false
    if (s.user) await remember(s.user)
  } catch (err) {
    session.user = null
    session.csrf = ''
    if (err.status === 0) {
      // no signal: the app opens for the user last logged in on this phone, from its own copy;
      // the server checks the session when the queue is sent
      session.user = await deviceUser().catch(() => null)
      session.offline = !!session.user
    } else if (err.status === 401) {
      // not logged in (expired, revoked, logged out elsewhere): no resident's data stays here
      await wipe({ keepQueue: true }).catch(() => {})
    }
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  const s = await api('POST', '/session', { json: { username, password }, noRedirect: true })
  session.user = s.user
  session.csrf = s.csrf_token || ''
  session.loaded = true
  session.offline = false
  await remember(s.user)
  return s.user
}

// logout ends the session and wipes the phone's copy, the queue included: the caller asks first
// when writes are still waiting (components/SyncBar.vue)
export async function logout() {
  let unsent = false
  try {
    await api('DELETE', '/session', { noRedirect: true })
  } catch (err) {
    unsent = err.status === 0
    throw err
  } finally {
    session.user = null
    session.csrf = ''
    session.offline = false
    await wipe().catch(() => {})
    // logged out with no signal: the cookie still names the session on the server, so the app
    // ends it there before anything else the next time it reaches the server
    if (unsent) await devicePut('endSession', true).catch(() => {})
  }
}
// a logout the server has not heard of yet (see logout): ended now. True while one is pending.
async function pendingLogout() {
  if (!(await devicePeek('endSession').catch(() => false))) return false
  try {
    const s = await send('GET', '/session', {})
    if (s.res.ok && s.data && s.data.csrf_token)
      await send('DELETE', '/session', { headers: { 'X-CSRF-Token': s.data.csrf_token } })
  } catch (err) {
    return true // still no signal: nobody is logged in meanwhile
  }
  await devicePut('endSession', false).catch(() => {})
  return false
}

export function can(perm) {
  const u = session.user
  return !!(u && Array.isArray(u.permissions) && u.permissions.includes(perm))
}

// Areas are asked for by several pages; keep one copy per login.
let areaCache = null
let areaUser = null
export async function loadAreas(force = false) {
  const uid = session.user && session.user.id
  if (!force && areaCache && areaUser === uid) return areaCache
  const all = []
  for (;;) {
    const r = await get('/areas', { limit: 500, offset: all.length })
    const items = r.items || []
    all.push(...items)
    if (!items.length || all.length >= (r.total || 0)) break
  }
  areaCache = all
  areaUser = uid
  return areaCache
}
export function forgetAreas() {
  areaCache = null
}

// buildTree turns the flat AREA list into el-tree nodes via parent_code.
export function buildTree(items) {
  const byCode = new Map()
  for (const a of items) byCode.set(a.code, { ...a, children: [] })
  const roots = []
  for (const node of byCode.values()) {
    const parent = node.parent_code && byCode.get(node.parent_code)
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list) => {
    list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}
