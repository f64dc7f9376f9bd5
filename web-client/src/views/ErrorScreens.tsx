import type { ErrorReason } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";

export function ErrorScreen({ reason, onRetry }: { reason: ErrorReason; onRetry: () => void }) {
  const { errors: t } = useMessages();
  return (
    <Screen title={t.title} className="error" testId="error">
      <p role="alert">{t[reason]}</p>
      <button type="button" className="primary" onClick={onRetry}>
        {t.retry}
      </button>
    </Screen>
  );
}

export function UnsafeScreen() {
  const { errors: t } = useMessages();
  return (
    <Screen title={t.unsafeTitle} className="unsafe" testId="unsafe-room">
      <p role="alert">{t.unsafe}</p>
    </Screen>
  );
}
