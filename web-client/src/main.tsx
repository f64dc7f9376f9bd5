import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LanguageStore } from "./i18n/LanguageStore.ts";
import { createHelplineApi } from "./helpline/api.ts";
import { browserSessionConfig, mark, markOnce, whenIdle } from "./platform/browser.ts";
import { QuickExit } from "./safety/quickExit.ts";
import { listenForShiftTriple } from "./safety/shiftTriple.ts";
import { oneSessionPerBrowser, tryLock } from "./safety/tabLock.ts";
import { browserStorage, wipeDevice } from "./safety/wipe.ts";
import type { KeptSession } from "./session/kept.ts";
import { createSessionLoader } from "./session/loader.ts";
import { hasVault, MIN_PIN_LENGTH } from "./vault/presence.ts";
import { ChatViewModel } from "./viewmodels/ChatViewModel.ts";
import type { DeviceViewModel, VaultLike } from "./viewmodels/DeviceViewModel.ts";
import { App } from "./views/App.tsx";
import { createDeviceViews } from "./views/DeviceGate.tsx";
import { Localized } from "./views/LanguageSwitch.tsx";
import { QuickExitButton } from "./views/QuickExitButton.tsx";
import "./styles.css";

// The helpline's audience ("tu" or "vous") and default language pick the first catalog (each is a
// chunk of its own); then the youth's choice. In memory only: the choice is not kept on the device.
const language = new LanguageStore();
language.subscribe(() => {
  const messages = language.getSnapshot();
  if (messages !== null) document.documentElement.lang = messages.lang;
});
// No text is shown before the helpline answers: a bot that is slow to answer still gets a page.
const HELPLINE_WAIT_MS = 3000;
const speakAnyway = setTimeout(() => {
  if (language.getSnapshot() === null) void language.applyHelpline(undefined, navigator.languages);
}, HELPLINE_WAIT_MS);

const config = browserSessionConfig();
const loader = createSessionLoader(config);
const root = document.getElementById("root");
if (root === null) throw new Error("missing #root");
// Declared before the view model, which stops through it; `vm` exists by the time it is used.
const quickExit = new QuickExit({
  blank: () => {
    root.hidden = true;
    document.body.replaceChildren();
  },
  replaceLocation: (url) => window.location.replace(url),
  // Also tells the counsellor at once that she left suddenly (a request that outlives the page).
  stopSession: () => vm.dispose("quick_exit"),
  storage: browserStorage(),
});
const helplineApi = createHelplineApi(config.fetch, config.apiBase);
const vm = new ChatViewModel({
  // One chat per browser: a second tab is refused rather than sharing the crypto store.
  createSession: oneSessionPerBrowser(
    (resume?: KeptSession) => loader.createSession(resume),
    navigator.locks,
  ),
  mark,
  helpline: {
    status: () => helplineApi.status(),
    // The neutral site quick exit goes to; until this answers, the default one.
    helpline: () =>
      helplineApi.helpline().then(
        (helpline) => {
          quickExit.setUrl(helpline.quickExitUrl);
          clearTimeout(speakAnyway);
          void language.applyHelpline(helpline, navigator.languages);
          return helpline;
        },
        (error: unknown) => {
          clearTimeout(speakAnyway);
          if (language.getSnapshot() === null) {
            void language.applyHelpline(undefined, navigator.languages);
          }
          throw error;
        },
      ),
  },
  // "Tout effacer maintenant": the same wipe as quick exit, staying on the welcome screen.
  onErase: () => {
    void wipeDevice(browserStorage());
    void devicePromise?.then((device) => device.erased());
  },
});

// "Continuer plus tard sur cet appareil": the vault and libsodium load only when used.
const localStore = browserStorage().localStorage as Storage | undefined;
let vaultLoading: Promise<VaultLike> | null = null;
let devicePromise: Promise<DeviceViewModel> | null = null;
const loadDevice = (): Promise<DeviceViewModel> =>
  (devicePromise ??= import("./viewmodels/DeviceViewModel.ts").then(
    (module) =>
      new module.DeviceViewModel({
        hasVault: () => hasVault(localStore),
        openVault: () => {
          if (localStore === undefined) return Promise.reject(new Error("no storage"));
          vaultLoading ??= import("./vault/vault.ts").then((vault) =>
            vault.createVault({ storage: localStore, onWipe: () => wipeDevice(browserStorage()) }),
          );
          return vaultLoading;
        },
        minPinLength: MIN_PIN_LENGTH,
        chat: vm,
      }),
  ));
const lockedAtLoad = hasVault(localStore);
const { DeviceGate, KeepOnDevice } = createDeviceViews(loadDevice, MIN_PIN_LENGTH);
// Nothing kept: erase what an earlier tab may have left (a crypto store whose deletion did not
// finish as the tab closed). Only when no other tab runs a chat, whose store it would break.
if (!lockedAtLoad) {
  void tryLock(navigator.locks).then((release) => {
    if (release === null) return;
    void wipeDevice(browserStorage()).finally(release);
  });
}
// A conversation that is over has nothing to continue: its kept copy goes at once.
vm.subscribe(() => {
  if (vm.getSnapshot().screen === "ended" && hasVault(localStore)) {
    void loadDevice().then((device) => device.forget());
  }
});
vm.load();
// The welcome screen becomes the closed one when admission ends, and back when it reopens.
setInterval(() => {
  if (document.visibilityState === "visible") vm.refreshStatus();
}, 60_000);
const onComposerReady = (): void => markOnce("helpline:composer-ready");

listenForShiftTriple(window, () => performance.now(), quickExit.exit);
createRoot(root).render(
  <StrictMode>
    <Localized store={language}>
      <QuickExitButton onExit={quickExit.exit} />
      <DeviceGate locked={lockedAtLoad}>
        <App vm={vm} onComposerReady={onComposerReady} chatExtra={<KeepOnDevice />} />
      </DeviceGate>
    </Localized>
  </StrictMode>,
);

// While the youth reads the welcome screen, fetch the chat code and the crypto WASM.
whenIdle(() => loader.prefetch());
// Leave nothing running once the page goes away; the counsellor learns that the page closed.
window.addEventListener("pagehide", () => vm.dispose("closed"));
// A page restored from the back/forward cache has a stopped session: start clean instead.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});
