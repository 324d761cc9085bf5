// latest.js: loads where only the newest answer counts. A list reloads on every filter, page and
// search; over a village's mobile link an earlier request can answer after a later one, and its
// rows would replace the ones the clerk asked for last. Each page used to number its loads by
// hand; useLatest does it once.
import { getCurrentScope, onScopeDispose, ref } from 'vue'

// useLatest() → { loading, error, run, drop }
//   run(fetch, apply, fail): calls fetch() (an async function: the request) and, if no other run
//     started meanwhile, gives its answer to apply(answer); if fetch (or apply) throws, error
//     holds what was thrown and fail(err) is called, when given. A run overtaken by a newer one
//     touches nothing. Resolves to true when its answer was applied, false otherwise.
//   loading: true from the start of the newest run until it ends.
//   error: the newest run's failure (an ApiError for errText), null while loading or after success.
//   drop(): forgets the pending runs, for a page that no longer wants their answers (a search box
//     emptied, a form opened again for someone else).
// Called in a component's setup, the runs still pending when the component goes away are dropped.
export function useLatest() {
  const loading = ref(false)
  const error = ref(null)
  let newest = 0

  async function run(fetch, apply, fail) {
    const mine = ++newest
    loading.value = true
    error.value = null
    try {
      const answer = await fetch()
      if (mine !== newest) return false
      apply(answer)
      return true
    } catch (err) {
      if (mine !== newest) return false
      error.value = err
      if (fail) fail(err)
      return false
    } finally {
      if (mine === newest) loading.value = false
    }
  }

  function drop() {
    newest++
    loading.value = false
  }

  if (getCurrentScope()) onScopeDispose(drop)
  return { loading, error, run, drop }
}
