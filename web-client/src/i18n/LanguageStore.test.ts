import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { frFormal } from "./fr-formal.ts";
import { browserLang, defaultLang, registerFor, type Lang, type Messages } from "./index.ts";
import type { Register } from "./types.ts";
import { LanguageStore } from "./LanguageStore.ts";
import { nl } from "./nl.ts";
import { nlFormal } from "./nl-formal.ts";

const catalogs: Record<Lang, Record<Register, Messages>> = {
  fr: { informal: fr, formal: frFormal },
  nl: { informal: nl, formal: nlFormal },
  en: { informal: en, formal: { ...en, register: "formal" } },
};

/** A loader whose answers the test releases by hand, to play slow networks. */
function manualLoader() {
  const pending: { lang: Lang; release: () => void; fail: () => void }[] = [];
  const load = (lang: Lang, register: Register) =>
    new Promise<Messages>((resolve, reject) => {
      pending.push({
        lang,
        release: () => resolve(catalogs[lang][register]),
        fail: () => reject(new Error()),
      });
    });
  return { load, pending };
}

const instant = (lang: Lang, register: Register) => Promise.resolve(catalogs[lang][register]);

/** A store that already speaks French to a minor, as a page whose helpline has answered. */
async function speakingFrench(load = manualLoader()) {
  const store = new LanguageStore(load.load);
  const applied = store.applyHelpline({ audience: "minors", defaultLanguage: "fr" }, []);
  load.pending.at(-1)?.release();
  await applied;
  return { store, ...load };
}

describe("the page's language", () => {
  it("should open in the helpline's language, else the browser's, else French", () => {
    expect(defaultLang("nl", ["en-GB"])).toBe("nl");
    expect(defaultLang(undefined, ["de-DE", "en-GB", "fr"])).toBe("en");
    expect(defaultLang("de", ["de-DE"])).toBe("fr");
    expect(browserLang(["NL-be"])).toBe("nl");
    expect(browserLang([])).toBe(null);
  });

  it("should show no text before the helpline says whom it speaks to", async () => {
    const { load, pending } = manualLoader();
    const store = new LanguageStore(load);
    expect(store.getSnapshot()).toBeNull();
    const applied = store.applyHelpline({ audience: "adults", defaultLanguage: "fr" }, ["nl"]);
    expect(store.getSnapshot()).toBeNull();
    pending[0]?.release();
    await applied;
    expect(store.getSnapshot()).toBe(frFormal);
  });

  it("should address adults formally and minors informally, in every language", async () => {
    expect(registerFor("adults")).toBe("formal");
    expect(registerFor("minors")).toBe("informal");
    expect(registerFor(undefined)).toBe("informal"); // an older bot: the register pages always had
    const adults = new LanguageStore(instant);
    await adults.applyHelpline({ audience: "adults", defaultLanguage: "nl" }, []);
    expect(adults.getSnapshot()).toBe(nlFormal);
    await adults.choose("fr");
    expect(adults.getSnapshot()).toBe(frFormal);
    const minors = new LanguageStore(instant);
    await minors.applyHelpline({ audience: "minors", defaultLanguage: "nl" }, []);
    expect(minors.getSnapshot()).toBe(nl);
  });

  it("should speak informally in the browser's language when the helpline cannot be had", async () => {
    const store = new LanguageStore(instant);
    await store.applyHelpline(undefined, ["en-GB"]);
    expect(store.getSnapshot()).toBe(en);
  });

  it("should switch once the catalog has loaded", async () => {
    const { store, pending } = await speakingFrench();
    const switched = store.choose("nl");
    expect(store.getSnapshot()?.lang).toBe("fr");
    pending.at(-1)?.release();
    await switched;
    expect(store.getSnapshot()).toBe(nl);
  });

  it("should keep the reader's choice over a default that arrives later, but take its register", async () => {
    const store = new LanguageStore(instant);
    await store.applyHelpline(undefined, []);
    await store.choose("nl");
    await store.applyHelpline({ audience: "adults", defaultLanguage: "fr" }, []);
    expect(store.getSnapshot()).toBe(nlFormal);
  });

  it("should ignore a slow catalog the reader no longer wants", async () => {
    const { store, pending } = await speakingFrench();
    const first = store.choose("nl");
    const second = store.choose("en");
    pending[2]?.release();
    await second;
    pending[1]?.release();
    await first;
    expect(store.getSnapshot()?.lang).toBe("en");
    const back = store.choose("fr");
    pending[3]?.release();
    await back;
    expect(store.getSnapshot()?.lang).toBe("fr");
  });

  it("should stay in the current language if a catalog cannot load", async () => {
    const { store, pending } = await speakingFrench();
    const switched = store.choose("nl");
    pending.at(-1)?.fail();
    await switched;
    expect(store.getSnapshot()?.lang).toBe("fr");
  });
});

describe("the catalogs", () => {
  /** Every leaf key path of a catalog, functions included. */
  function keys(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }

  /** Every text of a catalog, its functions called with sample values. */
  function texts(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (typeof value === "function") return [String((value as (...a: unknown[]) => unknown)(2, 3))];
    if (typeof value !== "object" || value === null) return [];
    return Object.values(value).flatMap(texts);
  }

  it("should have the same keys and no empty text in every language and register", () => {
    for (const messages of [nl, en, frFormal, nlFormal]) {
      expect(keys(messages).sort()).toEqual(keys(fr).sort());
      const empty = keys(messages).filter((path) => {
        const text = path
          .split(".")
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);
        return text === "" && !path.endsWith("reasons.other");
      });
      expect(empty).toEqual([]);
    }
  });

  it("should never say 'tu' (nl 'je') to an adult, and say 'vous' ('u') where it addresses them", () => {
    const informalFr = /(^|[^\p{L}])(tu|te|toi|ton|ta|tes|t’|t')(?=[^\p{L}]|$)/iu;
    const informalNl = /(^|[^\p{L}])(je|jij|jou|jouw)(?=[^\p{L}]|$)/iu;
    expect(texts(frFormal).filter((t) => informalFr.test(t))).toEqual([]);
    expect(texts(nlFormal).filter((t) => informalNl.test(t))).toEqual([]);
    expect(frFormal.welcome.intro).toMatch(/\bvous\b/);
    expect(nlFormal.welcome.intro).toMatch(/\bu\b/);
    expect(texts(fr).some((t) => informalFr.test(t))).toBe(true); // the check can fail
  });
});
