import { lazy, Suspense, type ComponentProps } from "react";
import type { ChatScreen as EagerChatScreen } from "./ChatScreen.tsx";
import { StartingScreen } from "./StartingScreen.tsx";

// The chat screen is not needed to show the welcome page: it is a chunk of its own, fetched while
// the youth reads (prefetchChatScreen), so the landing page stays within its weight budget.
//
// Once fetched, it is rendered directly, not through React.lazy: lazy suspends on its first render
// even when the module is already there, and React holds a revealed fallback for ~300 ms to avoid
// flicker, which measured as 300 ms between "joined" and a usable composer.
type ChatScreenComponent = typeof EagerChatScreen;
let loaded: ChatScreenComponent | null = null;
const load = () =>
  import("./ChatScreen.tsx").then((module) => {
    loaded = module.ChatScreen;
    return module;
  });
const Lazy = lazy(() => load().then((module) => ({ default: module.ChatScreen })));

export function prefetchChatScreen(): void {
  load().catch(() => undefined); // React.lazy will try again when the screen is shown
}

export function ChatScreen(props: ComponentProps<ChatScreenComponent>) {
  const Loaded = loaded;
  if (Loaded !== null) return <Loaded {...props} />;
  return (
    <Suspense fallback={<StartingScreen />}>
      <Lazy {...props} />
    </Suspense>
  );
}
