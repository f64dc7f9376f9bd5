import { describe, expect, it } from "vitest";
import { NOW, loggedIn, poll, setup, shown } from "../fake/console.ts";
import { conversation, desk, settle } from "../fake/fakes.ts";

describe("a colleague reading beside the counsellor, on the consoles", () => {
  it("should have the counsellor's console invite a requested observer once, with this device", async () => {
    const parties = await loggedIn(setup());
    const { api, matrix, vm } = parties;
    api.desk = desk({
      conversations: [
        conversation({ reference: 1, observers: ["@sara:localhost"] }),
        conversation({ reference: 2, state: "observing", counsellorId: "@lou:localhost" }),
      ],
      colleagues: [{ userId: "@sara:localhost", availability: "on_duty", load: 0, capacity: 2 }],
      pendingObservers: [
        { reference: 1, roomId: "!room1:localhost", observerId: "@sara:localhost" },
        // Not hers, not her team's, not a conversation of hers at all: never invited.
        { reference: 2, roomId: "!room2:localhost", observerId: "@sara:localhost" },
        { reference: 1, roomId: "!room1:localhost", observerId: "@mallory:evil.example" },
        { reference: 9, roomId: "!elsewhere:localhost", observerId: "@sara:localhost" },
      ],
    });
    await poll(parties);
    await poll(parties);
    expect(matrix.actions.filter((a) => a.startsWith("invite"))).toEqual([
      "invite !room1:localhost @sara:localhost",
    ]);
    expect(shown(vm).desk.notice).toEqual({ kind: "observerInvited", to: "@sara:localhost" });
    expect(shown(vm).desk.conversations[0]?.observers).toEqual(["@sara:localhost"]);
  });

  it("should have the supervisor join, open the conversation as observing, and leave it", async () => {
    const parties = await loggedIn(setup());
    const { api, matrix, vm, supervisor, chimes } = parties;
    api.desk = desk({ supervisor: true });
    api.overviewAnswer = {
      counsellors: [],
      queue: [],
      active: 1,
      danger: [],
      inProgress: [
        { reference: 4, counsellorId: "@lou:localhost", arrivedAt: NOW - 120_000, observers: [] },
      ],
    };
    await poll(parties);
    expect(shown(vm).supervisor?.inProgress).toEqual([
      { reference: 4, counsellorId: "@lou:localhost", minutes: 2, joinable: true, reading: false },
    ]);
    supervisor.join(4);
    await settle();
    expect(api.calls).toContain("join 4");
    expect(shown(vm).desk.notice).toEqual({ kind: "joinRequested", reference: 4 });

    // The counsellor's console invited her: her desk joins, without a chime (it is no offer).
    api.desk = desk({
      supervisor: true,
      conversations: [
        conversation({
          reference: 4,
          state: "observing",
          observing: "invited",
          counsellorId: "@lou:localhost",
        }),
      ],
    });
    await poll(parties);
    expect(matrix.actions).toContain("join !room4:localhost");
    expect(chimes).toHaveLength(0);
    expect(shown(vm).desk.offers).toEqual([]);
    parties.deskVm.select(4);
    expect(shown(vm).chat).toMatchObject({ reference: 4, observingWith: "@lou:localhost" });
    parties.chat.leaveObserving();
    await settle();
    expect(matrix.actions).toContain("leave !room4:localhost");
    expect(shown(vm).desk.notice).toEqual({ kind: "observerLeft" });
  });

  it("should let the counsellor in charge ask a colleague to read beside her, among those not reading", async () => {
    const parties = await loggedIn(setup());
    const { api, vm } = parties;
    api.desk = desk({
      conversations: [conversation({ reference: 2, observers: ["@sara:localhost"] })],
      colleagues: [
        { userId: "@sara:localhost", availability: "off_duty", load: 0, capacity: 1 },
        { userId: "@tom:localhost", availability: "off_duty", load: 0, capacity: 1 },
      ],
    });
    await poll(parties);
    parties.deskVm.select(2);
    expect(shown(vm).chat?.observerChoices).toEqual(["@tom:localhost"]);
    parties.chat.addObserver("@sara:localhost"); // reads already: nothing asked
    parties.chat.addObserver("@tom:localhost");
    await settle();
    expect(api.calls.filter((c) => c.startsWith("observers"))).toEqual([
      "observers 2 @tom:localhost",
    ]);
  });
});
