import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";

/** `slow`: it takes longer than usual (ChatViewModel's STARTING_SLOW_AFTER_MS), and she is told. */
export function StartingScreen({ slow = false }: { slow?: boolean }) {
  const { starting: t } = useMessages();
  return (
    <Screen title={t.title} className="starting">
      <div className="spinner" aria-hidden="true" />
      <p role="status">{slow ? t.slow : t.detail}</p>
    </Screen>
  );
}
