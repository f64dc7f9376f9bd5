import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHelplineConfig, parseHelplineConfig } from "./load.ts";
import { helplineConfigProblems, validHelplineInput } from "./testing.ts";

const examples = path.resolve(import.meta.dirname, "../../../config/helplines");

function withReplies(cannedReplies: unknown): Record<string, unknown> {
  return {
    ...validHelplineInput(),
    ...(cannedReplies === undefined ? {} : { cannedReplies }),
  };
}

const emergency = {
  id: "emergency",
  label: { fr: "Urgence", en: "Emergency" },
  text: { fr: "Si tu es en danger maintenant, appelle le 112.", en: "Call 112." },
};

describe("canned replies in a helpline file", () => {
  it("should be optional, and none when absent", () => {
    expect(parseHelplineConfig(withReplies(undefined), "line.yaml").cannedReplies).toEqual([]);
  });

  it("should keep ids, labels and texts in every language given", () => {
    const def = parseHelplineConfig(withReplies([emergency]), "line.yaml");
    expect(def.cannedReplies).toEqual([emergency]);
  });

  it("should name the key of a label or a text missing in the default language", () => {
    const reply = { id: "hours", label: { en: "Hours" }, text: { nl: "Open op maandag." } };
    expect(helplineConfigProblems(withReplies([emergency, reply]))).toEqual([
      "line.yaml: cannedReplies.1.label.fr: expected a text in the default language (fr), got nothing (the key is missing)",
      "line.yaml: cannedReplies.1.text.fr: expected a text in the default language (fr), got nothing (the key is missing)",
    ]);
  });

  it("should refuse a repeated id, naming the first one", () => {
    const problemsFound = helplineConfigProblems(withReplies([emergency, { ...emergency }]));
    expect(problemsFound).toHaveLength(1);
    expect(problemsFound[0]).toMatch(
      /^line\.yaml: cannedReplies\.1\.id: expected an id not used already \(cannedReplies\.0\.id/,
    );
  });

  it("should refuse ids that are not lower-case slugs, empty texts and unknown keys", () => {
    const found = helplineConfigProblems(
      withReplies([
        { ...emergency, id: "Emergency Numbers" },
        { ...emergency, id: "take-your-time", text: { fr: "" } },
        { ...emergency, id: "hours", body: "x" },
      ]),
    );
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^line\.yaml: cannedReplies\.0\.id: expected a lower-case id/);
    expect(found[1]).toMatch(/^line\.yaml: cannedReplies\.1\.text\.fr: /);
    expect(found[2]).toMatch(/^line\.yaml: cannedReplies\.2.*body/);
  });

  it("should be present in the three committed helpline files, in their default language", () => {
    for (const file of ["maintenant-jen-parle.yaml", "nu-praat-ik-er-over.yaml", "sos-viol.yaml"]) {
      const def = loadHelplineConfig(path.join(examples, file));
      const ids = def.cannedReplies.map((reply) => reply.id);
      expect(ids, file).toEqual(["emergency", "take-your-time", "hours", "care-centre"]);
      for (const reply of def.cannedReplies) {
        expect(reply.text[def.defaultLanguage], `${file} ${reply.id}`).toBeTruthy();
      }
      const emergencyText = def.cannedReplies[0]?.text[def.defaultLanguage] ?? "";
      expect(emergencyText, file).toContain("112");
      expect(emergencyText, file).toContain("101");
    }
  });

  it("should speak to adults with « vous » and to youths with « tu »", () => {
    const adults = loadHelplineConfig(path.join(examples, "sos-viol.yaml"));
    const youths = loadHelplineConfig(path.join(examples, "maintenant-jen-parle.yaml"));
    const french = (def: typeof adults) => def.cannedReplies.map((r) => r.text.fr ?? "").join(" ");
    expect(french(adults)).toMatch(/\bvous\b/);
    expect(french(adults)).not.toMatch(/\btu\b|\bton\b|\bta\b/);
    expect(french(youths)).toMatch(/\btu\b/);
    expect(french(youths)).not.toMatch(/\bvous\b/);
  });
});
