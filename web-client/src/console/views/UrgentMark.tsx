import { useConsoleMessages } from "../i18n/index.ts";

/**
 * "Urgence signalée par le/la jeune": she pressed "I am in danger now" while she waited, which is
 * why her conversation came first. Shown on the offer, the conversation and the queue rows.
 */
export function UrgentMark() {
  const t = useConsoleMessages().desk;
  return (
    <span className="badge urgent-mark" data-testid="urgent-mark">
      {t.urgent}
    </span>
  );
}
