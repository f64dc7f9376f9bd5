import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import type { DeviceViewModel } from "../viewmodels/DeviceViewModel.ts";
import { deviceMessagesFor } from "../i18n/device.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import "./device.css";

function useDeviceMessages() {
  const { lang, register } = useMessages();
  return deviceMessagesFor(lang, register);
}

/** The PIN screen while a kept conversation waits; then the app (with a notice if it was erased). */
export function DeviceFront({
  device,
  children,
}: {
  device: DeviceViewModel;
  children: ReactNode;
}) {
  const snapshot = useSyncExternalStore(device.subscribe, device.getSnapshot);
  if (snapshot.locked) {
    return (
      <UnlockScreen
        unlocking={snapshot.unlocking}
        attemptsLeft={snapshot.attemptsLeft}
        onUnlock={device.unlock}
        onForget={device.forget}
      />
    );
  }
  return (
    <>
      {snapshot.wiped ? <WipedNotice onDismiss={device.dismissWiped} /> : null}
      {children}
    </>
  );
}

/** Once, after too many wrong PINs: the kept conversation was erased. */
function WipedNotice({ onDismiss }: { onDismiss: () => void }) {
  const t = useDeviceMessages();
  return (
    <div className="device-notice" role="alert" data-testid="vault-wiped">
      <p>{t.wiped}</p>
      <button type="button" className="secondary" onClick={onDismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}

/** The PIN screen: shows nothing of the conversation. */
function UnlockScreen({
  unlocking,
  attemptsLeft,
  onUnlock,
  onForget,
}: {
  unlocking: boolean;
  attemptsLeft: number | null;
  onUnlock: (pin: string) => void;
  onForget: () => void;
}) {
  const t = useDeviceMessages();
  const [pin, setPin] = useState("");
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (pin === "" || unlocking) return;
    onUnlock(pin);
    setPin("");
  };
  return (
    <Screen title={t.unlockTitle} className="unlock" testId="unlock-screen">
      <p>{t.unlockIntro}</p>
      <form onSubmit={submit} className="pin-form">
        <label htmlFor="unlock-pin">{t.pinLabel}</label>
        <input
          id="unlock-pin"
          data-testid="unlock-pin"
          type="password"
          autoComplete="off"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
          aria-invalid={attemptsLeft !== null}
          aria-describedby={attemptsLeft !== null ? "unlock-error" : undefined}
        />
        {attemptsLeft !== null ? (
          <p id="unlock-error" className="pin-error" role="alert" data-testid="unlock-error">
            {t.wrongPin(attemptsLeft)}
          </p>
        ) : null}
        <button type="submit" className="primary" data-testid="unlock-button" disabled={unlocking}>
          {unlocking ? t.unlocking : t.unlock}
        </button>
      </form>
      <button type="button" className="secondary" data-testid="forget-device" onClick={onForget}>
        {t.forget}
      </button>
      <p className="hint">{t.forgetHint}</p>
    </Screen>
  );
}

/** "Continuer plus tard sur cet appareil", in the chat's header. */
export function KeepOnDevice({
  device,
  minPinLength,
}: {
  device: DeviceViewModel;
  minPinLength: number;
}) {
  const snapshot = useSyncExternalStore(device.subscribe, device.getSnapshot);
  const t = useDeviceMessages();
  const [pin, setPin] = useState("");
  const [confirmation, setConfirmation] = useState("");
  switch (snapshot.keep) {
    case "idle":
      return (
        <button
          type="button"
          className="secondary keep-button"
          data-testid="keep-button"
          onClick={device.askKeep}
        >
          {t.keepButton}
        </button>
      );
    case "saved":
      return (
        <p className="hint" role="status" data-testid="keep-saved">
          {t.keepSaved}
        </p>
      );
    case "saving":
      return <p role="status">{t.keepSaving}</p>;
    case "asking":
    case "failed": {
      const problem =
        snapshot.keepProblem === "short"
          ? t.pinTooShort(minPinLength)
          : snapshot.keepProblem === "mismatch"
            ? t.pinMismatch
            : snapshot.keep === "failed"
              ? t.keepFailed
              : null;
      const submit = (event: FormEvent): void => {
        event.preventDefault();
        device.keep(pin, confirmation);
      };
      return (
        <form className="keep-panel pin-form" onSubmit={submit} data-testid="keep-panel">
          <h2>{t.keepTitle}</h2>
          <p>{t.keepIntro}</p>
          <p className="warning">{t.keepWarning}</p>
          <label htmlFor="keep-pin">{t.newPinLabel}</label>
          <input
            id="keep-pin"
            data-testid="keep-pin"
            type="password"
            autoComplete="new-password"
            minLength={minPinLength}
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
          <label htmlFor="keep-pin-confirm">{t.confirmPinLabel}</label>
          <input
            id="keep-pin-confirm"
            data-testid="keep-pin-confirm"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
          />
          {problem !== null ? (
            <p className="pin-error" role="alert" data-testid="keep-error">
              {problem}
            </p>
          ) : null}
          <div className="keep-actions">
            <button type="submit" className="primary" data-testid="keep-confirm">
              {t.keepConfirm}
            </button>
            <button type="button" className="secondary" onClick={device.cancelKeep}>
              {t.keepCancel}
            </button>
          </div>
        </form>
      );
    }
  }
}
