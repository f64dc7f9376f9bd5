// The staff room's alert when a conversation is marked "danger to life" (engine/danger.ts). It
// names the supervisors on duty with Matrix mentions (pills in the HTML, and `m.mentions`, which
// is what makes Element notify them), and says plainly when no supervisor is on duty: then the
// whole team on duty is named instead. Metadata only, like every staff-room message: "Jeune 4821",
// who marked it, and where to look; never anything the youth wrote (the bot cannot read it).

import type { UserId } from "../types.ts";

/** A staff-room message that mentions people: plain text, its HTML, and whom it mentions. */
export interface StaffAlert {
  body: string;
  html: string;
  mentions: UserId[];
}

export interface DangerAlertInput {
  reference: number;
  by: UserId;
  /** Supervisors on duty or paused (issue 18's "on duty"), the one who marked it left out. */
  supervisorsOnDuty: readonly UserId[];
  /** Every counsellor on duty or paused, the one who marked it left out. */
  teamOnDuty: readonly UserId[];
  names: (userId: UserId) => string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A mention: the display name in the text, a pill (a matrix.to link) in the HTML. */
function pill(userId: UserId, name: string): string {
  return `<a href="https://matrix.to/#/${encodeURIComponent(userId)}">${escapeHtml(name)}</a>`;
}

export function dangerAlert(input: DangerAlertInput): StaffAlert {
  const { reference, by, names } = input;
  const who = `Jeune ${reference}`;
  const headline = `DANGER DE MORT signalé dans la conversation ${who} par ${names(by)}.`;
  const where =
    "Ouvrez la console : la conversation est en tête de la vue Supervision, avec la conduite à " +
    "tenir de la permanence. Rien de la conversation n'est écrit ici.";
  const supervisors = input.supervisorsOnDuty.length > 0;
  const mentions = supervisors ? [...input.supervisorsOnDuty] : [...input.teamOnDuty];
  const lead = supervisors
    ? "Superviseuses en service"
    : mentions.length > 0
      ? "Aucune superviseuse n'est en service. Équipe en service"
      : "Aucune superviseuse ni aucune collègue n'est en service";
  const named = (shown: readonly string[]): string =>
    shown.length > 0 ? `${lead} : ${shown.join(", ")}.` : `${lead}.`;
  const body = [headline, named(mentions.map((userId) => names(userId))), where].join("\n");
  const html = [
    `<strong>${escapeHtml(headline)}</strong>`,
    // Names are escaped one by one, inside the pills: the separators are ours.
    named(mentions.map((userId) => pill(userId, names(userId)))),
    escapeHtml(where),
  ].join("<br>");
  return { body, html, mentions };
}
