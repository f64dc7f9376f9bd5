import { describe, expect, it } from "vitest";
import { NOW, loggedIn, poll, setup, shown } from "../fake/console.ts";
import { desk, settle } from "../fake/fakes.ts";
import { ApiError } from "../types.ts";

const categories = [
  { id: "rape", label: { fr: "Viol", en: "Rape" } },
  { id: "harassment", label: { fr: "Harcèlement" } },
];
const due = (...references: number[]) =>
  desk({
    caseFormsDue: references.map((reference) => ({ reference, until: NOW + 3_600_000 })),
    caseCategories: categories,
  });

describe("CaseFormViewModel", () => {
  it("should show nothing while no form is due", async () => {
    const parties = await loggedIn(setup());
    await poll(parties);
    expect(shown(parties.vm).caseForm).toBeNull();
  });

  it("should send the answers chosen, each question skippable, then show the next form", async () => {
    const parties = await loggedIn(setup());
    const { api, caseForm } = parties;
    api.desk = due(4821, 4822);
    await poll(parties);
    expect(shown(parties.vm).caseForm).toMatchObject({
      reference: 4821,
      categories: [
        { id: "rape", checked: false },
        { id: "harassment", checked: false },
      ],
      writer: null,
    });
    caseForm.toggleCategory("harassment");
    caseForm.toggleCategory("rape");
    caseForm.toggleCategory("rape");
    caseForm.setWriter("victim");
    caseForm.setAgeBand("15-17");
    caseForm.toggleOffer("referral-cpvs");
    caseForm.toggleOffer("listening");
    expect(shown(parties.vm).caseForm).toMatchObject({ writer: "victim", ageBand: "15-17" });
    caseForm.send();
    expect(shown(parties.vm).caseForm?.sending).toBe(true);
    await settle();
    expect(api.caseForms).toEqual([
      {
        reference: 4821,
        form: {
          categories: ["harassment"],
          offered: ["listening", "referral-cpvs"],
          writer: "victim",
          ageBand: "15-17",
        },
      },
    ]);
    // The next one comes up blank, even before the bot's next answer drops the first.
    expect(shown(parties.vm).caseForm).toMatchObject({
      reference: 4822,
      writer: null,
      sending: false,
    });
    expect(shown(parties.vm).caseForm?.categories.some((c) => c.checked)).toBe(false);
  });

  it("should skip a form without sending anything", async () => {
    const parties = await loggedIn(setup());
    parties.api.desk = due(7);
    await poll(parties);
    parties.caseForm.skip();
    expect(shown(parties.vm).caseForm).toBeNull();
    await poll(parties);
    expect(shown(parties.vm).caseForm).toBeNull();
    expect(parties.api.calls.filter((c) => c.startsWith("case-form"))).toEqual([]);
  });

  it("should keep the answers after a failure to try again, and drop a form the bot no longer has", async () => {
    const parties = await loggedIn(setup());
    const { api, caseForm } = parties;
    api.desk = due(7, 8);
    await poll(parties);
    caseForm.setFirstDisclosure("yes");
    api.failWith = new ApiError(0, "network_error");
    caseForm.send();
    await settle();
    expect(shown(parties.vm).caseForm).toMatchObject({
      reference: 7,
      firstDisclosure: "yes",
      failed: true,
      sending: false,
    });
    api.failWith = new ApiError(404, "conversation_not_found");
    caseForm.send();
    await settle();
    expect(shown(parties.vm).caseForm).toMatchObject({ reference: 8, failed: false });
  });
});
