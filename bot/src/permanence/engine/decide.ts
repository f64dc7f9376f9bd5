// The permanence as a pure function: (state, event, now) → (state, commands). No I/O, no clock, no
// randomness: replaying the journal of events with their instants rebuilds the same state, which
// is what lets the bot be killed at any moment and pick up where it was.
//
// Each decision brings the state up to `now` (opening hours), applies the event, offers waiting
// youths to free counsellors, then publishes the statuses that changed.

import type {
  Decision,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
  Schedule,
} from "../types.ts";
import { youthArrived } from "./arrival.ts";
import { assign } from "./assignment.ts";
import { followSchedule } from "./closing.ts";
import { dangerMarked } from "./danger.ts";
import { counsellorDisabled, counsellorEnabled } from "./disabled.ts";
import { inExecutionOrder, pipeline, unchanged, type Step } from "./decision.ts";
import { counsellorLeft, endInactive, endRequested } from "./ending.ts";
import { eraseDue, scheduleErasures } from "./erasure.ts";
import { expireHandovers, handoverDeclined, handoverInvited } from "./handover.ts";
import { youthPageBack, youthPageGone } from "./leaving.ts";
import { counsellorDeclined, counsellorJoined, expireOffers, inviteMade } from "./offers.ts";
import {
  expireObserverRequests,
  observerInvited,
  observerJoined,
  observerLeft,
  observerRequested,
} from "./observers.ts";
import { assignRequested } from "./reassign.ts";
import { requeueRequested } from "./requeue.ts";
import { expireReservations, placeReserved } from "./reservation.ts";
import { sideChannelOpened } from "./side-channel.ts";
import { putConversation } from "./state.ts";
import { publishStatuses } from "./status.ts";
import { setAvailability } from "./transitions/availability.ts";
import { endConversation } from "./transitions/ending.ts";
import { urgentDeclared } from "./urgent.ts";

export interface EngineContext {
  settings: PermanenceSettings;
  schedule: Schedule;
}

/** Every configured counsellor off duty, nobody waiting. */
export function initialState(settings: PermanenceSettings, now: number): PermanenceState {
  return {
    conversations: {},
    queue: [],
    counsellors: Object.fromEntries(
      settings.counsellors.map(({ userId }) => [
        userId,
        { availability: "off_duty", active: [], lastOfferAt: now },
      ]),
    ),
    warnedForClosingAt: null,
    closedSlotAt: null,
    openSlotClosesAt: null,
  };
}

export function decide(
  context: EngineContext,
  state: PermanenceState,
  event: PermanenceEvent,
  now: number,
): Decision {
  // Events about people or rooms the engine does not know, and repeated arrivals, change nothing:
  // adapters handle rooms they do not know, and a counsellor absent from the config has no say.
  if (isIgnored(state, event)) return unchanged(state);
  const { settings, schedule } = context;
  const decision = scheduleErasures(
    settings,
    state,
    event,
    pipeline(
      state,
      (s) => eraseDue(s, now),
      (s) => followSchedule(schedule, settings.closingWarningMs, s, now),
      apply(context, event, now),
      (s) => assign(settings, s, now),
      (s) => publishStatuses(settings, s),
    ),
    now,
  );
  return { state: decision.state, commands: inExecutionOrder(decision.commands) };
}

function apply(context: EngineContext, event: PermanenceEvent, now: number): Step {
  return (state) => {
    switch (event.type) {
      case "youth_arrived":
        return youthArrived(context.schedule, state, event, now);
      case "place_reserved":
        return placeReserved(context.schedule, state, event.reservationId, now);
      case "availability_set":
        return setAvailability(state, event.counsellorId, event.availability, now);
      // An observer's join (observers.ts) is not an offer's: she reads, the conversation stays.
      case "counsellor_joined":
        return (
          observerJoined(state, event.conversationId, event.counsellorId) ??
          counsellorJoined(state, event.conversationId, event.counsellorId, now)
        );
      case "invite_made":
        return inviteMade(context.settings, state, event.conversationId, event.counsellorId, now);
      case "counsellor_declined":
        return counsellorDeclined(state, event.conversationId, event.counsellorId, now);
      case "counsellor_left":
        return counsellorLeft(state, event.conversationId, event.counsellorId);
      case "youth_left":
        return endConversation(state, event.conversationId, "youth_left");
      case "youth_page_gone":
        return youthPageGone(state, event.conversationId, event.how, event.kept);
      case "youth_page_back":
        return youthPageBack(state, event.conversationId);
      case "urgent_declared":
        return urgentDeclared(state, event.conversationId, now);
      case "end_requested":
        return endRequested(state, event.conversationId, event.by);
      case "danger_marked":
        return dangerMarked(state, event, now);
      // The youth, the staff room and the statistics read the reason they read before the
      // operator's close had its own event: the helpline ended it.
      case "operator_closed":
        return endConversation(state, event.conversationId, "counsellor_ended");
      case "counsellor_disabled":
        return counsellorDisabled(state, event.counsellorId, now);
      case "counsellor_enabled":
        return counsellorEnabled(state, event.counsellorId);
      // The counsellor in charge inviting a requested observer is neither a handover nor revoked.
      case "handover_invited":
        return (
          observerInvited(state, event.conversationId, event.by, event.counsellorId) ??
          handoverInvited(
            context.settings,
            state,
            event.conversationId,
            event.by,
            event.counsellorId,
            now,
          )
        );
      case "handover_declined":
        return handoverDeclined(state, event.conversationId, event.counsellorId, now);
      case "observer_requested":
        return observerRequested(context.settings, state, event, now);
      case "observer_left":
        return observerLeft(state, event.conversationId, event.observerId);
      case "requeue_requested":
        return requeueRequested(state, event.conversationId, event.by, now);
      case "side_channel_opened":
        return sideChannelOpened(state, event);
      case "assign_requested":
        return assignRequested(context.settings, state, event, now);
      case "activity": {
        const conversation = state.conversations[event.conversationId];
        return conversation === undefined
          ? unchanged(state)
          : unchanged(putConversation(state, { ...conversation, lastActivityAt: now }));
      }
      case "tick":
        return pipeline(
          state,
          (s) => expireOffers(s, now),
          (s) => expireHandovers(s, now),
          (s) => expireObserverRequests(s, now),
          (s) => endInactive(context.settings, s, now),
          (s) => expireReservations(s, now),
        );
    }
  };
}

function isIgnored(state: PermanenceState, event: PermanenceEvent): boolean {
  const unknownConversation = (id: string): boolean => state.conversations[id] === undefined;
  const unknownCounsellor = (id: string): boolean => state.counsellors[id] === undefined;
  switch (event.type) {
    case "youth_arrived":
      return !unknownConversation(event.conversationId);
    case "place_reserved":
      return false;
    case "availability_set":
    case "counsellor_disabled":
    case "counsellor_enabled":
      return unknownCounsellor(event.counsellorId);
    case "counsellor_joined":
    case "invite_made":
    case "counsellor_declined":
    case "counsellor_left":
    case "handover_declined":
      return unknownConversation(event.conversationId) || unknownCounsellor(event.counsellorId);
    // An invite of anyone into a live conversation is looked at: one that is not a handover is
    // revoked, whoever made it.
    case "handover_invited":
    case "youth_left":
    case "youth_page_gone":
    case "youth_page_back":
    case "urgent_declared":
    case "activity":
    case "operator_closed":
      return unknownConversation(event.conversationId);
    case "end_requested":
    case "danger_marked":
    case "requeue_requested":
    case "side_channel_opened":
      return unknownConversation(event.conversationId) || unknownCounsellor(event.by);
    case "assign_requested":
      return unknownConversation(event.conversationId) || unknownCounsellor(event.counsellorId);
    case "observer_requested":
      return (
        unknownConversation(event.conversationId) ||
        unknownCounsellor(event.by) ||
        unknownCounsellor(event.observerId)
      );
    case "observer_left":
      return unknownConversation(event.conversationId) || unknownCounsellor(event.observerId);
    case "tick":
      return false;
  }
}
