import type { YouthStatus } from "@helpline/bot/permanence/types";
import type { Stack } from "@helpline/scripts/stack";
import type { ScriptedCounsellor } from "./counsellor.ts";
import type { ApiYouth } from "./youth.ts";
import { askForConversation, postJson } from "./youth.ts";

// Test steps in the permanence's words, against the real bot and Synapse.

export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

export interface CounsellorDeskView {
  availability: string;
  load: number;
  capacity: number;
  conversations: { reference: number; state: string }[];
  waiting: number;
}

/** What the bot says of this counsellor, through the authenticated counsellor API. */
export async function counsellorDesk(
  stack: Stack,
  counsellor: ScriptedCounsellor,
): Promise<CounsellorDeskView> {
  const response = await fetch(`${stack.webUrl}/api/counsellor/me`, {
    headers: { Authorization: `Bearer ${await counsellor.openIdToken()}` },
  });
  if (response.status !== 200) throw new Error(`counsellor API answered ${response.status}`);
  return (await response.json()) as CounsellorDeskView;
}

/** The counsellor writes "!dispo" in the staff room, and the bot takes note. */
export async function counsellorGoesOnDuty(stack: Stack, counsellor: ScriptedCounsellor) {
  await counsellor.sayInStaffRoom("!dispo");
  await eventually(
    () => counsellorDesk(stack, counsellor),
    (desk) => desk.availability === "on_duty",
    `${counsellor.userId} on duty`,
  );
}

/** A youth registers and asks for a conversation, then joins the room as the web client does. */
export async function youthStartsConversation(stack: Stack, youth: ApiYouth): Promise<string> {
  return (await youthOpensConversation(stack, youth)).roomId;
}

/** As the youth's page does: asks for a conversation, joins it, keeps the key for its presence. */
export async function youthOpensConversation(
  stack: Stack,
  youth: ApiYouth,
  api = "/api",
): Promise<{ roomId: string; presenceKey: string }> {
  const { status, body } = await askForConversation(stack, youth, api);
  if (status !== 201) throw new Error(`conversation refused: ${status} ${JSON.stringify(body)}`);
  const roomId = body.roomId as string;
  const joined = await postJson(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  if (joined.status !== 200) throw new Error(`join refused: ${joined.status}`);
  return { roomId, presenceKey: body.presenceKey as string };
}

/** What the youth's page says of itself (POST /api/presence), through the web server. */
export async function youthPageSays(
  stack: Stack,
  opened: { roomId: string; presenceKey: string },
  page: "visible" | "hidden" | "closed" | "quick_exit",
  kept = false,
): Promise<number> {
  const { status } = await postJson(`${stack.webUrl}/api/presence`, {
    conversationId: opened.roomId,
    presenceKey: opened.presenceKey,
    page,
    kept,
  });
  return status;
}

/** The status the bot published in the youth's room, read with the youth's own credentials. */
export async function youthStatus(
  stack: Stack,
  youth: ApiYouth,
  roomId: string,
): Promise<YouthStatus | null> {
  const response = await fetch(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/org.helplinechat.status/`,
    { headers: { Authorization: `Bearer ${youth.accessToken}` } },
  );
  if (response.status === 404) return null;
  return (await response.json()) as YouthStatus;
}

export function waitForYouthStatus(
  stack: Stack,
  youth: ApiYouth,
  roomId: string,
  accept: (status: YouthStatus | null) => boolean,
  what: string,
) {
  return eventually(() => youthStatus(stack, youth, roomId), accept, what);
}

/** Waits until the youth's room shows this state (e.g. "counsellor_present"); returns the status. */
export function youthSees(
  stack: Stack,
  youth: ApiYouth,
  roomId: string,
  state: YouthStatus["state"],
) {
  return waitForYouthStatus(
    stack,
    youth,
    roomId,
    (s) => s?.state === state,
    `the youth to see ${state}`,
  );
}

/** The youth leaves the room: that is how the web client's "end" button ends a conversation. */
export async function youthLeaves(stack: Stack, youth: ApiYouth, roomId: string): Promise<void> {
  const left = await postJson(
    `${stack.webUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/leave`,
    {},
    { Authorization: `Bearer ${youth.accessToken}` },
  );
  if (left.status !== 200) throw new Error(`leave refused: ${left.status}`);
}
