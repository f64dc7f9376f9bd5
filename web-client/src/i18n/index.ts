import { fr } from "./fr.ts";
import type { Lang, Messages } from "./types.ts";

export type { Lang, Messages } from "./types.ts";

export const LANGS: readonly Lang[] = ["fr", "nl", "en"];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/**
 * Only French is in the landing bundle; Dutch and English are separate chunks fetched when
 * chosen, so the welcome page stays light.
 */
const loaders: Readonly<Record<Lang, () => Promise<Messages>>> = {
  fr: () => Promise.resolve(fr),
  nl: () => import("./nl.ts").then((m) => m.nl),
  en: () => import("./en.ts").then((m) => m.en),
};

export function loadMessages(lang: Lang): Promise<Messages> {
  return loaders[lang]();
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

/** The French catalog, the only one available synchronously (the landing bundle's). */
export function messagesFor(lang: "fr"): Messages {
  return lang === "fr" ? fr : fr;
}
