import { formatDay, pickLocalized } from "../helpline/format.ts";
import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { Resources } from "./Resources.tsx";

type ServiceEnded = Extract<ChatSnapshot, { screen: "serviceEnded" }>;

/**
 * The page of a service that has ended: since when, who took over (each successor with its name,
 * whom it is for and its link) and where else to find help. No start button, no queue; quick
 * exit stays, as on every page.
 */
export function ServiceEndedScreen({ snapshot }: { snapshot: ServiceEnded }) {
  const messages = useMessages();
  const t = messages.serviceEnded;
  const helpline = snapshot.info.helpline;
  const fallback = helpline?.defaultLanguage;
  // A text shown in another language than the page's is marked so (WCAG 3.1.2).
  const langOf = (found: { lang: string | null }) =>
    found.lang !== null && found.lang !== messages.lang ? found.lang : undefined;
  const name = pickLocalized(helpline?.name, messages.lang, fallback);
  return (
    <Screen title={t.title} className="service-ended" testId="service-ended-screen">
      {name.text !== "" ? (
        <p className="eyebrow" lang={langOf(name)}>
          {name.text}
        </p>
      ) : null}
      <p className="lead" data-testid="service-ended-on">
        {t.endedOn(formatDay(snapshot.ended.on, messages.hours))}
      </p>
      {snapshot.ended.successors.length > 0 ? (
        <section
          // The resources' list style: each name on its line, its description under it.
          className="card resources"
          aria-labelledby="successors-title"
          data-testid="successors"
        >
          <h2 id="successors-title">{t.successorsTitle}</h2>
          <ul>
            {snapshot.ended.successors.map((successor) => {
              const successorName = pickLocalized(successor.name, messages.lang, fallback);
              const description = pickLocalized(successor.description, messages.lang, fallback);
              return (
                <li key={successor.url} data-testid="successor">
                  <a href={successor.url} lang={langOf(successorName)}>
                    {successorName.text}
                  </a>
                  {description.text !== "" ? (
                    <span className="description" lang={langOf(description)}>
                      {description.text}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <Resources resources={helpline?.resources ?? []} defaultLanguage={fallback} />
    </Screen>
  );
}
