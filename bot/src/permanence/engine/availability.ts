// A counsellor's availability is an explicit switch. Pausing or going off duty takes back the
// offers they have not answered (those youths keep their place and go to someone else); the
// conversations they are in continue.

import type {
  Availability,
  Decision,
  PermanenceCommand,
  PermanenceState,
  UserId,
} from "../types.ts";
import { unchanged } from "./decision.ts";
import { withdrawHandoversTo } from "./handover.ts";
import { inviteForAbsentCounsellor } from "./requeue.ts";
import { backToQueue, liveConversations, offersTo, putCounsellor } from "./state.ts";

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
  // Coming on duty counts as an offer for fairness: ties go to whoever waited longest, so someone
  // arriving now does not jump ahead of colleagues who have been idle for an hour.
  const lastOfferAt = availability === "on_duty" ? now : counsellor.lastOfferAt;
  let next = putCounsellor(state, counsellorId, { ...counsellor, availability, lastOfferAt });
  const commands: PermanenceCommand[] = [];
  if (availability !== "on_duty") {
    for (const offered of offersTo(state, counsellorId)) {
      next = backToQueue(next, offered);
      commands.push({ type: "withdraw_invite", conversationId: offered.id, counsellorId });
    }
  }
  // A paused colleague may still take a conversation over; one who left may not.
  if (availability === "off_duty") {
    const withdrawn = withdrawHandoversTo(next, counsellorId, now);
    next = withdrawn.state;
    commands.push(...withdrawn.commands);
    // Her console will not send the invites it was asked for any more: the bot sends them.
    for (const conversation of liveConversations(next)) {
      const { phase } = conversation;
      if (phase.kind !== "active" || phase.counsellorId !== counsellorId) continue;
      const invited = inviteForAbsentCounsellor(next, conversation.id);
      next = invited.state;
      commands.push(...invited.commands);
    }
  }
  commands.push({
    type: "notify_staff",
    notice: { kind: "availability_changed", counsellorId, availability },
  });
  return { state: next, commands };
}
