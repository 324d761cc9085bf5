// supply.js: what the supplies pages share: items and stores loaded once per page, amounts in
// yuan and fen (exact: cash never goes through a float), quantities with their packagings.
import { get } from './api.js'
import { i18n } from './i18n.js'
import './words/supply.js'

const t = (k, p) => i18n.global.t(k, p)
const isEn = () => i18n.global.locale.value === 'en'

export async function loadItems() {
  return (await get('/items')).items || []
}
export async function loadStores() {
  return (await get('/stores')).items || []
}

// fmtYuan(300000) → "3,000.00"
export function fmtYuan(fen) {
  const neg = fen < 0
  const v = Math.abs(fen)
  const y = Math.floor(v / 100).toLocaleString('en-US')
  return `${neg ? '-' : ''}${y}.${String(v % 100).padStart(2, '0')}`
}

// yuanToFen('30000') → 3000000, '12.5' → 1250; null when it is not an amount of yuan.
// Full-width digits and a stray space or comma are what people type.
export function yuanToFen(s) {
  const x = String(s ?? '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[\s,，]/g, '')
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(x)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
  return fen > 0 ? fen : null
}

// toInt('１２') → 12; null when not a whole number above 0
export function toInt(s) {
  const x = String(s ?? '').replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim()
  if (!/^\d{1,15}$/.test(x)) return null
  const n = Number(x)
  return n > 0 ? n : null
}

export function itemName(it) {
  if (!it) return ''
  return isEn() && it.name_en ? it.name_en : it.name
}

// qtyText(3000, mask) → "3000只（60盒）"; cash in yuan
export function qtyText(q, it) {
  if (!it) return String(q)
  if (it.key === 'cash') return `¥${fmtYuan(q)}`
  let s = `${q}${isEn() && it.unit_en ? ' ' + it.unit_en : it.unit}`
  if (it.pack_size > 1 && it.pack_name && Math.abs(q) >= it.pack_size) {
    const n = Math.trunc(Math.abs(q) / it.pack_size)
    s += isEn() ? ` (${n}${Math.abs(q) % it.pack_size ? '+' : ''} ${it.pack_name_en || it.pack_name})` : `（${n}${Math.abs(q) % it.pack_size ? '余' : ''}${it.pack_name}）`
  }
  return s
}

export const storeKindLabel = (k) => t('supply.kinds.' + k)
export const donorKindLabel = (k) => t('donation.kinds.' + k)
export const entryKindLabel = (k) => t('ledger.kinds.' + k)
export const sentenceOf = (s) => (s ? (isEn() ? s.en : s.zh) : '')
