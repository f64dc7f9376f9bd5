import type { Localized, Resource } from "../helpline/api.ts";
import { pickLocalized } from "../helpline/format.ts";
import { useMessages } from "./MessagesContext.ts";

/** Other places to find help (phone lines, emergency numbers), from the helpline's config. */
export function Resources({
  resources,
  emergencyOnly = false,
  title,
  defaultLanguage,
}: {
  resources: readonly Resource[];
  emergencyOnly?: boolean;
  title?: string;
  /** The helpline's language, used where a text lacks the page's one. */
  defaultLanguage?: keyof Localized | undefined;
}) {
  const messages = useMessages();
  const t = messages.resources;
  const shown = resources.filter((r) => !emergencyOnly || r.emergency === true);
  if (shown.length === 0) return null;
  // Emergency numbers first: they matter most when someone is in danger.
  const ordered = [...shown.filter((r) => r.emergency), ...shown.filter((r) => !r.emergency)];
  return (
    <section className="card resources" aria-labelledby="resources-title" data-testid="resources">
      <h2 id="resources-title">{title ?? t.title}</h2>
      <ul>
        {ordered.map((resource, index) => {
          const label = pickLocalized(resource.label, messages.lang, defaultLanguage);
          const description = pickLocalized(resource.description, messages.lang, defaultLanguage);
          // A text shown in another language than the page's is marked so (WCAG 3.1.2).
          const langOf = (found: { lang: string | null }) =>
            found.lang !== null && found.lang !== messages.lang ? found.lang : undefined;
          return (
            <li key={index} className={resource.emergency ? "emergency" : undefined}>
              {resource.emergency ? <span className="tag">{t.emergency}</span> : null}
              <strong lang={langOf(label)}>{label.text}</strong>
              {description.text !== "" ? (
                <span className="description" lang={langOf(description)}>
                  {description.text}
                </span>
              ) : null}
              {resource.phone !== undefined ? (
                <a href={`tel:${resource.phone.replace(/[^+\d]/g, "")}`}>
                  {t.call(resource.phone)}
                </a>
              ) : null}
              {resource.url !== undefined ? (
                <a href={resource.url} target="_blank" rel="noopener noreferrer">
                  {t.website}
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
