import { useEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import type { ChatMessage } from "../session/types.ts";
import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";

type Chatting = Extract<ChatSnapshot, { screen: "chatting" }>;

export function ChatScreen({
  snapshot,
  onDraftChange,
  onSend,
  onResend,
  onComposerReady,
}: {
  snapshot: Chatting;
  onDraftChange: (text: string) => void;
  onSend: () => void;
  onResend: (messageId: string) => void;
  onComposerReady: () => void;
}) {
  const { chat: t } = useMessages();
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
        <h1 className="screen-title">{t.title}</h1>
        <p className="hint">{t.hint}</p>
      </header>
      <ol className="messages" aria-live="polite" aria-label={t.listLabel}>
        {snapshot.messages.length === 0 ? <li className="empty">{t.empty}</li> : null}
        {snapshot.messages.map((message) => (
          <MessageBubble
            key={message.id}
            message={message}
            counsellorName={snapshot.counsellorName}
            onResend={onResend}
          />
        ))}
        <li ref={listEnd} className="list-end" aria-hidden="true" />
      </ol>
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
  counsellorName,
  onResend,
}: {
  message: ChatMessage;
  counsellorName: string | null;
  onResend: (messageId: string) => void;
}) {
  const { chat: t } = useMessages();
  const author =
    message.from === "me" ? t.me : (message.senderName ?? counsellorName ?? t.counsellorFallback);
  return (
    <li className={`message from-${message.from}`} data-testid="message" data-from={message.from}>
      <span className="author">{author}</span>
      {message.text === null ? (
        <p className="body pending">{t.pendingDecryption}</p>
      ) : (
        <p className="body">{message.text}</p>
      )}
      {message.from === "me" && message.delivery === "sending" ? (
        <span className="delivery">{t.sending}</span>
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
