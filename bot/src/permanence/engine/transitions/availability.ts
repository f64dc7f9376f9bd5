// A counsellor's availability is an explicit switch. Pausing or going off duty takes back the
// offers they have not answered (those youths keep their place and go to someone else); the
// conversations they are in continue. Going off duty also gives up the handovers waiting for her,
// and the bot sends the invites her console was asked to send.

import type { Availability, Decision, PermanenceState, UserId } from "../../types.ts";
import { andThen, unchanged } from "../decision.ts";
import { handoversTo, liveConversations, putCounsellor } from "../state.ts";
import { cancelHandover } from "./handover.ts";
import { withdrawOffersTo } from "./offer.ts";
import { inviteForAbsentCounsellor } from "./requeue.ts";

export function setAvailability(
  state: PermanenceState,
  counsellorId: UserId,
  availability: Availability,
  now: number,
): Decision {
  const counsellor = state.counsellors[counsellorId];
  if (counsellor === undefined || counsellor.availability === availability) {
    return unchanged(state);
  }
  // Disabled by the operator (disabled.ts): off duty until enabled, whoever asks.
  if (counsellor.disabled === true && availability !== "off_duty") return unchanged(state);
  // Coming on duty counts as an offer for fairness: ties go to whoever waited longest, so someone
  // arriving now does not jump ahead of colleagues who have been idle for an hour.
  const lastOfferAt = availability === "on_duty" ? now : counsellor.lastOfferAt;
  let decision = unchanged(
    putCounsellor(state, counsellorId, { ...counsellor, availability, lastOfferAt }),
  );
  if (availability !== "on_duty") {
    decision = andThen(decision, (s) => withdrawOffersTo(s, counsellorId));
  }
  // A paused colleague may still take a conversation over; one who left may not.
  if (availability === "off_duty") {
    for (const conversation of handoversTo(decision.state, counsellorId)) {
      decision = andThen(decision, (s) => cancelHandover(s, conversation, "off_duty"));
    }
    // Her console will not send the invites it was asked for any more: the bot sends them.
    for (const conversation of liveConversations(decision.state)) {
      const { phase } = conversation;
      if (phase.kind !== "active" || phase.counsellorId !== counsellorId) continue;
      decision = andThen(decision, (s) => inviteForAbsentCounsellor(s, conversation.id));
    }
  }
  return andThen(decision, (s) => ({
    state: s,
    commands: [
      {
        type: "notify_staff",
        notice: { kind: "availability_changed", counsellorId, availability },
      },
    ],
  }));
}
