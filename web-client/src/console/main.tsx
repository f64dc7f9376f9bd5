import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { apiBaseOfPage } from "../shared/apiBase.ts";
import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";
import { createCounsellorApi } from "./api.ts";
import { CATALOGS } from "./i18n/index.ts";
import { createLogin } from "./matrix/login.ts";
import { Chime, consoleTitle } from "./notifier.ts";
import type { ConsoleLang } from "./types.ts";
import { ConsoleViewModel } from "./viewmodels/ConsoleViewModel.ts";
import { ConsoleApp } from "./views/ConsoleApp.tsx";
import "./console.css";

// The counsellor console: its own entry (console.html), never loaded by the youth's page.
// Everything is same-origin: /_matrix for Synapse, the bot under the API base of the helpline the
// address names (`/sos-viol/console` → /api/h/sos-viol; `/console` → /api, the default helpline).

class LanguageHolder extends SnapshotStore<ConsoleLang> {
  choose(lang: ConsoleLang): void {
    this.set(lang);
  }
}

const origin = window.location.origin;
const apiBase = `${origin}${apiBaseOfPage(window.location.pathname)}`;
const fetchFn = (input: string, init?: RequestInit): Promise<Response> => window.fetch(input, init);
const language = new LanguageHolder("fr");
const chime = new Chime();
let unseen = 0;
let dangerMarked = 0;

function applyTitle(): void {
  const t = CATALOGS[language.getSnapshot()];
  document.title = consoleTitle(t.appTitle, unseen, t.notify.newConversation, {
    count: dangerMarked,
    label: t.notify.danger,
  });
  document.documentElement.lang = language.getSnapshot();
}

const vm = new ConsoleViewModel({
  login: createLogin(origin, fetchFn),
  createApi: (session) =>
    createCounsellorApi(fetchFn, apiBase, (fresh) => session.openIdToken(fresh)),
  notifier: {
    chime: () => chime.play(),
    unseenOffers: (count) => {
      unseen = count;
      applyTitle();
    },
    dangerMarked: (count) => {
      dangerMarked = count;
      applyTitle();
    },
  },
  now: () => Date.now(),
  schedule: (callback, ms) => {
    const timer = window.setTimeout(callback, ms);
    return () => window.clearTimeout(timer);
  },
});

language.subscribe(() => {
  vm.setLanguage(language.getSnapshot());
  applyTitle();
});
applyTitle();

const root = document.getElementById("root");
if (root === null) throw new Error("console.html has no #root");
createRoot(root).render(
  <StrictMode>
    <ConsoleApp
      vm={vm}
      language={language}
      onLanguage={(lang) => language.choose(lang)}
      onLogIn={(user, password) => {
        chime.wake();
        vm.login.logIn(user, password);
      }}
    />
  </StrictMode>,
);

// Closing or reloading the tab signs this device out (a keepalive request): its keys were in
// memory only, so it could not be used again anyway. "End shift" also sets the counsellor off duty.
window.addEventListener("pagehide", () => {
  vm.dispose();
  chime.close();
});
