// offline/store.js: the phone's own copy, in IndexedDB (through `idb`). Three stores:
//   reads  the answers of the GET routes the field pages read (the worklist, a key person, a
//          household, a sweep, the posts...), keyed by their URL: what the pages show offline;
//   queue  the writes recorded on the phone and not yet accepted by the server, oldest first,
//          each with the Idempotency-Key made when it was recorded;
//   device who is logged in on this phone, the server's /meta (the town's zone, villages) and
//          the last time the queue was emptied.
// Everything here is the logged-in user's and goes with the session: wipe() empties it at logout
// and when the server answers 401 (the queue is kept then, to be sent after logging in again).
// Cache Storage holds only the app's code (the service worker's precache), never an answer of
// the API; wipe() deletes any other cache it finds.
import { openDB } from 'idb'

const NAME = 'fangyi-offline'
// the one key of localStorage kept across users: the language chosen on this phone
const KEEP_LOCAL = new Set(['fangyi.lang'])

let dbp = null
export function db() {
  if (!dbp) {
    dbp = openDB(NAME, 1, {
      upgrade(d) {
        d.createObjectStore('reads', { keyPath: 'url' })
        const q = d.createObjectStore('queue', { keyPath: 'key' })
        q.createIndex('created', 'created')
        d.createObjectStore('device', { keyPath: 'k' })
      },
      // another tab of a newer app wants the database: give it up rather than block it
      blocking() {
        if (dbp) dbp.then((d) => d.close())
        dbp = null
      }
    }).catch((e) => {
      dbp = null
      throw e
    })
  }
  return dbp
}

// Whether this phone has the database at all: a visitor of the public pages never gets one.
async function exists() {
  if (typeof indexedDB === 'undefined') return false
  if (typeof indexedDB.databases !== 'function') return true
  try {
    return (await indexedDB.databases()).some((d) => d.name === NAME)
  } catch (err) {
    return true
  }
}

export async function readPut(url, user, data) {
  await (await db()).put('reads', { url, user, at: Date.now(), data })
}
// readGet(url, user) → {data, at} of the copy kept for that user, or null
export async function readGet(url, user) {
  const r = await (await db()).get('reads', url)
  return r && r.user === user ? { data: r.data, at: r.at } : null
}
export async function readAt(url) {
  const r = await (await db()).get('reads', url)
  return r ? r.at : 0
}

export async function deviceGet(k) {
  const r = await (await db()).get('device', k)
  return r ? r.v : undefined
}
export async function devicePut(k, v) {
  await (await db()).put('device', { k, v })
}

// the queue, oldest first
export async function queueAll() {
  return (await db()).getAllFromIndex('queue', 'created')
}
export async function queueGet(key) {
  return (await db()).get('queue', key)
}
export async function queuePut(item) {
  await (await db()).put('queue', item)
}
export async function queueDelete(key) {
  await (await db()).delete('queue', key)
}

// adoptUser(user) makes the phone's copy that user's: a copy or a queue left by anyone else (a
// phone handed over, a session that ended in a 401 and another person logging in) is wiped first,
// unsent writes included, since they were recorded under another account. Then the user is
// remembered, so the app opens with no signal as that user (api.js restoreSession).
export async function adoptUser(user) {
  const d = await db()
  const was = await deviceGet('user')
  const q = await d.getAll('queue')
  if ((was && was.id !== user.id) || q.some((x) => x.user !== user.id)) await wipe()
  await devicePut('user', user)
}
// devicePeek(k): what the device store holds under k, without creating the database on a
// phone that has none (a visitor of the public pages)
export async function devicePeek(k) {
  if (!(await exists())) return undefined
  return deviceGet(k)
}
// the user remembered on this phone, or null
export async function deviceUser() {
  return (await devicePeek('user')) || null
}

// wipe empties the phone's copy of residents' data: the stores of IndexedDB (the queue too unless
// keepQueue), every cache but the service worker's app shell, and localStorage (all but the
// language) and sessionStorage.
export async function wipe({ keepQueue = false } = {}) {
  if (await exists()) {
    const d = await db()
    const stores = keepQueue ? ['reads', 'device'] : ['reads', 'device', 'queue']
    const tx = d.transaction(stores, 'readwrite')
    await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done])
  }
  if (typeof caches !== 'undefined') {
    try {
      for (const name of await caches.keys()) if (!name.startsWith('workbox-precache')) await caches.delete(name)
    } catch (err) {
      /* no Cache Storage here */
    }
  }
  try {
    for (const k of Object.keys(localStorage)) if (!KEEP_LOCAL.has(k)) localStorage.removeItem(k)
    sessionStorage.clear()
  } catch (err) {
    /* private mode */
  }
}
