import type { Language, WaitingText } from "@helpline/contract";
import { pickLocalized } from "../helpline/format.ts";
import { useConversationMessages } from "./ConversationMessages.ts";
import { useMessages } from "./MessagesContext.ts";

/**
 * The helpline's texts to read while queued, each folded under its title (details/summary, so the
 * browser opens and closes them and announces their state). Apart from the queue's live region:
 * opening one announces nothing, and the counsellor's arrival is still announced above.
 */
export function WaitingTexts({
  texts,
  defaultLanguage,
}: {
  texts: readonly WaitingText[];
  defaultLanguage: Language | null;
}) {
  const messages = useMessages();
  const t = useConversationMessages().waiting;
  if (texts.length === 0) return null;
  const fallback = defaultLanguage ?? undefined;
  return (
    <section
      className="waiting-texts"
      aria-labelledby="waiting-texts-title"
      data-testid="waiting-texts"
    >
      <h2 id="waiting-texts-title">{t.readWhileWaiting}</h2>
      {texts.map((text) => {
        const title = pickLocalized(text.title, messages.lang, fallback);
        const body = pickLocalized(text.body, messages.lang, fallback);
        const langOf = (found: { lang: Language | null }) =>
          found.lang !== null && found.lang !== messages.lang ? found.lang : undefined;
        return (
          <details key={text.id} data-testid={`waiting-text-${text.id}`}>
            <summary lang={langOf(title)}>{title.text}</summary>
            <p lang={langOf(body)}>{body.text}</p>
          </details>
        );
      })}
    </section>
  );
}
