import type { HelplineConfig } from "../config/schema.ts";

/**
 * Which counsellor a new conversation goes to. For now the first one listed; real assignment
 * (who is on duty, queue, load) is a later issue and will replace this function only.
 */
export function chooseCounsellor(helpline: HelplineConfig): string {
  const first = helpline.counsellors[0];
  // The schema guarantees at least one counsellor; this guards against a hand-built config.
  if (first === undefined) throw new Error(`helpline ${helpline.id} has no counsellor`);
  return first;
}
