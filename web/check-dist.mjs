// check-dist.mjs: after compress.mjs, refuse a build whose first paint or first page would be slow
// on a village's mobile signal again (bench/run.sh lighthouse measures the pages themselves):
// - no stylesheet of index.html may hold up the first paint: each is `media="print" data-app`
//   (vite.config.js), switched on by main.js before the app mounts;
// - what index.html loads before any page (the entry script, its modulepreloads and stylesheets)
//   stays within FIRST_KB as brotli, the form a phone receives;
// - no message compiler in any chunk: the messages are compiled at build time, and a phone would
//   otherwise carry and run the compiler for nothing.
// usage: node check-dist.mjs [DIST]   (npm run build runs it on dist/)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const FIRST_KB = 160
const dist = process.argv[2] || path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist')
const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
const bad = []

for (const link of html.match(/<link [^>]*rel="stylesheet"[^>]*>/g) || [])
  if (!/media="print"/.test(link) || !/data-app/.test(link)) bad.push(`index.html: a stylesheet blocks the first paint: ${link}`)

// the brotli copy when compress.mjs wrote one, else the file itself
const sent = (f) => statSync(existsSync(f + '.br') ? f + '.br' : f).size
const first = [...html.matchAll(/<(?:script[^>]* src|link rel="(?:modulepreload|stylesheet)"[^>]* href)="\/([^"]+)"/g)].map((m) => m[1])
const firstBytes = sent(path.join(dist, 'index.html')) + first.reduce((n, f) => n + sent(path.join(dist, f)), 0)
if (firstBytes > FIRST_KB * 1024)
  bad.push(`index.html and what it loads come to ${(firstBytes / 1024).toFixed(0)} KB as brotli, more than ${FIRST_KB} KB: ${first.join(' ')}`)

// vue-i18n's compiler names its syntax errors' codes in every build; the runtime alone does not
for (const f of readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')))
  if (/UNTERMINATED_CLOSING_BRACE/.test(readFileSync(path.join(dist, 'assets', f), 'utf8')))
    bad.push(`assets/${f}: carries vue-i18n's message compiler`)

if (bad.length) {
  console.error(bad.join('\n'))
  process.exit(1)
}
console.log(`check-dist: first paint unblocked, ${(firstBytes / 1024).toFixed(0)} KB before the first page, no message compiler`)
