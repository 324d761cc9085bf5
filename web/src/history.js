// history.js: a key person's timeline, a task's events and the audit log's records in the
// reader's language. The server gives each event's kind and fields (docs/API.md, EVENT); rows
// stored before it kept fields hold a sentence, read back here as well as it can be.
import { i18n } from './i18n.js'
import { fmtTime } from './time.js'
import { obsKindLabel, reasonLabel, slotLabel, methodLabel, resultLabel, symptomLabel } from './monitor.js'
import { fmtTemp } from './temperature.js'
import './words/command.js'
import './words/monitor.js'
import './words/records.js'

const t = (k, v) => i18n.global.t(k, v || {})
const te = (k) => i18n.global.te(k)
const isEn = () => i18n.global.locale.value === 'en'
const HAN = /[\u4e00-\u9fff]/
const list = (xs) => xs.filter(Boolean).join(isEn() ? ', ' : '、')
const symptoms = (keys) => list((keys || []).map(symptomLabel))

// who did it: the name of the staff member, the system, or the resident on the self-report page
export function eventActor(e) {
  if (e.actor === 'system') return t('rec.by.system')
  if (e.actor === 'resident') return t('rec.by.resident')
  return e.by || e.username || ''
}

// staffName: a staff member named by the server; an account removed since has no name
const staffName = (d) => d.name || t('rec.unknownUser')

// the sentence of one key-person event's fields
function kpData(kind, d) {
  switch (kind) {
    case 'registered':
      return t(d.from_place ? 'rec.registered' : 'rec.registeredNoFrom', {
        kind: obsKindLabel(d.kind), reason: reasonLabel(d.reason), from: d.from_place,
        start: d.start_date, end: d.end_date, days: d.days
      })
    case 'assigned':
      return t('rec.assigned', { role: t(d.role === 'doctor' ? 'kp.doctor' : 'kp.grid_worker'), name: staffName(d) })
    case 'check': {
      const s = t('rec.check', { day: d.day, slot: slotLabel(d.slot), temp: fmtTemp(d.temperature), method: methodLabel(d.method) })
      return [s, symptoms(d.symptoms), d.abnormal ? t('rec.abnormal') : ''].filter(Boolean).join(' · ')
    }
    case 'alert':
      return [fmtTemp(d.temperature), symptoms(d.symptoms)].filter(Boolean).join(' · ')
    case 'referred':
      return t('rec.referred', { hospital: d.hospital, transport: d.transport })
    case 'result':
      return [resultLabel(d.result), d.note].filter(Boolean).join(' · ')
    case 'closed':
      return d.note || ''
    case 'released':
      return d.by === 'auto' ? t('rec.releasedAuto') : d.note || ''
    case 'extended':
      return t('rec.extended', { days: d.days, end: d.end_date })
    case 'converted':
      if (d.to === 'care') return t('rec.convertedCare', { result: resultLabel(d.result) })
      return [obsKindLabel(d.kind), d.site].filter(Boolean).join(' · ')
    case 'listed':
      return t('rec.listed', { list: d.list, source: d.source, line: d.line })
    default:
      return ''
  }
}

// a symptom's Chinese word, as the server used to write it, back to its key (the messages are
// compiled, so each is said in Chinese to be compared)
function symptomKey(word) {
  const table = i18n.global.getLocaleMessage('zh-CN').symptom || {}
  return Object.keys(table).find((k) => i18n.global.t('symptom.' + k, {}, { locale: 'zh-CN' }) === word)
}

// legacyData reads the sentences of rows stored before events kept fields; null when it cannot
function legacyData(kind, s) {
  let m
  if (kind === 'check' && (m = s.match(/^(\d{4}-\d\d-\d\d) (am|pm) ([\d.]+)°C (\w+)( 异常 abnormal)?$/))) {
    return { day: m[1], slot: m[2], temperature: Number(m[3]), method: m[4], abnormal: !!m[5] }
  }
  if (kind === 'registered' && (m = s.match(/^(居家观察|集中隔离) (\w+) (.*)→(\d{4}-\d\d-\d\d)，第1天 (\d{4}-\d\d-\d\d)，共 (\d+) 天$/))) {
    return { kind: m[1] === '居家观察' ? 'home' : 'centralised', reason: m[2], from_place: m[3], end_date: m[4], start_date: m[5], days: Number(m[6]) }
  }
  if (kind === 'alert' && (m = s.match(/^预警 #\d+：([\d.]+)°C((?:，[^，]+)*)$/))) {
    const words = m[2].split('，').filter(Boolean)
    const keys = words.map((w) => symptomKey(w))
    if (keys.every(Boolean)) return { temperature: Number(m[1]), symptoms: keys }
  }
  if (kind === 'result' && (m = s.match(/^(excluded|suspected|confirmed) ?(.*)$/))) return { result: m[1], note: m[2] }
  if (kind === 'converted' && (m = s.match(/^(home|centralised) ?(.*)$/))) return { kind: m[1], site: m[2] }
  return null
}

// legacyText: a sentence written in both languages ("转诊 … / referred to …") in the reader's
function legacyText(s) {
  const i = s.lastIndexOf('/ ')
  if (i > 0 && HAN.test(s.slice(0, i))) return (isEn() ? s.slice(i + 2) : s.slice(0, i)).trim()
  return s
}

// kpEventText: the detail line of a key person's timeline event
export function kpEventText(e) {
  if (e.data) return kpData(e.kind, e.data)
  const s = e.detail || ''
  const d = legacyData(e.kind, s)
  return d ? kpData(e.kind, d) : legacyText(s)
}

// taskEventText: the detail line of a task's event (the text people typed stays as typed)
export function taskEventText(e) {
  if (e.data && e.kind === 'created') {
    return t('rec.taskCreated', { owner: e.data.owner || t('rec.unknownUser'), deadline: fmtTime(e.data.deadline) })
  }
  if (e.data && e.kind === 'listed') return t('rec.taskListed', { list_id: e.data.list_id, line: e.data.line })
  return legacyText(e.detail || '')
}

// auditObject: what an audit row is about, "用户 #7" / "User #7"
export function auditObject(row) {
  const k = row.object_kind
  if (!k) return ''
  const label = te('rec.object.' + k) ? t('rec.object.' + k) : t('rec.object.record')
  return row.object_id ? `${label} #${row.object_id}` : label
}

// alertReason: an alert's reason ("38.2°C，发热，咳嗽", written by the server in Chinese) in the
// reader's language; a reason it cannot read is shown as stored
export function alertReason(s) {
  const m = (s || '').match(/^([\d.]+)°C((?:，[^，]+)*)$/)
  if (!m) return s || ''
  const keys = m[2].split('，').filter(Boolean).map((w) => symptomKey(w))
  if (!keys.every(Boolean)) return s
  return [fmtTemp(Number(m[1])), symptoms(keys)].filter(Boolean).join(' · ')
}

// auditDetail: an audit row's detail; the step words the server writes for tasks, alerts and key
// persons ("done", "referred", "released") in the reader's language, anything else as stored
export function auditDetail(row) {
  const d = row.detail
  if (d === null || d === undefined) return ''
  if (typeof d !== 'string') return JSON.stringify(d)
  const ns = { task: ['taskEvent'], alert: ['alertStatus', 'result'], key_person: ['kpStatus', 'event'] }[row.object_kind] || []
  for (const n of ns) if (/^[a-z_]+$/.test(d) && te(n + '.' + d)) return t(n + '.' + d)
  return d
}
