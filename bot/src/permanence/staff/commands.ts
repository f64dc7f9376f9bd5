// The staff room's language: short French commands that counsellors type to the bot. Pure: a
// message body in, a command (or a French reply) out. The room is not end-to-end encrypted, so the
// commands carry metadata only: availability, status, and a conversation's short reference number.

import type { Availability } from "../types.ts";

export type StaffCommand =
  | { kind: "availability"; availability: Availability }
  | { kind: "status" }
  | { kind: "help" }
  | { kind: "end_conversation"; reference: number }
  /** Ends the conversation and bars, for a while, the client (device or network) it came from. */
  | { kind: "bar_conversation"; reference: number }
  /**
   * Hands a conversation over to a named colleague (her local part or display name, normalized:
   * lower case, no accents). The bot answers with the invite to send from the conversation.
   */
  | { kind: "hand_over"; reference: number; colleague: string }
  /** Hands a conversation over to the next free colleague, chosen by the queue's own rules. */
  | { kind: "hand_over_to_next"; reference: number }
  /**
   * Sends a conversation back to the queue (engine/requeue.ts): it stays hers until a colleague
   * is free, then the bot tells her whom to invite.
   */
  | { kind: "requeue_conversation"; reference: number }
  /** Asks the supervisors on duty for help in a side channel (../side-channels.ts). */
  | { kind: "side_channel"; reference: number }
  /**
   * The case form of a conversation that ended in her charge (./case-form-codes.ts): `answers`,
   * the codes after the reference, or null to be shown the codes.
   */
  | { kind: "case_form"; reference: number; answers: string | null }
  /** Marks a conversation "danger to life" (engine/danger.ts): the supervisors are alerted. */
  | { kind: "mark_danger"; reference: number }
  /**
   * A supervisor reads a conversation beside its counsellor (engine/observers.ts): the counsellor
   * in charge is told the invite to send, which carries the history.
   */
  | { kind: "observe_conversation"; reference: number };

export type ParsedStaffMessage =
  | { kind: "command"; command: StaffCommand }
  | { kind: "not_a_command" }
  | { kind: "invalid"; reply: string };

/** Commands without argument, by their normalized words (lower case, no accents). */
const plainCommands: Record<string, StaffCommand> = {
  dispo: { kind: "availability", availability: "on_duty" },
  disponible: { kind: "availability", availability: "on_duty" },
  service: { kind: "availability", availability: "on_duty" },
  "en service": { kind: "availability", availability: "on_duty" },
  pause: { kind: "availability", availability: "paused" },
  fin: { kind: "availability", availability: "off_duty" },
  "fin de service": { kind: "availability", availability: "off_duty" },
  absente: { kind: "availability", availability: "off_duty" },
  absent: { kind: "availability", availability: "off_duty" },
  statut: { kind: "status" },
  etat: { kind: "status" },
  aide: { kind: "help" },
  help: { kind: "help" },
  "?": { kind: "help" },
};

/** Commands taking a conversation's reference, and how to ask again when it is missing. */
const referenceCommands: Record<
  string,
  {
    kind:
      | "end_conversation"
      | "bar_conversation"
      | "hand_over_to_next"
      | "requeue_conversation"
      | "side_channel"
      | "mark_danger"
      | "observe_conversation";
    usage: string;
  }
> = {
  terminer: {
    kind: "end_conversation",
    usage: "Pour terminer une conversation, indique son numéro, par exemple : !terminer 4821",
  },
  bloquer: {
    kind: "bar_conversation",
    usage:
      "Pour terminer une conversation abusive et bloquer son auteur, indique son numéro, par exemple : !bloquer 4821",
  },
  relais: {
    kind: "hand_over_to_next",
    usage:
      "Pour passer une conversation à la prochaine collègue libre, indique son numéro, par exemple : !relais 4821",
  },
  file: {
    kind: "requeue_conversation",
    usage:
      "Pour remettre une conversation dans la file d'attente, indique son numéro, par exemple : !file 4821",
  },
  // "!aide" alone is the help; with a reference, it asks the supervisors for help.
  aide: {
    kind: "side_channel",
    usage:
      "Pour demander du soutien aux superviseuses pour une conversation, indique son numéro, par exemple : !aide 4821",
  },
  danger: {
    kind: "mark_danger",
    usage:
      "Pour signaler un danger de mort dans une conversation, indique son numéro, par exemple : !danger 4821",
  },
  superviser: {
    kind: "observe_conversation",
    usage:
      "Pour lire une conversation aux côtés de l'intervenante (superviseuse), indique son numéro, par exemple : !superviser 4821",
  },
};
/** "4821", "J-4821", "J4821", "jeune 4821", "#4821" (already normalized to lower case). */
const referencePattern = /^(?:(?:j|jeune)[\s-]*)?#?(\d{1,9})$/;
/** A reference, then the colleague's name, optionally after "à" (accents are already gone). */
const handOverPattern = /^(?:(?:j|jeune)[\s-]*)?#?(\d{1,9}) (?:a )?(\S.{0,99})$/;
/** A reference, then optionally the case form's codes. */
const caseFormPattern = /^(?:(?:j|jeune)[\s-]*)?#?(\d{1,9})(?: (\S.{0,499}))?$/;
const caseFormUsage =
  "Pour remplir la fiche d'une conversation terminée, indique son numéro, par exemple : !fiche 4821 (je te réponds avec les codes à utiliser)";
const handOverUsage =
  "Pour passer une conversation à une collègue, indique son numéro et le prénom de la collègue, par exemple : !passer 4821 camille";

export function helpText(): string {
  return [
    "Commandes de la permanence :",
    "!dispo : je suis en service, des conversations peuvent m'être proposées",
    "!pause : je fais une pause, plus de nouvelle conversation pour l'instant",
    "!fin : je termine mon service",
    "!statut : qui est en service, file d'attente, horaires",
    "!terminer 4821 : terminer la conversation Jeune 4821",
    "!bloquer 4821 : terminer une conversation abusive et empêcher son auteur d'en ouvrir une autre pendant un temps",
    "!passer 4821 camille : passer la conversation Jeune 4821 à Camille, avec ce qui a déjà été écrit",
    "!relais 4821 : passer la conversation Jeune 4821 à la prochaine collègue libre, de même",
    "!file 4821 : remettre la conversation Jeune 4821 dans la file ; tu la gardes jusqu'à ce qu'une collègue soit libre, puis je te dis qui inviter",
    "!danger 4821 : signaler un danger de mort dans la conversation Jeune 4821 ; j'alerte les superviseuses en service",
    "!superviser 4821 : (superviseuse) lire la conversation Jeune 4821 aux côtés de l'intervenante, qui t'invite avec l'historique ; la jeune personne est prévenue",
    "!fiche 4821 : remplir la fiche (anonyme) d'une conversation que tu as terminée ; je te donne les codes",
    "!aide 4821 : demander du soutien aux superviseuses en service, dans un salon chiffré à part que la jeune personne ne voit pas",
    "!aide : cette aide",
  ].join("\n");
}

/** Lower case, accents removed, spaces collapsed: "  !Fin  de   Service " → "!fin de service". */
function normalize(body: string): string {
  return body
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function invalid(reason: string): ParsedStaffMessage {
  return { kind: "invalid", reply: `${reason}\n\n${helpText()}` };
}

/** Reads one staff-room message. Only messages starting with "!" are commands. */
export function parseStaffMessage(body: string): ParsedStaffMessage {
  const text = normalize(body);
  if (!text.startsWith("!")) return { kind: "not_a_command" };
  const words = text.slice(1).trim().replace(/\.$/, "").trim();
  if (words === "") return invalid("Il manque la commande après « ! ».");

  // Own keys only: "!constructor" must not find Object.prototype.constructor.
  const plain = Object.hasOwn(plainCommands, words) ? plainCommands[words] : undefined;
  if (plain !== undefined) return { kind: "command", command: plain };

  const [first = "", ...rest] = words.split(" ");
  if (first === "passer") {
    const match = handOverPattern.exec(rest.join(" "));
    if (match?.[1] === undefined || match[2] === undefined) return invalid(handOverUsage);
    return {
      kind: "command",
      command: { kind: "hand_over", reference: Number(match[1]), colleague: match[2] },
    };
  }
  if (first === "fiche") {
    const match = caseFormPattern.exec(rest.join(" "));
    if (match?.[1] === undefined) return invalid(caseFormUsage);
    return {
      kind: "command",
      command: { kind: "case_form", reference: Number(match[1]), answers: match[2] ?? null },
    };
  }
  const withReference = Object.hasOwn(referenceCommands, first)
    ? referenceCommands[first]
    : undefined;
  if (withReference !== undefined) {
    const match = referencePattern.exec(rest.join(" "));
    if (match?.[1] === undefined) return invalid(withReference.usage);
    return { kind: "command", command: { kind: withReference.kind, reference: Number(match[1]) } };
  }
  // Echo only the command word, shortened: anything after it stays unrepeated.
  const shown = first.length > 20 ? `${first.slice(0, 20)}…` : first;
  if (Object.hasOwn(plainCommands, first)) {
    return invalid(`La commande !${shown} s'utilise seule, sans rien après.`);
  }
  return invalid(`Je ne connais pas la commande « !${shown} ».`);
}
