/**
 * Routes. Hash history: the gateway serves `/` and the built files, not every path, so a
 * reload of `#/admin/plugins` works without a server-side fallback. Pages load on demand.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from "vue-router";
import { useNavStore } from "../stores/nav";
import { useSessionStore } from "../stores/session";

export const routes: RouteRecordRaw[] = [
  { path: "/login", name: "login", component: () => import("../views/login/LoginView.vue"), meta: { public: true } },
  {
    path: "/",
    component: () => import("../layout/AppLayout.vue"),
    children: [
      { path: "", name: "home", component: () => import("../views/home/HomeView.vue"), meta: { title: "layout.home" } },
      { path: "admin/plugins", name: "plugins", component: () => import("../views/admin/PluginsView.vue"), meta: { title: "plugins.title", permission: "host.plugin:manage" } },
      { path: "admin/users", name: "users", component: () => import("../views/admin/UsersView.vue"), meta: { title: "users.title", permission: "identity.user:read" } },
      { path: "admin/roles", name: "roles", component: () => import("../views/admin/RolesView.vue"), meta: { title: "roles.title", permission: "rbac.role:read" } },
      { path: "admin/audit", name: "audit", component: () => import("../views/admin/AuditView.vue"), meta: { title: "audit.title", permission: "audit:read" } },
      { path: "admin/jurisdictions", name: "jurisdictions", component: () => import("../views/admin/JurisdictionsView.vue"), meta: { title: "jurisdictions.title", permission: "host.jurisdiction:manage" } },
      { path: "devices/alarms", name: "devices-alarms", component: () => import("../views/devices/LiveAlarmsView.vue"), meta: { title: "devices.live.title", permission: "devices.alarm:read" } },
      { path: "devices", name: "devices", component: () => import("../views/devices/DevicesView.vue"), meta: { title: "devices.list.title", permission: "devices.device:read" } },
      { path: "forms", name: "forms", component: () => import("../views/forms/FormsListView.vue"), meta: { title: "forms.title", permission: "forms.form:read" } },
      { path: "forms/new", name: "form-new", component: () => import("../views/forms/FormDesignView.vue"), meta: { title: "forms.new", permission: "forms.form:design" } },
      { path: "forms/:key/design", name: "form-design", component: () => import("../views/forms/FormDesignView.vue"), meta: { title: "forms.design", permission: "forms.form:design" } },
      { path: "forms/:key/fill", name: "form-fill", component: () => import("../views/forms/FormFillView.vue"), meta: { title: "forms.fill", permission: "forms.submission:create" } },
      { path: "forms/:key/history", name: "form-history", component: () => import("../views/forms/FormHistoryView.vue"), meta: { title: "forms.history", permission: "forms.form:read" } },
      { path: "p/:plugin/:page", name: "plugin-page", component: () => import("../views/pages/PluginPageView.vue") },
      { path: ":rest(.*)*", name: "not-found", component: () => import("../views/NotFoundView.vue") },
    ],
  },
];

export function createConsoleRouter(): Router {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSessionStore();
    if (!session.signedIn) await session.refresh().catch(() => null);
    const me = session.me;
    // A session that must change its password or set up TOTP can do nothing else yet.
    if (!me || me.mustChangePassword || me.mustEnrollTotp) {
      return { name: "login", query: to.fullPath !== "/" ? { redirect: to.fullPath } : {} };
    }
    const nav = useNavStore();
    if (!nav.nav) await nav.load().catch(() => undefined);
    const permission = to.meta.permission as string | undefined;
    if (permission && !session.can(permission)) return { name: "not-found", params: { rest: to.path.split("/").filter(Boolean) } };
    return true;
  });
  return router;
}
