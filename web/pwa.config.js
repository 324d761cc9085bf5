// pwa.config.js: the installable field app (离线可用): the web app manifest and the service worker,
// made by vite-plugin-pwa with Workbox. The worker keeps the app shell only: index.html, the
// entry's code and the code of the field pages (FIELD_PAGES with everything they import), so a
// grid worker's, doctor's or checkpoint's phone opens the app with no signal after one online
// visit, and a member of the public on the tip form never downloads the staff pages. It never
// answers or keeps anything under /api/: residents' data offline lives in IndexedDB
// (src/offline/), which logging out wipes; Cache Storage holds nothing personal.
import { VitePWA } from 'vite-plugin-pwa'

// the pages a field worker opens from their phone, and the frame and login around them
const FIELD_PAGES = [
  'components/Layout.vue', 'views/Login.vue', 'views/NotFound.vue',
  'views/Worklist.vue', 'views/KeyPersonDetail.vue', 'views/Checkin.vue', 'views/TaskDetail.vue',
  'views/Sweeps.vue', 'views/SweepDoor.vue', 'views/SweepVisit.vue', 'views/Screening.vue'
]

// The output files the field pages need: the entry, each field page's chunk and what it imports
// statically, with their stylesheets (not what they load lazily: the declaration scanner's QR reader
// and the home page's charts need the network anyway). Filled when rollup writes the bundle, read
// when Workbox lists what to precache, after the bundle is written.
function fieldFiles() {
  const keep = new Set(['index.html', 'manifest.webmanifest'])
  const plugin = {
    name: 'fangyi-field-shell',
    apply: 'build',
    generateBundle(_, bundle) {
      keep.clear()
      keep.add('index.html')
      keep.add('manifest.webmanifest')
      const add = (name) => {
        const c = bundle[name]
        if (!c || keep.has(name)) return
        keep.add(name)
        if (c.type !== 'chunk') return
        for (const css of (c.viteMetadata && c.viteMetadata.importedCss) || []) keep.add(css)
        for (const a of (c.viteMetadata && c.viteMetadata.importedAssets) || []) keep.add(a)
        for (const i of c.imports) add(i)
      }
      for (const [name, c] of Object.entries(bundle)) {
        if (c.type !== 'chunk') continue
        const id = (c.facadeModuleId || '').replace(/\\/g, '/')
        if (c.isEntry || FIELD_PAGES.some((p) => id.endsWith('/src/' + p))) add(name)
      }
    }
  }
  const transform = async (entries) => ({
    manifest: entries.filter((e) => keep.has(e.url) || e.url.startsWith('icons/')),
    warnings: []
  })
  return { plugin, transform }
}

export function pwa() {
  const field = fieldFiles()
  return [
    field.plugin,
    VitePWA({
      // registered by src/offline/ once a member of staff is logged in, not on public pages
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        name: '防疫 fangyi',
        short_name: '防疫',
        description: '防疫指挥系统：健康监测、排查走访、卡口检测 · epidemic prevention field app',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#b71c1c',
        background_color: '#f3f5f8',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
        manifestTransforms: [field.transform],
        // an app route opened with no signal gets the kept index.html; the API and the server's
        // own pages (printable reports under /api/) never come from the worker
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/],
        runtimeCaching: [],
        // the first visit is controlled at once, so its pages' code is kept from then on; a new
        // version waits until the app is closed rather than change the code under a half-typed form
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        sourcemap: false
      }
    })
  ]
}
