import { fr } from "./fr.ts";
import type { Lang, Messages } from "./types.ts";

export type { Lang, Messages } from "./types.ts";

const catalogs: Readonly<Partial<Record<Lang, Messages>>> = { fr };

/** French is the service's language; other catalogs are used only when they exist. */
export function messagesFor(lang: Lang): Messages {
  return catalogs[lang] ?? fr;
}
