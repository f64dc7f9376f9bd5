import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { ChatMessage, YouthStatus } from "../session/types.ts";
import type { ChatSnapshot, ChatViewModel } from "../viewmodels/ChatViewModel.ts";
import { SafetyFormCard } from "./SafetyFormCard.tsx";
import { useConversationMessages } from "./ConversationMessages.ts";
import { NotVouchedWarning, startsVouchedRun, VouchedMark } from "./ProvenanceMarks.tsx";
import { UrgentPanel } from "./UrgentPanel.tsx";
import { WaitingTexts } from "./WaitingTexts.tsx";
import "./chat.css";

type Chatting = Extract<ChatSnapshot, { screen: "chatting" }>;

/**
 * What the chat screen asks of its view model. The view model itself is handed down, rather than
 * one prop per action: the props would be listed on the first screen's code (App.tsx), whose
 * weight has no byte to spare, while this list lives in the lazily loaded chat.
 */
export type ChatActions = Pick<
  ChatViewModel,
  | "setDraft"
  | "send"
  | "resend"
  | "askEnd"
  | "cancelEnd"
  | "confirmEnd"
  | "composerBlurred"
  | "declareUrgent"
  | "safetyForm"
>;

export function ChatScreen({
  snapshot,
  chat,
  onComposerReady,
  headerExtra,
}: {
  snapshot: Chatting;
  /** Its actions: the draft, send and resend, end, "I am in danger now", the safety form. */
  chat: ChatActions;
  onComposerReady: () => void;
  /** More in the header: "Continuer plus tard sur cet appareil". */
  headerExtra?: ReactNode;
}) {
  const {
    setDraft: onDraftChange,
    send: onSend,
    resend: onResend,
    askEnd: onAskEnd,
    cancelEnd: onCancelEnd,
    confirmEnd: onConfirmEnd,
    composerBlurred: onComposerBlur,
    declareUrgent: onUrgent,
    safetyForm,
  } = chat;
  const { chat: t } = useConversationMessages();
  const composer = useRef<HTMLTextAreaElement>(null);
  const listEnd = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (!snapshot.canSend) return;
    composer.current?.focus();
    onComposerReady();
  }, [snapshot.canSend, onComposerReady]);

  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: "end" });
  }, [snapshot.messages.length]);

  // The on-screen keyboard makes the page shorter (interactive-widget=resizes-content): keep the
  // latest messages in view above the composer while the youth is typing.
  useEffect(() => {
    const onResize = (): void => {
      if (document.activeElement === composer.current) {
        listEnd.current?.scrollIntoView({ block: "end" });
      }
    };
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSend();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    // Enter sends, Shift+Enter adds a line; never interrupt an input method composing a word.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      onSend();
    }
  };

  return (
    <main className="screen chat">
      <header className="chat-header">
        <div className="chat-title-row">
          <h1 className="screen-title">{t.title}</h1>
          <button
            type="button"
            className="secondary"
            data-testid="end-button"
            onClick={onAskEnd}
            // No conversation to end yet while only her place is shown (a busy night): closing
            // the page or the quick exit still tell the bot she is gone, once it exists.
            disabled={snapshot.ending || !snapshot.canSend}
          >
            {t.end}
          </button>
        </div>
        {snapshot.confirmingEnd ? (
          <EndConfirmation
            ending={snapshot.ending}
            onCancel={onCancelEnd}
            onConfirm={onConfirmEnd}
          />
        ) : null}
        {snapshot.endFailed ? (
          <p role="alert" className="delivery failed">
            {t.endFailed}
          </p>
        ) : null}
        <ConnectionBanner reconnecting={snapshot.connection === "reconnecting"} />
        <StatusPanel status={snapshot.status} />
        {/* Offered while nobody has joined; once pressed, the numbers stay for the conversation. */}
        {waiting(snapshot.status) || snapshot.urgent !== undefined ? (
          <UrgentPanel urgent={snapshot.urgent} helpline={snapshot.helpline} onUrgent={onUrgent} />
        ) : null}
        {waiting(snapshot.status) ? (
          <WaitingTexts
            texts={snapshot.helpline?.waitingTexts ?? []}
            defaultLanguage={snapshot.helpline?.defaultLanguage ?? null}
          />
        ) : null}
        <p className="hint">{t.hint}</p>
        {headerExtra}
      </header>
      <ol className="messages" aria-live="polite" aria-label={t.listLabel}>
        {snapshot.messages.length === 0 ? <li className="empty">{t.empty}</li> : null}
        {snapshot.messages.map((message, index) => (
          <MessageBubble
            key={message.id}
            message={message}
            vouchedMark={startsVouchedRun(snapshot.messages, index)}
            counsellorName={snapshot.counsellorName}
            unreadable={snapshot.unreadable.includes(message.id)}
            onResend={onResend}
          />
        ))}
        <li ref={listEnd} className="list-end" aria-hidden="true" />
      </ol>
      {safetyForm !== undefined ? <SafetyFormCard vm={safetyForm} /> : null}
      {/* Always present, so that only the change is announced, once. */}
      <p className="typing" role="status">
        {snapshot.counsellorTyping ? (
          <span data-testid="counsellor-typing">{t.counsellorTyping}</span>
        ) : null}
      </p>
      <form className="composer" onSubmit={submit}>
        <textarea
          ref={composer}
          data-testid="composer"
          aria-label={t.composerLabel}
          placeholder={snapshot.canSend ? t.composerPlaceholder : t.composerWaiting}
          value={snapshot.draft}
          disabled={!snapshot.canSend}
          rows={2}
          maxLength={4000}
          onChange={(event) => onDraftChange(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={onComposerBlur}
        />
        <button
          type="submit"
          className="primary"
          data-testid="send-button"
          disabled={!snapshot.canSend || snapshot.draft.trim() === ""}
        >
          {t.send}
        </button>
      </form>
    </main>
  );
}

function MessageBubble({
  message,
  vouchedMark,
  counsellorName,
  unreadable,
  onResend,
}: {
  message: ChatMessage;
  /** Show "Intervenante de …" above it: the first of a vouched counsellor's run of messages. */
  vouchedMark: boolean;
  counsellorName: string | null;
  /** Still not readable after a long wait: explained instead of "arriving". */
  unreadable: boolean;
  onResend: (messageId: string) => void;
}) {
  const { chat: t } = useConversationMessages();
  if (message.notice !== undefined) {
    // The page's own word about who reads the conversation: never a bubble, never a name.
    return (
      <li className="message team-notice" data-testid="team-notice" data-notice={message.notice}>
        <p className="body">{t.team[message.notice]}</p>
      </li>
    );
  }
  if (message.withheld !== undefined) {
    // Never in a bubble, never with a name: it must not read as anyone's words.
    return (
      <li className="message withheld" data-testid="message-withheld" role="note">
        <p className="body">
          <span aria-hidden="true">⚠ </span>
          {t.withheld}
        </p>
      </li>
    );
  }
  const author =
    message.from === "me" ? t.me : (message.senderName ?? counsellorName ?? t.counsellorFallback);
  return (
    <li
      className={`message from-${message.from} delivery-${message.delivery}`}
      data-testid={message.delivery === "held" ? "held-message" : "message"}
      data-from={message.from}
      data-delivery={message.delivery}
      data-provenance={message.provenance?.kind}
    >
      <span className="author">{author}</span>
      {message.provenance !== undefined && vouchedMark ? (
        <VouchedMark mark={message.provenance} />
      ) : null}
      {message.provenance?.kind === "not_helpline" ? (
        <NotVouchedWarning mark={message.provenance} />
      ) : null}
      {message.text === null ? (
        <p className="body pending" data-trouble={unreadable ? "unreadable" : "arriving"}>
          {unreadable ? t.unreadable : t.pendingDecryption}
        </p>
      ) : (
        <p className="body">{message.text}</p>
      )}
      {message.from === "me" && message.delivery === "held" ? (
        <span className="delivery held">{t.held}</span>
      ) : null}
      {message.from === "me" && message.delivery === "sending" ? (
        <span className="delivery">{t.sending}</span>
      ) : null}
      {message.from === "me" && (message.delivery === "sent" || message.delivery === "read") ? (
        // Not announced as it changes (the list is a live region): read on demand only.
        <span className="delivery tick" data-testid="delivery" aria-live="off">
          <span aria-hidden="true">{message.delivery === "read" ? "✓✓" : "✓"}</span>
          <span className="visually-hidden">{message.delivery === "read" ? t.read : t.sent}</span>
        </span>
      ) : null}
      {message.from === "me" && message.delivery === "failed" ? (
        <span className="delivery failed">
          {t.notSent}{" "}
          <button type="button" className="link" onClick={() => onResend(message.id)}>
            {t.resend}
          </button>
        </span>
      ) : null}
    </li>
  );
}

/** Calm word that the connection dropped; the session reconnects and resends by itself. */
function ConnectionBanner({ reconnecting }: { reconnecting: boolean }) {
  const { chat: t } = useConversationMessages();
  return (
    <div role="status" className="connection">
      {reconnecting ? (
        <div className="card banner" data-testid="connection-lost">
          <p>
            <strong>{t.connectionLost}</strong>
          </p>
          <p>{t.connectionLostDetail}</p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * No counsellor has joined yet: she waits in the queue, one is about to arrive, or (null) her
 * place is on its way and she waits as the others.
 */
function waiting(status: YouthStatus | null): boolean {
  return status === null || status.state === "waiting" || status.state === "counsellor_joining";
}

function StatusPanel({ status }: { status: YouthStatus | null }) {
  const { waiting: t } = useConversationMessages();
  if (status?.state === "waiting") {
    return (
      <section className="card waiting" data-testid="waiting-screen" aria-live="polite">
        <h2>{t.title}</h2>
        <p className="position">
          {t.positionBefore}
          <strong data-testid="queue-position">{status.position}</strong>
          {t.positionAfter}
        </p>
        <p>
          {status.estimatedWaitMinutes !== null
            ? t.waitAbout(status.estimatedWaitMinutes)
            : t.waitUnknown}
        </p>
        <p>{t.reassurance}</p>
        <p className="hint">{t.canWrite}</p>
      </section>
    );
  }
  if (status?.state === "counsellor_joining") {
    return (
      <section className="card waiting" data-testid="counsellor-joining" aria-live="polite">
        <p className="position" role="status">
          {t.joining}
        </p>
        <p className="hint">{t.canWrite}</p>
      </section>
    );
  }
  if (status === null) {
    // Her place comes with the room, a moment after the chat shows: she may already write.
    return (
      <section className="card waiting" data-testid="place-coming" aria-live="polite">
        <h2>{t.title}</h2>
        <p className="hint">{t.canWrite}</p>
      </section>
    );
  }
  if (status.state === "counsellor_present") {
    return (
      <p className="present" role="status" data-testid="counsellor-present">
        {status.handedOver === true ? t.handedOver : t.present}
      </p>
    );
  }
  return null;
}

function EndConfirmation({
  ending,
  onCancel,
  onConfirm,
}: {
  ending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { chat: t } = useConversationMessages();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  return (
    <section className="card confirm" role="alertdialog" aria-labelledby="end-question">
      <h2 id="end-question">{t.endQuestion}</h2>
      <p>{t.endDetail}</p>
      <div className="actions">
        <button
          ref={confirm}
          type="button"
          className="primary danger"
          data-testid="end-confirm"
          onClick={onConfirm}
          disabled={ending}
        >
          {t.endConfirm}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={ending}>
          {t.endCancel}
        </button>
      </div>
    </section>
  );
}
