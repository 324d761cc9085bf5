// labels.js: turning API keys and errors into words in the current language.
import { i18n } from './i18n.js'
import { session } from './api.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)
export const isEn = () => i18n.global.locale.value === 'en'

function fromMeta(listName, key) {
  const m = session.meta && session.meta[listName]
  if (!Array.isArray(m)) return ''
  const hit = m.find((x) => x && x.key === key)
  return hit && hit.zh ? hit.zh : ''
}

export function roleLabel(r) {
  return te('role.' + r) ? t('role.' + r) : r || ''
}
export function residenceLabel(r) {
  if (!r) return ''
  if (!isEn()) {
    const z = fromMeta('residences', r)
    if (z) return z
  }
  return te('residence.' + r) ? t('residence.' + r) : r
}
export function tagLabel(k) {
  if (!isEn()) {
    const z = fromMeta('tags', k)
    if (z) return z
  }
  return te('tag.' + k) ? t('tag.' + k) : k
}
export function levelLabel(l) {
  return te('level.' + l) ? t('level.' + l) : l || ''
}
export function kindLabel(k) {
  return te('kind.' + k) ? t('kind.' + k) : k || ''
}
// areaTypeLabel: the kind for towns, villages, communities and grids; the level above them
export function areaTypeLabel(a) {
  if (!a) return ''
  if (a.kind && a.level !== 'district') return kindLabel(a.kind)
  return levelLabel(a.level)
}
// searchReady: whether a search box's text may go to the server as typed. A name may; a number
// only once it is one the server answers (a whole ID number or phone, or 4 last digits): the
// digits on the way are refused there, and each number search counts against the user's limit.
export function searchReady(q) {
  const s = (q || '').trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
  if (!/^\+?[\d\s\-.()]*[xX]?$/.test(s) || !/\d/.test(s)) return s.length > 0
  const d = s.replace(/[\s\-.()+]/g, '')
  return [4, 11, 13, 15, 18].includes(d.length)
}
export function actionLabel(a) {
  return te('action.' + a) ? t('action.' + a) : a || ''
}
export function genderLabel(g) {
  if (g === 'M') return t('person.male')
  if (g === 'F') return t('person.female')
  return ''
}

// The option lists: the server's meta when it has them, otherwise the glossary's keys.
export function residenceKeys() {
  const m = session.meta && session.meta.residences
  if (Array.isArray(m) && m.length) return m.map((x) => x.key)
  return ['registered', 'registered_away', 'resident', 'floating']
}
export function tagKeys() {
  const m = session.meta && session.meta.tags
  if (Array.isArray(m) && m.length) return m.map((x) => x.key)
  return ['party_member', 'grid_worker', 'village_doctor', 'volunteer', 'model_household']
}
export function roleKeys() {
  const m = session.meta && session.meta.roles
  if (Array.isArray(m) && m.length) return m.map((x) => (typeof x === 'string' ? x : x.key))
  return ['admin', 'secretary', 'grid', 'doctor', 'checkpoint', 'viewer', 'auditor', 'district']
}

// fieldLabel names an API field (person.id_number → 身份证号); unknown names pass through.
export function fieldLabel(f) {
  if (!f) return ''
  for (const ns of ['person', 'household', 'user', 'import']) {
    if (te(ns + '.' + f)) return t(ns + '.' + f)
  }
  const extra = { village: isEn() ? 'Village' : '村/社区', grid: isEn() ? 'Grid' : '组/网格', address: isEn() ? 'Address' : '住址', area_code: t('person.area'), household_id: t('person.household'), reason: t('person.revealReason'), q: isEn() ? 'Search' : '查询' }
  return extra[f] || f
}

// errText gives an ApiError's message in the UI language (and the field, when there is one).
export function errText(e) {
  if (!e) return t('err.generic')
  const msg = (isEn() ? e.en || e.zh : e.zh || e.en) || e.message || t('err.generic')
  return e.field ? `${fieldLabel(e.field)}: ${msg}` : msg
}
// runInto(error) → run(fn): runs fn, showing its ApiError in the ref error (cleared first).
export function runInto(error) {
  return async (fn) => {
    error.value = ''
    try {
      await fn()
    } catch (e) {
      error.value = errText(e)
    }
  }
}
export function rowText(r) {
  return (isEn() ? r.message_en || r.message : r.message || r.message_en) || ''
}

// times are the town's, on every page: time.js is the one formatter
export { fmtTime } from './time.js'
