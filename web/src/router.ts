/**
 * The console's screens, declared once: path, title, who may open it, whether the menu shows it.
 * The menu and the route guard both read this table. The paths are those of
 * shared/http/console-routes.ts, which the server answers with the console (none is an API path).
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { CONSOLE_PAGES } from '../../shared/http/console-routes.ts';
import { useSession } from './composables/useSession.ts';
import {
  ADMINS,
  CASE_READERS,
  DEPARTMENT_MANAGERS,
  DEPARTMENTS,
  REPORT_READERS,
  ROSTER_READERS,
  type Role,
  STAFF_PLUS,
  SUPERVISION_READERS,
} from './roles.ts';

export interface Screen {
  path: string;
  name: string;
  title: string;
  roles: readonly Role[];
  inMenu: boolean;
  component: RouteRecordRaw['component'];
}

export const screens: Screen[] = [
  {
    path: CONSOLE_PAGES.intake,
    name: 'intake',
    title: '受理登记',
    roles: STAFF_PLUS,
    inMenu: true,
    component: () => import('./pages/IntakePage.vue'),
  },
  {
    path: CONSOLE_PAGES.ledger,
    name: 'ledger',
    title: '台账',
    roles: CASE_READERS,
    inMenu: true,
    component: () => import('./pages/LedgerPage.vue'),
  },
  {
    path: CONSOLE_PAGES.case,
    name: 'case',
    title: '案件详情',
    roles: CASE_READERS,
    inMenu: false,
    component: () => import('./pages/CasePage.vue'),
  },
  {
    path: CONSOLE_PAGES.board,
    name: 'board',
    title: '督办',
    roles: SUPERVISION_READERS,
    inMenu: true,
    component: () => import('./pages/BoardPage.vue'),
  },
  {
    path: CONSOLE_PAGES.dutyRoster,
    name: 'duty-roster',
    title: '值班',
    roles: ROSTER_READERS,
    inMenu: true,
    component: () => import('./pages/RosterPage.vue'),
  },
  {
    path: CONSOLE_PAGES.workbench,
    name: 'workbench',
    title: '承办工作台',
    roles: DEPARTMENTS,
    inMenu: true,
    component: () => import('./pages/WorkbenchPage.vue'),
  },
  // 管理 (the admin first lands on 中心)
  {
    path: CONSOLE_PAGES.centres,
    name: 'centres',
    title: '中心',
    roles: ADMINS,
    inMenu: true,
    component: () => import('./pages/admin/CentresPage.vue'),
  },
  {
    path: CONSOLE_PAGES.departments,
    name: 'departments',
    title: '承办单位',
    roles: DEPARTMENT_MANAGERS,
    inMenu: true,
    component: () => import('./pages/admin/DepartmentsPage.vue'),
  },
  {
    path: CONSOLE_PAGES.jointCatalogue,
    name: 'joint-catalogue',
    title: '联办事项目录',
    roles: ADMINS,
    inMenu: true,
    component: () => import('./pages/admin/JointCataloguePage.vue'),
  },
  {
    path: CONSOLE_PAGES.calendarOverrides,
    name: 'calendar-overrides',
    title: '日历调整',
    roles: ADMINS,
    inMenu: true,
    component: () => import('./pages/admin/CalendarOverridesPage.vue'),
  },
  {
    path: CONSOLE_PAGES.bulletin,
    name: 'bulletin',
    title: '月度通报',
    roles: REPORT_READERS,
    inMenu: true,
    component: () => import('./pages/BulletinPage.vue'),
  },
  {
    path: CONSOLE_PAGES.scores,
    name: 'scores',
    title: '年度评分',
    roles: REPORT_READERS,
    inMenu: true,
    component: () => import('./pages/ScoresPage.vue'),
  },
  {
    path: CONSOLE_PAGES.holidaySchedule,
    name: 'holiday-schedule',
    title: '节假日安排',
    roles: ADMINS,
    inMenu: true,
    component: () => import('./pages/HolidaySchedulePage.vue'),
  },
];

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    title?: string;
    roles?: readonly Role[];
  }
}

export function screensFor(role: Role | undefined): Screen[] {
  return role ? screens.filter((s) => s.roles.includes(role)) : [];
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: CONSOLE_PAGES.signIn,
      name: 'sign-in',
      meta: { public: true, title: '登录' },
      component: () => import('./pages/SignInPage.vue'),
    },
    {
      path: CONSOLE_PAGES.authCallback,
      name: 'auth-callback',
      meta: { public: true, title: '登录' },
      component: () => import('./pages/AuthCallbackPage.vue'),
    },
    {
      path: CONSOLE_PAGES.home,
      component: () => import('./layouts/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'home', meta: { title: '首页' }, component: () => import('./pages/HomePage.vue') },
        ...screens.map((s) => ({
          path: s.path.slice(1),
          name: s.name,
          meta: { title: s.title, roles: s.roles },
          component: s.component!,
        })),
      ],
    },
    { path: '/:rest(.*)*', name: 'not-found', redirect: { name: 'home' } },
  ],
});

router.beforeEach((to) => {
  const { user } = useSession();
  if (to.meta.public) return true;
  if (!user.value) return { name: 'sign-in', query: { redirect: to.fullPath } };
  if (to.meta.roles && !to.meta.roles.includes(user.value.role)) return { name: 'home' };
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? `${to.meta.title} · ` : ''}办成 · “办不成事”反映窗口`;
});
