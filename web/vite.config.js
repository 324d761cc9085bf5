import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C server serves dist/ with an SPA fallback and the API on the same origin.
// For `npm run dev`, FANGYI_API points the dev server's proxy at a running fangyi.
export default defineConfig({
  base: '/',
  plugins: [vue()],
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
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          vendor: ['vue', 'vue-router', 'vue-i18n'],
          ui: ['element-plus', '@element-plus/icons-vue']
        }
      }
    }
  }
})
