import { pickLocalized } from "../helpline/format.ts";
import type { HelplineInfo } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { OpeningHours } from "./OpeningHours.tsx";
import { Resources } from "./Resources.tsx";

export function WelcomeScreen({ info, onStart }: { info: HelplineInfo; onStart: () => void }) {
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
      <button type="button" className="primary" data-testid="start-button" onClick={onStart}>
        {t.start}
      </button>
      <Resources
        resources={info.helpline?.resources ?? []}
        emergencyOnly
        defaultLanguage={info.helpline?.defaultLanguage}
      />
    </Screen>
  );
}
