// The staff room's answers when an action (../actions/) is refused, in plain French: why, and
// what to do instead. A youth is only ever "Jeune 4821"; a name typed that the helpline does not
// know is never repeated.

import type {
  AvailabilityRefusal,
  BarRefusal,
  DangerRefusal,
  EndRefusal,
  HandOverRefusal,
  HandOverToNextRefusal,
  ObserveRefusal,
  RequeueRefused,
} from "../actions/index.ts";
import type { Availability, UserId } from "../types.ts";
import { helpText } from "./commands.ts";
import { alreadyReply, handOverRefusalReply } from "./render.ts";

/** How the staff room names counsellors: display names, and the whole team for a wrong name. */
export interface Names {
  of(userId: UserId): string;
  team(): string[];
}

const noConversation = (reference: number) =>
  `Aucune conversation « Jeune ${reference} » en cours.`;
const withHelp = (text: string) => `${text}\n\n${helpText()}`;
/** Not in charge, in the words of `!passer`, which `!relais` and `!file` share. */
const notInCharge = (reference: number, by: UserId, names: Names) =>
  handOverRefusalReply("not_in_charge", reference, names.of(by), "");

/** `!passer 4821 camille` refused; `colleague`: whom the name typed designates, if anyone. */
export function handOverRefusedReply(
  refusal: HandOverRefusal,
  reference: number,
  by: UserId,
  colleague: UserId | undefined,
  names: Names,
): string {
  switch (refusal) {
    case "not_found":
      return withHelp(noConversation(reference));
    case "unknown_colleague":
      return withHelp(
        `Je ne connais pas cette intervenante. Intervenantes : ${names.team().join(", ")}.`,
      );
    default:
      return handOverRefusalReply(refusal, reference, names.of(by), names.of(colleague ?? ""));
  }
}

/** `!relais 4821` refused. */
export function handOverToNextRefusedReply(
  refusal: HandOverToNextRefusal,
  reference: number,
  by: UserId,
  names: Names,
): string {
  switch (refusal) {
    case "not_found":
      return withHelp(noConversation(reference));
    case "not_in_charge":
      return notInCharge(reference, by, names);
    case "nobody_free":
      return (
        `Aucune collègue en service n'est libre pour Jeune ${reference} pour l'instant. ` +
        `Réessaie !relais ${reference} plus tard, ou choisis une collègue : !passer ${reference} <prénom>.`
      );
  }
}

/** `!file 4821` refused. */
export function requeueRefusedReply(
  refusal: RequeueRefused,
  reference: number,
  by: UserId,
  names: Names,
): string {
  switch (refusal.refused) {
    case "not_found":
      return withHelp(noConversation(reference));
    case "not_in_charge":
      return notInCharge(reference, by, names);
    case "already_requeued": {
      const { colleague } = refusal;
      return colleague === null
        ? `Jeune ${reference} est déjà dans la file : une collègue la reprendra dès qu'elle sera libre.`
        : `Jeune ${reference} est déjà dans la file et ${names.of(colleague)} va la reprendre. ` +
            `Si tu ne l'as pas encore invitée : /invite ${colleague}`;
    }
    case "handover_pending":
      return `Une collègue est déjà invitée à reprendre Jeune ${reference}.`;
  }
}

/** `!dispo`, `!pause` or `!fin` refused: she already is so, or the operator disabled her. */
export function availabilityRefusedReply(
  refusal: AvailabilityRefusal,
  availability: Availability,
): string {
  switch (refusal) {
    case "unchanged":
      return alreadyReply(availability);
    case "disabled":
      return "Ton compte est désactivé : tu restes hors service tant qu'il n'est pas réactivé.";
  }
}

/**
 * `!terminer 4821` refused; null for a conversation in a colleague's charge, which is left alone
 * without a word, as the engine leaves it.
 */
export function endRefusedReply(refusal: EndRefusal, reference: number): string | null {
  return refusal === "not_found" ? noConversation(reference) : null;
}

/** `!fiche 4821` with nothing to file: not hers, never taken, already filed or too late. */
export function noCaseFormReply(reference: number): string {
  return (
    `Pas de fiche à remplir pour Jeune ${reference} : seule l'intervenante qui avait la ` +
    "conversation à sa fin peut la remplir, une seule fois, dans les 2 heures. Rien n'a été enregistré."
  );
}

/** `!fiche 4821 …` with a code it does not know: nothing is counted; the codes follow. */
export function caseFormCodesRefusedReply(reason: string, codes: string): string {
  return `${reason} Rien n'a été enregistré.\n\n${codes}`;
}

/** `!fiche 4821 …` counted. */
export function caseFormFiledReply(reference: number): string {
  return (
    `Fiche de Jeune ${reference} enregistrée, merci. Seuls les totaux du jour de chaque réponse ` +
    "sont gardés, jamais la fiche."
  );
}

/** `!bloquer 4821` refused: only the counsellor in charge may (engine/ending.ts, mayBar). */
export function barRefusedReply(refusal: BarRefusal, reference: number): string {
  return refusal === "not_found"
    ? noConversation(reference)
    : `Blocage de Jeune ${reference} impossible : seule l'intervenante en charge de la ` +
        "conversation peut la bloquer. Rien n'a été modifié.";
}

/** `!danger 4821` refused: what the mark needs, and that nothing changed. */
export function dangerRefusedReply(refusal: DangerRefusal, reference: number): string {
  switch (refusal) {
    case "not_found":
      return withHelp(noConversation(reference));
    case "not_active":
      return `Jeune ${reference} attend encore une intervenante : seule une conversation en cours peut être signalée. Rien n'a été modifié.`;
    case "not_in_charge":
      return (
        `Signalement de Jeune ${reference} impossible : seule l'intervenante en charge de la ` +
        "conversation, ou une superviseuse, peut la signaler. Rien n'a été modifié."
      );
    case "already_marked":
      return `Jeune ${reference} est déjà signalée en danger de mort : les superviseuses ont été alertées. Rien n'a été modifié.`;
  }
}

/** `!superviser 4821` refused (actions/observe.ts). */
export function observeRefusedReply(refusal: ObserveRefusal, reference: number): string {
  switch (refusal) {
    case "not_found":
      return withHelp(noConversation(reference));
    case "not_a_supervisor":
      return "Seule une superviseuse peut rejoindre une conversation pour la lire.";
    case "not_active":
      return `Jeune ${reference} n'a pas d'intervenante dans la conversation pour l'instant : rien à lire avec elle.`;
    case "in_charge":
      return `Tu es déjà l'intervenante de Jeune ${reference}, ou invitée à la reprendre.`;
    case "already_observing":
      return `Tu lis déjà Jeune ${reference}, ou ton invitation est en route.`;
    case "not_allowed":
    case "not_a_counsellor":
      return "Cette demande n'est pas possible.";
  }
}
