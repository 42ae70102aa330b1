/** Console entry: Vue + Pinia + router + i18n + Element Plus, and the request client's hooks. */
import { createApp } from "vue";
import { ElMessage } from "element-plus";
import { createPinia } from "pinia";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import "./styles.css";
import App from "./App.vue";
import { configureClient } from "./api/http";
import { currentLocale, i18n } from "./i18n";
import { statusMessage } from "./utils/errors";
import { createConsoleRouter } from "./router";
import { useSessionStore } from "./stores/session";

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(ElementPlus);
const session = useSessionStore(pinia);
configureClient({
  locale: currentLocale,
  statusMessage,
  // A request that meets a lost session waits for the lock screen instead of failing.
  sessionLost: (err) => (session.signedIn ? session.lock("lost") : Promise.reject(err)),
});
document.documentElement.lang = currentLocale();
// A fault in our own code is reported in the user's language and logged for the developer;
// the page stays as it was rather than going blank.
app.config.errorHandler = (err) => {
  console.error(err);
  ElMessage({ type: "error", message: i18n.global.t("errors.unexpected"), showClose: true, duration: 8000 });
};
const router = createConsoleRouter();
// A page's code failed to download (the console was updated since this tab loaded it, or the
// network dropped): say so instead of leaving the previous page with no reaction.
router.onError((err) => {
  console.error(err);
  ElMessage({ type: "error", message: i18n.global.t("errors.pageLoad"), showClose: true, duration: 0 });
});
app.use(router);
app.mount("#app");
