import { createRouter, createWebHistory } from 'vue-router';
import { session, loadMe, can } from './api.js';

const Overview = () => import('./views/Overview.vue');
const routes = [
  { path: '/', redirect: '/overview' },
  { path: '/login', component: () => import('./views/Login.vue'), meta: { anonymous: true } },
  { path: '/public', component: () => import('./views/Public.vue'), meta: { anonymous: true, bare: true } },
  { path: '/overview', component: Overview },
  { path: '/plan/:node?', component: () => import('./views/Plan.vue') },
  { path: '/indicators', component: () => import('./views/Indicators.vue') },
  { path: '/indicators/:code', component: () => import('./views/Indicator.vue') },
  { path: '/tasks', component: () => import('./views/Tasks.vue') },
  { path: '/tasks/:id', component: () => import('./views/Task.vue') },
  { path: '/inbox', component: () => import('./views/Inbox.vue'), meta: { need: 'report' } },
  { path: '/review', component: () => import('./views/Review.vue'), meta: { need: 'review' } },
  { path: '/audit', component: () => import('./views/Audit.vue'), meta: { need: 'audit' } },
  { path: '/users', component: () => import('./views/Users.vue'), meta: { need: 'users' } },
  { path: '/search', component: () => import('./views/Search.vue') },
  { path: '/:rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { anonymous: true } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe();
  if (to.meta.anonymous) return true;
  if (!session.user) return { path: '/login', query: { next: to.fullPath } };
  if (to.meta.need && !can(to.meta.need)) return { path: '/overview' };
  return true;
});
