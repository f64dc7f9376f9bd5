import {
  feedbackHelped,
  feedbackWriteAgain,
  type Feedback,
  type FeedbackHelped,
  type FeedbackWriteAgain,
} from "@helpline/contract";
import type { FeedbackForm } from "../viewmodels/ChatViewModel.ts";
import { useConversationMessages } from "./ConversationMessages.ts";

/**
 * The end screen's optional feedback: two closed questions, one send, a thank-you. Nothing in it
 * stands between the youth and "Tout effacer", and nothing is typed: answers are buttons.
 */
export function EndedFeedback({
  form,
  onAnswer,
  onSend,
}: {
  form: FeedbackForm;
  onAnswer: (answer: Partial<Feedback>) => void;
  onSend: () => void;
}) {
  const t = useConversationMessages().ended.feedback;
  const open = form.step === "open" || form.step === "sending";
  return (
    <section className="card feedback" aria-labelledby="feedback-title" data-testid="feedback">
      <h2 id="feedback-title">{t.title}</h2>
      {open ? (
        <>
          <p className="hint">{t.intro}</p>
          <Question<FeedbackHelped>
            id="helped"
            legend={t.helped}
            values={feedbackHelped}
            labels={t.helpedAnswers}
            chosen={form.answers.helped ?? null}
            disabled={form.step === "sending"}
            onChoose={(helped) => onAnswer({ helped })}
          />
          <Question<FeedbackWriteAgain>
            id="write-again"
            legend={t.writeAgain}
            values={feedbackWriteAgain}
            labels={t.writeAgainAnswers}
            chosen={form.answers.wouldWriteAgain ?? null}
            disabled={form.step === "sending"}
            onChoose={(wouldWriteAgain) => onAnswer({ wouldWriteAgain })}
          />
          <button
            type="button"
            data-testid="feedback-send"
            disabled={form.step === "sending" || Object.keys(form.answers).length === 0}
            onClick={onSend}
          >
            {form.step === "sending" ? t.sending : t.send}
          </button>
        </>
      ) : null}
      {/* Always in the page, so that the thank-you is announced when it appears. */}
      <p role="status" data-testid="feedback-outcome" data-step={form.step}>
        {form.step === "sent" ? t.thanks : form.step === "failed" ? t.failed : ""}
      </p>
    </section>
  );
}

function Question<Answer extends string>({
  id,
  legend,
  values,
  labels,
  chosen,
  disabled,
  onChoose,
}: {
  id: string;
  legend: string;
  values: readonly Answer[];
  labels: Readonly<Record<Answer, string>>;
  chosen: Answer | null;
  disabled: boolean;
  onChoose: (answer: Answer) => void;
}) {
  return (
    <fieldset className="feedback-question">
      <legend>{legend}</legend>
      <div className="choices">
        {values.map((answer) => (
          <button
            key={answer}
            type="button"
            className="choice"
            data-testid={`feedback-${id}-${answer}`}
            aria-pressed={chosen === answer}
            disabled={disabled}
            onClick={() => onChoose(answer)}
          >
            {labels[answer]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
