import { useMessages } from "./MessagesContext.ts";

/** "Quitter vite": on every screen, top corner, big enough for a thumb. */
export function QuickExitButton({ onExit }: { onExit: () => void }) {
  const t = useMessages().quickExit;
  return (
    <button
      type="button"
      className="quick-exit"
      data-testid="quick-exit"
      title={t.description}
      onClick={onExit}
    >
      {t.button}
    </button>
  );
}
