// The promises the permanence makes, as checks on a state. The property tests run them after every
// step; an adapter can run them on a state rebuilt after a restart before trusting it.

import type { PermanenceSettings, PermanenceState } from "../types.ts";
import { pendingHandoverTo } from "./phase.ts";
import {
  capacityOf,
  colleagueFor,
  counsellorIds,
  liveConversations,
  loadOf,
  queuedConversations,
  requeuedWaiting,
} from "./state.ts";

/** Broken promises, in words; empty when the state is sound. */
export function invariantViolations(
  settings: PermanenceSettings,
  state: PermanenceState,
): string[] {
  const violations: string[] = [];
  for (const id of counsellorIds(state)) {
    const counsellor = state.counsellors[id];
    if (counsellor === undefined) continue;
    if (counsellor.disabled === true && counsellor.availability !== "off_duty") {
      violations.push(`${id} is disabled but ${counsellor.availability}`);
    }
    const load = loadOf(state, id);
    if (load > capacityOf(settings, id)) {
      violations.push(
        `${id} holds ${load} conversations, over capacity ${capacityOf(settings, id)}`,
      );
    }
  }
  // A counsellor's conversations are read from the phases (state.ts): one conversation cannot be
  // in two counsellors' lists, and the phase type (types.ts) cannot hold a counsellor gone with
  // nobody to wait for, an awaited invite of nobody or a handover expiry without a handover.
  for (const conversation of liveConversations(state)) {
    const { phase, id } = conversation;
    const inQueue = state.queue.includes(id);
    if (phase.kind === "active") {
      if (inQueue) violations.push(`${id} is active but still queued`);
      if (state.counsellors[phase.counsellorId] === undefined) {
        violations.push(`${id} is active for ${phase.counsellorId}, who is not a counsellor`);
      }
    } else if (!inQueue) {
      violations.push(`${id} waits but is not in the queue`);
    }
    if (
      phase.kind === "active" &&
      phase.stage === "awaiting_invite" &&
      state.counsellors[phase.counsellorId]?.availability === "off_duty"
    ) {
      violations.push(`${id} waits for an invite from a counsellor who cannot send it`);
    }
    const to = pendingHandoverTo(phase);
    if (phase.kind === "active" && to !== undefined) {
      const colleague = state.counsellors[to];
      if (to === phase.counsellorId) {
        violations.push(`${id} is handed over to the counsellor already in charge`);
      }
      if (colleague === undefined || colleague.availability === "off_duty") {
        violations.push(`${id} is handed over to ${to}, who is not on duty`);
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
      phase.kind === "active"
        ? colleagueFor(settings, state, conversation, phase.counsellorId)
        : null;
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
