// A decision is built step by step: each step sees the state left by the previous one and adds
// its commands. Commands are put in the order adapters must carry them out at the very end.

import type { Decision, PermanenceCommand, PermanenceState } from "../types.ts";

export type Step = (state: PermanenceState) => Decision;

export function unchanged(state: PermanenceState): Decision {
  return { state, commands: [] };
}

// Not named `then`: a module exporting `then` is a thenable, and `await import()` would call it.
export function andThen(decision: Decision, step: Step): Decision {
  const next = step(decision.state);
  return { state: next.state, commands: [...decision.commands, ...next.commands] };
}

export function pipeline(state: PermanenceState, ...steps: Step[]): Decision {
  return steps.reduce(andThen, unchanged(state));
}

// Withdrawals and removals come first so a counsellor never holds two invites for one youth or a
// youth two counsellors, even for a moment. Status publications come after staff notices, and the
// room is marked closed last, once the youth has been told why.
const rank: Record<PermanenceCommand["type"], number> = {
  withdraw_invite: 0,
  revoke_invite: 0,
  remove_counsellor: 0,
  invite: 1,
  publish_youth_page: 2,
  notify_staff: 2,
  publish_status: 3,
  close_conversation: 4,
  close_side_channel: 4,
  erase_conversation: 5,
};

/**
 * Stable sort by command kind: within a kind, the order the rules produced is kept. An invite
 * that a later rule of the same decision took back again (at closing, the bot invites a colleague
 * for a counsellor going off duty, then the colleague goes off duty too) is dropped with its
 * withdrawal: sorted, the withdrawal would run first and leave the invite standing.
 */
export function inExecutionOrder(commands: PermanenceCommand[]): PermanenceCommand[] {
  return withoutUndoneInvites(commands)
    .map((command, index) => ({ command, index }))
    .sort((a, b) => rank[a.command.type] - rank[b.command.type] || a.index - b.index)
    .map(({ command }) => command);
}

function withoutUndoneInvites(commands: PermanenceCommand[]): PermanenceCommand[] {
  const dropped = new Set<number>();
  commands.forEach((command, index) => {
    if (command.type !== "invite") return;
    const undo = commands.findIndex(
      (later, at) =>
        at > index &&
        !dropped.has(at) &&
        ((later.type === "withdraw_invite" &&
          later.conversationId === command.conversationId &&
          later.counsellorId === command.counsellorId) ||
          (later.type === "revoke_invite" &&
            later.conversationId === command.conversationId &&
            later.userId === command.counsellorId)),
    );
    if (undo === -1) return;
    dropped.add(index);
    dropped.add(undo);
  });
  return commands.filter((_command, index) => !dropped.has(index));
}
