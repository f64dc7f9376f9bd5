// The staff room's words about side channels (engine/side-channel.ts), in plain French. Metadata
// only: which conversation ("Jeune 4821"), who asked, who was invited; never what is said there.

import type { StaffNotice, UserId } from "../types.ts";

/** The side channel's name in everyone's client: the youth is never in it and never sees it. */
export function sideChannelRoomName(reference: number): string {
  return `Soutien · Jeune ${reference}`;
}

/**
 * A counsellor asked for help. Each supervisor invited is named with her Matrix id too, so that
 * her client highlights the notice (a mention), whatever her display name.
 */
export function sideChannelNotice(
  notice: Extract<StaffNotice, { kind: "side_channel_opened" }>,
  names: (userId: UserId) => string,
): string {
  const room = `« ${sideChannelRoomName(notice.reference)} »`;
  const asked = notice.again
    ? `${names(notice.by)} demande à nouveau du soutien pour Jeune ${notice.reference}`
    : `${names(notice.by)} demande du soutien pour Jeune ${notice.reference}`;
  if (notice.supervisors.length === 0) {
    return (
      `${asked} : le salon chiffré ${room} est ouvert, mais aucune superviseuse n'est en ` +
      `service pour l'instant. Personne d'autre qu'elle n'y est invitée.`
    );
  }
  const invited = notice.supervisors.map((id) => `${names(id)} (${id})`).join(", ");
  return `${asked} : ${invited}, vous êtes invitée(s) dans le salon chiffré ${room}.`;
}

/** `!aide 4821` refused: the conversation is not a live one in her charge. */
export function sideChannelRefusedReply(refused: "not_found" | "not_in_charge", reference: number) {
  return refused === "not_found"
    ? `Aucune conversation « Jeune ${reference} » en cours.`
    : `Tu n'as pas Jeune ${reference} en charge : seule l'intervenante qui mène la conversation ` +
        `peut demander du soutien pour elle.`;
}
