/** The console's navigation for the current user and jurisdiction (core/console's `GET /api/console/nav`). */
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { consoleApi } from "../api/console";
import type { Locale, NavAnswer, NavMenu, NavPage } from "../api/types";
import { currentLocale } from "../i18n";
import { lookup } from "../utils/tree";

export const useNavStore = defineStore("nav", () => {
  const nav = ref<NavAnswer | null>(null);
  const loading = ref(false);

  const menus = computed<NavMenu[]>(() => nav.value?.menus ?? []);
  const pages = computed<NavPage[]>(() => nav.value?.pages ?? []);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      nav.value = await consoleApi.nav();
    } finally {
      loading.value = false;
    }
  }

  function clear(): void {
    nav.value = null;
  }

  function page(plugin: string, key: string): NavPage | undefined {
    return pages.value.find((p) => p.plugin === plugin && p.key === key);
  }

  /** The chain of menus leading to `path` (for breadcrumbs and the open submenu). */
  function trail(path: string): NavMenu[] {
    const walk = (items: NavMenu[], chain: NavMenu[]): NavMenu[] | null => {
      for (const m of items) {
        const here = [...chain, m];
        if (m.path === path) return here;
        const found = m.children ? walk(m.children, here) : null;
        if (found) return found;
      }
      return null;
    };
    return walk(menus.value, []) ?? [];
  }

  /**
   * A plugin's label by key (`community.fields.device.name`) in the current language, from the
   * plugin's own locale files; the key's last segment when the plugin has none.
   */
  function pluginText(plugin: string, key: string, locale: Locale = currentLocale()): string {
    return findPluginText(plugin, key, locale) ?? key.split(".").pop() ?? key;
  }

  /** The same, or undefined when the plugin names nothing by that key. */
  function findPluginText(plugin: string, key: string, locale: Locale = currentLocale()): string | undefined {
    const messages = nav.value?.messages[plugin];
    return lookup(messages?.[locale], key) ?? lookup(messages?.["zh-CN"], key);
  }

  const widgets = computed(() => nav.value?.widgets ?? []);
  /** A role's name in the current language; its code when the server named none. */
  function roleName(code: string, locale: Locale = currentLocale()): string {
    const name = nav.value?.roles?.[code];
    return name ? name[locale] || name["zh-CN"] : code;
  }

  return { nav, loading, menus, pages, widgets, load, clear, page, trail, pluginText, findPluginText, roleName };
});
