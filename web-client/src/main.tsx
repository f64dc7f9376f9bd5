import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { messagesFor } from "./i18n/index.ts";
import { createHelplineApi } from "./helpline/api.ts";
import { browserSessionConfig, mark, markOnce, whenIdle } from "./platform/browser.ts";
import { createSessionLoader } from "./session/loader.ts";
import { ChatViewModel } from "./viewmodels/ChatViewModel.ts";
import { App } from "./views/App.tsx";
import { MessagesContext } from "./views/MessagesContext.ts";
import "./styles.css";

const messages = messagesFor("fr");
document.documentElement.lang = messages.lang;

const config = browserSessionConfig();
const loader = createSessionLoader(config);
const vm = new ChatViewModel({
  createSession: () => loader.createSession(),
  mark,
  helpline: createHelplineApi(config.fetch, config.apiBase),
  // Quick exit / full wipe (history, caches) will hook in here.
  onErase: () => undefined,
});
vm.load();
// The welcome screen becomes the closed one when admission ends, and back when it reopens.
setInterval(() => {
  if (document.visibilityState === "visible") vm.refreshStatus();
}, 60_000);
const onComposerReady = (): void => markOnce("helpline:composer-ready");

const root = document.getElementById("root");
if (root === null) throw new Error("missing #root");
createRoot(root).render(
  <StrictMode>
    <MessagesContext value={messages}>
      <App vm={vm} onComposerReady={onComposerReady} />
    </MessagesContext>
  </StrictMode>,
);

// While the youth reads the welcome screen, fetch the chat code and the crypto WASM.
whenIdle(() => loader.prefetch());
// Leave nothing running once the page goes away.
window.addEventListener("pagehide", () => vm.dispose());
// A page restored from the back/forward cache has a stopped session: start clean instead.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});
