// viewport.js: one shared "is this a phone screen" flag (< 768px).
import { ref } from 'vue'

export const isMobile = ref(typeof window !== 'undefined' && window.innerWidth < 768)
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => {
    isMobile.value = window.innerWidth < 768
  })
}
