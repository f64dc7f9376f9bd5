import { defaultCaseCategories } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import { caseCategoriesOf } from "./case-categories.ts";
import { parseHelplineConfig } from "./load.ts";
import { helplineConfigProblems, validHelplineInput } from "./testing.ts";

function withCaseForm(caseForm: unknown): Record<string, unknown> {
  return { ...validHelplineInput(), ...(caseForm === undefined ? {} : { caseForm }) };
}

const grooming = { id: "grooming", label: { fr: "Pédopiégeage", nl: "Grooming" } };

describe("the case form's categories in a helpline file", () => {
  it("should be the default taxonomy, labelled in every language, when absent", () => {
    const categories = caseCategoriesOf(parseHelplineConfig(withCaseForm(undefined), "line.yaml"));
    expect(categories.map((c) => c.id)).toEqual([...defaultCaseCategories]);
    for (const { label } of categories) {
      expect(Object.keys(label).sort()).toEqual(["en", "fr", "nl"]);
    }
  });

  it("should replace the default taxonomy by the helpline's own", () => {
    const definition = parseHelplineConfig(withCaseForm({ categories: [grooming] }), "line.yaml");
    expect(caseCategoriesOf(definition)).toEqual([grooming]);
  });

  it("should name the key of a label missing in the default language, and a repeated id", () => {
    const found = helplineConfigProblems(
      withCaseForm({ categories: [grooming, { id: "grooming", label: { en: "Grooming" } }] }),
    );
    expect(found).toEqual([
      "line.yaml: caseForm.categories.1.label.fr: expected a text in the default language (fr), got nothing (the key is missing)",
      expect.stringMatching(
        /^line\.yaml: caseForm\.categories\.1\.id: expected an id not used already \(caseForm\.categories\.0\.id/,
      ),
    ]);
  });

  it("should refuse ids that are not lower-case-dashed, and an empty list", () => {
    expect(
      helplineConfigProblems(
        withCaseForm({ categories: [{ ...grooming, id: "Grooming online" }] }),
      )[0],
    ).toMatch(/^line\.yaml: caseForm\.categories\.0\.id: expected a lower-case id/);
    expect(helplineConfigProblems(withCaseForm({ categories: [] }))[0]).toMatch(
      /^line\.yaml: caseForm\.categories: expected at least one category/,
    );
    expect(helplineConfigProblems(withCaseForm({ categorie: [] }))[0]).toMatch(
      /^line\.yaml: caseForm/,
    );
  });
});
