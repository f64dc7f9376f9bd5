import type { CaseForm } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import { createCaseForms } from "./case-forms.ts";
import { Permanence, settingsFor } from "./engine/testing/scenario.ts";
import type { PermanenceObserver } from "./runtime.ts";

const settings = settingsFor([{ userId: "@alice" }, { userId: "@bea" }]);
const hour = 60 * 60_000;
const form: CaseForm = { categories: ["rape"], offered: ["listening"] };

/** A scenario whose every change the case forms see, at the scenario's clock. */
function evening() {
  const permanence = new Permanence(settings);
  const counted: CaseForm[] = [];
  const forms = createCaseForms({
    categories: ["rape", "other"],
    count: (f) => counted.push(f),
    now: () => permanence.now,
  });
  const watched = (step: () => unknown) => {
    const before = permanence.state;
    step();
    const change: Parameters<PermanenceObserver>[0] = {
      before,
      after: permanence.state,
      event: { type: "tick" },
      commands: [],
      at: permanence.now,
    };
    forms.observe(change);
  };
  permanence.counsellorGoesOnDuty("@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!a", 1001);
  permanence.counsellorJoins("!a", "@alice");
  permanence.youthArrives("!b", 1002);
  return { permanence, forms, counted, watched };
}

describe("the case forms still due", () => {
  it("should let the counsellor in charge file one form once the conversation ends, once", () => {
    const { permanence, forms, counted, watched } = evening();
    expect(forms.dueFor("@alice")).toEqual([]);
    watched(() => permanence.youthLeaves("!a"));
    expect(forms.dueFor("@alice")).toEqual([
      { reference: 1001, counsellor: "@alice", until: permanence.now + 2 * hour },
    ]);
    expect(forms.dueFor("@bea")).toEqual([]);
    expect(forms.file("@bea", 1001, form)).toBe("not_found");
    expect(forms.file("@alice", 1001, { ...form, categories: ["incest"] })).toBe(
      "unknown_category",
    );
    expect(counted).toEqual([]);
    expect(forms.file("@alice", 1001, form)).toBe("filed");
    expect(counted).toEqual([form]);
    expect(forms.file("@alice", 1001, form)).toBe("not_found");
    expect(forms.dueFor("@alice")).toEqual([]);
    expect(counted).toHaveLength(1);
  });

  it("should forget the possibility after two hours", () => {
    const { permanence, forms, counted, watched } = evening();
    watched(() => permanence.counsellorEnds("!a", "@alice"));
    expect(forms.dueFor("@alice")).toHaveLength(1);
    permanence.now += 2 * hour;
    expect(forms.dueFor("@alice")).toEqual([]);
    expect(forms.file("@alice", 1001, form)).toBe("not_found");
    expect(counted).toEqual([]);
  });

  it("should owe no form for a conversation nobody had taken", () => {
    const { permanence, forms, watched } = evening();
    watched(() => permanence.youthLeaves("!b"));
    expect([...forms.dueFor("@alice"), ...forms.dueFor("@bea")]).toEqual([]);
  });
});
