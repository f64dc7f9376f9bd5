import { useEffect, useId, useRef, useSyncExternalStore, type FormEvent } from "react";
import type { SafetyFormViewModel } from "../viewmodels/SafetyFormViewModel.ts";
import { useConversationMessages } from "./ConversationMessages.ts";

/**
 * The safety form a counsellor proposed: first the question (what it is for, who reads it, that
 * she may say no), then, only if she agrees, a place and a phone number. Nothing here is kept.
 */
export function SafetyFormCard({ vm }: { vm: SafetyFormViewModel }) {
  const { safetyForm: t } = useConversationMessages();
  const form = useSyncExternalStore(vm.subscribe, vm.getSnapshot, vm.getSnapshot);
  const id = useId();
  const place = useRef<HTMLTextAreaElement>(null);
  // The question arrives while she may be typing: it is announced, never given the focus (her
  // keystrokes must not land elsewhere). Once she said yes, the first field is hers.
  useEffect(() => {
    if (form.step === "form") place.current?.focus();
  }, [form.step]);

  if (form.step === "hidden") return null;
  if (form.step === "sent" || form.step === "declined") {
    return (
      <section className="card safety-form" data-testid="safety-form" data-step={form.step}>
        <p role="status">{form.step === "sent" ? t.sent : t.declined}</p>
        <button type="button" className="link" onClick={vm.dismiss}>
          {t.close}
        </button>
      </section>
    );
  }
  const title = <h2 id={`${id}-title`}>{t.title}</h2>;
  if (form.step === "consent") {
    return (
      <section
        className="card safety-form"
        aria-labelledby={`${id}-title`}
        aria-live="polite"
        data-testid="safety-form"
        data-step="consent"
      >
        {title}
        <p>{t.why}</p>
        <p>{t.who}</p>
        <p>{t.mayRefuse}</p>
        {form.failed ? (
          <p role="alert" className="delivery failed">
            {t.failed}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid="safety-form-yes"
            disabled={form.declining}
            onClick={vm.consent}
          >
            {t.yes}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="safety-form-no"
            disabled={form.declining}
            onClick={vm.decline}
          >
            {t.no}
          </button>
        </div>
      </section>
    );
  }
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    vm.send();
  };
  return (
    <section
      className="card safety-form"
      aria-labelledby={`${id}-title`}
      data-testid="safety-form"
      data-step="form"
    >
      {title}
      <p>{t.who}</p>
      <form onSubmit={submit} noValidate>
        <p className="hint">{t.bothOptional}</p>
        <label htmlFor={`${id}-place`}>{t.placeLabel}</label>
        <textarea
          ref={place}
          id={`${id}-place`}
          data-testid="safety-form-place"
          value={form.place}
          rows={2}
          maxLength={300}
          autoComplete="off"
          onChange={(event) => vm.setPlace(event.target.value)}
        />
        <label htmlFor={`${id}-phone`}>{t.phoneLabel}</label>
        <input
          id={`${id}-phone`}
          data-testid="safety-form-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={form.phone}
          maxLength={30}
          onChange={(event) => vm.setPhone(event.target.value)}
        />
        {form.problem !== null ? (
          <p role="alert" className="delivery failed" data-testid="safety-form-problem">
            {t.problems[form.problem]}
          </p>
        ) : null}
        {form.failed ? (
          <p role="alert" className="delivery failed">
            {t.failed}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            data-testid="safety-form-send"
            disabled={form.sending}
          >
            {form.sending ? t.sending : t.send}
          </button>
          <button type="button" className="secondary" disabled={form.sending} onClick={vm.cancel}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
