// i18n.js: the UI's words. The frame's, the login page's and the registry's (i18n-app.js) come with
// the app; each module's (i18n-monitor.js, i18n-command.js...) with the pages that show them,
// added by words/<module>.js, which every page, component and helper using them imports. All are
// compiled at build time (@intlify/unplugin-vue-i18n, vite.config.js): the app carries vue-i18n's
// runtime without its message compiler, and a phone compiles no message.
import { createI18n } from 'vue-i18n'
import app from './i18n-app.js'

const KEY = 'fangyi.lang'
function initial() {
  try {
    const v = localStorage.getItem(KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch (err) {
    /* private mode */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: app,
  missingWarn: false,
  fallbackWarn: false
})

// addWords adds a module's words ({ 'zh-CN': {...}, en: {...} }, compiled) to the UI's messages
export function addWords(words) {
  for (const lang of Object.keys(words)) i18n.global.mergeLocaleMessage(lang, words[lang])
}

export function setLang(lang) {
  i18n.global.locale.value = lang
  try {
    localStorage.setItem(KEY, lang)
  } catch (err) {
    /* ignore */
  }
  document.documentElement.lang = lang
  document.title = i18n.global.t('app.title')
}

export function toggleLang() {
  setLang(i18n.global.locale.value === 'en' ? 'zh-CN' : 'en')
}
