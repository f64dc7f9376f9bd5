import { formatWhen } from "../helpline/format.ts";
import type { Feedback } from "@helpline/contract";
import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { EndedFeedback } from "./EndedFeedback.tsx";
import { useConversationMessages } from "./ConversationMessages.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { Resources } from "./Resources.tsx";

type Ended = Extract<ChatSnapshot, { screen: "ended" }>;

/** What the feedback's buttons do (the view model's answerFeedback and sendFeedback). */
export interface FeedbackActions {
  answerFeedback(answer: Partial<Feedback>): void;
  sendFeedback(): void;
}

export function EndedScreen({
  snapshot,
  onErase,
  feedback,
}: {
  snapshot: Ended;
  onErase: () => void;
  feedback: FeedbackActions;
}) {
  const messages = useMessages();
  const t = useConversationMessages().ended;
  const { helpline, status } = snapshot.info;
  const reason = t.reasons[snapshot.reason];
  const timeZone = status?.timeZone ?? helpline?.timeZone ?? "Europe/Brussels";
  const showReopen =
    snapshot.nextOpensAt !== null &&
    (snapshot.reason === "closing" || snapshot.reason === "not_admitted");
  return (
    <Screen title={t.title} className="ended" testId="ended-screen">
      {reason !== "" ? (
        <p className="lead" data-testid="ended-reason" data-reason={snapshot.reason}>
          {reason}
        </p>
      ) : null}
      {showReopen && snapshot.nextOpensAt !== null ? (
        <p>{t.reopens(formatWhen(snapshot.nextOpensAt, timeZone, new Date(), messages.hours))}</p>
      ) : null}
      <p>{t.thanks}</p>
      <Resources
        resources={helpline?.resources ?? []}
        defaultLanguage={helpline?.defaultLanguage}
      />
      {snapshot.feedback !== null ? (
        <EndedFeedback
          form={snapshot.feedback}
          onAnswer={feedback.answerFeedback}
          onSend={feedback.sendFeedback}
        />
      ) : null}
      <button type="button" className="primary" data-testid="erase-button" onClick={onErase}>
        {t.erase}
      </button>
      <p className="hint">{t.eraseHint}</p>
    </Screen>
  );
}
