import type { Helpline } from "../helpline/api.ts";
import { weeklyLines } from "../helpline/format.ts";
import { useMessages } from "./MessagesContext.ts";

/** The weekly opening hours, from the helpline's config, as one card; nothing if unknown. */
export function OpeningHours({ helpline }: { helpline: Helpline | null | undefined }) {
  const messages = useMessages();
  const hours = helpline ? weeklyLines(helpline.weekly, messages.hours) : [];
  if (hours.length === 0) return null;
  return (
    <section className="card" aria-labelledby="hours-title">
      <h2 id="hours-title">{messages.welcome.hoursTitle}</h2>
      <ul className="hours" data-testid="opening-hours">
        {hours.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
