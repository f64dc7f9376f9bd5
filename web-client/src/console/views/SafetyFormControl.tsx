import { useSyncExternalStore } from "react";
import { useConsoleMessages } from "../i18n/index.ts";
import type { SafetyFormViewModel } from "../viewmodels/SafetyFormViewModel.ts";

/**
 * The safety form of the open conversation: the control that proposes it, where it stands, and
 * the youth's answers once they came (read here only, never written anywhere).
 */
export function SafetyFormControl({ vm, roomId }: { vm: SafetyFormViewModel; roomId: string }) {
  const t = useConsoleMessages().safetyForm;
  const form = useSyncExternalStore(vm.subscribe, vm.getSnapshot, vm.getSnapshot).get(roomId);
  if (form === undefined) return null;
  const canPropose =
    form.status === "none" || form.status === "declined" || form.status === "failed";
  return (
    <section
      className="safety-form"
      aria-label={t.label}
      data-testid="safety-form"
      data-status={form.status}
    >
      {canPropose ? (
        <button
          type="button"
          className="secondary"
          data-testid="safety-form-propose"
          onClick={() => vm.propose(roomId)}
        >
          {form.status === "none" ? t.propose : t.proposeAgain}
        </button>
      ) : null}
      <p className="muted" role="status">
        {form.status === "none" ? t.hint : null}
        {form.status === "proposing" ? t.proposing : null}
        {form.status === "proposed" ? t.proposed : null}
        {form.status === "declined" ? t.declined : null}
        {form.status === "answered" ? t.answered : null}
      </p>
      {form.status === "failed" ? (
        <p role="alert" className="error">
          {t.failed}
        </p>
      ) : null}
      {form.status === "answered" ? (
        <dl className="safety-answers" data-testid="safety-form-answer">
          <dt>{t.place}</dt>
          <dd data-testid="safety-form-place">{form.answer.place ?? t.empty}</dd>
          <dt>{t.phone}</dt>
          <dd data-testid="safety-form-phone">{form.answer.phone ?? t.empty}</dd>
        </dl>
      ) : null}
    </section>
  );
}
