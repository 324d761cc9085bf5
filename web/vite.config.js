import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The C server serves dist/ with an SPA fallback and the API on the same origin.
// For `npm run dev`, FANGYI_API points the dev server's proxy at a running fangyi.
export default defineConfig({
  base: '/',
  // Element Plus on demand: each <el-*> tag (and v-loading) a template uses is imported with its
  // own stylesheet in the chunk of the page that uses it, so the login page and the public pages
  // carry the few components they show rather than the whole library. `dts: false`: the UI is
  // JavaScript, a components.d.ts would only be noise.
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
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
    // no chunk of our own for Element Plus or its icons: rollup puts each component with the
    // pages that use it, shared ones in a chunk of their own
    rollupOptions: {
      output: {
        manualChunks: {
          vendor: ['vue', 'vue-router', 'vue-i18n']
        }
      }
    }
  }
})
