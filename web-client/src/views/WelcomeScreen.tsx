import { useRef } from "react";
import { pickLocalized } from "../helpline/format.ts";
import type { PseudonymProblem } from "../viewmodels/pseudonym.ts";
import { PSEUDONYM_MAX_LENGTH } from "../viewmodels/pseudonym.ts";
import type { HelplineInfo } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { OpeningHours } from "./OpeningHours.tsx";
import { Resources } from "./Resources.tsx";

export function WelcomeScreen({
  info,
  pseudonymProblem,
  onStart,
}: {
  info: HelplineInfo;
  pseudonymProblem?: PseudonymProblem | undefined;
  onStart: (pseudonym: string) => void;
}) {
  const pseudonym = useRef<HTMLInputElement>(null);
  const messages = useMessages();
  const t = messages.welcome;
  const helpline = info.helpline;
  const name = pickLocalized(helpline?.name, messages.lang, helpline?.defaultLanguage);
  return (
    <Screen title={t.title} className="welcome">
      {name.text !== "" ? (
        <p
          className="eyebrow"
          lang={name.lang !== messages.lang ? (name.lang ?? undefined) : undefined}
        >
          {name.text}
        </p>
      ) : null}
      <p className="lead">{t.intro}</p>
      <section className="card" aria-labelledby="anonymous-title">
        <h2 id="anonymous-title">{t.anonymousTitle}</h2>
        <p>{t.anonymous}</p>
      </section>
      <section className="card" aria-labelledby="confidential-title">
        <h2 id="confidential-title">{t.confidentialityTitle}</h2>
        <p>{t.confidentiality}</p>
        <p>{t.exception}</p>
      </section>
      <OpeningHours helpline={info.helpline} />
      <form
        className="start"
        onSubmit={(event) => {
          event.preventDefault();
          onStart(pseudonym.current?.value ?? "");
        }}
      >
        <label htmlFor="pseudonym">{t.pseudonymLabel}</label>
        <p id="pseudonym-hint" className="hint">
          {t.pseudonymHint}
        </p>
        <input
          id="pseudonym"
          ref={pseudonym}
          data-testid="pseudonym"
          type="text"
          autoComplete="off"
          autoCapitalize="words"
          spellCheck={false}
          maxLength={PSEUDONYM_MAX_LENGTH + 8}
          aria-describedby={
            pseudonymProblem ? "pseudonym-hint pseudonym-problem" : "pseudonym-hint"
          }
          aria-invalid={pseudonymProblem ? true : undefined}
        />
        {pseudonymProblem ? (
          <p
            id="pseudonym-problem"
            className="field-error"
            role="alert"
            data-testid="pseudonym-problem"
          >
            {t.pseudonymProblems[pseudonymProblem]}
          </p>
        ) : null}
        <button type="submit" className="primary" data-testid="start-button">
          {t.start}
        </button>
      </form>
      <Resources
        resources={info.helpline?.resources ?? []}
        emergencyOnly
        defaultLanguage={info.helpline?.defaultLanguage}
      />
    </Screen>
  );
}
