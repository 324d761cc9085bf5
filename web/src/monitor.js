// monitor.js: what the key-person monitoring pages share: the option keys, their words,
// temperatures, the town's local date, and POSTs that a retry cannot duplicate.
import { i18n } from './i18n.js'
import { api, ApiError } from './api.js'
import { townTz, townDate, townHour, fmtTime } from './time.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)
const word = (ns, k) => (k && te(ns + '.' + k) ? t(ns + '.' + k) : k || '')

export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'fatigue', 'shortness_of_breath', 'diarrhoea', 'loss_of_taste_smell', 'other']
// the symptoms that raise an alert on their own (docs/API.md, ALERT)
export const KEY_SYMPTOMS = ['fever', 'cough', 'shortness_of_breath', 'loss_of_taste_smell']
export const METHODS = ['visit', 'phone', 'self']
export const REASONS = ['high_risk_area', 'close_contact', 'other']
export const TRANSPORTS = ['train', 'flight', 'car', 'bus', 'other']
export const FOUND_BY = ['self_report', 'checkpoint', 'sweep', 'big_data', 'tip', 'other']
export const KINDS = ['home', 'centralised']
export const STATUSES = ['active', 'released', 'transferred']
export const ALERT_STATUSES = ['open', 'referred', 'closed']
export const RESULTS = ['excluded', 'suspected', 'confirmed']
export const EVENT_KINDS = ['registered', 'assigned', 'check', 'alert', 'referred', 'result', 'closed', 'released', 'extended', 'converted']

export const symptomLabel = (k) => word('symptom', k)
export const methodLabel = (k) => word('method', k)
export const reasonLabel = (k) => word('kpReason', k)
export const transportLabel = (k) => word('transport', k)
export const foundByLabel = (k) => word('foundBy', k)
export const obsKindLabel = (k) => word('obsKind', k)
export const kpStatusLabel = (k) => word('kpStatus', k)
export const alertStatusLabel = (k) => word('alertStatus', k)
export const resultLabel = (k) => word('result', k)
export const eventLabel = (k) => word('event', k)
export const slotLabel = (k) => word('slot', k)

export function symptomsText(check) {
  if (!check) return ''
  const list = (check.symptoms || []).map((s) => (s === 'other' && check.symptom_other ? check.symptom_other : symptomLabel(s)))
  return list.join(i18n.global.locale.value === 'en' ? ', ' : '、')
}

// fmtTemp shows a temperature from the API (°C with one decimal) as "37.3°C".
export function fmtTemp(c) {
  if (c === null || c === undefined || c === '') return ''
  const n = Number(c)
  return Number.isFinite(n) ? n.toFixed(1) + '°C' : String(c)
}

// parseTemp reads what was typed ("38.2", "38,2", " 36.5 ") into a number with one decimal,
// or returns an error key: the server decides in the end, this only spares a round trip.
export function parseTemp(s) {
  const v = String(s || '').trim().replace(/[,，。]/g, '.')
  if (!v) return { err: 'checkin.needTemp' }
  if (!/^\d{2}(\.\d)?$/.test(v)) return { err: 'checkin.tempFormat' }
  const n = Number(v)
  if (n < 34 || n > 43) return { err: 'checkin.tempRange' }
  return { value: n }
}

// The town's local date and time, whatever the phone's zone: time.js, shared by every page.
export { townTz, townDate, townHour, fmtTime }

export function dateDiff(a, b) {
  // b - a in days, for 'YYYY-MM-DD' dates
  const pa = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))
  const pb = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10))
  return Math.round((pb - pa) / 86400000)
}
// periodDays: the length of a period from a record that may lack "days" (WORK has day and end_date).
export function periodDays(r, nowSec) {
  if (r && r.days) return r.days
  if (!r || !r.end_date || !r.day) return 0
  return r.day + dateDiff(townDate(nowSec), r.end_date)
}

// ageClass: unhandled alerts age visibly: orange after 2 hours, red after 6.
export function ageClass(hours) {
  if (hours >= 6) return 'age-red'
  if (hours >= 2) return 'age-orange'
  return 'age-fresh'
}

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
