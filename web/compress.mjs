// compress.mjs: after `vite build`, leave x.br and x.gz beside each text file of dist/ (scripts,
// styles, index.html). The server sends the one a browser accepts (src/http/server.c), so a phone
// fetches a fifth of the bytes and the server spends nothing compressing. Brotli at its highest
// quality and gzip at level 9: the cost is paid once here, not per request. A variant no smaller
// than its file is not written; the server then sends the file itself.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist')
const TEXT = /\.(js|mjs|css|html|svg|json|csv|txt)$/

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) yield* walk(p)
    else if (TEXT.test(e.name)) yield p
  }
}

let before = 0
let after = 0
for (const file of walk(dist)) {
  const data = readFileSync(file)
  const variants = {
    '.br': zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT
      }
    }),
    '.gz': zlib.gzipSync(data, { level: 9 })
  }
  for (const [ext, out] of Object.entries(variants)) {
    if (out.length < data.length) writeFileSync(file + ext, out)
    else {
      try {
        if (statSync(file + ext)) unlinkSync(file + ext)
      } catch {
        /* none was there */
      }
    }
  }
  before += data.length
  after += Math.min(data.length, variants['.br'].length)
}
console.log(`compress: ${(before / 1024).toFixed(0)} KB of text in dist/, ${(after / 1024).toFixed(0)} KB as brotli`)
