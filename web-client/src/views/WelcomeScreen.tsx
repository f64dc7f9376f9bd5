import type { WritingAbout } from "@helpline/contract";
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
  writingAbout,
  onWritingAbout,
  onStart,
}: {
  info: HelplineInfo;
  pseudonymProblem?: PseudonymProblem | undefined;
  /** The answer to "about myself / someone close" chosen so far (services that ask it). */
  writingAbout: WritingAbout | null;
  onWritingAbout: (answer: WritingAbout) => void;
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
        {helpline?.asksWhoIsWriting === true ? (
          <WritingAboutQuestion chosen={writingAbout} onChoose={onWritingAbout} />
        ) : null}
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

/**
 * The optional first question of services for adults: two toggle buttons, neither required;
 * pressing the chosen one again takes the answer back. Nothing of it is kept on the device.
 */
function WritingAboutQuestion({
  chosen,
  onChoose,
}: {
  chosen: WritingAbout | null;
  onChoose: (answer: WritingAbout) => void;
}) {
  const t = useMessages().welcome.writingAbout;
  const options: readonly [WritingAbout, string][] = [
    ["self", t.self],
    ["close-one", t.closeOne],
  ];
  return (
    <fieldset className="writing-about" aria-describedby="writing-about-hint">
      <legend>{t.legend}</legend>
      <p id="writing-about-hint" className="hint">
        {t.hint}
      </p>
      <div className="choices">
        {options.map(([answer, label]) => (
          <button
            key={answer}
            type="button"
            className="choice"
            data-testid={`writing-about-${answer}`}
            aria-pressed={chosen === answer}
            onClick={() => onChoose(answer)}
          >
            {label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
