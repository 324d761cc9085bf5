// router.js: history mode under '/'; the server falls back to index.html for these paths.
import { createRouter, createWebHistory } from 'vue-router'
import { session, restoreSession, loadMeta, can, setUnauthorizedHandler } from './api.js'
import Layout from './components/Layout.vue'
import Login from './views/Login.vue'

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
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
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/NotFound.vue'), props: { forbidden: true } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue') }
    ]
  }
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  loadMeta()
  if (!session.loaded) await restoreSession()
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return { name: 'home' }
    return true
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  if (to.meta.perm && !can(to.meta.perm)) return { name: 'forbidden' }
  return true
})

setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value
  if (cur.name === 'login') return
  router.push({ name: 'login', query: cur.fullPath && cur.fullPath !== '/' ? { next: cur.fullPath } : {} })
})
