// viewport.js: one shared "is this a phone screen" flag (< 768px), for the pages (a card per
// row instead of a table) and for the stylesheet: <html> carries the class "phone" while it is
// set, so style.css sizes every control for a finger on the same screens, dialogs included.
import { ref, watchEffect } from 'vue'

export const isMobile = ref(typeof window !== 'undefined' && window.innerWidth < 768)
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => {
    isMobile.value = window.innerWidth < 768
  })
  watchEffect(() => document.documentElement.classList.toggle('phone', isMobile.value))
}
