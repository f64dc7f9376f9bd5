import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { helplineDir } from "@helpline/bot/helplines/state-dirs";
import { dayOf, statisticsFileSchema } from "@helpline/bot/operations/statistics-store";
import { beforeAll, describe, expect, it } from "vitest";
import {
  until,
  type ScriptedCounsellor,
  withStackAndTeam,
  twoCounsellorsAndASupervisor,
} from "../support/counsellor.ts";
import {
  counsellorGoesOnDuty,
  eventually,
  youthLeaves,
  youthStartsConversation,
} from "../support/permanence.ts";
import type { TestStack } from "../support/test-stack.ts";
import { registerYouth, type ApiYouth } from "../support/youth.ts";

/** config/helplines/maintenant-jen-parle.yaml's erasureGraceMinutes. */
const erasureGraceMs = 5 * 60_000;

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory()
      ? filesUnder(file)
      : [{ file, text: readFileSync(file).toString("latin1") }];
  });
}

// "Danger de mort" (issue 18) against a real Synapse and the real bot: the counsellor in charge
// marks her conversation through the console's route; the staff room gets an alert that mentions
// the supervisor on duty the way Element needs to notify her (pill and m.mentions in an m.text,
// which Synapse's push rules turn into a notification, unlike a notice), and her overview lists the
// conversation first. Camille counsels, Sam supervises, Alex is neither in charge nor supervisor.

let stack: TestStack;
let camille: ScriptedCounsellor;
let alex: ScriptedCounsellor;
let sam: ScriptedCounsellor;

async function api(counsellor: ScriptedCounsellor, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.webUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await counsellor.openIdToken()}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorCode = (body: Record<string, unknown>): unknown =>
  (body.error as { code?: unknown } | undefined)?.code;

/** The staff room's messages from the bot that are not notices: its alerts. */
function staffAlerts(counsellor: ScriptedCounsellor, staffRoomId: string) {
  return (
    counsellor.client
      .getRoom(staffRoomId)
      ?.getLiveTimeline()
      .getEvents()
      .filter((event) => event.getSender() === `@permanence:${stack.serverName}`)
      .filter((event) => event.getContent().msgtype === "m.text")
      .map((event) => ({ id: event.getId(), content: event.getContent() })) ?? []
  );
}

const parties = withStackAndTeam({ counsellors: twoCounsellorsAndASupervisor });
beforeAll(() => {
  ({ stack } = parties);
  [camille, alex, sam] = parties.team as [
    ScriptedCounsellor,
    ScriptedCounsellor,
    ScriptedCounsellor,
  ];
});

describe("a conversation marked danger to life", () => {
  let youth: ApiYouth;
  let roomId: string;

  it("should alert the supervisor on duty in the staff room by mention, and head her overview", async () => {
    await counsellorGoesOnDuty(stack, camille);
    const accepted = camille.acceptNextInvite();
    youth = await registerYouth(stack);
    roomId = await youthStartsConversation(stack, youth);
    expect(await accepted).toBe(roomId);
    const mine = await eventually(
      () => api(camille, "GET", "/api/counsellor/me"),
      (me) => (me.body.conversations as { state: string }[] | undefined)?.[0]?.state === "active",
      "camille's conversation active",
    );
    const reference = (mine.body.conversations as { reference: number }[])[0]?.reference ?? 0;
    // The helpline's guidance comes with her desk (Maintenant j'en parle: minors).
    expect(JSON.stringify(mine.body.crisis)).toContain("458bis");
    await counsellorGoesOnDuty(stack, sam);
    const staffRoomId = camille.client
      .getRooms()
      .find((room) => room.name.includes("salle des intervenantes"))?.roomId;
    if (staffRoomId === undefined) throw new Error("camille is not in the staff room");

    // Alex is not in charge and not a supervisor: refused, nothing changes, nobody alerted.
    const refused = await api(alex, "POST", `/api/counsellor/conversations/${reference}/danger`);
    expect([refused.status, errorCode(refused.body)]).toEqual([403, "not_in_charge"]);
    await alex.sayInStaffRoom(`!danger ${reference}`);
    await until(
      () =>
        alex
          .staffNotices()
          .some((notice) => notice.includes(`Signalement de Jeune ${reference} impossible`)),
      30_000,
      "the refusal of !danger",
    );
    expect(staffAlerts(sam, staffRoomId)).toEqual([]);

    const marked = await api(
      camille,
      "POST",
      `/api/counsellor/conversations/${reference}/danger`,
      {},
    );
    expect([marked.status, marked.body]).toEqual([200, { reference, danger: true }]);
    const again = await api(camille, "POST", `/api/counsellor/conversations/${reference}/danger`);
    expect([again.status, errorCode(again.body)]).toEqual([409, "already_marked"]);

    await until(() => staffAlerts(sam, staffRoomId).length > 0, 30_000, "the danger alert");
    const [alert] = staffAlerts(sam, staffRoomId);
    expect(alert?.content["m.mentions"]).toEqual({ user_ids: [sam.userId] });
    expect(String(alert?.content.body)).toContain(
      `DANGER DE MORT signalé dans la conversation Jeune ${reference}`,
    );
    expect(String(alert?.content.formatted_body)).toContain(
      `<a href="https://matrix.to/#/${encodeURIComponent(sam.userId)}">`,
    );
    // Synapse's push rules highlight it for Sam (what makes Element ring and mark it as a
    // mention), not for Alex, for whom it is an ordinary message of the room.
    const highlighted = async (counsellor: ScriptedCounsellor) => {
      const response = await fetch(`${stack.synapseUrl}/_matrix/client/v3/notifications?limit=50`, {
        headers: { Authorization: `Bearer ${counsellor.client.getAccessToken() ?? ""}` },
      });
      const { notifications } = (await response.json()) as {
        notifications: { event: { event_id: string }; actions: unknown[] }[];
      };
      return notifications
        .filter((notification) =>
          notification.actions.some(
            (action) =>
              typeof action === "object" &&
              action !== null &&
              (action as { set_tweak?: unknown }).set_tweak === "highlight" &&
              (action as { value?: unknown }).value !== false,
          ),
        )
        .map((notification) => notification.event.event_id);
    };
    await until(
      async () => (await highlighted(sam)).includes(alert?.id ?? "?"),
      30_000,
      "sam notified of the alert as a mention",
    );
    expect(await highlighted(alex)).not.toContain(alert?.id);
    // Only one alert, however many times it was asked.
    expect(staffAlerts(sam, staffRoomId)).toHaveLength(1);

    const overview = await api(sam, "GET", "/api/supervisor/overview");
    expect(overview.body.danger).toEqual([
      {
        reference,
        counsellorId: camille.userId,
        by: camille.userId,
        markedAt: expect.any(String) as string,
      },
    ]);
    const after = await api(camille, "GET", "/api/counsellor/me");
    expect((after.body.conversations as { dangerAt?: string }[])[0]?.dangerAt).toEqual(
      overview.body.danger && (overview.body.danger as { markedAt: string }[])[0]?.markedAt,
    );
  });

  it("should forget the mark with the conversation's erasure, keeping only the day's count", async () => {
    await youthLeaves(stack, youth, roomId);
    await eventually(
      () => api(camille, "GET", "/api/counsellor/me"),
      (me) => (me.body.conversations as unknown[] | undefined)?.length === 0,
      "the conversation to end",
    );
    await stack.bot.settled();
    stack.clock.advance(erasureGraceMs + 1000);
    await stack.bot.tick();
    await stack.bot.settled();
    const botState = path.join(stack.dir, "bot-state");
    await eventually(
      () => Promise.resolve(filesUnder(botState)),
      (files) => files.every(({ text }) => !text.includes(roomId)),
      "the bot's state to forget the erased conversation",
    );
    // Neither the journal nor any snapshot keeps the mark or who made it.
    const marks = filesUnder(botState).filter(
      ({ text }) => text.includes("danger_marked") || text.includes("dangerBy"),
    );
    expect(marks.map(({ file }) => file)).toEqual([]);
    const statistics = statisticsFileSchema.parse(
      JSON.parse(
        readFileSync(
          path.join(helplineDir(botState, "maintenant-jen-parle"), "statistics", "statistics.json"),
          "utf8",
        ),
      ),
    );
    expect(statistics[dayOf(stack.clock.now(), "Europe/Brussels")]?.dangerMarks).toBe(1);
    const overview = await api(sam, "GET", "/api/supervisor/overview");
    expect(overview.body.danger).toEqual([]);
  });
});
