import { useState } from "react";
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

/**
 * The counsellor in charge asks a colleague (in training) to read the conversation beside her:
 * her console then invites her with the history, and the youth is told.
 */
export function AddObserver({ chat, vm }: { chat: ChatPanel; vm: ChatPanelViewModel }) {
  const t = useConsoleMessages().observing;
  const [choice, setChoice] = useState("");
  const choices = chat.observerChoices ?? [];
  if (choices.length === 0) return null;
  const id = `add-observer-${chat.reference}`;
  return (
    <div className="actions" data-testid="add-observer">
      <label htmlFor={id}>{t.addLabel}</label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t.choose}</option>
        {choices.map((userId) => (
          <option key={userId} value={userId}>
            {userId}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary"
        disabled={choice === "" || chat.busy}
        onClick={() => vm.addObserver(choice)}
      >
        {t.add}
      </button>
    </div>
  );
}
