import type { Helpline } from "../helpline/api.ts";
import type { UrgentDelivery } from "../session/types.ts";
import { useConversationMessages } from "./ConversationMessages.ts";
import { Resources } from "./Resources.tsx";

/**
 * "I am in danger now" on the waiting screen. Once pressed, the helpline's emergency numbers (tel:
 * links, already loaded with the helpline) are shown whatever the request to go ahead does; its
 * outcome is said below them, with "try again" if it could not be sent.
 */
export function UrgentPanel({
  urgent,
  helpline,
  onUrgent,
}: {
  urgent: UrgentDelivery | undefined;
  helpline: Helpline | null;
  onUrgent: () => void;
}) {
  const { urgent: t } = useConversationMessages();
  if (urgent === undefined) {
    return (
      <section className="urgent" data-testid="urgent">
        <button
          type="button"
          className="primary danger"
          data-testid="urgent-button"
          onClick={onUrgent}
        >
          {t.button}
        </button>
        <p className="hint">{t.hint}</p>
      </section>
    );
  }
  return (
    <section className="urgent" data-testid="urgent">
      <Resources
        resources={helpline?.resources ?? []}
        emergencyOnly
        title={t.numbersTitle}
        defaultLanguage={helpline?.defaultLanguage}
      />
      <p role="status" data-testid="urgent-status" className={urgent === "failed" ? "failed" : ""}>
        {t[urgent]}
      </p>
      {urgent === "failed" ? (
        <button type="button" className="secondary" data-testid="urgent-retry" onClick={onUrgent}>
          {t.retry}
        </button>
      ) : null}
    </section>
  );
}
