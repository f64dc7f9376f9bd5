import path from "node:path";
import { describe, expect, it } from "vitest";
import { publicHelpline } from "../permanence/public-view.ts";
import { loadHelplineConfig, parseHelplineConfig } from "./load.ts";
import { helplineConfigProblems, validHelplineInput } from "./testing.ts";

const examples = path.resolve(import.meta.dirname, "../../../config/helplines");

function withTexts(waitingTexts: unknown): Record<string, unknown> {
  return { ...validHelplineInput(), ...(waitingTexts === undefined ? {} : { waitingTexts }) };
}

const next = {
  id: "what-happens-next",
  title: { fr: "Et maintenant ?", en: "What now?" },
  body: { fr: "Une intervenante te rejoint dès qu'elle est libre.", en: "A counsellor joins you." },
};

describe("waiting texts in a helpline file", () => {
  it("should be optional, none when absent, and sent to the page as written", () => {
    expect(parseHelplineConfig(withTexts(undefined), "line.yaml").waitingTexts).toEqual([]);
    const def = parseHelplineConfig(withTexts([next]), "line.yaml");
    expect(def.waitingTexts).toEqual([next]);
    expect(publicHelpline(def).waitingTexts).toEqual([next]);
  });

  it("should name the key of a text missing in the default language, a repeated id, a bad id", () => {
    const found = helplineConfigProblems(
      withTexts([
        next,
        { id: "secrecy", title: { en: "Secrecy" }, body: { fr: "Le secret." } },
        { ...next },
        { ...next, id: "Other Help", body: { fr: "" } },
      ]),
    );
    expect(found).toEqual([
      expect.stringMatching(/^line\.yaml: waitingTexts\.3\.id: expected a lower-case id/),
      expect.stringMatching(/^line\.yaml: waitingTexts\.3\.body\.fr: /),
      "line.yaml: waitingTexts.1.title.fr: expected a text in the default language (fr), got nothing (the key is missing)",
      expect.stringMatching(
        /^line\.yaml: waitingTexts\.2\.id: expected an id not used already \(waitingTexts\.0\.id/,
      ),
    ]);
  });

  it("should be in the seed helplines, with the secrecy exception, in each one's register", () => {
    const cases = [
      ["maintenant-jen-parle.yaml", ["fr", "nl", "en"], /\bta vie est en danger grave\b/],
      ["nu-praat-ik-er-over.yaml", ["nl", "fr"], /\bals je leven in ernstig gevaar is\b/],
      ["sos-viol.yaml", ["fr"], /\bvotre vie est en danger grave\b/],
    ] as const;
    for (const [file, languages, exception] of cases) {
      const def = loadHelplineConfig(path.join(examples, file));
      expect(
        def.waitingTexts.map((text) => text.id),
        file,
      ).toEqual(["what-happens-next", "what-the-counsellor-does", "secrecy", "other-help"]);
      for (const text of def.waitingTexts) {
        for (const language of languages) {
          expect(text.title[language], `${file} ${text.id} ${language}`).toBeTruthy();
          expect(text.body[language], `${file} ${text.id} ${language}`).toBeTruthy();
        }
      }
      const defaultTexts = def.waitingTexts.map((t) => t.body[def.defaultLanguage]).join(" ");
      expect(defaultTexts, file).toMatch(exception);
      expect(defaultTexts, file).toContain("112");
    }
    const adults = loadHelplineConfig(path.join(examples, "sos-viol.yaml"));
    const french = adults.waitingTexts.map((t) => `${t.title.fr} ${t.body.fr}`).join(" ");
    expect(french).toMatch(/\bvous\b/);
    // Letters around, not \b: in JavaScript "ê" is no word character, so "êtes" would match.
    expect(french).not.toMatch(/(?<!\p{L})(tu|ton|ta|tes|toi)(?!\p{L})/u);
  });
});
