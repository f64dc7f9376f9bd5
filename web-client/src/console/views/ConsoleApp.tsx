import { useSyncExternalStore } from "react";
import type { ConsoleLang } from "../types.ts";
import type { ConsoleViewModel } from "../viewmodels/ConsoleViewModel.ts";
import type { LoginViewModel } from "../viewmodels/LoginViewModel.ts";
import {
  CATALOGS,
  CONSOLE_LANGS,
  ConsoleMessagesContext,
  useConsoleMessages,
} from "../i18n/index.ts";
import type { Observable } from "../../shared/viewmodels/ViewModel.ts";
import { DeskScreen } from "./DeskScreen.tsx";
import {
  FocusedHeading,
  LoginScreen,
  NewRecoveryKeyScreen,
  RecoveryKeyScreen,
} from "./LoginScreens.tsx";

export function ConsoleApp({
  vm,
  language,
  onLanguage,
  onLogIn,
}: {
  vm: ConsoleViewModel;
  language: Observable<ConsoleLang>;
  onLanguage: (lang: ConsoleLang) => void;
  /** The login click (also wakes the notification sound up, which browsers allow only then). */
  onLogIn: (user: string, password: string) => void;
}) {
  const lang = useSyncExternalStore(language.subscribe, language.getSnapshot);
  return (
    <ConsoleMessagesContext.Provider value={CATALOGS[lang]}>
      <LanguageSwitch lang={lang} onLanguage={onLanguage} />
      <Screen vm={vm} onLogIn={onLogIn} />
    </ConsoleMessagesContext.Provider>
  );
}

function LanguageSwitch({
  lang,
  onLanguage,
}: {
  lang: ConsoleLang;
  onLanguage: (l: ConsoleLang) => void;
}) {
  const t = useConsoleMessages();
  return (
    <header className="console-languages">
      <div role="group" aria-label={t.languageLabel} className="actions">
        {CONSOLE_LANGS.map((l) => (
          <button
            key={l}
            type="button"
            lang={l}
            aria-pressed={l === lang}
            data-testid={`console-language-${l}`}
            onClick={() => onLanguage(l)}
          >
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}

function Screen({
  vm,
  onLogIn,
}: {
  vm: ConsoleViewModel;
  onLogIn: (u: string, p: string) => void;
}) {
  const snapshot = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  const t = useConsoleMessages();
  switch (snapshot.screen) {
    case "login":
      return <LoginFlow vm={vm.login} onLogIn={onLogIn} />;
    case "loading":
      return (
        <main className="console-card" aria-busy="true">
          <FocusedHeading>{t.loading}</FocusedHeading>
        </main>
      );
    case "desk":
      return (
        <main>
          <DeskScreen
            desk={snapshot.desk}
            chat={snapshot.chat}
            supervisor={snapshot.supervisor}
            caseForm={snapshot.caseForm}
            sideChannels={snapshot.sideChannels}
          />
        </main>
      );
  }
}

function LoginFlow({
  vm,
  onLogIn,
}: {
  vm: LoginViewModel;
  onLogIn: (u: string, p: string) => void;
}) {
  const snapshot = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  switch (snapshot.screen) {
    case "login":
      return <LoginScreen snapshot={snapshot} onLogIn={onLogIn} />;
    case "newRecoveryKey":
      return (
        <NewRecoveryKeyScreen
          recoveryKey={snapshot.recoveryKey}
          afterReset={snapshot.afterReset}
          onSaved={vm.confirmRecoveryKeySaved}
        />
      );
    case "recoveryKey":
      return (
        <RecoveryKeyScreen
          snapshot={snapshot}
          onUnlock={vm.unlock}
          onAskReset={vm.askReset}
          onCancelReset={vm.cancelReset}
          onConfirmReset={vm.confirmReset}
          onBack={vm.cancelLogin}
        />
      );
  }
}
