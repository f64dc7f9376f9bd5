// The permanence's vocabulary, shared by the pure engine (engine/), the schedule (schedule/), the
// staff-room language (staff/) and the adapters that carry commands out on Matrix.
//
// All times are Unix milliseconds. Nothing here holds message content: the bot cannot read any.

import type {
  EndReason,
  PageGone,
  QueuePlace,
  WritingAbout,
  YouthPage,
  YouthStatus,
} from "@helpline/contract";
import type { Availability } from "@helpline/contract/counsellor-api";

export type ConversationId = string; // the conversation's Matrix room id
export type UserId = string; // a Matrix user id

// --- Schedule -----------------------------------------------------------------------------------

/** What the opening hours say at one instant. Computed by schedule/, consumed by the engine. */
export interface ScheduleSnapshot {
  /** Inside an opening slot. */
  open: boolean;
  /** Open and before the last-admission time: a new youth may start a conversation. */
  admitting: boolean;
  /** End of the current slot (when open). */
  closesAt: number | null;
  /** Last instant a new youth is admitted in the current slot (when open). */
  admissionEndsAt: number | null;
  /** Start of the next slot after now (when closed, or the one after the current slot). */
  nextOpensAt: number | null;
}

export type Schedule = (now: number) => ScheduleSnapshot;

// --- Settings -----------------------------------------------------------------------------------

export interface CounsellorSettings {
  userId: UserId;
  /** Overrides the helpline's default maximum of simultaneous conversations. */
  maxConversations?: number;
}

export interface PermanenceSettings {
  counsellors: CounsellorSettings[];
  defaultMaxConversations: number;
  /**
   * An offer not accepted within this delay after its invite was made is withdrawn and the youth
   * goes to the next (engine/offers.ts).
   */
  offerTimeoutMs: number;
  /** An active conversation with no message for this long ends. */
  inactivityTimeoutMs: number;
  /** Counsellors are warned in the staff room this long before closing. */
  closingWarningMs: number;
  /** Used for the youth's estimated wait until real durations are known. */
  typicalConversationMs: number;
  /**
   * How long after a conversation ends the youth's account is erased and the room purged. Lets the
   * youth read the end screen and the counsellor finish reading; 0 erases at the next tick.
   */
  erasureGraceMs: number;
}

// --- State --------------------------------------------------------------------------------------

export type { Availability };

export interface CounsellorState {
  availability: Availability;
  /** When this counsellor was last offered a conversation (or went on duty): ties go to the longest idle. */
  lastOfferAt: number;
  /**
   * Disabled by the admin CLI (engine/disabled.ts): off duty, and she cannot come on duty again
   * until enabled. Absent means enabled, as in every journal written before the field existed.
   */
  disabled?: true;
}
// A counsellor's conversations and load are not stored: they are read from the conversations'
// phases (engine/state.ts, conversationsOf and loadOf), so that nothing can hold them out of step.

export type ConversationPhase = { kind: "queued" } | OfferedPhase | ActivePhase;

/**
 * Offered to `counsellorId` until `expiresAt` (engine/offers.ts). `invitedAt`: when Synapse made
 * the bot's invite, from which she has the whole offer timeout to answer; absent until then, and
 * in offers written by versions before it.
 */
export interface OfferedPhase {
  kind: "offered";
  counsellorId: UserId;
  expiresAt: number;
  invitedAt?: number;
}

/**
 * A conversation the counsellor `counsellorId` has joined, and what is pending on it. Each stage
 * has exactly the fields it needs: an invite awaited from a counsellor who left, or a handover
 * expiry without a handover, cannot be written. (engine/stored.ts reads the flags that versions
 * before these stages stored.)
 */
export type ActivePhase =
  /** She talks with the youth; nothing is pending. */
  | { kind: "active"; counsellorId: UserId; stage: "talking" }
  /**
   * She sent it "back to the queue" at `requeuedAt` (engine/requeue.ts): it stays hers until a
   * free colleague takes it over. `counsellorGone`: she has left since; the youth waits for the
   * colleague, whom the bot will invite.
   */
  | {
      kind: "active";
      counsellorId: UserId;
      stage: "requeued";
      requeuedAt: number;
      counsellorGone?: true;
    }
  /**
   * The engine chose `to` to take a requeued conversation over, and the counsellor in charge's
   * client has not invited her yet (only her client can share the history). She is still in the
   * room: when she leaves or goes off duty, the bot invites `to` itself (`handing_over`).
   */
  | {
      kind: "active";
      counsellorId: UserId;
      stage: "awaiting_invite";
      requeuedAt: number;
      to: UserId;
      expiresAt: number;
    }
  /**
   * `to` is invited to take it over (engine/handover.ts). Until she joins, the conversation stays
   * with `counsellorId`; her pending invite holds a slot. `expiresAt`: when the handover is
   * cancelled if she has not joined, absent on handovers written by versions before it (those
   * never expire). `requeuedAt`: it had been sent back to the queue. `counsellorGone`: the
   * counsellor in charge left after the invite (it carried the history already): the
   * conversation waits for the colleague instead of ending.
   */
  | {
      kind: "active";
      counsellorId: UserId;
      stage: "handing_over";
      to: UserId;
      expiresAt?: number;
      requeuedAt?: number;
      counsellorGone?: true;
    };

/**
 * Where an observer is (engine/observers.ts): asked for, until the counsellor in charge's client
 * invites her (`expiresAt`: given up if it has not by then); invited; in the room.
 */
export type ObserverState =
  | { stage: "requested"; by: UserId; expiresAt: number }
  | { stage: "invited" }
  | { stage: "joined" };

export interface ConversationState {
  id: ConversationId;
  youthId: UserId;
  /** Short number shown to counsellors instead of any id, e.g. 4821 in "Jeune 4821". */
  reference: number;
  arrivedAt: number;
  /**
   * When the youth said "I am in danger now" while waiting (engine/urgent.ts): she is served
   * before every youth who did not, after those who said it earlier. Absent: she did not, or a
   * journal written before the button existed.
   */
  urgentAt?: number;
  phase: ConversationPhase;
  lastActivityAt: number;
  /**
   * When a counsellor (or a supervisor) marked it "danger to life" (engine/danger.ts), and who:
   * the supervisors are alerted and it heads their view. Kept only as long as the conversation.
   * Absent: not marked, or a journal written before the mark existed.
   */
  dangerAt?: number;
  dangerBy?: UserId;
  /** The status last published to the room, to publish only changes. */
  published: YouthStatus | null;
  /** Another counsellor took the conversation over (the youth is told). Absent means no. */
  handedOver?: true;
  /**
   * The encrypted room where the counsellor in charge asked the supervisors on duty for help
   * (engine/side-channel.ts), erased with the conversation. Absent: none (or a journal written
   * before side channels existed).
   */
  sideChannel?: SideChannel;
  /**
   * The youth's page said it left, or went silent (engine/leaving.ts), while the conversation
   * goes on (it is hers to come back to, or the counsellor's to end). Absent means present.
   */
  pageGone?: PageGone;
  /**
   * Colleagues reading the conversation beside the counsellor in charge (engine/observers.ts): a
   * supervisor, or a counsellor in training. They hold no slot and never take it over; a handover
   * keeps them, the end removes them with everyone. Absent means none, as in every journal
   * written before observers existed.
   */
  observers?: Record<UserId, ObserverState>;
  /**
   * The youth's answer to "about myself / about someone close", where the service asks it: shown
   * to the counsellor with the offer, and gone with the conversation. Absent: not asked, not
   * answered, or a journal written before the question existed.
   */
  writingAbout?: WritingAbout;
}

/** A conversation's side channel: the room, who opened it, and whom the bot invited into it. */
export interface SideChannel {
  roomId: string;
  by: UserId;
  /** The counsellors who asked and the supervisors invited, in the order they were invited. */
  members: UserId[];
}

/** What erasing an ended conversation needs. `sideRoomId`: its side channel, if it had one. */
export interface Erasure {
  youthId: UserId;
  eraseAt: number;
  sideRoomId?: string;
}

export interface PermanenceState {
  /** Live conversations only: an ended conversation leaves the state at once. */
  conversations: Record<ConversationId, ConversationState>;
  /** Arrival order of conversations not yet active (queued or offered). */
  queue: ConversationId[];
  counsellors: Record<UserId, CounsellorState>;
  /** closesAt of the slot whose closing warning was sent, so it is sent once. */
  warnedForClosingAt: number | null;
  /** closesAt of the slot whose closing was handled, so it is handled once. */
  closedSlotAt: number | null;
  /**
   * Conversations that are over and wait for erasure: the only thing kept of them, until then.
   * Absent means none.
   */
  erasures?: Record<ConversationId, Erasure>;
  /**
   * Places held for youths whose room is still being made (engine/reservation.ts), in the order
   * they asked. Never offered and named by no command: her arrival takes her place from here.
   * Absent means none, as in every snapshot written before reservations existed.
   */
  reservations?: Reservation[];
  /**
   * closesAt of the slot last seen open. Closing is handled for this slot once it has ended, even
   * when the first event after it comes late (bot down across closing). Absent means null.
   */
  openSlotClosesAt?: number | null;
}

/** A waiting youth's place and estimated wait, as her page shows it (the contract's). */
export type { QueuePlace };

/**
 * A youth's place, held from when her page asked for it (`at`) until her room arrives, or
 * `expiresAt` if it never does (her page gave up). `id` is a digest of the registration token the
 * bot gave her page (conversations/place-keys.ts): nothing of her account or her room.
 */
export interface Reservation {
  id: string;
  at: number;
  expiresAt: number;
}

// --- Events (inputs) ----------------------------------------------------------------------------

// Why a conversation ended, and how a youth's page went away: published to the youth's page and
// the console, so declared by the wire contract (@helpline/contract, room-state.ts).
export type { EndReason, PageGone, WritingAbout };

export type PermanenceEvent =
  /** The bot created the room for a youth, who now waits for a counsellor. */
  | {
      type: "youth_arrived";
      conversationId: ConversationId;
      youthId: UserId;
      reference: number;
      /** Her answer to "about myself / about someone close", if the service asked and she said. */
      writingAbout?: WritingAbout;
      /** The place held for her while her room was made (engine/reservation.ts), if any. */
      reservationId?: string;
    }
  /**
   * Her page asked for her place before her room exists (engine/reservation.ts): it is held for
   * her, counted in everyone's position, and taken by her arrival.
   */
  | { type: "place_reserved"; reservationId: string }
  | { type: "availability_set"; counsellorId: UserId; availability: Availability }
  /** The counsellor joined the room (accepting an offer, or joining on their own). */
  | { type: "counsellor_joined"; conversationId: ConversationId; counsellorId: UserId }
  /**
   * Synapse made the bot's invite of the counsellor (the runtime, once the command is carried
   * out): her offer's time to answer starts now (engine/offers.ts).
   */
  | { type: "invite_made"; conversationId: ConversationId; counsellorId: UserId }
  /** The counsellor rejected the invite. */
  | { type: "counsellor_declined"; conversationId: ConversationId; counsellorId: UserId }
  /** The counsellor left after joining. */
  | { type: "counsellor_left"; conversationId: ConversationId; counsellorId: UserId }
  | { type: "youth_left"; conversationId: ConversationId }
  /** A counsellor ended the conversation (staff room or console). */
  | { type: "end_requested"; conversationId: ConversationId; by: UserId }
  /**
   * `by` marks an active conversation "danger to life" (engine/danger.ts). `asSupervisor`: she
   * marked it as a supervisor (a role the door checked), not as the counsellor in charge; carried
   * in the event so that replaying the journal does not depend on today's roles.
   */
  | { type: "danger_marked"; conversationId: ConversationId; by: UserId; asSupervisor?: true }
  /** The operator closed the conversation (admin CLI): nobody on the team ended it. */
  | { type: "operator_closed"; conversationId: ConversationId }
  /**
   * The operator disabled a counsellor (admin CLI; her account is locked on Synapse too): she goes
   * off duty and stays so until enabled (engine/disabled.ts).
   */
  | { type: "counsellor_disabled"; counsellorId: UserId }
  | { type: "counsellor_enabled"; counsellorId: UserId }
  /**
   * A member invited a counsellor (or anyone) into a live conversation: a handover, when the
   * counsellor in charge invites a colleague from her own client, so that her client shares the
   * room's history with the colleague (MSC4268). Anything else is revoked.
   */
  | { type: "handover_invited"; conversationId: ConversationId; by: UserId; counsellorId: UserId }
  /** The colleague invited to take over rejected the invite. */
  | { type: "handover_declined"; conversationId: ConversationId; counsellorId: UserId }
  /**
   * `observerId` is to read the conversation beside the counsellor in charge (engine/observers.ts):
   * asked by a supervisor for herself (the door checked the role: `by === observerId`), or by the
   * counsellor in charge for a colleague. Her client then invites her with the history.
   */
  | { type: "observer_requested"; conversationId: ConversationId; observerId: UserId; by: UserId }
  /** An observer left the conversation, or declined its invite. */
  | { type: "observer_left"; conversationId: ConversationId; observerId: UserId }
  /**
   * The counsellor in charge asks for the conversation to go "back to the queue": a free
   * colleague will take it over (engine/requeue.ts).
   */
  | { type: "requeue_requested"; conversationId: ConversationId; by: UserId }
  /**
   * The counsellor in charge asked for help: the bot created (or found again) the side channel
   * `roomId` and invited her and `supervisors` (the supervisors on duty then) into it
   * (engine/side-channel.ts). Sent again when she asks again, with whoever it invited then.
   */
  | {
      type: "side_channel_opened";
      conversationId: ConversationId;
      roomId: string;
      by: UserId;
      supervisors: UserId[];
    }
  /**
   * A supervisor offers a waiting youth to a named counsellor now, taking back any pending offer
   * (engine/reassign.ts).
   */
  | { type: "assign_requested"; conversationId: ConversationId; counsellorId: UserId; by: UserId }
  /**
   * The youth's page is gone (engine/leaving.ts). `kept`: she kept the conversation on her device
   * behind her PIN, so she can come back to it.
   */
  | { type: "youth_page_gone"; conversationId: ConversationId; how: PageGone; kept: boolean }
  /** A page said gone is heard from again (a kept conversation reopened, a phone woken up). */
  | { type: "youth_page_back"; conversationId: ConversationId }
  /**
   * The waiting youth pressed "I am in danger now" (engine/urgent.ts): she goes ahead of the
   * youths who did not. Only the fact; the bot learns nothing of the danger.
   */
  | { type: "urgent_declared"; conversationId: ConversationId }
  /** An (encrypted) message was seen in the room: only the fact, never the content. */
  | { type: "activity"; conversationId: ConversationId }
  /** Time passed: offers expire, inactivity ends conversations, closing happens. */
  | { type: "tick" };

// --- Commands (outputs), carried out by adapters ------------------------------------------------

/** The youth's view of their conversation, published as room state. No content, no names. */
/** What the youth's page reads (room state `org.helplinechat.status`): the contract's. */
export type { YouthStatus };

/** The youth's page, for the counsellor (room state `org.helplinechat.youth_page`). */
export type { YouthPage };

/** Metadata-only notices for the staff room; adapters render them in French. */
export type StaffNotice =
  | { kind: "youth_waiting"; reference: number; queueLength: number }
  /**
   * Several youth_waiting notices carried out together, told in one message
   * (staff/arrival-notices.ts); never decided by the engine. `queueLength` is after the last.
   */
  | { kind: "youths_waiting"; references: number[]; queueLength: number }
  /** `urgent`: the youth said she is in danger now (engine/urgent.ts). */
  | { kind: "offered"; reference: number; counsellorId: UserId; urgent?: true }
  | { kind: "offer_accepted"; reference: number; counsellorId: UserId }
  | { kind: "offer_timed_out"; reference: number; counsellorId: UserId }
  | { kind: "offer_declined"; reference: number; counsellorId: UserId }
  | { kind: "availability_changed"; counsellorId: UserId; availability: Availability }
  | { kind: "closing_soon"; closesAt: number; queueLength: number }
  | { kind: "closed"; sentAway: number }
  | { kind: "conversation_ended"; reference: number; reason: EndReason }
  /** The youth's page went away while her conversation goes on: the counsellor may end it. */
  | {
      kind: "youth_page_gone";
      reference: number;
      how: PageGone;
      kept: boolean;
      counsellorId: UserId | null;
    }
  | { kind: "youth_page_back"; reference: number }
  | { kind: "handover_started"; reference: number; from: UserId; to: UserId }
  | { kind: "handover_completed"; reference: number; from: UserId; to: UserId }
  /** An invite into a conversation that is not a valid handover, revoked at once. */
  | { kind: "handover_refused"; reference: number; by: UserId; to: UserId; reason: HandoverRefusal }
  | { kind: "handover_cancelled"; reference: number; to: UserId; reason: HandoverCancellation }
  /** A counsellor sent a conversation back to the queue; it stays hers until a colleague takes it. */
  | { kind: "requeued"; reference: number; counsellorId: UserId }
  /**
   * A free colleague was found for a requeued conversation. `invitedBy: "counsellor"`: the
   * counsellor in charge's client must invite her (with the history); `"bot"`: the counsellor in
   * charge left or is off duty, so the bot invited her itself, without the earlier history.
   */
  | {
      kind: "requeue_matched";
      reference: number;
      from: UserId;
      to: UserId;
      invitedBy: "counsellor" | "bot";
    }
  /** A supervisor offered a waiting youth to a counsellor, taking back the previous offer if any. */
  | {
      kind: "reassigned";
      reference: number;
      counsellorId: UserId;
      by: UserId;
      previous: UserId | null;
    }
  /**
   * A counsellor asked the supervisors on duty for help with a conversation: `supervisors` were
   * invited into its side channel (none: nobody is on duty). `again`: it existed already.
   */
  | {
      kind: "side_channel_opened";
      reference: number;
      by: UserId;
      supervisors: UserId[];
      again: boolean;
    }
  /**
   * A conversation was marked "danger to life": the staff-room adapter alerts the supervisors on
   * duty by name (engine/danger.ts). Reference and who marked it only: nothing of the content.
   * `onDuty`: the counsellors on duty or paused at that instant, besides `by`, decided with the
   * mark, so a notice carried out after a restart reaches the colleagues who were on duty then.
   * Which of them are supervisors is not engine state: the adapter (helplines/runtime.ts) picks
   * them by the roles in force when it sends the notice (config and granted roles), which may differ.
   */
  | { kind: "danger_marked"; reference: number; by: UserId; onDuty: UserId[] }
  /** A waiting youth said she is in danger now and went ahead of the queue (engine/urgent.ts). */
  | { kind: "urgent_declared"; reference: number; position: number }
  /**
   * A colleague is to read a conversation beside its counsellor (engine/observers.ts): the
   * counsellor in charge's client must invite her, so that the history goes with the invite.
   */
  | { kind: "observer_requested"; reference: number; observerId: UserId; counsellorId: UserId }
  | { kind: "observer_joined"; reference: number; observerId: UserId }
  | { kind: "observer_left"; reference: number; observerId: UserId; reason: ObserverLeaving };

/** Why an observer is no longer reading: she left, declined the invite, or was never invited. */
export type ObserverLeaving = "left" | "declined" | "expired";

/** Why an invite into a conversation is not a handover (engine/handover.ts). */
export type HandoverRefusal =
  /** The inviter is not the counsellor in charge of this (active) conversation. */
  | "not_in_charge"
  /** The invitee is not a counsellor of this helpline. */
  | "not_a_counsellor"
  /** The invitee is already in charge of it. */
  | "same_counsellor"
  /** The invitee reads it as an observer (engine/observers.ts): she must leave it first. */
  | "observing"
  | "off_duty"
  /** Taking it would put the colleague over her maximum of simultaneous conversations. */
  | "full";

/** Why a pending handover stopped before the colleague joined. */
export type HandoverCancellation = "declined" | "off_duty" | "replaced" | "timed_out";

export type PermanenceCommand =
  /**
   * `writingAbout`: the youth's answer, said with the invite (it goes with the room's erasure).
   * `urgent`: she said she is in danger now, said with the invite too.
   */
  | {
      type: "invite";
      conversationId: ConversationId;
      counsellorId: UserId;
      writingAbout?: WritingAbout;
      urgent?: true;
    }
  | { type: "withdraw_invite"; conversationId: ConversationId; counsellorId: UserId }
  /** An invite the engine did not make and refuses (not a valid handover): taken back. */
  | { type: "revoke_invite"; conversationId: ConversationId; userId: UserId }
  /**
   * Removes a counsellor who joined a conversation that is not theirs (at most one per youth), or
   * the one who handed it over, so she no longer receives its messages.
   */
  | { type: "remove_counsellor"; conversationId: ConversationId; counsellorId: UserId }
  | { type: "publish_status"; conversationId: ConversationId; status: YouthStatus }
  /** What the counsellor's console shows of the youth's page, as room state: metadata only. */
  | { type: "publish_youth_page"; conversationId: ConversationId; page: YouthPage }
  | { type: "notify_staff"; notice: StaffNotice }
  /** The conversation is over: mark it closed. Erasure follows after the grace period. */
  | { type: "close_conversation"; conversationId: ConversationId; reason: EndReason }
  /** Nothing of the conversation may remain: erase the youth's account, purge and block the room. */
  | {
      type: "erase_conversation";
      conversationId: ConversationId;
      youthId: UserId;
      /** Its side channel's room, purged and blocked as the conversation's is. */
      sideRoomId?: string;
    }
  /** The conversation is over: its side channel's members are removed (erased with it later). */
  | { type: "close_side_channel"; conversationId: ConversationId; roomId: string };

export interface Decision {
  state: PermanenceState;
  commands: PermanenceCommand[];
}
