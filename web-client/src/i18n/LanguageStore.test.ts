import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { browserLang, defaultLang, type Lang, type Messages } from "./index.ts";
import { LanguageStore } from "./LanguageStore.ts";
import { nl } from "./nl.ts";

const catalogs: Record<Lang, Messages> = { fr, nl, en };

/** A loader whose answers the test releases by hand, to play slow networks. */
function manualLoader() {
  const pending: { lang: Lang; release: () => void; fail: () => void }[] = [];
  const load = (lang: Lang) =>
    new Promise<Messages>((resolve, reject) => {
      pending.push({
        lang,
        release: () => resolve(catalogs[lang]),
        fail: () => reject(new Error()),
      });
    });
  return { load, pending };
}

describe("the page's language", () => {
  it("should open in the helpline's language, else the browser's, else French", () => {
    expect(defaultLang("nl", ["en-GB"])).toBe("nl");
    expect(defaultLang(undefined, ["de-DE", "en-GB", "fr"])).toBe("en");
    expect(defaultLang("de", ["de-DE"])).toBe("fr");
    expect(browserLang(["NL-be"])).toBe("nl");
    expect(browserLang([])).toBe(null);
  });

  it("should start in French and switch once the catalog has loaded", async () => {
    const { load, pending } = manualLoader();
    const store = new LanguageStore(load);
    expect(store.getSnapshot().lang).toBe("fr");
    const switched = store.choose("nl");
    expect(store.getSnapshot().lang).toBe("fr");
    pending[0]?.release();
    await switched;
    expect(store.getSnapshot()).toBe(nl);
  });

  it("should keep the youth's choice over a default that arrives later", async () => {
    const store = new LanguageStore((lang) => Promise.resolve(catalogs[lang]));
    await store.choose("en");
    await store.applyDefault("nl", []);
    expect(store.getSnapshot().lang).toBe("en");
  });

  it("should ignore a slow catalog the youth no longer wants", async () => {
    const { load, pending } = manualLoader();
    const store = new LanguageStore(load);
    const first = store.choose("nl");
    const second = store.choose("en");
    pending[1]?.release();
    await second;
    pending[0]?.release();
    await first;
    expect(store.getSnapshot().lang).toBe("en");
    const back = store.choose("fr");
    pending[2]?.release();
    await back;
    expect(store.getSnapshot().lang).toBe("fr");
  });

  it("should stay in the current language if a catalog cannot load", async () => {
    const { load, pending } = manualLoader();
    const store = new LanguageStore(load);
    const switched = store.choose("nl");
    pending[0]?.fail();
    await switched;
    expect(store.getSnapshot().lang).toBe("fr");
  });
});

describe("the catalogs", () => {
  /** Every leaf key path of a catalog, functions included. */
  function keys(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }

  it("should have the same keys and no empty text in every language", () => {
    for (const messages of [nl, en]) {
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
});
