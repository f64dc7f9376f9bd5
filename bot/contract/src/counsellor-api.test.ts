import { describe, expect, it } from "vitest";
import {
  readDesk,
  readOverview,
  type CounsellorView,
  type SupervisorOverview,
} from "./counsellor-api.ts";

const arrived = new Date(Date.now() - 5 * 60_000);
const expires = new Date(Date.now() + 60_000);

/** What the bot sends, typed by the contract: the decoder must read all of it back. */
const view: CounsellorView = {
  userId: "@camille:localhost",
  availability: "on_duty",
  load: 1,
  capacity: 2,
  supervisor: false,
  waiting: 1,
  conversations: [
    {
      reference: 4821,
      roomId: "!abc:localhost",
      name: "Jeune 4821",
      state: "handover_offered",
      arrivedAt: arrived.toISOString(),
      offerExpiresAt: expires.toISOString(),
      handoverFrom: "@lou:localhost",
    },
    {
      reference: 4822,
      roomId: "!def:localhost",
      name: "Jeune 4822",
      state: "active",
      arrivedAt: arrived.toISOString(),
      handoverTo: "@lou:localhost",
      requeued: true,
      urgent: true,
    },
  ],
  queue: [
    {
      reference: 4823,
      position: 1,
      waitingSince: arrived.toISOString(),
      state: "queued",
      urgent: true,
    },
  ],
  colleagues: [{ userId: "@lou:localhost", availability: "paused", load: 0, capacity: 2 }],
  pendingHandovers: [{ reference: 4822, roomId: "!def:localhost", to: "@lou:localhost" }],
  cannedReplies: [{ id: "hours", label: { fr: "Horaires" }, text: { fr: "Le tchat ouvre…" } }],
  caseFormsDue: [{ reference: 4820, until: expires.toISOString() }],
  caseCategories: [{ id: "rape", label: { fr: "Viol", nl: "Verkrachting", en: "Rape" } }],
};

describe("readDesk", () => {
  it("should read everything the bot sends, times as epoch milliseconds", () => {
    expect(readDesk(view)).toEqual({
      ...view,
      conversations: [
        {
          reference: 4821,
          roomId: "!abc:localhost",
          name: "Jeune 4821",
          state: "handover_offered",
          arrivedAt: arrived.getTime(),
          offerExpiresAt: expires.getTime(),
          handoverTo: null,
          handoverFrom: "@lou:localhost",
          requeued: false,
          urgent: false,
        },
        {
          reference: 4822,
          roomId: "!def:localhost",
          name: "Jeune 4822",
          state: "active",
          arrivedAt: arrived.getTime(),
          offerExpiresAt: null,
          handoverTo: "@lou:localhost",
          handoverFrom: null,
          requeued: true,
          urgent: true,
        },
      ],
      queue: [
        {
          reference: 4823,
          position: 1,
          waitingSince: arrived.getTime(),
          state: "queued",
          urgent: true,
        },
      ],
      caseFormsDue: [{ reference: 4820, until: expires.getTime() }],
    });
  });

  it("should drop entries it cannot use and default what is missing", () => {
    const desk = readDesk({
      userId: "@camille:localhost",
      availability: "paused",
      conversations: [
        { reference: 1, roomId: "!x:localhost", state: "something_new" },
        { reference: 2, state: "active" },
        { reference: 3, roomId: "!y:localhost", state: "offered", arrivedAt: "yesterday" },
      ],
      queue: "none",
      colleagues: [{ userId: "@lou:localhost", availability: "asleep" }],
      cannedReplies: [{ id: "empty", label: {}, text: { fr: "  " } }],
      caseFormsDue: [{ reference: "4820" }, { reference: 4819, until: "soon" }],
      caseCategories: [{ id: "rape", label: { de: "Vergewaltigung" } }, { label: { fr: "Viol" } }],
    });
    expect(desk).toMatchObject({
      load: 0,
      capacity: 0,
      supervisor: false,
      waiting: 0,
      queue: [],
      colleagues: [],
      pendingHandovers: [],
      cannedReplies: [],
      caseFormsDue: [{ reference: 4819, until: null }],
      caseCategories: [],
      conversations: [{ reference: 3, name: "3", arrivedAt: null, state: "offered" }],
    });
  });

  it("should read no desk without a user or a known availability", () => {
    expect(readDesk({ availability: "on_duty" })).toBeNull();
    expect(readDesk({ userId: "@c:localhost", availability: "asleep" })).toBeNull();
    expect(readDesk([])).toBeNull();
    expect(readDesk(null)).toBeNull();
  });
});

describe("readOverview", () => {
  it("should read the team, the queue with whom each youth is offered to, and the count", () => {
    const overview: SupervisorOverview = {
      counsellors: [{ userId: "@lou:localhost", availability: "on_duty", load: 1, capacity: 2 }],
      queue: [
        {
          reference: 7,
          position: 1,
          waitingSince: arrived.toISOString(),
          state: "offered",
          offeredTo: "@lou:localhost",
        },
      ],
      active: 3,
      danger: [
        {
          reference: 4821,
          counsellorId: "@lou:localhost",
          by: "@lou:localhost",
          markedAt: arrived.toISOString(),
        },
      ],
    };
    expect(readOverview(overview)).toEqual({
      ...overview,
      queue: [{ ...overview.queue[0], waitingSince: arrived.getTime(), urgent: false }],
      danger: [{ ...overview.danger[0], markedAt: arrived.getTime() }],
    });
    // An older bot sends no marks: none to show.
    expect(readOverview({})).toEqual({ counsellors: [], queue: [], active: 0, danger: [] });
    expect(
      readOverview({
        ...overview,
        inProgress: [
          { reference: 8, counsellorId: "@lou:localhost", arrivedAt: arrived.toISOString() },
          { reference: "9" },
        ],
      })?.inProgress,
    ).toEqual([
      { reference: 8, counsellorId: "@lou:localhost", arrivedAt: arrived.getTime(), observers: [] },
    ]);
    expect(readOverview("busy")).toBeNull();
  });
});
