// time.js: the one place a time becomes text. Every time is shown in the town's zone (meta.tz,
// from the server's --tz), whatever zone the phone or PC is set to: a check taken at 21:55 in the
// town reads 21:55 on every page, in the ledger as on the users page.
import { session } from './api.js'

export function townTz() {
  return (session.meta && session.meta.tz) || 'Asia/Shanghai'
}

// parts of a Unix time in the town's zone: { year, month, day, hour, minute } as 2-digit text
function townParts(sec) {
  const parts = {}
  const d = new Date(sec * 1000)
  try {
    const f = new Intl.DateTimeFormat('en-CA', {
      timeZone: townTz(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
    })
    for (const p of f.formatToParts(d)) parts[p.type] = p.value
  } catch (err) {
    // a browser without the zone's data: China's time, which has had no daylight saving since 1991
    const c = new Date(sec * 1000 + 8 * 3600000).toISOString()
    Object.assign(parts, { year: c.slice(0, 4), month: c.slice(5, 7), day: c.slice(8, 10), hour: c.slice(11, 13), minute: c.slice(14, 16) })
  }
  return parts
}

// fmtTime: "YYYY-MM-DD HH:mm" in the town; '' for no time
export function fmtTime(sec) {
  if (!sec) return ''
  const p = townParts(sec)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}
// fmtHM: "HH:mm" in the town
export function fmtHM(sec) {
  if (!sec) return ''
  const p = townParts(sec)
  return `${p.hour}:${p.minute}`
}
// townDate: the town's local date "YYYY-MM-DD" at a Unix time (now when none)
export function townDate(sec) {
  const p = townParts(sec || Date.now() / 1000)
  return `${p.year}-${p.month}-${p.day}`
}
// townHour: the hour (0-23) in the town at a Unix time (now when none)
export function townHour(sec) {
  return Number(townParts(sec || Date.now() / 1000).hour)
}
// dateDiff: b - a in days, for 'YYYY-MM-DD' dates
export function dateDiff(a, b) {
  const pa = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))
  const pb = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10))
  return Math.round((pb - pa) / 86400000)
}
