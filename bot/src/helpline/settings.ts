import type { CounsellorSettings, PermanenceSettings } from "../permanence/types.ts";
import type { HelplineDefinition } from "./schema.ts";

const second = 1000;
const minute = 60 * second;

/** The engine's settings: the service's limits (in ms) plus the deployment's counsellors. */
export function toPermanenceSettings(
  def: HelplineDefinition,
  counsellors: CounsellorSettings[],
): PermanenceSettings {
  return {
    counsellors,
    defaultMaxConversations: def.conversations.defaultMaxPerCounsellor,
    offerTimeoutMs: def.conversations.offerTimeoutSeconds * second,
    inactivityTimeoutMs: def.conversations.inactivityTimeoutMinutes * minute,
    closingWarningMs: def.hours.closingWarningMinutes * minute,
    typicalConversationMs: def.conversations.typicalDurationMinutes * minute,
    erasureGraceMs: def.conversations.erasureGraceMinutes * minute,
  };
}
