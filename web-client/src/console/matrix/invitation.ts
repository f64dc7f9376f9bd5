/** What waiting for an invite needs of the counsellor's client: her membership of a room, and news of it. */
export interface Memberships {
  /** Her membership of the room as her client knows it now, or null for a room it does not know. */
  membershipOf(roomId: string): string | null;
  /** Calls the listener with each change of her membership; returns how to stop. */
  onMembership(listener: (roomId: string, membership: string) => void): () => void;
}

/** Memberships that let her join: invited, or already in (a second device accepted first). */
const JOINABLE = new Set(["invite", "join"]);

/**
 * Resolves once she is invited to the room (or already in it), or once `timeoutMs` has passed,
 * whichever comes first; it never rejects: joining then says what the server thinks.
 *
 * Why: the bot offers a conversation on her desk as soon as it decides, and its invite follows.
 * On a busy night the invite can take seconds to be written and to reach her client; a counsellor
 * who accepts in between would be refused by the server (403). Joining with the invite in hand is
 * also what lets her client accept the inviter's room keys (history sharing, MSC4268).
 */
export function untilInvited(
  memberships: Memberships,
  roomId: string,
  timeoutMs: number,
  timers: Pick<typeof globalThis, "setTimeout" | "clearTimeout"> = globalThis,
): Promise<void> {
  if (JOINABLE.has(memberships.membershipOf(roomId) ?? "")) return Promise.resolve();
  return new Promise((resolve) => {
    let stop = (): void => {};
    const done = (): void => {
      timers.clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = timers.setTimeout(done, timeoutMs);
    stop = memberships.onMembership((changed, membership) => {
      if (changed === roomId && JOINABLE.has(membership)) done();
    });
    // The invite may have landed between the first look and the listener.
    if (JOINABLE.has(memberships.membershipOf(roomId) ?? "")) done();
  });
}
