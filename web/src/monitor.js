// monitor.js: what the key-person monitoring pages share (重点人员监测): the option keys and their
// words, the length of an observation period, and how an unhandled alert's age is shown.
// Temperatures are in temperature.js, times and dates in time.js, retry-safe POSTs in submission.js.
import { i18n } from './i18n.js'
import { townDate, dateDiff } from './time.js'
import './words/monitor.js'

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
export const EVENT_KINDS = ['registered', 'assigned', 'check', 'alert', 'referred', 'result', 'closed', 'released', 'extended', 'converted', 'listed']

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
