// router.js: history mode under '/'; the server falls back to index.html for these paths.
import { createRouter, createWebHistory } from 'vue-router'
import { session, restoreSession, loadMeta, can, setUnauthorizedHandler } from './api.js'
import { isMobile } from './viewport.js'
// every page is loaded when first opened, the login page and the menu's frame too: the public
// pages (the tip form, tracking, self-report, the disclosure) then fetch neither
const Layout = () => import('./components/Layout.vue')
const Login = () => import('./views/Login.vue')

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  // the public tip form and its tracking page (群众举报): no login
  { path: '/tip', name: 'tip', component: () => import('./views/TipForm.vue'), meta: { public: true } },
  { path: '/tip/track/:code?', name: 'tipTrack', component: () => import('./views/TipTrack.vue'), meta: { public: true } },
  // a key person's own temperature with the code staff gave them (体温自报): no login
  { path: '/self-report', name: 'selfReport', component: () => import('./views/SelfReport.vue'), meta: { public: true } },
  // a traveller's own declaration at a checkpoint, from the QR of its poster (扫码登记): no login
  { path: '/declare/:token', name: 'declare', component: () => import('./views/Declare.vue'), meta: { public: true } },
  // a checkpoint's A4 poster with that QR, printed without the menu
  { path: '/duty/posts/:id(\\d+)/poster', name: 'declarePoster', component: () => import('./views/DeclarePoster.vue'), meta: { perm: 'screen.write' } },
  // the public disclosure of donations (公示): no login
  { path: '/public/supplies', name: 'publicSupplies', component: () => import('./views/PublicSupplies.vue'), meta: { public: true } },
  // the command post's screen: full-screen, without the menu
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { perm: 'figures.read' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue') },
      { path: 'areas', name: 'areas', component: () => import('./views/Areas.vue'), meta: { perm: 'area.read' } },
      { path: 'people', name: 'people', component: () => import('./views/People.vue'), meta: { perm: 'person.read' } },
      { path: 'households', name: 'households', component: () => import('./views/Households.vue'), meta: { perm: 'household.read' } },
      { path: 'import', name: 'import', component: () => import('./views/Import.vue'), meta: { perm: 'import' } },
      { path: 'users', name: 'users', component: () => import('./views/Users.vue'), meta: { perm: 'user.admin' } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { perm: 'audit.read' } },
      { path: 'worklist', name: 'worklist', component: () => import('./views/Worklist.vue'), meta: { perm: 'monitor.read' } },
      { path: 'key-persons', name: 'keyPersons', component: () => import('./views/KeyPersons.vue'), meta: { perm: 'monitor.read' } },
      { path: 'key-persons/:id(\\d+)', name: 'keyPerson', component: () => import('./views/KeyPersonDetail.vue'), meta: { perm: 'monitor.read', menu: 'keyPersons' } },
      { path: 'key-persons/:id(\\d+)/check', name: 'checkin', component: () => import('./views/Checkin.vue'), meta: { perm: 'monitor.write', menu: 'worklist' } },
      { path: 'alerts', name: 'alerts', component: () => import('./views/Alerts.vue'), meta: { perm: 'monitor.read' } },
      { path: 'tips', name: 'tips', component: () => import('./views/Tips.vue'), meta: { perm: 'tip.read' } },
      { path: 'tips/:id(\\d+)', name: 'tipDetail', component: () => import('./views/TipDetail.vue'), meta: { perm: 'tip.read', menu: 'tips' } },
      { path: 'tasks', name: 'tasks', component: () => import('./views/Tasks.vue'), meta: { perm: 'task.read' } },
      { path: 'tasks/:id(\\d+)', name: 'taskDetail', component: () => import('./views/TaskDetail.vue'), meta: { perm: 'task.read', menu: 'tasks' } },
      // lists from higher authorities matched against the registry (大数据名单比对)
      { path: 'lists', name: 'lists', component: () => import('./views/Lists.vue'), meta: { perm: 'list.read' } },
      { path: 'lists/:id(\\d+)', name: 'listDetail', component: () => import('./views/ListDetail.vue'), meta: { perm: 'list.read', menu: 'lists' } },
      { path: 'report', name: 'report', component: () => import('./views/Report.vue'), meta: { perm: 'figures.read' } },
      // checkpoints and duty rosters
      { path: 'screening', name: 'screening', component: () => import('./views/Screening.vue'), meta: { perm: 'screen.write' } },
      { path: 'duty/now', name: 'dutyNow', component: () => import('./views/DutyNow.vue'), meta: { perm: 'duty.read' } },
      { path: 'duty/posts', name: 'dutyPosts', component: () => import('./views/DutyPosts.vue'), meta: { perm: 'duty.read' } },
      { path: 'checkpoint/figures', name: 'checkpointFigures', component: () => import('./views/CheckpointFigures.vue'), meta: { perm: 'figures.read' } },
      { path: 'settings/monitoring', name: 'monitorSettings', component: () => import('./views/MonitorSettings.vue'), meta: { perm: 'user.admin' } },
      // donations and supplies
      { path: 'supplies', name: 'supplies', component: () => import('./views/Supplies.vue'), meta: { perm: 'supply.read' } },
      { path: 'donations', name: 'donations', component: () => import('./views/Donations.vue'), meta: { perm: 'supply.read' } },
      { path: 'ledger', name: 'ledger', component: () => import('./views/Ledger.vue'), meta: { perm: 'supply.read' } },
      { path: 'cash', name: 'cash', component: () => import('./views/Cash.vue'), meta: { perm: 'supply.read' } },
      // sweeps, publicity and gatherings
      { path: 'sweeps', name: 'sweeps', component: () => import('./views/Sweeps.vue'), meta: { perm: 'sweep.read' } },
      { path: 'sweeps/new', name: 'sweepNew', component: () => import('./views/SweepEdit.vue'), meta: { perm: 'sweep.admin', menu: 'sweeps' } },
      { path: 'sweeps/:id(\\d+)', name: 'sweepDetail', component: () => import('./views/SweepDetail.vue'), meta: { perm: 'sweep.read', menu: 'sweeps' } },
      { path: 'sweeps/:id(\\d+)/edit', name: 'sweepEdit', component: () => import('./views/SweepEdit.vue'), meta: { perm: 'sweep.admin', menu: 'sweeps' } },
      { path: 'sweeps/:id(\\d+)/door', name: 'sweepDoor', component: () => import('./views/SweepDoor.vue'), meta: { perm: 'sweep.read', menu: 'sweeps' } },
      { path: 'sweeps/:id(\\d+)/visit/:hid(\\d+)', name: 'sweepVisit', component: () => import('./views/SweepVisit.vue'), meta: { perm: 'sweep.write', menu: 'sweeps' } },
      { path: 'publicity', name: 'publicity', component: () => import('./views/Publicity.vue'), meta: { perm: 'sweep.read' } },
      { path: 'gatherings', name: 'gatherings', component: () => import('./views/Gatherings.vue'), meta: { perm: 'sweep.read' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/NotFound.vue'), props: { forbidden: true } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue') }
    ]
  }
]

// landing: where a user starts. Grid workers and village doctors work from their worklist
// (on a phone, mostly), checkpoint staff from the screening form at the gate; everyone else
// from the home page.
export function landing() {
  const u = session.user
  if (u && (u.role === 'grid' || u.role === 'doctor') && can('monitor.read')) return { name: 'worklist' }
  if (u && u.role === 'checkpoint' && can('screen.write')) return { name: 'screening' }
  return { name: 'home' }
}

export const router = createRouter({ history: createWebHistory('/'), routes })

// The page a user opening '/' is likely sent on to, fetched beside the session rather than after
// it: where this browser was sent last time, else on a phone the worklist (grid workers and village
// doctors are who open the app on a phone). A wrong guess costs one page's code, not a round trip.
const LANDING = 'fangyi.landing'
function prefetchLanding() {
  let name = null
  try {
    name = localStorage.getItem(LANDING)
  } catch (err) {
    /* private mode */
  }
  if (!name && isMobile.value) name = 'worklist'
  const r = name && router.getRoutes().find((x) => x.name === name)
  const c = r && r.components && r.components.default
  if (typeof c === 'function') c().catch(() => {})
}
function keepLanding(name) {
  try {
    localStorage.setItem(LANDING, name)
  } catch (err) {
    /* private mode */
  }
}

router.beforeEach(async (to, from) => {
  // the first page waits for meta too: its times are shown in the town's zone (meta.tz). Its code
  // is fetched meanwhile rather than after (home is skipped: a grid worker is sent on from it)
  if (!session.loaded) {
    for (const r of to.matched)
      for (const c of Object.values(r.components || {}))
        if (typeof c === 'function' && r.name !== 'home') c().catch(() => {})
    if (to.name === 'home') prefetchLanding()
    await Promise.all([loadMeta(), restoreSession()])
  } else loadMeta()
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return landing()
    return true
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  if (to.meta.perm && !can(to.meta.perm)) return { name: 'forbidden' }
  // opening the app at '/' (a phone's bookmark, or just after logging in) goes to the landing page
  if (to.name === 'home' && (!from.matched.length || from.name === 'login')) {
    const l = landing()
    keepLanding(l.name)
    if (l.name !== 'home') return l
  }
  return true
})

setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value
  if (cur.name === 'login') return
  router.push({ name: 'login', query: cur.fullPath && cur.fullPath !== '/' ? { next: cur.fullPath } : {} })
})
