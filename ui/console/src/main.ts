/** Console entry: Vue + Pinia + router + i18n + Element Plus, and the request client's hooks. */
import { createApp } from "vue";
import { createPinia } from "pinia";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import "./styles.css";
import App from "./App.vue";
import { configureClient } from "./api/http";
import { currentLocale, i18n } from "./i18n";
import { createConsoleRouter } from "./router";
import { useSessionStore } from "./stores/session";

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(ElementPlus);
const session = useSessionStore(pinia);
configureClient({
  locale: currentLocale,
  // A request that meets a lost session waits for the lock screen instead of failing.
  sessionLost: (err) => (session.signedIn ? session.lock("lost") : Promise.reject(err)),
});
document.documentElement.lang = currentLocale();
app.use(createConsoleRouter());
app.mount("#app");
