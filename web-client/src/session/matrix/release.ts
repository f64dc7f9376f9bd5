import type { YouthStatus } from "../types.ts";

/** A membership as the client sees it ("join", "invite", "leave", …). */
export type Membership = string | undefined;

/**
 * May held messages leave now? A room key goes only to the members present when a message is
 * encrypted, and the bot has no crypto: sending before a counsellor is in the room would send
 * into a void she could never read.
 *
 * @param status the permanence's status, null when none was published
 * @param counsellorMemberships memberships of everyone but the youth and the bot (room creator)
 */
export function mayReleaseHeld(
  status: YouthStatus | null,
  counsellorMemberships: readonly Membership[],
): boolean {
  if (status === null) {
    // A bot without the permanence invites the counsellor when it creates the room, and keys
    // are shared with invited members. A permanence bot invites nobody at first: we hold.
    return counsellorMemberships.some((m) => m === "join" || m === "invite");
  }
  return status.state === "counsellor_present" && counsellorMemberships.includes("join");
}
