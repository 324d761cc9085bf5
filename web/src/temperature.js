// temperature.js: body temperatures as staff type them and as pages show them (°C, one decimal).

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
