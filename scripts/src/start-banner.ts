import type { DefinitionFile } from "./helplines.ts";

// What `npm start` prints once everything runs: each helpline's addresses, whether it is open,
// and how a counsellor logs in. Pure, so that a test reads exactly what a developer sees.

/** A helpline's hours as `npm start` found them: its status, or why there is none. */
export type HoursNow =
  | { kind: "ended" }
  | { kind: "open"; aroundTheClock: boolean }
  | { kind: "closed"; nextOpening: string | null }
  | { kind: "unknown"; reason: string };

export interface BannerInput {
  /** The web server as people reach it (http://localhost:8080). */
  web: string;
  synapsePublicUrl: string;
  helplines: readonly (DefinitionFile & { hours: HoursNow; counsellors: readonly string[] })[];
  /** Each counsellor's user id and where her password is. */
  passwords: readonly { userId: string; file: string }[];
  staffRoomName: string;
}

function describeHours(hours: HoursNow): string {
  switch (hours.kind) {
    case "ended":
      return "ended: its page points to the services that took over";
    case "open":
      return hours.aroundTheClock ? "open around the clock (HELPLINE_OPEN_NOW=1)" : "open now";
    case "closed":
      return `closed now, next opening ${hours.nextOpening ?? "unknown"}`;
    case "unknown":
      return `status unknown (${hours.reason})`;
  }
}

export function startBanner(input: BannerInput): string {
  const lines: string[] = ["", "The helplines are running (the first is the default, also at /):"];
  for (const helpline of input.helplines) {
    lines.push(
      "",
      `  ${helpline.id}: ${describeHours(helpline.hours)}`,
      `    Youth page:   ${input.web}/${helpline.id}/`,
    );
    if (!helpline.ended) {
      lines.push(
        `    Console:      ${input.web}/${helpline.id}/console`,
        `    Counsellors:  ${helpline.counsellors.join(", ") || "(none)"}`,
      );
    }
  }
  if (input.helplines.some(({ hours }) => hours.kind === "closed")) {
    lines.push("", "To try a closed one anyway: HELPLINE_OPEN_NOW=1 npm start");
  }
  lines.push("", "Counsellors log in to a console with their user id and password:");
  for (const { userId, file } of input.passwords) lines.push(`  ${userId}: cat ${file}`);
  lines.push(
    `then switch to "En service" (on duty). Or in Element: set the homeserver to`,
    `${input.synapsePublicUrl}, log in the same way, and write !dispo in the room`,
    `"${input.staffRoomName}" of a helpline to go on duty there.`,
    "",
    "Press Ctrl+C to stop.",
  );
  return lines.join("\n");
}
