import { describe, expect, it } from "vitest";
import { caseFormCodes, readCaseFormCodes } from "./case-form-codes.ts";
import { parseStaffMessage } from "./commands.ts";

const categories = ["rape", "harassment", "other"];

function form(words: string) {
  const read = readCaseFormCodes(words, categories);
  if (!("form" in read)) throw new Error(`expected a form for ${words}: ${read.error}`);
  return read.form;
}

function error(words: string): string {
  const read = readCaseFormCodes(words, categories);
  if (!("error" in read)) throw new Error(`expected an error for ${words}`);
  return read.error;
}

describe("!fiche in the staff room", () => {
  it("should read the reference alone, or with the codes after it, whatever the case and accents", () => {
    expect(parseStaffMessage("!fiche 4821")).toEqual({
      kind: "command",
      command: { kind: "case_form", reference: 4821, answers: null },
    });
    expect(parseStaffMessage("!Fiche J-4821 cat=rape Première=OUI")).toEqual({
      kind: "command",
      command: { kind: "case_form", reference: 4821, answers: "cat=rape premiere=oui" },
    });
    const missing = parseStaffMessage("!fiche");
    expect(missing.kind === "invalid" && missing.reply).toContain("!fiche 4821");
  });

  it("should read every question, each skippable, into the contract's answers", () => {
    expect(
      form("cat=rape,harassment qui=victime age=15-17 premiere=oui offre=ecoute, cpvs"),
    ).toEqual({
      categories: ["rape", "harassment"],
      writer: "victim",
      ageBand: "15-17",
      firstDisclosure: "yes",
      offered: ["listening", "referral-cpvs"],
    });
    expect(form("age = moins-12")).toEqual({ categories: [], ageBand: "under-12", offered: [] });
    expect(form("")).toEqual({ categories: [], offered: [] });
  });

  it("should refuse unknown keys and codes, repeated or missing answers, never repeating them", () => {
    // The staff room is not end-to-end encrypted: what she typed is not written back.
    expect(error("cat=viol")).toBe("Code inconnu pour cat=.");
    expect(error("qui=mere")).toBe("Code inconnu pour qui=.");
    expect(error("offre=ecoute,constructor")).toBe("Code inconnu pour offre=.");
    expect(error("victime")).toMatch(/^Je ne comprends pas un des mots/);
    expect(error("sexe=f")).not.toContain("sexe");
    expect(error("qui=victime qui=proche")).toContain("deux fois");
    expect(error("offre=cpvs,cpvs")).toContain("deux fois");
    expect(error("age=12-14,15-17")).toContain("Une seule réponse");
    expect(error("premiere=")).toContain("Il manque");
  });

  it("should list the helpline's categories with their labels and every code", () => {
    const text = caseFormCodes(4821, [{ id: "rape", label: "Viol" }]);
    expect(text).toContain("!fiche 4821 cat=rape qui=victime");
    expect(text).toContain("rape (Viol)");
    for (const code of ["proche", "moins-12", "25-plus", "non", "sos-enfants", "urgences"]) {
      expect(text).toContain(code);
    }
  });
});
