import { EventStatus, type MatrixEvent } from "matrix-js-sdk";
import type { ChatMessage, DeliveryState, ProvenanceMark } from "../types.ts";
import { carriesWords, type Authenticity } from "../../shared/matrix/authenticity.ts";

/**
 * Turns a timeline or pending event into what the youth sees, or null if it is not something
 * to show (state changes, reactions, anything but plain text). `authenticity` says whether a
 * readable event may show as its sender's words (see authenticity.ts): words sent in clear or
 * from a device nobody vouches for become a warning without their text. `readByCounsellor` tells
 * whether a counsellor's read receipt covers one of the youth's sent messages. `provenance` says,
 * for an authentic message of someone else, whether the helpline vouched for its sender
 * (provenance.ts): a mark, "checking" (the text waits a moment), or undefined (no mark).
 */
export function toChatMessage(
  event: MatrixEvent,
  myUserId: string,
  authenticity: (event: MatrixEvent) => Authenticity,
  readByCounsellor: (event: MatrixEvent) => boolean = () => false,
  provenance: (event: MatrixEvent) => ProvenanceMark | "checking" | undefined = () => undefined,
): ChatMessage | null {
  if (event.isRedacted() || event.isState()) return null;
  const from = event.getSender() === myUserId ? "me" : "counsellor";
  const id = messageId(event);
  if (id === undefined) return null;
  const base = {
    id,
    from,
    senderName: from === "counsellor" ? displayName(event) : null,
    timestamp: event.getTs(),
    delivery: delivery(event, from === "me" ? readByCounsellor : () => false),
  } as const;

  // Still encrypted (keys not arrived yet, or decryption failed for now): show that it is coming.
  if (event.getType() === "m.room.encrypted" || event.isDecryptionFailure()) {
    return from === "counsellor" ? { ...base, text: null } : null;
  }
  const verdict = authenticity(event);
  if (verdict === "unprotected") {
    // No name either: it must not even rename the counsellor on the youth's screen.
    return carriesWords(event)
      ? { ...base, senderName: null, text: null, withheld: verdict }
      : null;
  }
  if (event.getType() !== "m.room.message") return null;
  const content = event.getContent();
  if (content["msgtype"] !== "m.text" || typeof content["body"] !== "string") return null;
  if (verdict === "unverified_device") {
    return { ...base, senderName: null, text: null, withheld: verdict };
  }
  // Decrypted, the sender's device still being checked: shown as arriving for a moment.
  if (verdict === "checking") return { ...base, text: null };
  // Asked only once the device is proved to be the sender's: her identity is then known here.
  const mark = from === "counsellor" ? provenance(event) : undefined;
  if (mark === "checking") return { ...base, text: null };
  return { ...base, text: content["body"], ...(mark === undefined ? {} : { provenance: mark }) };
}

/** Our own transaction id when we have one, so a message keeps its key from echo to echo. */
function messageId(event: MatrixEvent): string | undefined {
  const txnId = event.getTxnId() ?? event.getUnsigned().transaction_id;
  return txnId !== undefined ? `txn:${txnId}` : event.getId();
}

function delivery(
  event: MatrixEvent,
  readByCounsellor: (event: MatrixEvent) => boolean,
): DeliveryState {
  switch (event.status) {
    case null: // remote echo
    case EventStatus.SENT: // the server answered with its event id
      return readByCounsellor(event) ? "read" : "sent";
    case EventStatus.NOT_SENT:
    case EventStatus.CANCELLED:
      return "failed";
    default:
      return "sending";
  }
}

/** The display name the counsellor chose, never their technical id. */
function displayName(event: MatrixEvent): string | null {
  const memberEvent = event.sender?.events.member;
  const name: unknown = memberEvent?.getContent()["displayname"];
  return typeof name === "string" && name.trim() !== "" ? name.trim() : null;
}
