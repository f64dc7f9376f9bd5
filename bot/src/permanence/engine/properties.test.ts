// Property-based tests: random evenings of arrivals, availability changes, joins by the right and
// the wrong counsellor, declines, departures, end requests, activity, handovers (invites by the
// counsellor in charge or by anyone, colleagues joining or declining), conversations sent back to
// the queue (and the invites the engine then asks for), supervisors' assignments and ticks, with
// random clock jumps (some across closing time and into the next slot, some past the offer and
// handover timeouts). After every step the permanence's promises must hold.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  Decision,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  Schedule,
} from "../types.ts";
import { decide, initialState, type EngineContext } from "./decide.ts";
import { invariantViolations } from "./invariants.ts";
import { isCounsellorGone, pendingHandoverTo, requeuedAt } from "./phase.ts";
import { capacityOf, conversationsOf, loadOf } from "./state.ts";
import { youthStatus } from "./status.ts";
import { hour, minute, second, slotClosingAt } from "./testing/scenario.ts";

const settings: PermanenceSettings = {
  counsellors: [
    { userId: "@alice", maxConversations: 2 },
    { userId: "@bea" },
    { userId: "@chloe", maxConversations: 3 },
  ],
  defaultMaxConversations: 1,
  offerTimeoutMs: 90 * second,
  inactivityTimeoutMs: 20 * minute,
  closingWarningMs: 10 * minute,
  erasureGraceMs: 5 * minute,
  typicalConversationMs: 20 * minute,
};

/** Evenings compressed: open 3 h out of every 4, admitting until 15 min before closing. */
const period = 4 * hour;
const openFor = 3 * hour;
const dailyEvening: Schedule = (now) => {
  const slotStart = Math.floor(now / period) * period;
  return slotClosingAt(slotStart + openFor, slotStart + openFor - 15 * minute)(now);
};

const context: EngineContext = { settings, schedule: dailyEvening };

const conversations = ["!r0", "!r1", "!r2", "!r3", "!r4", "!r5"];
const people = ["@alice", "@bea", "@chloe", "@stranger"];

/** Actions are resolved against the current state, so joins and declines often hit real offers. */
type Action =
  | { kind: "event"; event: PermanenceEvent }
  | { kind: "accept_offer"; pick: number }
  | { kind: "decline_offer"; pick: number }
  /** Synapse makes the invite of an open offer, as the runtime then tells (offers.ts). */
  | { kind: "invite_made"; pick: number }
  | { kind: "active_counsellor_leaves"; pick: number }
  /** The counsellor in charge of an active conversation invites someone (a handover, or not). */
  | { kind: "hand_over"; pick: number; to: string }
  /** The same, to a colleague who can take it (on duty or paused, with a free slot), if any. */
  | { kind: "hand_over_to_free_colleague"; pick: number }
  | { kind: "colleague_joins"; pick: number }
  | { kind: "colleague_declines"; pick: number }
  /** The counsellor in charge of an active conversation sends it back to the queue. */
  | { kind: "requeue"; pick: number }
  /** Her console sends the invite the engine asked for (a pending handover of a requeued one). */
  | { kind: "console_invites"; pick: number }
  /** A supervisor offers a waiting youth to someone. */
  | { kind: "supervisor_assigns"; pick: number; to: string };

const conversationId = fc.constantFrom(...conversations);
const person = fc.constantFrom(...people);
const reservationId = fc.constantFrom("r1", "r2", "r3");

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(conversationId, fc.integer({ min: 1000, max: 9999 }))
      .map(([id, reference]) => ({
        kind: "event" as const,
        event: {
          type: "youth_arrived" as const,
          conversationId: id,
          youthId: `@y${id}`,
          reference,
        },
      })),
  },
  // Her page asks for her place before her room exists, and her room arrives with it (or late,
  // or never: reservation.ts), under any interleaving.
  {
    weight: 2,
    arbitrary: reservationId.map((id) => ({
      kind: "event" as const,
      event: { type: "place_reserved" as const, reservationId: id },
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(conversationId, fc.integer({ min: 1000, max: 9999 }), reservationId)
      .map(([id, reference, reserved]) => ({
        kind: "event" as const,
        event: {
          type: "youth_arrived" as const,
          conversationId: id,
          youthId: `@y${id}`,
          reference,
          reservationId: reserved,
        },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        person,
        fc.constantFrom(
          "on_duty" as const,
          "on_duty" as const,
          "on_duty" as const,
          "paused" as const,
          "off_duty" as const,
        ),
      )
      .map(([counsellorId, availability]) => ({
        kind: "event" as const,
        event: { type: "availability_set" as const, counsellorId, availability },
      })),
  },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: "accept_offer" as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "decline_offer" as const, pick })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "invite_made" as const, pick })) },
  {
    weight: 1,
    arbitrary: fc.nat().map((pick) => ({ kind: "active_counsellor_leaves" as const, pick })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.nat(), person)
      .map(([pick, to]) => ({ kind: "hand_over" as const, pick, to })),
  },
  {
    weight: 3,
    arbitrary: fc.nat().map((pick) => ({ kind: "hand_over_to_free_colleague" as const, pick })),
  },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: "colleague_joins" as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "colleague_declines" as const, pick })) },
  {
    weight: 1,
    arbitrary: fc.tuple(conversationId, person, person).map(([id, by, counsellorId]) => ({
      kind: "event" as const,
      event: { type: "handover_invited" as const, conversationId: id, by, counsellorId },
    })),
  },
  ...(
    [
      "counsellor_joined",
      "invite_made",
      "counsellor_declined",
      "counsellor_left",
      "handover_declined",
    ] as const
  ).map((type) => ({
    weight: 1,
    arbitrary: fc.tuple(conversationId, person).map(([id, counsellorId]) => ({
      kind: "event" as const,
      event: { type, conversationId: id, counsellorId },
    })),
  })),
  {
    weight: 1,
    arbitrary: conversationId.map((id) => ({
      kind: "event" as const,
      event: { type: "youth_left" as const, conversationId: id },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(conversationId, fc.constantFrom("quick_exit", "closed", "silent"), fc.boolean())
      .map(([id, how, kept]) => ({
        kind: "event" as const,
        event: { type: "youth_page_gone" as const, conversationId: id, how, kept },
      })),
  },
  {
    weight: 1,
    arbitrary: conversationId.map((id) => ({
      kind: "event" as const,
      event: { type: "youth_page_back" as const, conversationId: id },
    })),
  },
  {
    weight: 1,
    arbitrary: conversationId.map((id) => ({
      kind: "event" as const,
      event: { type: "urgent_declared" as const, conversationId: id },
    })),
  },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "requeue" as const, pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "console_invites" as const, pick })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), person)
      .map(([pick, to]) => ({ kind: "supervisor_assigns" as const, pick, to })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(conversationId, person).map(([id, by]) => ({
      kind: "event" as const,
      event: { type: "requeue_requested" as const, conversationId: id, by },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(conversationId, person).map(([id, counsellorId]) => ({
      kind: "event" as const,
      event: { type: "assign_requested" as const, conversationId: id, counsellorId, by: "@sup" },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(conversationId, person, fc.boolean()).map(([id, by, asSupervisor]) => ({
      kind: "event" as const,
      event: {
        type: "danger_marked" as const,
        conversationId: id,
        by,
        ...(asSupervisor ? { asSupervisor: true as const } : {}),
      },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(conversationId, person).map(([id, by]) => ({
      kind: "event" as const,
      event: { type: "end_requested" as const, conversationId: id, by },
    })),
  },
  {
    weight: 1,
    arbitrary: conversationId.map((id) => ({
      kind: "event" as const,
      event: { type: "operator_closed" as const, conversationId: id },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(person, fc.constantFrom("counsellor_disabled" as const, "counsellor_enabled" as const))
      .map(([counsellorId, type]) => ({ kind: "event" as const, event: { type, counsellorId } })),
  },
  {
    weight: 2,
    arbitrary: conversationId.map((id) => ({
      kind: "event" as const,
      event: { type: "activity" as const, conversationId: id },
    })),
  },
  {
    weight: 4,
    arbitrary: fc.constant({ kind: "event" as const, event: { type: "tick" as const } }),
  },
);

// Mostly seconds, so offers are still pending when the next event comes; sometimes hours, so
// closing times are crossed, sometimes exactly the offer timeout or the closing warning.
const clockJump = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 30 * second }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 * minute }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 25 * minute }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * hour }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(90 * second, 10 * minute, openFor - 10 * minute, period),
  },
);

interface Step {
  jump: number;
  action: Action;
}

const evening = fc.array(fc.record({ jump: clockJump, action }), {
  minLength: 5,
  maxLength: 80,
  size: "max",
});

/** Counsellors come on duty, or pause to take over, far more often than they leave. */
const mostlyOnDuty: fc.Arbitrary<Action> = fc
  .tuple(person, fc.constantFrom("on_duty" as const, "on_duty" as const, "paused" as const))
  .map(([counsellorId, availability]) => ({
    kind: "event" as const,
    event: { type: "availability_set" as const, counsellorId, availability },
  }));
const acceptsAnOffer: fc.Arbitrary<Action> = fc
  .nat()
  .map((pick) => ({ kind: "accept_offer" as const, pick }));

/**
 * Evenings where counsellors hand over a lot: few arrivals, so colleagues often have a free slot,
 * and the same handover actions, much more often. The everyday evenings above reach them rarely.
 */
const handoverAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: action },
  { weight: 2, arbitrary: mostlyOnDuty },
  { weight: 3, arbitrary: acceptsAnOffer },
  {
    weight: 3,
    arbitrary: fc.nat().map((pick) => ({ kind: "hand_over_to_free_colleague" as const, pick })),
  },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "colleague_joins" as const, pick })) },
  // Often right after inviting: the conversation then waits for the colleague.
  {
    weight: 1,
    arbitrary: fc.nat().map((pick) => ({ kind: "active_counsellor_leaves" as const, pick })),
  },
);
/** Evenings where counsellors send conversations back to the queue, with timeouts crossed. */
const requeueAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: action },
  { weight: 2, arbitrary: mostlyOnDuty },
  { weight: 3, arbitrary: acceptsAnOffer },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "requeue" as const, pick })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "console_invites" as const, pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "colleague_joins" as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "colleague_declines" as const, pick })) },
  {
    weight: 1,
    arbitrary: fc.nat().map((pick) => ({ kind: "active_counsellor_leaves" as const, pick })),
  },
);
const requeueEvening = fc.array(
  fc.record({
    jump: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 * second }) },
      { weight: 1, arbitrary: fc.constantFrom(90 * second, 91 * second) },
    ),
    action: requeueAction,
  }),
  { minLength: 5, maxLength: 80, size: "max" },
);

const handoverEvening = fc.array(
  fc.record({ jump: fc.integer({ min: 0, max: 30 * second }), action: handoverAction }),
  { minLength: 5, maxLength: 80, size: "max" },
);

function resolve(state: PermanenceState, action: Action): PermanenceEvent {
  if (action.kind === "event") return action.event;
  const phases = Object.values(state.conversations).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (
    action.kind === "accept_offer" ||
    action.kind === "decline_offer" ||
    action.kind === "invite_made"
  ) {
    return fromOffer(phases, action.kind, action.pick);
  }
  if (action.kind === "active_counsellor_leaves")
    return fromOffer(phases, action.kind, action.pick);
  if (action.kind === "supervisor_assigns") {
    const waiting = phases.filter(({ phase }) => phase.kind !== "active");
    const chosen = waiting[action.pick % Math.max(waiting.length, 1)];
    return chosen === undefined
      ? { type: "tick" }
      : {
          type: "assign_requested",
          conversationId: chosen.id,
          counsellorId: action.to,
          by: "@sup",
        };
  }
  if (action.kind === "console_invites") {
    const asked = phases.flatMap(({ id, phase }) =>
      phase.kind === "active" && phase.stage === "awaiting_invite"
        ? [{ conversationId: id, by: phase.counsellorId, counsellorId: phase.to }]
        : [],
    );
    const chosen = asked[action.pick % Math.max(asked.length, 1)];
    return chosen === undefined ? { type: "tick" } : { type: "handover_invited", ...chosen };
  }
  const pending = action.kind === "colleague_joins" || action.kind === "colleague_declines";
  const active = phases.flatMap(({ id, phase }) =>
    phase.kind === "active" && (!pending || pendingHandoverTo(phase) !== undefined)
      ? [{ conversationId: id, counsellorId: phase.counsellorId, to: pendingHandoverTo(phase) }]
      : [],
  );
  const chosen = active[action.pick % Math.max(active.length, 1)];
  if (chosen === undefined) return { type: "tick" };
  const { conversationId, counsellorId, to } = chosen;
  switch (action.kind) {
    case "requeue":
      return { type: "requeue_requested", conversationId, by: counsellorId };
    case "hand_over":
      return {
        type: "handover_invited",
        conversationId,
        by: counsellorId,
        counsellorId: action.to,
      };
    case "hand_over_to_free_colleague": {
      const free = Object.keys(state.counsellors)
        .sort()
        .filter(
          (id) =>
            id !== counsellorId &&
            state.counsellors[id]?.availability !== "off_duty" &&
            loadOf(state, id) < capacityOf(settings, id),
        );
      const colleague = free[action.pick % Math.max(free.length, 1)];
      if (colleague === undefined) return { type: "tick" };
      return {
        type: "handover_invited",
        conversationId,
        by: counsellorId,
        counsellorId: colleague,
      };
    }
    case "colleague_joins":
      return to === undefined
        ? { type: "tick" }
        : { type: "counsellor_joined", conversationId, counsellorId: to };
    case "colleague_declines":
      return to === undefined
        ? { type: "tick" }
        : { type: "handover_declined", conversationId, counsellorId: to };
  }
}

function fromOffer(
  phases: PermanenceState["conversations"][string][],
  kind: "accept_offer" | "decline_offer" | "invite_made" | "active_counsellor_leaves",
  pick: number,
): PermanenceEvent {
  const wanted = kind === "active_counsellor_leaves" ? "active" : "offered";
  const candidates = phases.flatMap(({ id, phase }) =>
    phase.kind !== "queued" && phase.kind === wanted
      ? [{ conversationId: id, counsellorId: phase.counsellorId }]
      : [],
  );
  const chosen = candidates[pick % Math.max(candidates.length, 1)];
  if (chosen === undefined) return { type: "tick" };
  const type =
    kind === "accept_offer"
      ? "counsellor_joined"
      : kind === "decline_offer"
        ? "counsellor_declined"
        : kind === "invite_made"
          ? "invite_made"
          : "counsellor_left";
  return { type, ...chosen };
}

interface Replayed {
  now: number;
  event: PermanenceEvent;
  before: PermanenceState;
  decision: Decision;
}

function replay(steps: Step[], freeze = false): Replayed[] {
  let now = 0;
  let state = initialState(settings, now);
  return steps.map(({ jump, action }) => {
    now += jump;
    const before = freeze ? deepFreeze(state) : state;
    const event = resolve(before, action);
    const decision = decide(context, before, event, now);
    state = decision.state;
    return { now, event, before, decision };
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Every broken promise in one step, in words, so a failing run says what went wrong. */
function brokenPromises(step: Replayed, arrivalOrder: Map<string, number>): string[] {
  const { before, decision, now, event } = step;
  const after = decision.state;
  const broken = invariantViolations(settings, after);

  // (1) One counsellor per youth, checked independently of the invariant module too.
  const holders = new Map<string, string>();
  for (const counsellorId of Object.keys(after.counsellors)) {
    for (const id of conversationsOf(after, counsellorId)) {
      if (holders.has(id)) broken.push(`${id} active for ${holders.get(id)} and ${counsellorId}`);
      holders.set(id, counsellorId);
    }
  }
  // A youth with a counsellor keeps them until the conversation ends, or until the colleague the
  // counsellor in charge invited joins: then the first one is removed from the room, and her slot
  // moves to the colleague (the total load does not change).
  for (const conversation of Object.values(before.conversations)) {
    const { phase } = conversation;
    const later = after.conversations[conversation.id]?.phase;
    if (phase.kind === "active" && later !== undefined) {
      if (later.kind !== "active") broken.push(`${conversation.id} went back from active`);
      else if (later.counsellorId !== phase.counsellorId) {
        const handedOver =
          pendingHandoverTo(phase) === later.counsellorId &&
          event.type === "counsellor_joined" &&
          event.conversationId === conversation.id &&
          event.counsellorId === later.counsellorId;
        if (!handedOver) broken.push(`${conversation.id} changed counsellor without a handover`);
        const removed = decision.commands.some(
          (c) =>
            c.type === "remove_counsellor" &&
            c.conversationId === conversation.id &&
            c.counsellorId === phase.counsellorId,
        );
        if (!removed && !isCounsellorGone(phase))
          broken.push(`${phase.counsellorId} stays in ${conversation.id} after handing over`);
        if (conversationsOf(after, phase.counsellorId).includes(conversation.id)) {
          broken.push(`${phase.counsellorId} still holds ${conversation.id} after handing over`);
        }
      }
    }
  }
  // A handover only starts with an invite by the counsellor in charge, of a colleague able to take
  // it; every other invite into a conversation is revoked.
  for (const conversation of Object.values(after.conversations)) {
    const { phase } = conversation;
    const earlier = before.conversations[conversation.id]?.phase;
    const to = pendingHandoverTo(phase);
    if (phase.kind !== "active" || to === undefined) continue;
    if (earlier?.kind === "active" && pendingHandoverTo(earlier) === to) continue;
    // Or, for a conversation sent back to the queue, with the engine's choice of a colleague on
    // duty (maybe since this very step): then the counsellor's client is asked to invite her, or the bot invites her.
    const botInvited = decision.commands.some(
      (c) => c.type === "invite" && c.conversationId === conversation.id && c.counsellorId === to,
    );
    const chosen =
      requeuedAt(phase) !== undefined &&
      (phase.stage === "awaiting_invite" || botInvited) &&
      after.counsellors[to]?.availability === "on_duty";
    if (chosen) continue;
    const invited =
      event.type === "handover_invited" &&
      event.conversationId === conversation.id &&
      event.by === phase.counsellorId &&
      event.counsellorId === to;
    if (!invited) broken.push(`${conversation.id} handed over to ${to} uninvited`);
    if (after.counsellors[to]?.availability === "off_duty") {
      broken.push(`${conversation.id} handed over to ${to}, who is off duty`);
    }
  }
  if (event.type === "handover_invited") {
    const phase = after.conversations[event.conversationId]?.phase;
    const accepted = phase?.kind === "active" && pendingHandoverTo(phase) === event.counsellorId;
    const revoked = decision.commands.some(
      (c) =>
        c.type === "revoke_invite" &&
        c.conversationId === event.conversationId &&
        c.userId === event.counsellorId,
    );
    const earlier = before.conversations[event.conversationId]?.phase;
    // Unless closing, earlier in the same step, took her pending invite back (off duty).
    const withdrawn = decision.commands.some(
      (c) =>
        c.type === "withdraw_invite" &&
        c.conversationId === event.conversationId &&
        c.counsellorId === event.counsellorId,
    );
    const alreadyThere =
      !withdrawn &&
      earlier?.kind === "active" &&
      (earlier.counsellorId === event.counsellorId ||
        pendingHandoverTo(earlier) === event.counsellorId);
    // Time passes first in a step: closing may have ended her pending handover (off duty) before
    // this invite, sent meanwhile by the console, was read. Revoking it then is no kick.
    const afterTime = decide(context, before, { type: "tick" }, now).state.conversations[
      event.conversationId
    ]?.phase;
    const stillThere =
      afterTime?.kind === "active" &&
      (afterTime.counsellorId === event.counsellorId ||
        pendingHandoverTo(afterTime) === event.counsellorId);
    if (alreadyThere && revoked && stillThere) {
      broken.push(
        `${event.counsellorId} kicked out of ${event.conversationId} by a repeated invite`,
      );
    }
    // A conversation the closing ended in this same step is closed anyway: nothing to revoke.
    const known = after.conversations[event.conversationId] !== undefined;
    if (known && !alreadyThere && accepted === revoked) {
      broken.push(
        `invite of ${event.counsellorId} into ${event.conversationId} neither kept nor revoked`,
      );
    }
  }

  // A youth gets a counsellor only by that counsellor accepting the offer made to them.
  for (const conversation of Object.values(after.conversations)) {
    const { phase } = conversation;
    const earlier = before.conversations[conversation.id]?.phase;
    if (phase.kind !== "active" || earlier?.kind === "active") continue;
    const accepted =
      earlier?.kind === "offered" &&
      earlier.counsellorId === phase.counsellorId &&
      event.type === "counsellor_joined" &&
      event.counsellorId === phase.counsellorId &&
      event.conversationId === conversation.id;
    if (!accepted) broken.push(`${conversation.id} went to ${phase.counsellorId} without an offer`);
  }

  // (2) Capacity.
  for (const counsellorId of Object.keys(after.counsellors)) {
    if (loadOf(after, counsellorId) > capacityOf(settings, counsellorId)) {
      broken.push(`${counsellorId} over capacity`);
    }
  }

  // (3) Nobody served out of order: an offer only goes out when everyone ahead is being served,
  // and nobody is left waiting while a counsellor on duty has a free slot.
  for (const command of decision.commands) {
    if (command.type !== "invite") continue;
    const position = after.queue.indexOf(command.conversationId);
    const skipped = after.queue
      .slice(0, Math.max(position, 0))
      .filter((id) => after.conversations[id]?.phase.kind === "queued");
    if (skipped.length > 0)
      broken.push(`${command.conversationId} served before ${skipped.join()}`);
  }
  const waiting = after.queue.filter((id) => after.conversations[id]?.phase.kind === "queued");
  const free = Object.entries(after.counsellors).filter(
    ([id, c]) => c.availability === "on_duty" && loadOf(after, id) < capacityOf(settings, id),
  );
  if (waiting.length > 0 && free.length > 0) {
    broken.push(`${waiting.join()} waiting while ${free.map(([id]) => id).join()} is free`);
  }
  // Urgent youths first, by when they said it, then arrival (urgent.ts); the others by arrival.
  // A youth whose place was held arrives as of when she asked (reservation.ts): her `arrivedAt`.
  type Rank = [number, number, number, number];
  const order = after.queue.map((id): Rank => {
    const conversation = after.conversations[id];
    const urgentAt = conversation?.urgentAt;
    return [
      urgentAt === undefined ? 1 : 0,
      urgentAt ?? 0,
      conversation?.arrivedAt ?? 0,
      arrivalOrder.get(id) ?? -1,
    ];
  });
  const ahead = (a: Rank, b: Rank): boolean =>
    a[0] !== b[0]
      ? a[0] < b[0]
      : a[1] !== b[1]
        ? a[1] < b[1]
        : a[2] !== b[2]
          ? a[2] < b[2]
          : a[3] < b[3];
  if (order.some((rank, index) => index > 0 && ahead(rank, order[index - 1] ?? rank))) {
    broken.push(`queue not in urgent-then-arrival order: ${after.queue.join()}`);
  }

  // (4) Off-duty and paused counsellors receive nothing; (5) commands match the state.
  for (const command of decision.commands) {
    if (command.type === "invite") {
      const phase = after.conversations[command.conversationId]?.phase;
      // The bot's own invite of the colleague taking a requeued conversation over: she may have
      // paused since she was chosen (paused colleagues may take handovers), never gone off duty.
      const handover =
        phase?.kind === "active" &&
        requeuedAt(phase) !== undefined &&
        pendingHandoverTo(phase) === command.counsellorId &&
        phase.stage !== "awaiting_invite";
      const availability = after.counsellors[command.counsellorId]?.availability;
      if (handover ? availability === "off_duty" : availability !== "on_duty") {
        broken.push(`invite to ${command.counsellorId}, who is ${availability}`);
      }
      if (!handover && (phase?.kind !== "offered" || phase.counsellorId !== command.counsellorId)) {
        broken.push(`invite for ${command.conversationId} does not match its phase`);
      }
      const earlier = before.conversations[command.conversationId]?.phase;
      if (earlier?.kind === "offered" && earlier.counsellorId === command.counsellorId) {
        broken.push(`${command.counsellorId} invited twice to ${command.conversationId}`);
      }
    }
    if (command.type === "withdraw_invite") {
      const earlier = before.conversations[command.conversationId]?.phase;
      const later = after.conversations[command.conversationId]?.phase;
      const hadInvite =
        (earlier?.kind === "offered" && earlier.counsellorId === command.counsellorId) ||
        (earlier?.kind === "active" && pendingHandoverTo(earlier) === command.counsellorId);
      if (!hadInvite) broken.push(`withdrawal of an invite ${command.counsellorId} did not have`);
      if (later?.kind === "active" && pendingHandoverTo(later) === command.counsellorId) {
        broken.push(`withdrawn handover still in the state for ${command.conversationId}`);
      }
      const reinvited = decision.commands.some(
        (c) =>
          c.type === "invite" &&
          c.conversationId === command.conversationId &&
          c.counsellorId === command.counsellorId,
      );
      if (later?.kind === "offered" && later.counsellorId === command.counsellorId && !reinvited) {
        broken.push(`withdrawn invite still in the state for ${command.conversationId}`);
      }
    }
  }
  for (const id of Object.keys(before.conversations)) {
    const closed = decision.commands.some(
      (c) => c.type === "close_conversation" && c.conversationId === id,
    );
    if ((after.conversations[id] === undefined) !== closed) {
      broken.push(`${id} left the state without being closed, or the reverse`);
    }
  }

  // Statuses: what the youth last saw is what the state says.
  for (const conversation of Object.values(after.conversations)) {
    expect(conversation.published).toEqual(youthStatus(settings, after, conversation));
  }

  // Closing: once a tick has seen the helpline closed, nobody is left waiting.
  if (event.type === "tick" && !dailyEvening(now).open && after.queue.length > 0) {
    broken.push(`youths still queued after closing: ${after.queue.join()}`);
  }
  // (6) A place held is held once, never offered, named by no command, and gone once it expired
  // (a tick) or closing came.
  const held = (after.reservations ?? []).map((r) => r.id);
  if (new Set(held).size !== held.length) broken.push(`a place held twice: ${held.join()}`);
  for (const command of decision.commands) {
    if ("conversationId" in command && held.includes(command.conversationId)) {
      broken.push(`${command.type} names the held place ${command.conversationId}`);
    }
  }
  if (event.type === "tick" && (after.reservations ?? []).some((r) => r.expiresAt <= now)) {
    broken.push("a held place outlived its expiry");
  }
  if (event.type === "tick" && !dailyEvening(now).open && held.length > 0) {
    broken.push(`places still held after closing: ${held.join()}`);
  }
  // (7) An offer's time to answer runs from its invite, once made, and only from the first: an
  // invite made again never gives more; no offer outlives its expiry past a tick.
  for (const conversation of Object.values(after.conversations)) {
    const { phase } = conversation;
    if (phase.kind !== "offered") continue;
    const earlier = before.conversations[conversation.id]?.phase;
    if (
      phase.invitedAt !== undefined &&
      phase.expiresAt !== phase.invitedAt + settings.offerTimeoutMs
    ) {
      broken.push(`${conversation.id}'s offer does not expire an offer timeout after its invite`);
    }
    if (
      event.type === "invite_made" &&
      earlier?.kind === "offered" &&
      earlier.counsellorId === phase.counsellorId &&
      earlier.invitedAt !== undefined &&
      phase.invitedAt !== earlier.invitedAt
    ) {
      broken.push(`${conversation.id}'s invite was made again and gave more time`);
    }
    if (event.type === "tick" && phase.expiresAt <= now) {
      broken.push(`${conversation.id}'s offer outlived its expiry`);
    }
  }
  return broken;
}

describe("the permanence under any interleaving", () => {
  /** Replays the evenings, checking every step; returns how many handovers completed. */
  function checkEvenings(evenings: fc.Arbitrary<Step[]>): number {
    let handoversCompleted = 0;
    fc.assert(
      fc.property(evenings, (steps) => {
        const arrivalOrder = new Map<string, number>();
        let sequence = 0;
        for (const step of replay(steps, true)) {
          for (const id of Object.keys(step.decision.state.conversations)) {
            if (step.before.conversations[id] === undefined) arrivalOrder.set(id, ++sequence);
          }
          expect(brokenPromises(step, arrivalOrder)).toEqual([]);
          handoversCompleted += step.decision.commands.filter(
            (c) => c.type === "notify_staff" && c.notice.kind === "handover_completed",
          ).length;
        }
      }),
      { numRuns: 300 },
    );
    return handoversCompleted;
  }

  const event = (e: PermanenceEvent): Action => ({ kind: "event", event: e });

  it("should revoke, without calling it a kick, an invite sent just before closing ended its handover", () => {
    // Found by the random evenings: the console sends the invite the engine asked for, but it is
    // read only after closing (the helpline closes at 3 h here) took the colleague off duty.
    const steps: Step[] = [
      {
        jump: 0,
        action: event({
          type: "youth_arrived",
          conversationId: "!r0",
          youthId: "@y!r0",
          reference: 1000,
        }),
      },
      {
        jump: 0,
        action: event({
          type: "availability_set",
          counsellorId: "@chloe",
          availability: "on_duty",
        }),
      },
      { jump: 0, action: { kind: "accept_offer", pick: 0 } },
      { jump: 0, action: { kind: "requeue", pick: 0 } },
      {
        jump: 0,
        action: event({
          type: "availability_set",
          counsellorId: "@alice",
          availability: "on_duty",
        }),
      },
      { jump: 5 * hour, action: { kind: "console_invites", pick: 0 } },
    ];
    const arrivalOrder = new Map([["!r0", 1]]);
    const replayed = replay(steps, true);
    for (const step of replayed) expect(brokenPromises(step, arrivalOrder)).toEqual([]);
    const last = replayed.at(-1);
    expect(last?.event).toMatchObject({ type: "handover_invited", counsellorId: "@alice" });
    expect(last?.decision.commands).toContainEqual({
      type: "revoke_invite",
      conversationId: "!r0",
      userId: "@alice",
    });
    expect(last?.decision.state.conversations["!r0"]?.phase).toMatchObject({
      kind: "active",
      counsellorId: "@chloe",
    });
  });

  // Seconds of pure computation: generous limits, as the 2-core machines running the suite are shared.
  it("should keep its promises after every step", () => {
    checkEvenings(evening);
  }, 30_000);

  it("should keep its promises through evenings full of handovers", () => {
    // The evenings do reach the handover rules, not only refusals. fast-check draws a new seed each
    // run: over 300 evenings about 110 handovers complete (65 to 148 over sixty seeds, sd 19), so
    // the bound sits four standard deviations below; it fails only if handovers stop completing.
    expect(checkEvenings(handoverEvening)).toBeGreaterThan(30);
  }, 30_000);

  it("should keep its promises through evenings of conversations sent back to the queue", () => {
    let matched = 0;
    let expired = 0;
    let requeued = 0;
    fc.assert(
      fc.property(requeueEvening, (steps) => {
        const arrivalOrder = new Map<string, number>();
        let sequence = 0;
        for (const step of replay(steps, true)) {
          for (const id of Object.keys(step.decision.state.conversations)) {
            if (step.before.conversations[id] === undefined) arrivalOrder.set(id, ++sequence);
          }
          expect(brokenPromises(step, arrivalOrder)).toEqual([]);
          for (const command of step.decision.commands) {
            if (command.type !== "notify_staff") continue;
            if (command.notice.kind === "requeue_matched") matched += 1;
            if (command.notice.kind === "requeued") requeued += 1;
            if (
              command.notice.kind === "handover_cancelled" &&
              command.notice.reason === "timed_out"
            ) {
              expired += 1;
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    // The evenings do reach the rules: conversations requeued, colleagues found, handovers expired.
    // Each run draws a new seed. Sixty seeds (1-60, 2026-12-06) gave, in 300 evenings, 47-93
    // requeued (mean 73, sd 10), 50-130 matched (mean 81, sd 16) and 12-39 expired (mean 23, sd
    // 5); a CI run once drew only 40 matched, which the earlier bound of 40 (from six seeds)
    // refused. The bounds sit about four standard deviations below the mean, so they fail only if
    // a rule is (nearly) never reached, not on an unlucky seed.
    expect(requeued).toBeGreaterThan(30);
    expect(matched).toBeGreaterThan(15);
    expect(expired).toBeGreaterThan(2);
  }, 30_000);

  it("should rebuild the same state and commands when the same events are replayed", () => {
    fc.assert(
      fc.property(evening, (steps) => {
        const first = replay(steps);
        const second = replay(steps);
        expect(second.map((s) => s.decision)).toEqual(first.map((s) => s.decision));
      }),
      { numRuns: 200 },
    );
  });

  it("should continue identically from a state saved as JSON and read back (restart)", () => {
    fc.assert(
      fc.property(evening, fc.nat(), (steps, cut) => {
        const split = cut % steps.length;
        const straight = replay(steps);
        let now = 0;
        let state = initialState(settings, now);
        steps.forEach(({ jump, action }, index) => {
          now += jump;
          if (index === split) state = JSON.parse(JSON.stringify(state)) as PermanenceState;
          state = decide(context, state, resolve(state, action), now).state;
        });
        expect(state).toEqual(straight.at(-1)?.decision.state);
      }),
      { numRuns: 200 },
    );
  });
});
