// `!fiche 4821 cat=viol qui=victime age=15-17 premiere=oui offre=ecoute,cpvs`: the case form in
// the staff room (issue 17). One French key per question, its answers after "=", several separated
// by commas; any question may be left out. Categories are the helpline's ids, as its file gives
// them. Pure: the words after the reference in, a form (or why not, in French) out. An unknown key
// or code changes nothing, and the answer lists the right ones. The staff room is not end-to-end
// encrypted: answers never repeat what she typed (the bot redacts her message, staff-desk.ts).

import type {
  CaseAgeBand,
  CaseFirstDisclosure,
  CaseForm,
  CaseOffer,
  CaseWriter,
} from "@helpline/contract";

/** The codes counsellors type, for the answers the contract knows (../../../contract). */
const writerCodes: Record<string, CaseWriter> = {
  victime: "victim",
  proche: "relative-or-friend",
  pro: "professional",
  inconnu: "unknown",
};
const ageCodes: Record<string, CaseAgeBand> = {
  "moins-12": "under-12",
  "12-14": "12-14",
  "15-17": "15-17",
  "18-24": "18-24",
  "25-plus": "25-plus",
  inconnu: "unknown",
};
const disclosureCodes: Record<string, CaseFirstDisclosure> = {
  oui: "yes",
  non: "no",
  inconnu: "unknown",
};
const offerCodes: Record<string, CaseOffer> = {
  ecoute: "listening",
  info: "information",
  "sos-enfants": "referral-sos-enfants",
  cpvs: "referral-cpvs",
  police: "referral-police",
  urgences: "referral-emergency",
};

type Key = "cat" | "qui" | "age" | "premiere" | "offre";
const keys: readonly Key[] = ["cat", "qui", "age", "premiere", "offre"];
/** Questions with one answer; the others take several. */
const single: ReadonlySet<Key> = new Set(["qui", "age", "premiere"]);

export interface CaseCategoryCode {
  id: string;
  /** The label counsellors read (French first). */
  label: string;
}

/** The codes to type, one line per question: what `!fiche 4821` alone answers. */
export function caseFormCodes(reference: number, categories: readonly CaseCategoryCode[]): string {
  const list = (codes: Record<string, string>) => Object.keys(codes).join(", ");
  return [
    `Fiche de Jeune ${reference} : une réponse par question, toutes facultatives, par exemple`,
    `!fiche ${reference} cat=${categories[0]?.id ?? "autre"} qui=victime age=15-17 premiere=oui offre=ecoute,cpvs`,
    `cat= (une ou plusieurs, séparées par des virgules) : ${categories.map((c) => `${c.id} (${c.label})`).join(", ")}`,
    `qui= (qui écrit) : ${list(writerCodes)}`,
    `age= (tranche d'âge) : ${list(ageCodes)}`,
    `premiere= (première fois qu'elle en parle) : ${list(disclosureCodes)}`,
    `offre= (ce qui a été proposé, une ou plusieurs) : ${list(offerCodes)}`,
  ].join("\n");
}

/**
 * Reads the words after the reference ("cat=viol,harcelement qui=victime"), already lower case
 * and without accents. Spaces around "=" and "," are allowed.
 */
export function readCaseFormCodes(
  words: string,
  categoryIds: readonly string[],
): { form: CaseForm } | { error: string } {
  const tokens = words
    .replace(/\s*([=,])\s*/g, "$1")
    .split(" ")
    .filter((token) => token !== "");
  const answers = new Map<Key, string[]>();
  for (const token of tokens) {
    const [key = "", values = "", ...extra] = token.split("=");
    if (!(keys as readonly string[]).includes(key) || extra.length > 0) {
      return {
        error: `Je ne comprends pas un des mots : écris une question (${keys.map((k) => `${k}=`).join(", ")}) suivie de ses codes.`,
      };
    }
    const question = key as Key;
    if (answers.has(question)) return { error: `La question ${question}= est donnée deux fois.` };
    const codes = values.split(",").filter((value) => value !== "");
    if (codes.length === 0) return { error: `Il manque la réponse après ${question}=.` };
    if (single.has(question) && codes.length > 1) {
      return { error: `Une seule réponse pour ${question}=.` };
    }
    if (new Set(codes).size !== codes.length) {
      return { error: `Une même réponse est donnée deux fois pour ${question}=.` };
    }
    const known = question === "cat" ? categoryIds : Object.keys(codesOf(question));
    if (codes.some((code) => !known.includes(code))) {
      return { error: `Code inconnu pour ${question}=.` };
    }
    answers.set(question, codes);
  }
  const one = <T>(question: Key, codes: Record<string, T>): T | undefined => {
    const code = answers.get(question)?.[0];
    return code === undefined ? undefined : codes[code];
  };
  const writer = one("qui", writerCodes);
  const ageBand = one("age", ageCodes);
  const firstDisclosure = one("premiere", disclosureCodes);
  return {
    form: {
      categories: answers.get("cat") ?? [],
      ...(writer === undefined ? {} : { writer }),
      ...(ageBand === undefined ? {} : { ageBand }),
      ...(firstDisclosure === undefined ? {} : { firstDisclosure }),
      offered: (answers.get("offre") ?? []).flatMap((code) => offerCodes[code] ?? []),
    },
  };
}

function codesOf(question: Exclude<Key, "cat">): Record<string, string> {
  switch (question) {
    case "qui":
      return writerCodes;
    case "age":
      return ageCodes;
    case "premiere":
      return disclosureCodes;
    case "offre":
      return offerCodes;
  }
}
