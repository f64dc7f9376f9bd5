import { useEffect, useRef, useSyncExternalStore } from "react";
import { useConsoleMessages } from "../i18n/index.ts";
import type { DangerViewModel, Guidance } from "../viewmodels/DangerViewModel.ts";

/**
 * The chat panel's "Danger de mort" control for the open conversation: a button, a confirmation,
 * then the mark and the helpline's guidance.
 */
export function DangerControl({
  reference,
  vm,
}: {
  reference: number;
  vm: DangerViewModel | null;
}) {
  if (vm === null) return null;
  return <DangerControlOf reference={reference} vm={vm} />;
}

function DangerControlOf({ reference, vm }: { reference: number; vm: DangerViewModel }) {
  const danger = useSyncExternalStore(vm.subscribe, vm.getSnapshot, vm.getSnapshot);
  const t = useConsoleMessages().danger;
  const markedMinutes = danger.marked[reference];
  if (markedMinutes !== undefined) {
    return (
      <section className="danger-mark" data-testid="danger-marked" aria-labelledby="danger-title">
        <h3 id="danger-title">{t.marked(markedMinutes)}</h3>
        {/* Said aloud once it is done: the button she pressed is gone. */}
        <p role="status">{t.supervisorsAlerted}</p>
        <CrisisGuidance guidance={danger.guidance} />
      </section>
    );
  }
  return (
    <>
      <button
        type="button"
        className="secondary danger"
        data-testid="action-danger"
        disabled={danger.busy}
        onClick={() => vm.ask(reference)}
      >
        {t.mark}
      </button>
      {danger.confirming === reference ? <DangerConfirmation busy={danger.busy} vm={vm} /> : null}
      {danger.failed?.reference === reference ? (
        <p role="alert" className="error" data-testid="danger-failed">
          {danger.failed.why === "refused" ? t.refused : t.failed}
        </p>
      ) : null}
    </>
  );
}

function DangerConfirmation({ busy, vm }: { busy: boolean; vm: DangerViewModel }) {
  const t = useConsoleMessages().danger;
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <section
      className="confirm"
      role="alertdialog"
      aria-labelledby="danger-question"
      aria-describedby="danger-detail"
    >
      <h3 id="danger-question">{t.question}</h3>
      <p id="danger-detail">{t.detail}</p>
      <div className="actions">
        <button
          ref={confirm}
          type="button"
          className="primary danger"
          data-testid="danger-confirm"
          disabled={busy}
          onClick={vm.confirm}
        >
          {t.confirm}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={vm.cancel}>
          {t.cancel}
        </button>
      </div>
    </section>
  );
}

/** The helpline's guidance: its paragraphs, then whom to call. */
export function CrisisGuidance({ guidance }: { guidance: Guidance | null }) {
  const t = useConsoleMessages().danger;
  if (guidance === null) return <p className="muted">{t.noGuidance}</p>;
  return (
    <div className="crisis-guidance" data-testid="crisis-guidance">
      {guidance.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      {guidance.contacts.length > 0 ? (
        <ul aria-label={t.contactsLabel}>
          {guidance.contacts.map((contact) => (
            <li key={`${contact.phone}-${contact.label}`}>
              {contact.label} :{" "}
              <a href={`tel:${contact.phone.replace(/ /g, "")}`}>{contact.phone}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** First in a supervisor's panel: the conversations marked "danger to life", and the guidance. */
export function SupervisorDangerList({ vm }: { vm: DangerViewModel | null }) {
  if (vm === null) return null;
  return <SupervisorDangerListOf vm={vm} />;
}

function SupervisorDangerListOf({ vm }: { vm: DangerViewModel }) {
  const danger = useSyncExternalStore(vm.subscribe, vm.getSnapshot, vm.getSnapshot);
  const t = useConsoleMessages().danger;
  const marks = danger.supervisorMarks ?? [];
  if (marks.length === 0) return null;
  return (
    <section
      className="danger-mark"
      role="alert"
      aria-labelledby="danger-list-title"
      data-testid="supervisor-danger"
    >
      <h3 id="danger-list-title">{t.listTitle(marks.length)}</h3>
      <ul className="items">
        {marks.map((mark) => (
          <li
            key={mark.reference}
            data-testid="supervisor-danger-item"
            data-reference={mark.reference}
          >
            {t.listRow(mark.reference, mark.counsellorId, mark.by, mark.minutesAgo)}
          </li>
        ))}
      </ul>
      <CrisisGuidance guidance={danger.guidance} />
    </section>
  );
}
