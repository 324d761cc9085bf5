// command.js: what the tip, task, report and dashboard pages share (群众举报、任务、调度日报、指挥大屏):
// the option keys and their words, the proof of work for the public tip form, and file downloads.
import { i18n } from './i18n.js'
import { ApiError, session } from './api.js'
import './words/command.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)
const word = (ns, k) => (k && te(ns + '.' + k) ? t(ns + '.' + k) : k || '')

export const TIP_KINDS = ['returnee', 'gathering', 'fever', 'price_gouging', 'other']
export const TIP_STATUSES = ['received', 'checking', 'handled']
export const TRIAGE_ACTIONS = ['checking', 'duplicate', 'not_credible', 'task', 'handled']
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'verified', 'reopened']
export const PRIORITIES = ['low', 'normal', 'high', 'urgent']
export const SOURCES = ['tip', 'meeting', 'alert', 'big_data', 'sweep', 'manual']

export const tipKindLabel = (k) => word('tipKind', k)
export const tipStatusLabel = (k) => word('tipStatus', k)
export const triageLabel = (k) => word('triage', k)
export const taskStatusLabel = (k) => word('taskStatus', k)
export const priorityLabel = (k) => word('priority', k)
export const sourceLabel = (k) => word('taskSource', k)
export const taskEventLabel = (k) => word('taskEvent', k)

export function tipStatusType(s) {
  return s === 'handled' ? 'success' : s === 'checking' ? 'warning' : 'info'
}
export function taskStatusType(s) {
  return { open: 'info', in_progress: 'primary', done: 'warning', verified: 'success', reopened: 'danger' }[s] || 'info'
}
export function priorityType(p) {
  return { urgent: 'danger', high: 'warning', normal: 'info', low: 'info' }[p] || 'info'
}

// ---- proof of work -------------------------------------------------------------------------
// The server asks an address that sent many tips for a solution: text such that the SHA-256 of
// nonce + solution begins with `bits` zero bits. crypto.subtle exists only in secure contexts
// (https, localhost); a town post reached over plain http on its LAN gets the small SHA-256 below.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

// sha256js: the digest of bytes as a Uint8Array (FIPS 180-4), for when crypto.subtle is missing.
export function sha256js(bytes) {
  const len = bytes.length
  const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6)
  padded.set(bytes)
  padded[len] = 0x80
  const bitLen = len * 8
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000))
  view.setUint32(padded.length - 4, bitLen >>> 0)
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const w = new Uint32Array(64)
  const rotr = (x, n) => (x >>> n) | (x << (32 - n))
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4)
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3)
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10)
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0
    }
    let [a, b, c, d, e, f, g, hh] = h
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) >>> 0
      hh = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    h[0] += a
    h[1] += b
    h[2] += c
    h[3] += d
    h[4] += e
    h[5] += f
    h[6] += g
    h[7] += hh
  }
  const out = new Uint8Array(32)
  const ov = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i])
  return out
}

// leadingZeroBits counts the zero bits at the start of a digest.
export function leadingZeroBits(d) {
  let n = 0
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0) {
      n += 8
      continue
    }
    let b = d[i]
    while (!(b & 0x80)) {
      n++
      b <<= 1
    }
    break
  }
  return n
}

function subtle() {
  try {
    return typeof crypto !== 'undefined' && crypto.subtle && typeof crypto.subtle.digest === 'function' ? crypto.subtle : null
  } catch (err) {
    return null
  }
}

// solvePow finds a solution for {nonce, bits}; onProgress(tries, expected) is called now and
// then; cancelled() stops it. The work runs in batches that give the page time to redraw.
export async function solvePow(nonce, bits, { onProgress, cancelled } = {}) {
  const enc = new TextEncoder()
  const s = subtle()
  const expected = Math.pow(2, bits)
  const batch = s ? 256 : 2048
  for (let tries = 0; tries < expected * 64; tries += batch) {
    if (cancelled && cancelled()) throw new Error('cancelled')
    const cands = []
    for (let i = 0; i < batch; i++) cands.push((tries + i).toString(36))
    if (s) {
      const digests = await Promise.all(cands.map((c) => s.digest('SHA-256', enc.encode(nonce + c))))
      for (let i = 0; i < digests.length; i++) {
        if (leadingZeroBits(new Uint8Array(digests[i])) >= bits) return cands[i]
      }
    } else {
      for (const c of cands) {
        if (leadingZeroBits(sha256js(enc.encode(nonce + c))) >= bits) return c
      }
    }
    if (onProgress) onProgress(tries + batch, expected)
    await new Promise((r) => setTimeout(r, 0))
  }
  throw new Error('no solution')
}

// ---- files ---------------------------------------------------------------------------------
// download fetches a file with the session cookie (a plain link could not say why it failed)
// and saves it under the name the server gives, or fallbackName.
export async function download(url, fallbackName) {
  let res
  try {
    res = await fetch(url, { credentials: 'same-origin' })
  } catch (err) {
    throw new ApiError(0, {
      error: { code: 'network', message: '无法连接服务器，请检查网络', message_en: 'Cannot reach the server; check the network' }
    })
  }
  if (!res.ok) {
    let body = null
    try {
      body = await res.json()
    } catch (err) {
      body = null
    }
    throw new ApiError(res.status, body)
  }
  const blob = await res.blob()
  let name = fallbackName
  const cd = res.headers.get('Content-Disposition') || ''
  const m = cd.match(/filename\*=UTF-8''([^;]+)/i) || cd.match(/filename="?([^";]+)"?/i)
  if (m) {
    try {
      name = decodeURIComponent(m[1])
    } catch (err) {
      name = m[1]
    }
  }
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 30000)
  return { name, size: blob.size }
}

// villagesFromMeta: the villages the public may pick from, when the server lists them in /meta,
// each with its grids ({code, name}, possibly none).
export function villagesFromMeta() {
  const m = session.meta
  const v = m && (m.villages || (m.town && m.town.villages))
  if (!Array.isArray(v)) return []
  const pair = (x) => ({ code: String(x.code), name: String(x.name) })
  return v.filter((x) => x && x.code && x.name).map((x) => ({
    ...pair(x),
    grids: (Array.isArray(x.grids) ? x.grids : []).filter((g) => g && g.code && g.name).map(pair)
  }))
}

// pct shows a 0-1 share as "87%"; null and missing values as "—".
export function pct(v) {
  if (v === null || v === undefined || v === '' || !Number.isFinite(Number(v))) return '—'
  return Math.round(Number(v) * 100) + '%'
}
// signed shows a change as "+3", "-2" or "0".
export function signed(v) {
  const n = Number(v) || 0
  return n > 0 ? '+' + n : String(n)
}
