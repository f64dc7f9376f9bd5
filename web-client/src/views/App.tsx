import { useEffect, useSyncExternalStore, type ReactNode } from "react";
import { whenIdle } from "../platform/browser.ts";
import type { ChatViewModel } from "../viewmodels/ChatViewModel.ts";
import { ClosedScreen } from "./ClosedScreen.tsx";
import { ErrorScreen, UnsafeScreen } from "./ErrorScreens.tsx";
import { ChatScreen, EndedScreen, prefetchConversation } from "./LazyConversation.tsx";
import { ServiceEndedScreen } from "./ServiceEndedScreen.tsx";
import { StartingScreen } from "./StartingScreen.tsx";
import { WelcomeScreen } from "./WelcomeScreen.tsx";

export function App({
  vm,
  onComposerReady,
  chatExtra,
}: {
  vm: ChatViewModel;
  onComposerReady: () => void;
  /** Shown in the chat's header ("Continuer plus tard sur cet appareil"). */
  chatExtra?: ReactNode;
}) {
  const snapshot = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  // Fetch the chat and end screens' code while the youth reads the welcome screen.
  useEffect(() => whenIdle(prefetchConversation), []);
  switch (snapshot.screen) {
    case "welcome":
      return (
        <WelcomeScreen
          info={snapshot.info}
          pseudonymProblem={snapshot.pseudonymProblem}
          writingAbout={snapshot.writingAbout}
          onWritingAbout={vm.chooseWritingAbout}
          onStart={vm.start}
        />
      );
    case "serviceEnded":
      return <ServiceEndedScreen snapshot={snapshot} />;
    case "closed":
      return <ClosedScreen snapshot={snapshot} />;
    case "starting":
      return <StartingScreen slow={snapshot.slow} />;
    case "chatting":
      return (
        <ChatScreen
          snapshot={snapshot}
          chat={vm}
          onComposerReady={onComposerReady}
          headerExtra={chatExtra}
        />
      );
    case "ended":
      return <EndedScreen snapshot={snapshot} onErase={vm.erase} feedback={vm} />;
    case "unsafe":
      return <UnsafeScreen />;
    case "error":
      return <ErrorScreen snapshot={snapshot} onRetry={vm.retry} />;
  }
}
