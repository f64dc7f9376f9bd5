import { describe, expect, it } from "vitest";
import { fileCaseForm, type CaseFormDue } from "./case-form.ts";

const due: CaseFormDue[] = [
  { reference: 1001, counsellor: "@alice", until: 10 },
  { reference: 1002, counsellor: "@bea", until: 10 },
];
const categories = ["rape", "harassment"];
const form = { categories: ["harassment"], writer: "victim", offered: ["listening"] } as const;

describe("filing a case form", () => {
  it("should take hers, with categories of the helpline", () => {
    expect(fileCaseForm(due, categories, "@alice", { reference: 1001, form })).toEqual({ form });
  });

  it("should know nothing to file for a colleague's, or a reference nobody ended", () => {
    for (const reference of [1002, 4242]) {
      expect(fileCaseForm(due, categories, "@alice", { reference, form })).toEqual({
        refused: "not_found",
      });
    }
  });

  it("should refuse a category the helpline does not have", () => {
    const odd = { ...form, categories: ["harassment", "sexual-assault"] };
    expect(fileCaseForm(due, categories, "@alice", { reference: 1001, form: odd })).toEqual({
      refused: "unknown_category",
    });
  });
});
