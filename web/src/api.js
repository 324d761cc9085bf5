// api.js: the one place that talks to fangyi's HTTP API.
// The session cookie is HttpOnly; the CSRF token lives only in memory (session.csrf).
import { reactive } from 'vue'

export const session = reactive({
  loaded: false, // GET /session has been tried once since the page loaded
  user: null,
  csrf: '',
  meta: null
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

const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

function buildUrl(path, query) {
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
      credentials: 'same-origin'
    })
  } catch (err) {
    throw new ApiError(0, {
      error: { code: 'network', message: '无法连接服务器，请检查网络', message_en: 'Cannot reach the server; check the network' }
    })
  }
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

// api(method, path, {query, json, body, contentType, headers, noRedirect, withResponse})
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
    if (res.status === 401 && !opts.noRedirect) {
      session.user = null
      session.csrf = ''
      onUnauthorized()
    }
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
  } catch (err) {
    session.meta = { roles: [], residences: [], tags: [] }
  }
  return session.meta
}

// restoreSession asks the server who we are (after a reload the CSRF token is gone from memory).
export async function restoreSession() {
  try {
    const s = await get('/session', null, { noRedirect: true })
    session.user = s.user
    session.csrf = s.csrf_token || ''
  } catch (err) {
    session.user = null
    session.csrf = ''
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  const s = await api('POST', '/session', { json: { username, password }, noRedirect: true })
  session.user = s.user
  session.csrf = s.csrf_token || ''
  session.loaded = true
  return s.user
}

export async function logout() {
  try {
    await api('DELETE', '/session', { noRedirect: true })
  } finally {
    session.user = null
    session.csrf = ''
  }
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
