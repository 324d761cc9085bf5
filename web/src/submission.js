// submission.js: POSTs that a retry cannot duplicate. A phone on a village's mobile link loses
// answers; each creating POST goes with an Idempotency-Key, the same for the same submission, so the
// server answers a retry with the first result instead of writing twice (docs/API.md).
import { api, ApiError } from './api.js'

// newKey makes an Idempotency-Key. crypto.randomUUID exists only in secure contexts (https,
// localhost); a town post reached over plain http on its LAN still has getRandomValues.
export function newKey() {
  const c = typeof crypto !== 'undefined' ? crypto : null
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch (err) {
      /* not a secure context */
    }
  }
  const b = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b)
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
// An answer that says nothing about whether the server kept the request: try again, same key.
const unsure = (e) => e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504)

// Submission keeps one Idempotency-Key for one submission: the same body sent again (a tap on
// "save" after a lost answer, or the automatic retries below) goes with the same key, so the
// server answers with the first result instead of writing twice. A changed body is a new
// submission with a new key; so is anything after a definite answer.
export class Submission {
  constructor() {
    this.key = ''
    this.body = ''
  }
  keyFor(json) {
    const text = JSON.stringify(json)
    if (!this.key || text !== this.body) {
      this.key = newKey()
      this.body = text
    }
    return this.key
  }
  settle() {
    this.key = ''
    this.body = ''
  }
  // post sends json to path with the key, retrying twice on a network failure or a 5xx gateway
  // answer; a definite answer (2xx or 4xx) ends the submission.
  async post(path, json, { retries = 2 } = {}) {
    const key = this.keyFor(json)
    for (let attempt = 0; ; attempt++) {
      try {
        const data = await api('POST', path, { json, headers: { 'Idempotency-Key': key } })
        this.settle()
        return data
      } catch (e) {
        if (unsure(e) && attempt < retries) {
          await sleep(600 * (attempt + 1))
          continue
        }
        if (!unsure(e)) this.settle()
        throw e
      }
    }
  }
}

// postOnce: a single POST with its own key (and the same retries).
export function postOnce(path, json) {
  return new Submission().post(path, json)
}
