import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import VueI18n from '@intlify/unplugin-vue-i18n/vite'
import { fileURLToPath } from 'node:url'
import { pwa } from './pwa.config.js'

// Which chunk a module goes to. Left alone, rollup splits Element Plus into some forty chunks of a
// few KB each (every helper shared by two pages its own file), and a phone on HTTP/1.1 fetches
// them six at a time, a round trip each. So: Vue and its router and i18n in `vendor`; Element
// Plus's shared code and the components the login and public pages show (with their styles) in
// `ep`; the staff pages' frame (menu, drawer, containers) in `ep-shell`; every other component
// (tables, date pickers, dialogs...) stays with the pages that use it.
const EP_PUBLIC = new Set([
  'alert', 'badge', 'button', 'card', 'checkbox', 'checkbox-group', 'collection', 'config-provider',
  'descriptions', 'descriptions-item', 'focus-trap', 'form', 'form-item', 'icon', 'input', 'loading',
  'option', 'option-group', 'popper', 'radio', 'radio-button', 'radio-group', 'result', 'roving-focus-group',
  'scrollbar', 'select', 'slot', 'step', 'steps', 'tag', 'teleport', 'tooltip', 'visual-hidden'
])
const EP_SHELL = new Set(['aside', 'container', 'dialog', 'drawer', 'header', 'main', 'menu', 'menu-item',
  'overlay', 'sub-menu', 'collapse-transition'])
function chunkOf(id) {
  if (!id.includes('/node_modules/')) return undefined
  if (/\/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vendor'
  const c = id.match(/\/element-plus\/(?:es\/components\/([^/]+)\/|theme-chalk\/el-([^/.]+)\.css)/)
  if (c) {
    const name = c[1] || c[2]
    if (EP_PUBLIC.has(name)) return 'ep'
    if (EP_SHELL.has(name)) return 'ep-shell'
    return undefined
  }
  if (/\/element-plus\/theme-chalk\/base\.css/.test(id)) return undefined
  if (/\/element-plus\/es\/[^/]+\.mjs/.test(id)) return undefined
  if (/\/node_modules\/(element-plus|lodash-es|lodash-unified|@vueuse|@floating-ui|@popperjs|@sxzz|@ctrl|async-validator|memoize-one|normalize-wheel-es|@element-plus\/icons-vue)\//.test(id))
    return 'ep'
  return undefined
}

// The entry's stylesheets do not hold up the first paint: on slow 4G a render-blocking <link>
// costs a new connection and a round trip before the emblem of index.html shows. Each is marked
// `media="print"` (fetched at low priority, blocking nothing) with `data-app`, and main.js switches
// it to `all` and waits for it before the app mounts, so no page is drawn unstyled. (The CSP
// forbids the inline `onload` of the usual trick.)
const lateStyles = {
  name: 'fangyi-late-styles',
  enforce: 'post',
  transformIndexHtml: (html) =>
    html.replace(/<link rel="stylesheet"( crossorigin)? href="([^"]+)">/g, '<link rel="stylesheet" media="print" data-app$1 href="$2">')
}

// The C server serves dist/ with an SPA fallback and the API on the same origin.
// For `npm run dev`, FANGYI_API points the dev server's proxy at a running fangyi.
export default defineConfig({
  base: '/',
  // Element Plus on demand: each <el-*> tag (and v-loading) a template uses is imported with its
  // own stylesheet, in the chunk chunkOf names or else with the page that uses it, so the login page
  // and the public pages carry the few components they show rather than the whole library. `dts: false`: the UI is
  // JavaScript, a components.d.ts would only be noise.
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    // the messages (src/i18n-*.js) compiled at build time, and vue-i18n's runtime-only build in the
    // bundle: no message compiler shipped, and none of the eval the CSP forbids
    VueI18n({
      include: [fileURLToPath(new URL('./src/i18n-*.js', import.meta.url))],
      runtimeOnly: true,
      dropMessageCompiler: true,
      compositionOnly: true,
      fullInstall: true,
      strictMessage: false,
      escapeHtml: false
    }),
    lateStyles,
    // the manifest and the service worker of the field app (pwa.config.js)
    ...pwa()
  ],
  define: {
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false
  },
  server: {
    proxy: {
      '/api': process.env.FANGYI_API || 'http://127.0.0.1:8080',
      '/healthz': process.env.FANGYI_API || 'http://127.0.0.1:8080'
    }
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 500,
    rollupOptions: { output: { manualChunks: chunkOf } }
  }
})
