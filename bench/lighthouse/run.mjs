// run.mjs: Lighthouse on the three pages a village reaches over a mobile signal: the login page,
// the public tip form and a grid worker's worklist (the page at / for a grid user).
// Mobile form factor with Lighthouse's default simulated slow 4G, in Debian's headless chromium.
// usage: node run.mjs URL GRID_USER GRID_PASSWORD   (bench/run.sh lighthouse starts the server)
// Prints one line per run of each page: performance, accessibility, first contentful paint, bytes
// transferred, and the accessibility audits that failed, so a regression names its element; then
// the metrics the performance score weighs (LCP, TBT, CLS, speed index) and Lighthouse's benchmark
// of this machine's CPU: the simulated phone is 4x slower than the host, so a busy host (a
// benchmark well below what the same machine gives idle) inflates TBT and LCP; compare runs on a
// quiet machine.
// LIGHTHOUSE_RUNS=N (default 3) measures each page N times and prints each run and then the
// median of each figure: one run on a shared machine says little.
// LIGHTHOUSE_OUT=DIR keeps each page's whole report there as JSON (the last run's).
import { mkdirSync, writeFileSync } from 'node:fs'
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'

const [base, user, password] = process.argv.slice(2)
if (!base || !user || !password) {
  console.error('usage: node run.mjs URL GRID_USER GRID_PASSWORD')
  process.exit(2)
}

// The worklist needs a session: log in through the API as a phone would, and hand Lighthouse
// the session cookie as an extra header on every request it makes.
async function sessionCookie() {
  const res = await fetch(new URL('/api/v1/session', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password })
  })
  if (!res.ok) throw new Error(`login as ${user}: HTTP ${res.status}`)
  const c = (res.headers.get('set-cookie') || '').match(/fangyi_session=[^;]+/)
  if (!c) throw new Error('login: no session cookie in the answer')
  return c[0]
}

const pages = [
  { name: 'login', path: '/login' },
  { name: 'tip form', path: '/tip' },
  { name: 'worklist (grid)', path: '/', login: true }
]

const flags = ['--headless=new', '--disable-gpu', '--disable-dev-shm-usage']
if (process.getuid && process.getuid() === 0) flags.push('--no-sandbox')
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: flags
})
let failed = false

// one line of figures, and below it the metrics the performance score weighs
function line(name, f, bad) {
  console.log(
    `${name.padEnd(18)} ${String(f.perf).padStart(4)}  ${String(f.a11y).padStart(4)}` +
      `  ${(f.fcp / 1000).toFixed(2).padStart(5)} s  ${(f.bytes / 1024).toFixed(0).padStart(6)} KB  ${bad}`
  )
  console.log(
    `${''.padEnd(18)} LCP ${(f.lcp / 1000).toFixed(1)} s, TBT ${Math.round(f.tbt)} ms, CLS ${f.cls.toFixed(3)},` +
      ` speed index ${(f.si / 1000).toFixed(1)} s; host CPU benchmark ${Math.round(f.bench)}`
  )
}
try {
  const cookie = await sessionCookie()
  console.log('page               perf  a11y     FCP       bytes  failed a11y audits')
  const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS || 3))
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
  for (const p of pages) {
    const seen = []
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(new URL(p.path, base).href, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        extraHeaders: p.login ? { Cookie: cookie } : undefined
      })
      const lhr = result.lhr
      if (lhr.runtimeError) {
        console.log(`${p.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
        failed = true
        continue
      }
      const score = (c) => Math.round((lhr.categories[c].score || 0) * 100)
      const num = (id) => lhr.audits[id].numericValue
      const fig = {
        perf: score('performance'), a11y: score('accessibility'), fcp: num('first-contentful-paint'),
        bytes: num('total-byte-weight'), lcp: num('largest-contentful-paint'), tbt: num('total-blocking-time'),
        cls: num('cumulative-layout-shift'), si: num('speed-index'), bench: lhr.environment.benchmarkIndex
      }
      seen.push(fig)
      const bad = lhr.categories.accessibility.auditRefs
        .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
        .map((r) => r.id)
      line(p.name, fig, bad.join(' ') || '-')
      if (process.env.LIGHTHOUSE_OUT) {
        mkdirSync(process.env.LIGHTHOUSE_OUT, { recursive: true })
        writeFileSync(`${process.env.LIGHTHOUSE_OUT}/${p.name.split(' ')[0]}.json`, result.report)
      }
      if (p.login && lhr.finalDisplayedUrl && new URL(lhr.finalDisplayedUrl).pathname === '/login') {
        console.log(`${p.name}: landed on the login page: the session cookie was not used`)
        failed = true
      }
    }
    if (seen.length > 1) {
      const m = {}
      for (const k of Object.keys(seen[0])) m[k] = median(seen.map((f) => f[k]))
      line(`  median of ${seen.length}`, m, '')
    }
  }
} finally {
  await chrome.kill()
}
process.exit(failed ? 1 : 0)
