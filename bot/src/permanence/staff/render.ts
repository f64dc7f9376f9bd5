// What the bot writes in the staff room, in plain French. Metadata only: a youth is never named or
// identified other than by the short reference "Jeune 4821"; nothing about their situation appears.

import { DateTime } from "luxon";
import type {
  Availability,
  EndReason,
  HandoverCancellation,
  HandoverRefusal,
  StaffNotice,
  UserId,
  WritingAbout,
} from "../types.ts";
import { sideChannelNotice } from "./side-channel-text.ts";

export const staffRoomName = "Permanence : salle des intervenantes";

export const staffRoomTopic =
  "Salle des intervenantes : disponibilités et annonces de la permanence uniquement. " +
  "Ce salon n'est PAS chiffré de bout en bout : n'écris jamais rien ici sur la situation d'une " +
  "jeune personne (ni prénom, ni âge, ni lieu, ni ce qu'elle raconte). " +
  "Commandes : !dispo, !pause, !fin, !statut, !terminer 4821, !passer 4821 camille, !aide.";

const weekdayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const monthNames = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** Local "HH:MM", e.g. "21:30". */
function clock(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toFormat("HH:mm");
}

/** Local day and time, e.g. "lundi 30 novembre à 18:30" (names fixed here, not from the ICU data). */
function dayAndClock(instant: number, timeZone: string): string {
  const local = DateTime.fromMillis(instant, { zone: timeZone });
  const weekday = weekdayNames[local.weekday - 1] ?? "";
  const month = monthNames[local.month - 1] ?? "";
  return `${weekday} ${local.day} ${month} à ${local.toFormat("HH:mm")}`;
}

function youth(reference: number): string {
  return `Jeune ${reference}`;
}

function queue(length: number): string {
  return length === 0 ? "Personne n'attend." : `File d'attente : ${length}.`;
}

const availabilityWords: Record<Availability, string> = {
  on_duty: "en service",
  paused: "en pause",
  off_duty: "hors service",
};

/** The bot's answer to a counsellor who changed her own availability. */
export function availabilityReply(availability: Availability): string {
  switch (availability) {
    case "on_duty":
      return "Tu es en service : des conversations peuvent t'être proposées.";
    case "paused":
      return "Tu es en pause : aucune nouvelle conversation ne te sera proposée. Tape !dispo pour reprendre.";
    case "off_duty":
      return "Tu es hors service : aucune conversation ne te sera proposée. Merci pour ta permanence.";
  }
}

/** The answer to `!dispo`, `!pause` or `!fin` when she already is so: nothing changes. */
export function alreadyReply(availability: Availability): string {
  switch (availability) {
    case "on_duty":
      return "Tu es déjà en service : rien ne change. Tape !statut pour voir la permanence.";
    case "paused":
      return "Tu es déjà en pause : rien ne change. Tape !dispo pour reprendre.";
    case "off_duty":
      return "Tu es déjà hors service : rien ne change. Tape !dispo pour prendre ton service.";
  }
}

/** A delay in words: "90 secondes", "2 minutes". */
export function delayInWords(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} minutes`;
  if (seconds === 60) return "1 minute";
  return seconds === 1 ? "1 seconde" : `${seconds} secondes`;
}

/**
 * The reason carried by every invite the bot sends a counsellor (Element shows it with the
 * invite): an invite not accepted in time is taken back (and an offer goes to a colleague).
 */
export function inviteReason(
  offerTimeoutMs: number,
  writingAbout?: WritingAbout,
  urgent?: boolean,
): string {
  const about = writingAbout === undefined ? "" : ` (${writingAboutWords[writingAbout]})`;
  return (
    (urgent === true ? `${urgentWords}. ` : "") +
    `Une jeune personne attend${about} : accepte cette invitation dans les ${delayInWords(offerTimeoutMs)}, ` +
    "sinon elle te sera retirée."
  );
}

/** What the invite, the staff room and the console say of a youth who pressed "I am in danger now". */
export const urgentWords = "Urgence signalée par le/la jeune";

/**
 * The youth's answer to "about myself / about someone close", as the invite says it. Only the
 * invite carries it, never a staff-room notice: the invite goes with the room when the
 * conversation is erased, while the staff room keeps its history.
 */
export const writingAboutWords: Record<WritingAbout, string> = {
  self: "écrit à son propre sujet",
  "close-one": "écrit au sujet d'un·e proche",
};

/** A youth's page went away while her conversation goes on: what the counsellor can do. */
function pageGone(
  notice: Extract<StaffNotice, { kind: "youth_page_gone" }>,
  names: (userId: UserId) => string,
): string {
  const who = youth(notice.reference);
  const what = {
    quick_exit: `${who} a quitté la page d'un coup (sortie rapide) : quelqu'un est peut-être arrivé près d'elle.`,
    closed: `${who} a fermé la page de conversation.`,
    silent: `La page de ${who} ne répond plus depuis un moment (onglet fermé ou téléphone en veille).`,
  }[notice.how];
  const next = notice.kept
    ? " Elle a gardé la conversation sur son appareil et peut revenir."
    : notice.counsellorId === null
      ? ""
      : ` ${names(notice.counsellorId)}, tu peux terminer la conversation (!terminer ${notice.reference}) pour accueillir la personne suivante.`;
  return what + next;
}

/** Added to the end of a conversation's notice when its counsellor may file its case form. */
export function caseFormReminder(reference: number, name: string): string {
  return ` ${name}, tu peux remplir sa fiche anonyme dans les 2 heures : !fiche ${reference}`;
}

/** What the bot says when it removes a counsellor from a conversation that is over. */
export const conversationOverReason = "Conversation terminée.";

const endings: Record<EndReason, (who: string) => string> = {
  youth_left: (who) => `Conversation ${who} terminée : la jeune personne est partie.`,
  quick_exit: (who) =>
    `Conversation ${who} terminée : la jeune personne a quitté la page d'un coup (sortie rapide). ` +
    "Quelqu'un est peut-être arrivé près d'elle.",
  page_closed: (who) =>
    `Conversation ${who} terminée avant d'être prise : la page de la jeune personne s'est fermée.`,
  counsellor_ended: (who) => `Conversation ${who} terminée par l'intervenante.`,
  counsellor_left: (who) => `Conversation ${who} terminée : l'intervenante l'a quittée.`,
  inactivity: (who) => `Conversation ${who} terminée après une longue inactivité.`,
  closing: (who) =>
    `Conversation ${who} fermée à la fermeture : la jeune personne a reçu les numéros d'aide.`,
  not_admitted: (who) =>
    `Conversation ${who} non admise : la permanence n'accueillait plus de nouvelle personne.`,
};

export function renderNotice(
  notice: StaffNotice,
  names: (userId: UserId) => string,
  timeZone: string,
  offerTimeoutMs: number,
): string {
  // Every invite the bot sends is taken back after the offer timeout: say so where she reads it.
  const accept = `accepte l'invitation dans les ${delayInWords(offerTimeoutMs)} pour la rejoindre`;
  switch (notice.kind) {
    case "youth_waiting":
      return `Une jeune personne attend (${youth(notice.reference)}). ${queue(notice.queueLength)}`;
    case "youths_waiting":
      return `${notice.references.length} jeunes personnes attendent (${notice.references.map(youth).join(", ")}). ${queue(notice.queueLength)}`;
    case "offered":
      return `${notice.urgent === true ? `${urgentWords} : conversation` : "Conversation"} ${youth(notice.reference)} proposée à ${names(notice.counsellorId)} : ${accept}.`;
    case "offer_accepted":
      return `${names(notice.counsellorId)} a rejoint la conversation ${youth(notice.reference)}.`;
    case "offer_timed_out":
      return `${names(notice.counsellorId)} n'a pas répondu à temps : l'invitation pour ${youth(notice.reference)} est retirée.`;
    case "offer_declined":
      return `${names(notice.counsellorId)} a décliné l'invitation pour ${youth(notice.reference)}.`;
    case "availability_changed":
      return `${names(notice.counsellorId)} est ${availabilityWords[notice.availability]}.`;
    case "closing_soon":
      return `La permanence ferme à ${clock(notice.closesAt, timeZone)}. ${queue(notice.queueLength)} Les conversations en cours peuvent continuer après la fermeture.`;
    case "closed": {
      const sentAway =
        notice.sentAway === 0
          ? ""
          : notice.sentAway === 1
            ? " 1 jeune en attente a reçu les numéros d'aide."
            : ` ${notice.sentAway} jeunes en attente ont reçu les numéros d'aide.`;
      return `La permanence est fermée : tout le monde passe hors service.${sentAway} Les conversations en cours continuent.`;
    }
    case "conversation_ended":
      return endings[notice.reason](youth(notice.reference));
    case "youth_page_gone":
      return pageGone(notice, names);
    case "youth_page_back":
      return `${youth(notice.reference)} est de retour sur la page de conversation.`;
    case "handover_started":
      return `Passation de ${youth(notice.reference)} : ${names(notice.from)} a invité ${names(notice.to)}, qui doit accepter l'invitation dans les ${delayInWords(offerTimeoutMs)} pour prendre le relais.`;
    case "handover_completed":
      return `${names(notice.to)} a pris le relais de ${youth(notice.reference)} (avec l'historique). ${names(notice.from)} a quitté la conversation.`;
    case "handover_refused":
      return `Invitation dans ${youth(notice.reference)} annulée : ${handoverRefusals[notice.reason](names(notice.by), names(notice.to))}`;
    case "handover_cancelled":
      return `Passation de ${youth(notice.reference)} annulée : ${handoverCancellations[notice.reason](names(notice.to))}`;
    case "requeued":
      return `${names(notice.counsellorId)} remet ${youth(notice.reference)} dans la file : elle garde la conversation jusqu'à ce qu'une collègue libre la reprenne.`;
    case "requeue_matched":
      return notice.invitedBy === "counsellor"
        ? `${youth(notice.reference)} (remise dans la file) : ${names(notice.to)} est libre. ` +
            `${names(notice.from)}, invite-la depuis la conversation : /invite ${notice.to}\n` +
            "Ta console le fait d'elle-même ; c'est ton invitation qui lui donne l'historique."
        : `${youth(notice.reference)} (remise dans la file) : ${names(notice.to)} est libre et la ` +
            `permanence l'a invitée, car ${names(notice.from)} n'est plus dans la conversation ou ` +
            `n'est plus en service. ${names(notice.to)} ne verra PAS les messages déjà écrits.`;
    case "reassigned":
      return notice.previous === null
        ? `${names(notice.by)} propose ${youth(notice.reference)} à ${names(notice.counsellorId)} : ${accept}.`
        : `${names(notice.by)} retire ${youth(notice.reference)} à ${names(notice.previous)} et la propose à ${names(notice.counsellorId)} : ${accept}.`;
    case "side_channel_opened":
      return sideChannelNotice(notice, names);
    // The adapter sends this notice as an alert naming the supervisors (./danger-alert.ts); this
    // is its text without the names, for any reader of notices that has no one to name.
    case "danger_marked":
      return `DANGER DE MORT signalé dans la conversation ${youth(notice.reference)} par ${names(notice.by)}.`;
    case "urgent_declared":
      return (
        `${urgentWords} (${youth(notice.reference)}) : elle a reçu les numéros d'urgence et passe ` +
        `devant les jeunes qui n'en ont pas signalé (position ${notice.position} dans la file).`
      );
    // Metadata only, as every notice: who reads which conversation, never what is written.
    case "observer_requested":
      return (
        `${names(notice.observerId)} va lire ${youth(notice.reference)} avec ${names(notice.counsellorId)}. ` +
        `${names(notice.counsellorId)}, invite-la depuis la conversation : /invite ${notice.observerId}\n` +
        "Ta console le fait d'elle-même ; c'est ton invitation qui lui donne l'historique. " +
        "La jeune personne est prévenue qu'une deuxième professionnelle lit la conversation."
      );
    case "observer_joined":
      return `${names(notice.observerId)} lit maintenant ${youth(notice.reference)} (la jeune personne en est prévenue).`;
    case "observer_left":
      return notice.reason === "expired"
        ? `${names(notice.observerId)} ne lira pas ${youth(notice.reference)} : l'invitation n'est pas venue à temps.`
        : notice.reason === "declined"
          ? `${names(notice.observerId)} a refusé de lire ${youth(notice.reference)}.`
          : `${names(notice.observerId)} a quitté ${youth(notice.reference)} (la jeune personne en est prévenue).`;
  }
}

/**
 * The answer to `!passer 4821 camille`: the invite the counsellor must send herself, from her own
 * client, since only her client holds the keys that let her colleague read the earlier messages.
 */
export function handOverInstructions(reference: number, colleagueId: UserId, name: string): string {
  return (
    `Invite ${colleagueId} dans « ${youth(reference)} » : /invite ${colleagueId}\n` +
    `C'est ton invitation qui donne à ${name} l'historique de la conversation : elle doit venir ` +
    `de toi, depuis la conversation. Dès que ${name} l'a rejointe, la permanence te retire de ` +
    "la conversation. Reste jusque-là."
  );
}

/** Why `!passer` cannot be done, in words. */
export function handOverRefusalReply(
  reason: HandoverRefusal,
  reference: number,
  by: string,
  to: string,
): string {
  return `Passation de ${youth(reference)} impossible : ${handoverRefusals[reason](by, to)}`;
}

const handoverRefusals: Record<HandoverRefusal, (by: string, to: string) => string> = {
  not_in_charge: (by) =>
    `seule l'intervenante en charge de la conversation peut la passer, et ce n'est pas ${by}.`,
  not_a_counsellor: (_by, to) => `${to} n'est pas une intervenante de la permanence.`,
  same_counsellor: (_by, to) => `${to} est déjà en charge de cette conversation.`,
  observing: (_by, to) =>
    `${to} lit déjà cette conversation en observatrice : elle doit la quitter avant de la reprendre.`,
  off_duty: (_by, to) => `${to} est hors service (elle peut taper !dispo ou !pause).`,
  full: (_by, to) => `${to} a déjà son maximum de conversations.`,
};

const handoverCancellations: Record<HandoverCancellation, (to: string) => string> = {
  declined: (to) => `${to} a décliné l'invitation.`,
  off_duty: (to) => `${to} est passée hors service.`,
  replaced: (to) => `l'invitation de ${to} est remplacée par une nouvelle.`,
  timed_out: (to) =>
    `${to} n'a pas rejoint la conversation à temps : son invitation est retirée. La conversation reste à l'intervenante en charge.`,
};

export interface StatusView {
  counsellors: { name: string; availability: Availability; load: number; capacity: number }[];
  queueLength: number;
  open: boolean;
  closesAt: number | null;
  nextOpensAt: number | null;
}

/** The answer to !statut: opening, queue, and each counsellor's availability and load. */
export function renderStatus(view: StatusView, timeZone: string): string {
  const opening = view.open
    ? view.closesAt === null
      ? "Permanence ouverte."
      : `Permanence ouverte jusqu'à ${clock(view.closesAt, timeZone)}.`
    : view.nextOpensAt === null
      ? "Permanence fermée. Aucune ouverture prévue."
      : `Permanence fermée. Prochaine ouverture : ${dayAndClock(view.nextOpensAt, timeZone)}.`;
  const team =
    view.counsellors.length === 0
      ? ["Aucune intervenante inscrite."]
      : [
          "Intervenantes :",
          ...view.counsellors.map((counsellor) => {
            const load =
              counsellor.availability === "off_duty" && counsellor.load === 0
                ? ""
                : ` (${counsellor.load}/${counsellor.capacity})`;
            return `- ${counsellor.name} : ${availabilityWords[counsellor.availability]}${load}`;
          }),
        ];
  return [opening, queue(view.queueLength), ...team].join("\n");
}

/** The answer to `!bloquer`: what happened, without anything about the youth. */
export function barReply(reference: number, barred: boolean, barMinutes: number): string {
  if (!barred) {
    return (
      `Jeune ${reference} : conversation terminée. Le blocage n'a pas pu être posé : ` +
      "la permanence a redémarré depuis l'ouverture de cette conversation."
    );
  }
  const hours = barMinutes / 60;
  const duration = Number.isInteger(hours) ? `${hours} h` : `${barMinutes} min`;
  return (
    `Jeune ${reference} : conversation terminée. Depuis cet appareil ou ce réseau, aucune ` +
    `nouvelle conversation ne pourra être ouverte pendant ${duration} (ou jusqu'au prochain ` +
    "redémarrage de la permanence)."
  );
}
