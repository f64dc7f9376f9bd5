import type { YouthStatus } from "./types.ts";

/** Whether the conversation is over for the youth: nothing more can be sent or received. */
export function isOver(status: YouthStatus | null): boolean {
  return status?.state === "ended" || status?.state === "counsellor_left";
}
