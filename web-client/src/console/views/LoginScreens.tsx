import { useEffect, useRef, useState, type FormEvent } from "react";
import type { LoginSnapshot as Screens } from "../viewmodels/LoginViewModel.ts";
import { useConsoleMessages } from "../i18n/index.ts";

/** The screen's heading takes the focus when it appears, so screen readers start there. */
export function FocusedHeading({ children, id }: { children: string; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}

type LoginSnapshot = Extract<Screens, { screen: "login" }>;

export function LoginScreen({
  snapshot,
  onLogIn,
}: {
  snapshot: LoginSnapshot;
  onLogIn: (user: string, password: string) => void;
}) {
  const t = useConsoleMessages().login;
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onLogIn(user, password);
  };
  return (
    <main className="console-card">
      <FocusedHeading>{t.title}</FocusedHeading>
      {snapshot.shiftEnded ? (
        <p role="status" data-testid="shift-ended">
          {t.shiftEnded}
        </p>
      ) : null}
      <form onSubmit={submit} className="stack">
        <label htmlFor="login-user">{t.userLabel}</label>
        <input
          id="login-user"
          data-testid="login-user"
          autoComplete="username"
          value={user}
          onChange={(e) => setUser(e.target.value)}
          required
        />
        <label htmlFor="login-password">{t.passwordLabel}</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {snapshot.error !== null ? (
          <p role="alert" className="error" data-testid="login-error">
            {t[snapshot.error]}
          </p>
        ) : null}
        <button
          type="submit"
          className="primary"
          data-testid="login-submit"
          disabled={snapshot.busy}
        >
          {snapshot.busy ? t.busy : t.submit}
        </button>
      </form>
    </main>
  );
}

export function NewRecoveryKeyScreen({
  recoveryKey,
  afterReset,
  onSaved,
}: {
  recoveryKey: string;
  afterReset: boolean;
  onSaved: () => void;
}) {
  const t = useConsoleMessages().recovery;
  return (
    <main className="console-card">
      <FocusedHeading>{t.newTitle}</FocusedHeading>
      {afterReset ? <p role="alert">{t.resetIntro}</p> : null}
      <p>{t.newIntro}</p>
      <p className="recovery-key" aria-label={t.keyLabel} data-testid="new-recovery-key">
        {recoveryKey}
      </p>
      <button type="button" className="primary" data-testid="recovery-key-saved" onClick={onSaved}>
        {t.saved}
      </button>
    </main>
  );
}

type RecoverySnapshot = Extract<Screens, { screen: "recoveryKey" }>;

export function RecoveryKeyScreen({
  snapshot,
  onUnlock,
  onAskReset,
  onCancelReset,
  onConfirmReset,
  onBack,
}: {
  snapshot: RecoverySnapshot;
  onUnlock: (key: string) => void;
  onAskReset: () => void;
  onCancelReset: () => void;
  onConfirmReset: () => void;
  onBack: () => void;
}) {
  const t = useConsoleMessages().recovery;
  const [key, setKey] = useState("");
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onUnlock(key);
  };
  return (
    <main className="console-card">
      <FocusedHeading>{t.askTitle}</FocusedHeading>
      <p>{t.askIntro}</p>
      <form onSubmit={submit} className="stack">
        <label htmlFor="recovery-key">{t.keyLabel}</label>
        <input
          id="recovery-key"
          data-testid="recovery-key-input"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        {snapshot.error !== null ? (
          <p role="alert" className="error" data-testid="recovery-error">
            {snapshot.error === "wrongKey" ? t.wrongKey : t.generic}
          </p>
        ) : null}
        <button
          type="submit"
          className="primary"
          data-testid="recovery-unlock"
          disabled={snapshot.busy}
        >
          {snapshot.busy ? t.busy : t.unlock}
        </button>
      </form>
      {snapshot.confirmingReset ? (
        <section className="confirm" role="alertdialog" aria-labelledby="reset-question">
          <h2 id="reset-question">{t.resetQuestion}</h2>
          <p>{t.resetWarning}</p>
          <div className="actions">
            <button
              type="button"
              className="primary danger"
              data-testid="recovery-reset-confirm"
              onClick={onConfirmReset}
              disabled={snapshot.busy}
            >
              {t.resetConfirm}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={onCancelReset}
              disabled={snapshot.busy}
            >
              {t.cancel}
            </button>
          </div>
        </section>
      ) : (
        <div className="actions">
          <button type="button" className="link" data-testid="recovery-lost" onClick={onAskReset}>
            {t.lost}
          </button>
          <button type="button" className="link" onClick={onBack}>
            {t.back}
          </button>
        </div>
      )}
    </main>
  );
}
