import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { Resources } from "./Resources.tsx";

type Failed = Extract<ChatSnapshot, { screen: "error" }>;

export function ErrorScreen({ snapshot, onRetry }: { snapshot: Failed; onRetry: () => void }) {
  const { errors: t } = useMessages();
  const { helpline } = snapshot.info;
  return (
    <Screen title={t.title} className="error" testId="error">
      <p role="alert">{t[snapshot.reason]}</p>
      {/* A mistyped address stays mistyped: retrying could only fail again. */}
      {snapshot.reason === "unknownHelpline" ? null : (
        <button type="button" className="primary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
      {/* Turned away from this chat (barred, or busy) is exactly when other help matters. */}
      {snapshot.reason === "barred" || snapshot.reason === "busy" ? (
        <Resources
          resources={helpline?.resources ?? []}
          defaultLanguage={helpline?.defaultLanguage}
        />
      ) : null}
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
