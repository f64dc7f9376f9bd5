import { useSyncExternalStore, type FormEvent } from "react";
import { useConsoleMessages } from "../i18n/index.ts";
import type {
  SideChannelPanel,
  SideChannelsViewModel,
} from "../viewmodels/SideChannelsViewModel.ts";

/** "Ask for help" in the open conversation's actions, and what the bot answered. */
export function AskForHelp({ reference, vm }: { reference: number; vm: SideChannelsViewModel }) {
  const state = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  const t = useConsoleMessages().sideChannel;
  const answer = state.answer?.reference === reference ? state.answer : null;
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid="action-help"
        disabled={state.asking !== null}
        onClick={() => vm.askForHelp(reference)}
      >
        {state.asking === reference ? t.asking : t.ask}
      </button>
      {answer !== null ? (
        <p role="status" data-testid="help-answer" data-supervisors={answer.supervisors}>
          {answer.supervisors === 0 ? t.noneOnDuty : t.invited(answer.supervisors)}
        </p>
      ) : null}
      {state.askFailed ? (
        <p role="alert" className="error">
          {t.askFailed}
        </p>
      ) : null}
    </>
  );
}

/** Every side channel she is in, beside the chat: her own, and those she was asked to help in. */
export function SideChannelsColumn({ vm }: { vm: SideChannelsViewModel }) {
  const state = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  return (
    <>
      {state.channels.map((channel) => (
        <SideChannelView key={channel.roomId} channel={channel} vm={vm} />
      ))}
    </>
  );
}

function SideChannelView({
  channel,
  vm,
}: {
  channel: SideChannelPanel;
  vm: SideChannelsViewModel;
}) {
  const m = useConsoleMessages();
  const t = m.sideChannel;
  const titleId = `side-title-${channel.reference}`;
  const composerId = `side-composer-${channel.reference}`;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    vm.send(channel.roomId);
  };
  return (
    <section
      className="panel side-channel"
      aria-labelledby={titleId}
      data-testid="side-channel"
      data-reference={channel.reference}
      data-mine={String(channel.mine)}
    >
      <h2 id={titleId}>{t.title(channel.reference)}</h2>
      <p className="muted">{channel.mine ? t.mine : t.theirs}</p>
      <ol className="messages" aria-live="polite" aria-label={m.chat.listLabel}>
        {channel.messages.length === 0 ? <li className="muted">{t.empty}</li> : null}
        {channel.messages.map((message) =>
          message.withheld !== undefined ? (
            <li key={message.id} className="message withheld" role="note">
              <p className="body">
                {message.withheld === "unprotected"
                  ? m.chat.withheldUnprotected
                  : m.chat.withheldUnverifiedDevice}
              </p>
            </li>
          ) : (
            <li
              key={message.id}
              className={message.fromMe ? "message from-me" : "message from-other"}
              data-testid="side-message"
              data-from={message.fromMe ? "me" : "other"}
            >
              <span className="author">
                {message.fromMe ? m.chat.me : (message.senderName ?? "")}
              </span>
              <p className="body">{message.text ?? m.chat.undecryptable}</p>
            </li>
          ),
        )}
      </ol>
      {channel.failed ? (
        <p role="alert" className="error">
          {t.sendFailed}
        </p>
      ) : null}
      <form className="composer" onSubmit={submit}>
        <label htmlFor={composerId} className="visually-hidden">
          {t.composerLabel(channel.reference)}
        </label>
        <textarea
          id={composerId}
          data-testid="side-composer"
          value={channel.draft}
          rows={2}
          maxLength={4000}
          placeholder={channel.canSend ? "" : t.joining}
          onChange={(e) => vm.setDraft(channel.roomId, e.target.value)}
        />
        <button
          type="submit"
          className="primary"
          data-testid="side-send"
          disabled={!channel.canSend || channel.draft.trim() === ""}
        >
          {t.send}
        </button>
      </form>
    </section>
  );
}
