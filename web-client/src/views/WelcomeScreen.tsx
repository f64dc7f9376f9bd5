import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";

export function WelcomeScreen({ onStart }: { onStart: () => void }) {
  const { welcome: t } = useMessages();
  return (
    <Screen title={t.title} className="welcome">
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
      <section className="card" aria-labelledby="hours-title">
        <h2 id="hours-title">{t.hoursTitle}</h2>
        <ul className="hours">
          {t.hours.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <button type="button" className="primary" data-testid="start-button" onClick={onStart}>
        {t.start}
      </button>
    </Screen>
  );
}
