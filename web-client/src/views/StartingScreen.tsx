import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";

/** `slow`: it takes longer than usual (ChatViewModel's STARTING_SLOW_AFTER_MS), and she is told why. */
export function StartingScreen({ slow }: { slow?: true | undefined }) {
  const { starting: t } = useMessages();
  return (
    <Screen title={t.title} className="starting">
      <div className="spinner" aria-hidden="true" />
      {/* There before the text, so that screen readers announce the text when it comes. */}
      <p role="status">{slow ? t.slow : null}</p>
    </Screen>
  );
}
