import { describe, expect, it } from "vitest";
import { NOW, loggedIn, poll, setup } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";
import { ApiError } from "../types.ts";

const crisis = {
  guidance: {
    fr: "Appelez le 112 avec la superviseuse.\n\nSecret professionnel : article 458bis.",
    en: "Call 112 with your supervisor.",
  },
  contacts: [{ label: { fr: "Urgences", en: "Emergencies" }, phone: "112" }],
};

describe("DangerViewModel", () => {
  it("should mark only after confirmation, then show the mark and the guidance in her language", async () => {
    const parties = await loggedIn(setup());
    const { vm, chat, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })], crisis });
    await poll(parties);
    const danger = chat.danger;
    if (danger === null) throw new Error("the chat panel has no danger control");
    danger.confirm(); // nothing asked: nothing sent
    expect(api.calls.filter((c) => c.startsWith("danger"))).toEqual([]);
    danger.ask(1);
    expect(danger.getSnapshot().confirming).toBe(1);
    danger.cancel();
    expect(danger.getSnapshot().confirming).toBeNull();
    danger.ask(1);
    api.desk = desk({
      conversations: [conversation({ reference: 1, dangerAt: NOW - 2 * 60_000 })],
      crisis,
    });
    danger.confirm();
    await settle();
    expect(api.calls).toContain("danger 1");
    expect(danger.getSnapshot()).toMatchObject({ marked: { 1: 2 }, confirming: null });
    expect(danger.getSnapshot().guidance).toEqual({
      paragraphs: [
        "Appelez le 112 avec la superviseuse.",
        "Secret professionnel : article 458bis.",
      ],
      contacts: [{ label: "Urgences", phone: "112" }],
    });
    vm.setLanguage("en");
    expect(danger.getSnapshot().guidance).toEqual({
      paragraphs: ["Call 112 with your supervisor."],
      contacts: [{ label: "Emergencies", phone: "112" }],
    });
  });

  it("should say a refusal changed nothing", async () => {
    const parties = await loggedIn(setup());
    const { chat, api } = parties;
    api.desk = desk({ conversations: [conversation({ reference: 1 })] });
    await poll(parties);
    api.markDanger = () => Promise.reject(new ApiError(403, "not_in_charge"));
    chat.danger?.ask(1);
    chat.danger?.confirm();
    await settle();
    expect(chat.danger?.getSnapshot()).toMatchObject({
      marked: {},
      failed: { reference: 1, why: "refused" },
      guidance: null,
    });
  });

  it("should ring a supervisor's console once per new mark, count it in the title, and list it", async () => {
    const parties = await loggedIn(setup());
    const { chat, api, chimes, dangerTitles } = parties;
    api.desk = desk({ supervisor: true, crisis });
    await poll(parties);
    const rang = chimes.length;
    expect(chat.danger?.getSnapshot().supervisorMarks).toEqual([]);
    api.overviewAnswer = {
      ...api.overviewAnswer,
      danger: [
        {
          reference: 4821,
          counsellorId: "@lou:localhost",
          by: "@lou:localhost",
          markedAt: NOW - 60_000,
        },
      ],
    };
    await poll(parties);
    expect(chimes.length).toBe(rang + 1);
    expect(dangerTitles.at(-1)).toBe(1);
    expect(chat.danger?.getSnapshot().supervisorMarks).toEqual([
      { reference: 4821, counsellorId: "@lou:localhost", by: "@lou:localhost", minutesAgo: 1 },
    ]);
    await poll(parties);
    expect(chimes.length).toBe(rang + 1); // the same mark rings once
    api.overviewAnswer = { ...api.overviewAnswer, danger: [] };
    await poll(parties);
    expect(dangerTitles.at(-1)).toBe(0);
  });

  it("should never ring a counsellor who is not a supervisor", async () => {
    const parties = await loggedIn(setup());
    const { chat, api, chimes, dangerTitles } = parties;
    api.overviewAnswer = {
      ...api.overviewAnswer,
      danger: [
        { reference: 1, counsellorId: "@lou:localhost", by: "@lou:localhost", markedAt: NOW },
      ],
    };
    await poll(parties);
    expect([chimes, dangerTitles]).toEqual([[], []]);
    expect(chat.danger?.getSnapshot().supervisorMarks).toBeNull();
  });
});
