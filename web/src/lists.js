// lists.js: what the list-matching pages share (大数据名单比对): the classes a row of a list may be
// given, in the order the district reads them, their words and colours, and a list's progress.
import { i18n } from './i18n.js'
import './words/lists.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)
const word = (ns, k) => (k && te(ns + '.' + k) ? t(ns + '.' + k) : k || '')

// the classes (docs/API.md, LIST): every row of a list is exactly one of these
export const LIST_CLASSES = ['already_watched', 'found', 'possible', 'not_found', 'refused', 'duplicates_in_list']

export const listClassLabel = (k) => word('listClass', k)
export const listReasonLabel = (k) => word('listReason', k)
export const listStatusLabel = (k) => word('listStatus', k)

// listClassType: the tag colour of a class: what waits for a clerk stands out, what needs
// nothing more is quiet
export function listClassType(c) {
  return { already_watched: 'success', found: 'primary', possible: 'warning', not_found: 'info', refused: 'danger', duplicates_in_list: 'info' }[c] || 'info'
}
export function listStatusType(s) {
  return { matching: 'warning', done: 'success', failed: 'danger' }[s] || 'info'
}

// listPercent: how far the matching of list l has gone, 0-100
export function listPercent(l) {
  if (!l || !l.rows_total) return l && l.status === 'done' ? 100 : 0
  return Math.min(100, Math.floor((100 * (l.rows_done || 0)) / l.rows_total))
}

// rowIdNumber, rowPhone: a row's numbers as the server masked them; a number it could not read
// (an ID number whose check digit is wrong) is still shown, masked, as the file's cell held it,
// since that is what the clerk compares with the candidates'
const MASKED_ID = /^\d{4}\*+\d{3}[\dXx]$/
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/
export const rowIdNumber = (r) => r.id_number || (r.cells || []).find((c) => MASKED_ID.test(c)) || ''
export const rowPhone = (r) => r.phone || (r.cells || []).find((c) => MASKED_PHONE.test(c)) || ''

// classCounts: the classes of a list that have rows, with their counts, in LIST_CLASSES order
export function classCounts(counts) {
  const c = counts || {}
  return LIST_CLASSES.filter((k) => c[k] > 0).map((k) => ({ key: k, n: c[k] }))
}
