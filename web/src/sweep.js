// sweep.js: what the sweep, publicity and gathering pages share: keys, labels, small formatters.
import { i18n } from './i18n.js'
import { townDate } from './time.js'
import './words/sweep.js'
import './words/monitor.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)

export const OUTCOMES = ['reached', 'not_home', 'refused', 'moved']
export const QKINDS = ['yesno', 'number', 'choice', 'text']
export const KP_REASONS = ['high_risk_area', 'close_contact', 'other']
export const PUB_KINDS = ['loudspeaker', 'wechat_group', 'banner', 'poster', 'patrol_car', 'leaflet', 'call']
// the channels that reach whole areas, and those that list the households they reach
export const AREA_KINDS = ['loudspeaker', 'banner', 'poster', 'patrol_car']
export const G_KINDS = ['wedding', 'funeral', 'birthday', 'temple_fair', 'other']
export const G_OUTCOMES = ['cancelled', 'postponed', 'simplified', 'held']

const label = (ns, k) => (k && te(`${ns}.${k}`) ? t(`${ns}.${k}`) : k || '')
export const outcomeLabel = (k) => label('sweepOutcome', k)
export const qkindLabel = (k) => label('qkind', k)
export const reasonLabel = (k) => label('kpReason', k)
export const pubKindLabel = (k) => label('pubKind', k)
export const gKindLabel = (k) => label('gKind', k)
export const gOutcomeLabel = (k) => label('gOutcome', k)

export function outcomeType(k) {
  return { reached: 'success', not_home: 'warning', refused: 'danger', moved: 'info' }[k] || 'info'
}
export function gOutcomeType(k) {
  return { cancelled: 'success', postponed: 'success', simplified: 'warning', held: 'danger', pending: 'info' }[k] || 'info'
}

// pct: a share 0-1 as "87.5%".
export function pct(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return ''
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`
}

// today: the town's local date.
export function today() {
  return townDate(Math.floor(Date.now() / 1000))
}
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

// The usual questionnaire of the command post (the article's: returnees from 湖北, fever, leaflet).
export function usualQuestions() {
  return [
    { key: 'hubei', text: '1月10日以来是否从湖北返回', kind: 'yesno', per_person: true, required: true, choices: [], handoff: { to: 'monitor', reason: 'high_risk_area', on: [] } },
    { key: 'fever', text: '是否发热（37.3℃以上）或咳嗽', kind: 'yesno', per_person: true, required: true, choices: [], handoff: { to: 'task', reason: 'other', on: [] } },
    { key: 'leaflet', text: '是否已发放宣传单', kind: 'yesno', per_person: false, required: false, choices: [], handoff: null }
  ]
}

// csvUrl: a same-origin link for an export (the session cookie goes along; audited server-side).
export function csvUrl(path, query) {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') qs.append(k, String(v))
  const s = qs.toString()
  return `/api/v1${path}${s ? `?${s}` : ''}`
}
