import { describe, expect, it } from "vitest";
import { loggedIn, poll, setup } from "../fake/console.ts";
import { FakeSafetyForms } from "../fake/FakeSafetyForms.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";

const ROOM1 = "!room1:localhost";
const ROOM2 = "!room2:localhost";

async function onDesk() {
  const parties = setup();
  const forms = new FakeSafetyForms();
  parties.matrix.safetyForms = forms;
  const ready = await loggedIn(parties);
  ready.api.desk = desk({
    conversations: [conversation({ reference: 1 }), conversation({ reference: 2 })],
  });
  await poll(ready);
  return { ...ready, forms, safety: ready.chat.safetyForm };
}

describe("SafetyFormViewModel (console)", () => {
  it("should propose the form in a live conversation and show where it stands", async () => {
    const { forms, safety } = await onDesk();
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "none" });
    safety.propose(ROOM1);
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "proposing" });
    await settle();
    expect(forms.proposed).toEqual([ROOM1]);
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "proposed" });
    safety.propose(ROOM1); // already waiting for the youth: not sent twice
    await settle();
    expect(forms.proposed).toEqual([ROOM1]);
    forms.declines(ROOM1);
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "declined" });
    expect(safety.getSnapshot().get(ROOM2)).toEqual({ status: "none" });
  });

  it("should show the answers, and forget them when the conversation is no longer hers", async () => {
    const parties = await onDesk();
    const { forms, safety, api } = parties;
    safety.propose(ROOM2);
    await settle();
    forms.answers(ROOM2, { place: "Gare du Midi", phone: null });
    expect(safety.getSnapshot().get(ROOM2)).toEqual({
      status: "answered",
      answer: { place: "Gare du Midi", phone: null },
    });
    api.desk = desk({ conversations: [conversation({ reference: 1 })] }); // room 2 ended
    await poll(parties);
    expect(safety.getSnapshot().has(ROOM2)).toBe(false);
    expect(forms.live).toEqual(new Set([ROOM1]));
    expect(forms.state(ROOM2).answer).toBeNull();
    // A late answer for a conversation that is no longer live is not taken.
    forms.answers(ROOM2, { place: "Ailleurs", phone: null });
    expect(forms.state(ROOM2).answer).toBeNull();
  });

  it("should say when the proposal could not leave, and let her try again", async () => {
    const { forms, safety } = await onDesk();
    forms.failPropose = true;
    safety.propose(ROOM1);
    await settle();
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "failed" });
    forms.failPropose = false;
    safety.propose(ROOM1);
    await settle();
    expect(safety.getSnapshot().get(ROOM1)).toEqual({ status: "proposed" });
  });

  it("should forget every answer when the console closes", async () => {
    const { forms, safety, chat } = await onDesk();
    safety.propose(ROOM1);
    await settle();
    forms.answers(ROOM1, { place: null, phone: "0470 00 00 00" });
    chat.dispose();
    expect(forms.cleared).toBe(true);
    expect(forms.state(ROOM1)).toEqual({ request: null, declined: false, answer: null });
  });
});
