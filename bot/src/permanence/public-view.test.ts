import path from "node:path";
import { readHelpline } from "@helpline/contract";
import { describe, expect, it } from "vitest";
import { loadHelplineConfig, parseHelplineConfig } from "../helpline/load.ts";
import type { CannedReply } from "../helpline/schema.ts";
import { validHelplineInput } from "../helpline/testing.ts";
import { Permanence, second, settingsFor } from "./engine/testing/scenario.ts";
import {
  counsellorView,
  endedStatus,
  publicHelpline,
  publicStatus,
  supervisorOverview,
} from "./public-view.ts";

// 2026-11-23 is a Monday; 17:40 UTC is 18:40 in Brussels.
const start = Date.parse("2026-11-23T17:40:00.000Z");
const canned: CannedReply[] = [
  { id: "emergency", label: { fr: "Urgence" }, text: { fr: "Appelle le 112." } },
];

/** Alice talks with !a (4821); !b (4822) is offered to Bea; !c (4823) waits; Chloé is off duty. */
function evening(): Permanence {
  const permanence = new Permanence(
    settingsFor([
      { userId: "@alice", maxConversations: 2 },
      { userId: "@bea" },
      { userId: "@chloe" },
    ]),
    undefined,
    start,
  );
  permanence.counsellorGoesOnDuty("@alice");
  permanence.youthArrives("!a", 4821);
  permanence.counsellorJoins("!a", "@alice");
  permanence.clockAdvances(2 * 60 * second);
  permanence.counsellorPauses("@alice");
  permanence.counsellorGoesOnDuty("@bea");
  permanence.youthArrives("!b", 4822);
  permanence.clockAdvances(second);
  permanence.youthArrives("!c", 4823);
  return permanence;
}

function viewOf(permanence: Permanence, userId: string, supervisor = false) {
  return counsellorView({
    state: permanence.state,
    settings: permanence.context.settings,
    userId,
    timeZone: "Europe/Brussels",
    supervisor,
    cannedReplies: canned,
  });
}

describe("the counsellor's view (/api/counsellor/me)", () => {
  it("should show her conversations with room, name and times, the queue as metadata, her team and the replies", () => {
    const permanence = evening();
    expect(viewOf(permanence, "@alice")).toEqual({
      userId: "@alice",
      availability: "paused",
      load: 1,
      capacity: 2,
      supervisor: false,
      waiting: 2,
      conversations: [
        {
          reference: 4821,
          roomId: "!a",
          name: "Jeune 4821 · 18:40",
          state: "active",
          arrivedAt: "2026-11-23T17:40:00.000Z",
        },
      ],
      queue: [
        {
          reference: 4822,
          position: 1,
          waitingSince: "2026-11-23T17:42:00.000Z",
          state: "offered",
        },
        { reference: 4823, position: 2, waitingSince: "2026-11-23T17:42:01.000Z", state: "queued" },
      ],
      colleagues: [
        { userId: "@bea", availability: "on_duty", load: 1, capacity: 1 },
        { userId: "@chloe", availability: "off_duty", load: 0, capacity: 1 },
      ],
      pendingHandovers: [],
      cannedReplies: canned,
      caseFormsDue: [],
      caseCategories: [],
    });
    expect(viewOf(permanence, "@bea")?.conversations).toEqual([
      {
        reference: 4822,
        roomId: "!b",
        name: "Jeune 4822 · 18:42",
        state: "offered",
        arrivedAt: "2026-11-23T17:42:00.000Z",
        offerExpiresAt: "2026-11-23T17:43:30.000Z",
      },
    ]);
  });

  it("should give an offer's expiry only once Synapse has made her invite, her time to answer starting then", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@bea" }]), undefined, start);
    permanence.invitesMadeAtOnce = false;
    permanence.counsellorGoesOnDuty("@bea");
    permanence.youthArrives("!b", 4822);
    const offered = () => viewOf(permanence, "@bea")?.conversations[0];
    expect(offered()).toMatchObject({ reference: 4822, state: "offered" });
    expect(offered()).not.toHaveProperty("offerExpiresAt");
    permanence.clockAdvances(40 * second);
    permanence.inviteMade("!b", "@bea");
    expect(offered()?.offerExpiresAt).toBe(new Date(start + 130 * second).toISOString());
  });

  it("should never name the room of a conversation that is not hers", () => {
    const permanence = evening();
    const text = JSON.stringify(viewOf(permanence, "@chloe"));
    for (const room of ["!a", "!b", "!c"]) expect(text).not.toContain(`"${room}"`);
  });

  it("should show a handover from both sides, with its expiry", () => {
    const permanence = evening();
    permanence.counsellorGoesOnDuty("@chloe");
    // Chloé is offered !c at once; free her slot by ending it.
    permanence.counsellorEnds("!c", "@chloe");
    permanence.counsellorInvites("!a", "@alice", "@chloe");
    expect(viewOf(permanence, "@alice")?.conversations[0]).toMatchObject({
      reference: 4821,
      state: "active",
      handoverTo: "@chloe",
    });
    expect(viewOf(permanence, "@chloe")?.conversations).toEqual([
      {
        reference: 4821,
        roomId: "!a",
        name: "Jeune 4821 · 18:40",
        state: "handover_offered",
        arrivedAt: "2026-11-23T17:40:00.000Z",
        handoverFrom: "@alice",
        offerExpiresAt: new Date(permanence.now + 90 * second).toISOString(),
      },
    ]);
  });

  it("should mark a requeued conversation, then list the invite her console must send", () => {
    const permanence = evening();
    permanence.counsellorRequeues("!a", "@alice");
    expect(viewOf(permanence, "@alice")?.conversations[0]).toMatchObject({ requeued: true });
    expect(viewOf(permanence, "@alice")?.pendingHandovers).toEqual([]);
    permanence.counsellorGoesOnDuty("@chloe");
    const alice = viewOf(permanence, "@alice");
    expect(alice?.pendingHandovers).toEqual([{ reference: 4821, roomId: "!a", to: "@chloe" }]);
    // Not invited yet: not shown as a handover on either side.
    expect(alice?.conversations[0]).not.toHaveProperty("handoverTo");
    expect(viewOf(permanence, "@chloe")?.conversations).toEqual([]);
    permanence.counsellorInvites("!a", "@alice", "@chloe");
    expect(viewOf(permanence, "@alice")?.pendingHandovers).toEqual([]);
    expect(viewOf(permanence, "@alice")?.conversations[0]).toMatchObject({
      handoverTo: "@chloe",
      requeued: true,
    });
    expect(viewOf(permanence, "@chloe")?.conversations[0]?.state).toBe("handover_offered");
  });

  it("should say who is a supervisor, and nothing for someone not configured", () => {
    const permanence = evening();
    expect(viewOf(permanence, "@alice", true)?.supervisor).toBe(true);
    expect(viewOf(permanence, "@stranger")).toBeNull();
  });
});

describe("the supervisor's overview", () => {
  it("should show every counsellor, the queue with who has the offer, and a count of conversations", () => {
    const permanence = evening();
    expect(supervisorOverview(permanence.state, permanence.context.settings)).toEqual({
      counsellors: [
        { userId: "@alice", availability: "paused", load: 1, capacity: 2 },
        { userId: "@bea", availability: "on_duty", load: 1, capacity: 1 },
        { userId: "@chloe", availability: "off_duty", load: 0, capacity: 1 },
      ],
      queue: [
        {
          reference: 4822,
          position: 1,
          waitingSince: "2026-11-23T17:42:00.000Z",
          state: "offered",
          offeredTo: "@bea",
        },
        { reference: 4823, position: 2, waitingSince: "2026-11-23T17:42:01.000Z", state: "queued" },
      ],
      active: 1,
      danger: [],
      inProgress: [expect.objectContaining({ counsellorId: "@alice", observers: [] })],
    });
  });
});

describe("who the youth writes about, on the counsellor's view", () => {
  it("should show her answer with the offer and while she talks with her", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]), undefined, start);
    permanence.happens({
      type: "youth_arrived",
      conversationId: "!a",
      youthId: "@y-a",
      reference: 4821,
      writingAbout: "close-one",
    });
    permanence.youthArrives("!b", 4822);
    permanence.counsellorGoesOnDuty("@alice");
    expect(viewOf(permanence, "@alice")?.conversations).toEqual([
      expect.objectContaining({ reference: 4821, state: "offered", writingAbout: "close-one" }),
    ]);
    permanence.counsellorJoins("!a", "@alice");
    const [active] = viewOf(permanence, "@alice")?.conversations ?? [];
    expect(active).toMatchObject({ reference: 4821, state: "active", writingAbout: "close-one" });
    // The queue, which every counsellor sees, says nothing of it.
    expect(JSON.stringify(viewOf(permanence, "@alice")?.queue)).not.toContain("writingAbout");
  });

  it("should say nothing when she did not answer", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]), undefined, start);
    permanence.youthArrives("!a", 4821);
    permanence.counsellorGoesOnDuty("@alice");
    expect(viewOf(permanence, "@alice")?.conversations[0]).not.toHaveProperty("writingAbout");
  });
});

describe("a youth who said she is in danger now, on the consoles", () => {
  it("should mark her offer and her place in the supervisor's queue, and nobody else's", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]), undefined, start);
    permanence.youthArrives("!a", 4821);
    permanence.clockAdvances(second);
    permanence.youthArrives("!b", 4822);
    permanence.happens({ type: "urgent_declared", conversationId: "!b" });
    const overview = supervisorOverview(permanence.state, permanence.context.settings);
    expect(overview.queue.map(({ reference, urgent }) => [reference, urgent])).toEqual([
      [4822, true],
      [4821, undefined],
    ]);
    permanence.counsellorGoesOnDuty("@alice");
    expect(viewOf(permanence, "@alice")?.conversations).toEqual([
      expect.objectContaining({ reference: 4822, state: "offered", urgent: true }),
    ]);
    permanence.counsellorDeclines("!b", "@alice");
    permanence.counsellorGoesOnDuty("@alice");
    expect(viewOf(permanence, "@alice")?.conversations).toEqual([
      expect.objectContaining({ reference: 4822, state: "offered", urgent: true }),
    ]);
  });

  it("should not mark a youth who did not say it", () => {
    const permanence = new Permanence(settingsFor([{ userId: "@alice" }]), undefined, start);
    permanence.youthArrives("!a", 4821);
    permanence.counsellorGoesOnDuty("@alice");
    expect(viewOf(permanence, "@alice")?.conversations[0]).not.toHaveProperty("urgent");
  });
});

describe("the public description of a service", () => {
  const pilot = loadHelplineConfig(
    path.resolve(import.meta.dirname, "../../../config/helplines/chat-violences-sexuelles.yaml"),
  );

  it("should carry the audience, the question and, for an ended service, its successors", () => {
    const sent = readHelpline(JSON.parse(JSON.stringify(publicHelpline(pilot))));
    expect(sent.audience).toBe("adults");
    expect(sent.asksWhoIsWriting).toBe(false);
    expect(sent.ended?.on).toBe("2021-07-01");
    expect(sent.ended?.successors.map((successor) => successor.url)).toEqual([
      "https://www.sosviol.be/",
      "https://www.maintenantjenparle.be/",
    ]);
    expect(Object.values(sent.weekly).flat()).toEqual([]);
    const running = publicHelpline(
      parseHelplineConfig({ ...validHelplineInput(), asksWhoIsWriting: true }, "line.yaml"),
    );
    expect(running).not.toHaveProperty("ended");
    expect(readHelpline(running).asksWhoIsWriting).toBe(true);
    expect(running.weekly.monday).toEqual([{ from: "18:30", to: "21:30" }]);
  });

  it("should say an ended service is closed for good", () => {
    expect(endedStatus("Europe/Brussels")).toEqual({
      open: false,
      admitting: false,
      closesAt: null,
      nextOpensAt: null,
      timeZone: "Europe/Brussels",
      waiting: 0,
      estimatedWaitMinutes: null,
    });
  });
});

describe("the public status", () => {
  it("should count the places held for rooms still being made among the youths waiting", () => {
    const settings = settingsFor([{ userId: "@alice" }]);
    const permanence = new Permanence(settings, undefined, start);
    permanence.counsellorGoesOnDuty("@alice");
    permanence.counsellorPauses("@alice");
    permanence.youthArrives("!a");
    permanence.placeReserved("r1");
    const status = publicStatus({
      state: permanence.state,
      settings,
      schedule: {
        open: true,
        admitting: true,
        closesAt: start + 3_600_000,
        admissionEndsAt: start + 3_600_000,
        nextOpensAt: null,
      },
      timeZone: "Europe/Brussels",
      localWallTime: () => "19:40",
    });
    expect(status.waiting).toBe(2);
  });
});
