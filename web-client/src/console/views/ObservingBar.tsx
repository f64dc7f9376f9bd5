import type { ChatPanel, ChatPanelViewModel } from "../viewmodels/ChatPanelViewModel.ts";
import { useConsoleMessages } from "../i18n/index.ts";

/**
 * Above a conversation she reads beside its counsellor (a supervisor, a counsellor in training):
 * whose it is, that the youth was told, and how to leave. The counsellor's own actions are not
 * hers.
 */
export function ObservingBar({ chat, vm }: { chat: ChatPanel; vm: ChatPanelViewModel }) {
  const t = useConsoleMessages().observing;
  return (
    <div className="actions observing" data-testid="observing">
      <p className="muted">{t.banner(chat.observingWith ?? "")}</p>
      <button
        type="button"
        className="secondary"
        data-testid="observing-leave"
        disabled={chat.busy}
        onClick={vm.leaveObserving}
      >
        {t.leave}
      </button>
    </div>
  );
}
