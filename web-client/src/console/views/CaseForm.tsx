import { useSyncExternalStore } from "react";
import { CONSOLE_LANGS, useConsoleMessages } from "../i18n/index.ts";
import type { CaseFormSnapshot, CaseFormViewModel } from "../viewmodels/CaseFormViewModel.ts";
import { pick } from "../viewmodels/items.ts";

// The case form after a conversation ends: checkboxes and radio groups in fieldsets, "Envoyer"
// and "Passer"; never a text field.

export function CaseFormColumn({ vm }: { vm: CaseFormViewModel }) {
  const form = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  return form !== null ? <CaseFormView form={form} vm={vm} /> : null;
}

export function CaseFormView({
  form,
  vm,
}: {
  form: NonNullable<CaseFormSnapshot>;
  vm: CaseFormViewModel;
}) {
  const m = useConsoleMessages();
  const t = m.caseForm;
  const lang = CONSOLE_LANGS.find((l) => m.locale.startsWith(l)) ?? "fr";
  const titleId = `case-form-${form.reference}`;
  return (
    <section className="case-form" aria-labelledby={titleId} data-testid="case-form">
      <h2 id={titleId}>{t.title(form.reference)}</h2>
      <p className="muted">{t.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          vm.send();
        }}
      >
        <fieldset>
          <legend>{t.categories}</legend>
          {form.categories.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                name="category"
                value={c.id}
                checked={c.checked}
                onChange={() => vm.toggleCategory(c.id)}
              />{" "}
              {pick(c.label, lang, null) ?? c.id}
            </label>
          ))}
        </fieldset>
        <Choice
          legend={t.writer}
          name="writer"
          values={form.writers}
          chosen={form.writer}
          label={(v) => t.writers[v]}
          onChoose={vm.setWriter}
        />
        <Choice
          legend={t.ageBand}
          name="age-band"
          values={form.ageBands}
          chosen={form.ageBand}
          label={(v) => t.ageBands[v]}
          onChoose={vm.setAgeBand}
        />
        <Choice
          legend={t.firstDisclosure}
          name="first-disclosure"
          values={form.firstDisclosures}
          chosen={form.firstDisclosure}
          label={(v) => t.firstDisclosures[v]}
          onChoose={vm.setFirstDisclosure}
        />
        <fieldset>
          <legend>{t.offered}</legend>
          {form.offers.map((o) => (
            <label key={o.id}>
              <input
                type="checkbox"
                name="offered"
                value={o.id}
                checked={o.checked}
                onChange={() => vm.toggleOffer(o.id)}
              />{" "}
              {t.offers[o.id]}
            </label>
          ))}
        </fieldset>
        {form.failed ? (
          <p role="alert" className="error">
            {t.failed}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            data-testid="case-form-send"
            disabled={form.sending}
          >
            {form.sending ? t.sending : t.send}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="case-form-skip"
            disabled={form.sending}
            onClick={vm.skip}
          >
            {t.skip}
          </button>
        </div>
      </form>
    </section>
  );
}

function Choice<T extends string>({
  legend,
  name,
  values,
  chosen,
  label,
  onChoose,
}: {
  legend: string;
  name: string;
  values: readonly T[];
  chosen: T | null;
  label: (value: T) => string;
  onChoose: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value}>
          <input
            type="radio"
            name={name}
            value={value}
            checked={chosen === value}
            onChange={() => onChoose(value)}
          />{" "}
          {label(value)}
        </label>
      ))}
    </fieldset>
  );
}
