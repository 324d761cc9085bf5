// offline/index.js: the field app's offline side, started by the staff frame (Layout.vue) once a
// user is logged in: the service worker (the app shell, web/pwa.config.js), the queue of writes
// (queue.js) and the copy of the user's own work (reads.js). The public pages start none of it.
import { start as startQueue, stop as stopQueue, status } from './queue.js'
import { startRefresh, stopRefresh } from './reads.js'

export { status, submit, flush, discard, queued, drop, onSent } from './queue.js'
export { readOnline, refresh } from './reads.js'

// the pages a field worker uses with no signal: the sync bar is shown on them
export const FIELD_ROUTES = new Set(['worklist', 'checkin', 'keyPerson', 'sweeps', 'sweepDoor', 'sweepVisit', 'screening', 'taskDetail'])

function registerWorker() {
  // a service worker needs a secure context: HTTPS, or the PC itself (127.0.0.1)
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    /* a build without the worker (npm run dev) or a browser that refuses: online only */
  })
}

let started = false
export function startOffline() {
  if (started) return
  started = true
  registerWorker()
  startQueue()
  startRefresh()
}
export function stopOffline() {
  started = false
  stopQueue()
  stopRefresh()
}
export const syncStatus = status
