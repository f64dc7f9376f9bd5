import { lazy, Suspense, type ComponentProps } from "react";
import type { ChatScreen as EagerChatScreen } from "./ChatScreen.tsx";
import { StartingScreen } from "./StartingScreen.tsx";

// The chat screen is not needed to show the welcome page: it is a chunk of its own, fetched while
// the youth reads (prefetchChatScreen), so the landing page stays within its weight budget.
const load = () => import("./ChatScreen.tsx");
const Lazy = lazy(() => load().then((module) => ({ default: module.ChatScreen })));

export function prefetchChatScreen(): void {
  load().catch(() => undefined); // React.lazy will try again when the screen is shown
}

export function ChatScreen(props: ComponentProps<typeof EagerChatScreen>) {
  return (
    <Suspense fallback={<StartingScreen />}>
      <Lazy {...props} />
    </Suspense>
  );
}
