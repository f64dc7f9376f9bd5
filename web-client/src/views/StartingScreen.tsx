import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";

export function StartingScreen() {
  const { starting: t } = useMessages();
  return (
    <Screen title={t.title} className="starting">
      <div className="spinner" aria-hidden="true" />
      <p role="status">{t.detail}</p>
    </Screen>
  );
}
