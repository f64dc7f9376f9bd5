import { useEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import type {
  ChatPanel,
  ChatPanelViewModel,
  Confirming,
} from "../viewmodels/ChatPanelViewModel.ts";
import { useConsoleMessages, type ConsoleMessages } from "../i18n/index.ts";
import { DangerControl } from "./Danger.tsx";
import type { YouthGone } from "../types.ts";
import { SafetyFormControl } from "./SafetyFormControl.tsx";
import { AddObserver, ObservingBar } from "./ObservingBar.tsx";

import type { SideChannelsViewModel } from "../viewmodels/SideChannelsViewModel.ts";
import { AskForHelp } from "./SideChannel.tsx";

export function ChatPanelView({
  chat,
  vm,
  sideChannels,
}: {
  chat: ChatPanel;
  vm: ChatPanelViewModel;
  sideChannels?: SideChannelsViewModel;
}) {
  const messages = useConsoleMessages();
  const t = messages.chat;
  const listEnd = useRef<HTMLLIElement>(null);
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: "end" });
  }, [chat.messages.length, chat.reference]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    vm.send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      vm.send();
    }
  };

  return (
    <section
      className="panel chat-panel"
      aria-labelledby="chat-title"
      data-testid="chat"
      data-reference={chat.reference}
    >
      <h2 id="chat-title">{chat.name}</h2>
      {chat.writingAbout !== null ? (
        <p className="muted writing-about" data-testid="chat-writing-about">
          {messages.desk.writingAbout[chat.writingAbout]}
        </p>
      ) : null}
      {chat.youthGone !== null ? (
        // First thing under the name: after a quick exit someone may be near the youth right now.
        <p
          role="alert"
          className="warning youth-gone"
          data-testid="youth-page-gone"
          data-how={chat.youthGone.how}
          data-kept={String(chat.youthGone.kept)}
        >
          {youthGoneText(t.youthGone, chat.youthGone)}
        </p>
      ) : null}
      {(chat.observingWith ?? null) !== null ? <ObservingBar chat={chat} vm={vm} /> : null}
      <AddObserver chat={chat} vm={vm} />
      <div
        role="group"
        aria-label={t.actionsLabel}
        className="actions"
        hidden={(chat.observingWith ?? null) !== null}
      >
        <button
          type="button"
          className="secondary"
          data-testid="action-end"
          disabled={chat.busy}
          onClick={() => vm.askConfirm("end")}
        >
          {t.end}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="action-handover"
          disabled={chat.busy}
          onClick={vm.chooseColleague}
        >
          {t.handOver}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="action-requeue"
          disabled={chat.busy || chat.requeued}
          onClick={() => vm.askConfirm("requeue")}
        >
          {t.requeue}
        </button>
        <button
          type="button"
          className="secondary danger"
          data-testid="action-bar"
          disabled={chat.busy}
          onClick={() => vm.askConfirm("bar")}
        >
          {t.bar}
        </button>
        {sideChannels ? <AskForHelp reference={chat.reference} vm={sideChannels} /> : null}
      </div>
      <DangerControl reference={chat.reference} vm={vm.danger} />
      {chat.confirming !== null ? (
        <Confirmation
          what={chat.confirming}
          historyMayNotFollow={chat.historyMayNotFollow}
          busy={chat.busy}
          onConfirm={vm.confirm}
          onCancel={vm.cancelConfirm}
        />
      ) : null}
      {chat.choosingColleague ? (
        <section
          className="confirm"
          aria-labelledby="handover-title"
          data-testid="handover-choices"
        >
          <h3 id="handover-title">{t.chooseColleague}</h3>
          {chat.historyMayNotFollow ? (
            <p className="warning" data-testid="history-may-not-follow">
              {t.historyMayNotFollow}
            </p>
          ) : null}
          {chat.colleagues.length === 0 ? <p>{t.noColleague}</p> : null}
          <ul className="items">
            {chat.colleagues.map((c) => (
              <li key={c.userId}>
                <button
                  type="button"
                  className="primary"
                  data-testid="handover-to"
                  data-user={c.userId}
                  disabled={chat.busy}
                  onClick={() => vm.handOver(c.userId)}
                >
                  {c.userId} ({t.colleagueLoad(c.load, c.capacity)})
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={vm.cancelColleague}>
            {t.cancel}
          </button>
        </section>
      ) : null}
      {/* The youth's page answers only the counsellor in charge (her power level), never a reader. */}
      {(chat.observingWith ?? null) === null ? (
        <SafetyFormControl vm={vm.safetyForm} roomId={chat.roomId} />
      ) : null}
      {chat.failed ? (
        <p role="alert" className="error" data-testid="chat-failed">
          {t.sendFailed}
        </p>
      ) : null}
      <ol className="messages" aria-live="polite" aria-label={t.listLabel}>
        {chat.messages.length === 0 ? <li className="muted">{t.empty}</li> : null}
        {chat.messages.map((message) =>
          message.withheld !== undefined ? (
            // Not a bubble, no author: it must not read as the youth's (or a colleague's) words.
            <li
              key={message.id}
              className="message withheld"
              data-testid="console-message-withheld"
              data-reason={message.withheld}
              role="note"
            >
              <p className="body">
                <span aria-hidden="true">⚠ </span>
                {message.withheld === "unprotected"
                  ? t.withheldUnprotected
                  : t.withheldUnverifiedDevice}
              </p>
            </li>
          ) : (
            <li
              key={message.id}
              className={message.fromMe ? "message from-me" : "message from-other"}
              data-testid="console-message"
              data-from={message.fromMe ? "me" : "other"}
              data-trouble={message.text === null ? "undecryptable" : undefined}
            >
              <span className="author">
                {message.fromMe ? t.me : (message.senderName ?? t.youth)}
              </span>
              <p className="body">{message.text ?? t.undecryptable}</p>
              {message.sending ? <span className="muted">{t.sending}</span> : null}
            </li>
          ),
        )}
        <li ref={listEnd} aria-hidden="true" />
      </ol>
      <p className="typing" role="status">
        {chat.youthTyping ? <span data-testid="youth-typing">{t.typing}</span> : null}
      </p>
      {chat.cannedReplies.length > 0 ? (
        <div role="group" aria-label={t.cannedTitle} className="canned">
          {chat.cannedReplies.map((reply) => (
            <button
              key={reply.id}
              type="button"
              className="secondary"
              data-testid="canned-reply"
              data-id={reply.id}
              onClick={() => vm.insertCanned(reply.id)}
            >
              {reply.label}
            </button>
          ))}
        </div>
      ) : null}
      <form className="composer" onSubmit={submit}>
        <label htmlFor="console-composer" className="visually-hidden">
          {t.composerLabel}
        </label>
        <textarea
          id="console-composer"
          data-testid="console-composer"
          value={chat.draft}
          rows={3}
          maxLength={4000}
          placeholder={chat.canSend ? "" : t.notReady}
          onChange={(e) => vm.setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={vm.composerBlurred}
        />
        <button
          type="submit"
          className="primary"
          data-testid="console-send"
          disabled={!chat.canSend || chat.draft.trim() === ""}
        >
          {t.send}
        </button>
      </form>
    </section>
  );
}

function youthGoneText(t: ConsoleMessages["chat"]["youthGone"], gone: YouthGone): string {
  const [plain, kept] =
    gone.how === "quick_exit"
      ? [t.quickExit, t.quickExitKept]
      : gone.how === "closed"
        ? [t.closed, t.closedKept]
        : [t.silent, t.silentKept];
  return gone.kept ? kept : plain;
}

function Confirmation({
  what,
  historyMayNotFollow,
  busy,
  onConfirm,
  onCancel,
}: {
  what: Confirming;
  historyMayNotFollow: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useConsoleMessages().chat;
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  const [question, detail] =
    what === "end"
      ? [t.endQuestion, t.endDetail]
      : what === "bar"
        ? [t.barQuestion, t.barDetail]
        : [t.requeueQuestion, t.requeueDetail];
  return (
    <section
      className="confirm"
      role="alertdialog"
      aria-labelledby="confirm-question"
      aria-describedby="confirm-detail"
    >
      <h3 id="confirm-question">{question}</h3>
      <p id="confirm-detail">{detail}</p>
      {what === "requeue" && historyMayNotFollow ? (
        <p className="warning" data-testid="history-may-not-follow">
          {t.historyMayNotFollow}
        </p>
      ) : null}
      <div className="actions">
        <button
          ref={confirm}
          type="button"
          className="primary danger"
          data-testid="confirm-yes"
          disabled={busy}
          onClick={onConfirm}
        >
          {t.confirm}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="confirm-no"
          disabled={busy}
          onClick={onCancel}
        >
          {t.cancel}
        </button>
      </div>
    </section>
  );
}
