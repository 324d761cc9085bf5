import { createApp } from 'vue'
// Element Plus's components come with the pages that use them (vite.config.js); only the message
// toast, which scripts call on nearly every page, is styled here.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import App from './App.vue'
import { router } from './router.js'
import { i18n, setLang } from './i18n.js'
import './style.css'
// <html class="phone"> on a phone screen from the first page on, public ones included: style.css
// sizes every control for a finger by it
import './viewport.js'
import { appStyles } from './styles.js'

setLang(i18n.global.locale.value)
const app = createApp(App).use(i18n).use(router)
// mounted once the first page is resolved (its code fetched, the session restored): until then the
// emblem of index.html stays on screen rather than an empty frame, and with its styles applied
Promise.allSettled([router.isReady(), appStyles()]).then(() => app.mount('#app'))
