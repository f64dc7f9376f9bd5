import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHelplineConfig, parseHelplineConfig } from "./load.ts";
import { helplineConfigProblems, validHelplineInput } from "./testing.ts";

const examples = path.resolve(import.meta.dirname, "../../../config/helplines");

const crisis = {
  guidance: { fr: "Appelle le 112 avec ta superviseuse." },
  contacts: [{ label: { fr: "Urgences" }, phone: "112" }],
};

describe("the crisis guidance of a helpline", () => {
  it("should be optional, and read as written", () => {
    expect(parseHelplineConfig(validHelplineInput(), "line.yaml").crisis).toBeUndefined();
    expect(parseHelplineConfig({ ...validHelplineInput(), crisis }, "line.yaml").crisis).toEqual(
      crisis,
    );
  });

  it("should name the file, the key and what was expected", () => {
    const raw = (section: unknown) => ({ ...validHelplineInput(), crisis: section });
    expect(
      helplineConfigProblems(
        raw({ ...crisis, contacts: [{ label: { fr: "Police" }, phone: "one-o-one" }] }),
      ),
    ).toEqual([
      'line.yaml: crisis.contacts.0.phone: expected a phone number of digits and spaces, e.g. "112", got "one-o-one"',
    ]);
    expect(helplineConfigProblems(raw({ ...crisis, guidance: { en: "Call 112." } }))).toEqual([
      "line.yaml: crisis.guidance.fr: expected a text in the default language (fr), got nothing (the key is missing)",
    ]);
    expect(helplineConfigProblems(raw({ ...crisis, contacts: [] }))[0]).toMatch(
      /^line\.yaml: crisis\.contacts: expected at least one contact/,
    );
    expect(helplineConfigProblems(raw({ ...crisis, whom: "112" }))[0]).toMatch(
      /^line\.yaml: crisis/,
    );
  });

  it("should be filled for the three running services, in each of their languages, with 112 and 101", () => {
    for (const [file, languages, secrecy] of [
      ["maintenant-jen-parle.yaml", ["fr", "en"], "458bis"],
      ["nu-praat-ik-er-over.yaml", ["nl", "en"], "458bis"],
      ["sos-viol.yaml", ["fr", "nl", "en"], null],
    ] as const) {
      const { crisis: section } = loadHelplineConfig(path.join(examples, file));
      expect(section?.contacts.map(({ phone }) => phone)).toEqual(["112", "101"]);
      for (const language of languages) {
        const text = section?.guidance[language] ?? "";
        expect([file, language, text.length > 0]).toEqual([file, language, true]);
        // Minors: the secrecy exception for minors; adults: the state of necessity only.
        if (secrecy === null) expect(text).not.toContain("458bis");
        else expect(text).toContain(secrecy);
        for (const contact of section?.contacts ?? []) expect(contact.label[language]).toBeTruthy();
      }
    }
  });
});
