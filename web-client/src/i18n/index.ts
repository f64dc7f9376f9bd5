import type { Audience } from "@helpline/contract";
import type { Lang, Messages, Register } from "./types.ts";

export type { Lang, Messages, Register } from "./types.ts";

export const LANGS: readonly Lang[] = ["fr", "nl", "en"];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** Minors are addressed informally ("tu", "je"), adults and their relatives formally ("vous", "u"). */
export function registerFor(audience: Audience | undefined): Register {
  return audience === "adults" ? "formal" : "informal";
}

/**
 * Every catalog is a chunk of its own, fetched once the page knows its helpline's audience and
 * language: the welcome screen carries one language in one register, never all of them
 * (scripts/src/checks/landing-size.ts weighs each). English has one form for both registers.
 */
const loaders: Readonly<Record<Lang, Readonly<Record<Register, () => Promise<Messages>>>>> = {
  fr: {
    informal: () => import("./fr.ts").then((m) => m.fr),
    formal: () => import("./fr-formal.ts").then((m) => m.frFormal),
  },
  nl: {
    informal: () => import("./nl.ts").then((m) => m.nl),
    formal: () => import("./nl-formal.ts").then((m) => m.nlFormal),
  },
  en: {
    informal: () => import("./en.ts").then((m) => m.en),
    formal: () => import("./en.ts").then((m) => ({ ...m.en, register: "formal" })),
  },
};

export function loadMessages(lang: Lang, register: Register): Promise<Messages> {
  return loaders[lang][register]();
}

/** The first of the browser's languages ("nl-BE", "en") that the page speaks, if any. */
export function browserLang(languages: readonly string[]): Lang | null {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return null;
}

/**
 * The language a page opens in: the helpline's own default language when it is known,
 * else the browser's first language the page speaks, else French.
 */
export function defaultLang(helplineDefault: unknown, languages: readonly string[]): Lang {
  if (isLang(helplineDefault)) return helplineDefault;
  return browserLang(languages) ?? "fr";
}
