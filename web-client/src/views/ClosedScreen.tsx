import { formatWhen } from "../helpline/format.ts";
import type { ChatSnapshot } from "../viewmodels/ChatViewModel.ts";
import { useMessages } from "./MessagesContext.ts";
import { Screen } from "./Layout.tsx";
import { OpeningHours } from "./OpeningHours.tsx";
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
  return (
    <Screen title={t.title} className="closed" testId="closed-screen">
      <p className="lead">{snapshot.closingSoon ? t.closingSoon : t.closed}</p>
      <p className="lead" data-testid="reopens-at">
        {reopens}
      </p>
      <OpeningHours helpline={helpline} />
      <Resources
        resources={helpline?.resources ?? []}
        title={t.meanwhile}
        defaultLanguage={helpline?.defaultLanguage}
      />
    </Screen>
  );
}
