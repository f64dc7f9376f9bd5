// The promises the permanence makes, as checks on a state. The property tests run them after every
// step; an adapter can run them on a state rebuilt after a restart before trusting it.

import type { PermanenceSettings, PermanenceState } from "../types.ts";
import { chooseCounsellor } from "./assignment.ts";
import { requeuedWaiting } from "./requeue.ts";
import {
  capacityOf,
  counsellorIds,
  liveConversations,
  loadOf,
  queuedConversations,
} from "./state.ts";

/** Broken promises, in words; empty when the state is sound. */
export function invariantViolations(
  settings: PermanenceSettings,
  state: PermanenceState,
): string[] {
  const violations: string[] = [];
  const activeOwners = new Map<string, string[]>();
  for (const id of counsellorIds(state)) {
    const counsellor = state.counsellors[id];
    if (counsellor === undefined) continue;
    for (const conversationId of counsellor.active) {
      activeOwners.set(conversationId, [...(activeOwners.get(conversationId) ?? []), id]);
    }
    const load = loadOf(state, id);
    if (load > capacityOf(settings, id)) {
      violations.push(
        `${id} holds ${load} conversations, over capacity ${capacityOf(settings, id)}`,
      );
    }
  }
  for (const [conversationId, owners] of activeOwners) {
    const phase = state.conversations[conversationId]?.phase;
    if (owners.length > 1) violations.push(`${conversationId} is active for ${owners.join(", ")}`);
    if (phase?.kind !== "active" || phase.counsellorId !== owners[0]) {
      violations.push(
        `${conversationId} is in ${owners.join(", ")}'s list but not active for them`,
      );
    }
  }
  for (const conversation of liveConversations(state)) {
    const { phase, id } = conversation;
    const inQueue = state.queue.includes(id);
    if (phase.kind === "active") {
      if (inQueue) violations.push(`${id} is active but still queued`);
      if (!activeOwners.get(id)?.includes(phase.counsellorId)) {
        violations.push(`${id} is active for ${phase.counsellorId}, who does not list it`);
      }
    } else if (!inQueue) {
      violations.push(`${id} waits but is not in the queue`);
    }
    if (
      phase.kind === "active" &&
      phase.counsellorGone === true &&
      phase.handoverTo === undefined &&
      phase.requeuedAt === undefined
    ) {
      violations.push(`${id} waits for a colleague nobody invited`);
    }
    if (phase.kind === "active" && phase.handoverTo === undefined) {
      if (phase.handoverAwaitingInvite === true) {
        violations.push(`${id} waits for an invite of nobody`);
      }
      if (phase.handoverExpiresAt !== undefined) {
        violations.push(`${id} has a handover expiry without a handover`);
      }
    }
    if (
      phase.kind === "active" &&
      phase.handoverAwaitingInvite === true &&
      (phase.counsellorGone === true ||
        state.counsellors[phase.counsellorId]?.availability === "off_duty")
    ) {
      violations.push(`${id} waits for an invite from a counsellor who cannot send it`);
    }
    if (phase.kind === "active" && phase.handoverTo !== undefined) {
      const colleague = state.counsellors[phase.handoverTo];
      if (phase.handoverTo === phase.counsellorId) {
        violations.push(`${id} is handed over to the counsellor already in charge`);
      }
      if (colleague === undefined || colleague.availability === "off_duty") {
        violations.push(`${id} is handed over to ${phase.handoverTo}, who is not on duty`);
      }
    }
    if (phase.kind === "offered") {
      const availability = state.counsellors[phase.counsellorId]?.availability;
      if (availability !== "on_duty") {
        violations.push(`${id} is offered to ${phase.counsellorId}, who is ${availability}`);
      }
    }
  }
  for (const conversation of requeuedWaiting(state)) {
    const { phase } = conversation;
    const free =
      phase.kind === "active" ? chooseCounsellor(settings, state, phase.counsellorId) : null;
    if (free !== null) {
      violations.push(`${conversation.id} was sent back to the queue but ${free} is free`);
    }
  }
  if (new Set(state.queue).size !== state.queue.length)
    violations.push("the queue repeats a youth");
  if (queuedConversations(state).length !== state.queue.length) {
    violations.push("the queue holds a conversation that is not live");
  }
  return violations;
}
