import { formatWhen, weeklyLines } from "../helpline/format.ts";
import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { Resources } from "./Resources.tsx";

type Closed = Extract<ChatSnapshot, { screen: "closed" }>;

export function ClosedScreen({ snapshot }: { snapshot: Closed }) {
  const messages = useMessages();
  const t = messages.closed;
  const { helpline, status } = snapshot.info;
  const timeZone = status?.timeZone ?? helpline?.timeZone ?? "Europe/Brussels";
  const reopens =
    snapshot.nextOpensAt !== null
      ? t.reopens(formatWhen(snapshot.nextOpensAt, timeZone, new Date(), messages.hours))
      : t.reopensUnknown;
  const hours = helpline ? weeklyLines(helpline.weekly, messages.hours) : [];
  return (
    <Screen title={t.title} className="closed" testId="closed-screen">
      <p className="lead">{snapshot.closingSoon ? t.closingSoon : t.closed}</p>
      <p className="lead" data-testid="reopens-at">
        {reopens}
      </p>
      {hours.length > 0 ? (
        <section className="card" aria-labelledby="hours-title">
          <h2 id="hours-title">{messages.welcome.hoursTitle}</h2>
          <ul className="hours" data-testid="opening-hours">
            {hours.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <Resources resources={helpline?.resources ?? []} title={t.meanwhile} />
    </Screen>
  );
}
