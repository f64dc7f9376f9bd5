import { lazy, Suspense, type ComponentProps } from "react";
import type * as Conversation from "./Conversation.ts";
import { StartingScreen } from "./StartingScreen.tsx";

// The chat and end screens (with their styles and texts) are not needed to show the welcome page:
// they are a chunk of their own, fetched while the youth reads (prefetchConversation), so the
// landing page stays within its weight budget.
//
// Once fetched, they are rendered directly, not through React.lazy: lazy suspends on its first
// render even when the module is already there, and React holds a revealed fallback for ~300 ms to
// avoid flicker, which measured as 300 ms between "joined" and a usable composer.
type ConversationModule = typeof Conversation;
let loaded: ConversationModule | null = null;
const load = () =>
  import("./Conversation.ts").then((module) => {
    loaded = module;
    return module;
  });
const LazyChat = lazy(() => load().then((module) => ({ default: module.ChatScreen })));
const LazyEnded = lazy(() => load().then((module) => ({ default: module.EndedScreen })));

export function prefetchConversation(): void {
  load().catch(() => undefined); // React.lazy will try again when a screen is shown
}

export function ChatScreen(props: ComponentProps<ConversationModule["ChatScreen"]>) {
  if (loaded !== null) return <loaded.ChatScreen {...props} />;
  return (
    <Suspense fallback={<StartingScreen />}>
      <LazyChat {...props} />
    </Suspense>
  );
}

export function EndedScreen(props: ComponentProps<ConversationModule["EndedScreen"]>) {
  if (loaded !== null) return <loaded.EndedScreen {...props} />;
  // Only if the end comes before the prefetch finished (e.g. not admitted at once): a moment of
  // an empty page rather than a misleading "connecting" screen.
  return (
    <Suspense fallback={null}>
      <LazyEnded {...props} />
    </Suspense>
  );
}
