import { describe, expect, it } from "vitest";
import { createCounsellorApi, parseDesk } from "./api.ts";
import { ApiError } from "./types.ts";

describe("parseDesk", () => {
  it("should keep what the contract says and drop entries it cannot use", () => {
    const parsed = parseDesk({
      userId: "@camille:localhost",
      availability: "on_duty",
      load: 1,
      capacity: 2,
      supervisor: true,
      waiting: 3,
      conversations: [
        {
          reference: 4821,
          roomId: "!abc:localhost",
          name: "Jeune 4821 · 18:42",
          state: "offered",
          arrivedAt: "2026-11-23T18:42:00Z",
          offerExpiresAt: "2026-11-23T18:43:00Z",
          urgent: true,
        },
        { reference: 1, roomId: "!x:localhost", state: "something_new" },
        { reference: 2, state: "active" },
      ],
      queue: [
        { reference: 4822, position: 1, waitingSince: "2026-11-23T18:40:00Z", state: "queued" },
      ],
      colleagues: [{ userId: "@lou:localhost", availability: "on_duty", load: 0, capacity: 2 }],
      pendingHandovers: [{ reference: 4821, roomId: "!abc:localhost", to: "@lou:localhost" }, {}],
      cannedReplies: [
        { id: "emergency", label: { fr: "Urgences" }, text: { fr: "Appelle le 112", de: "x" } },
        { id: "empty", label: {}, text: {} },
      ],
    });
    expect(parsed.conversations).toEqual([
      {
        reference: 4821,
        roomId: "!abc:localhost",
        name: "Jeune 4821 · 18:42",
        state: "offered",
        arrivedAt: Date.parse("2026-11-23T18:42:00Z"),
        offerExpiresAt: Date.parse("2026-11-23T18:43:00Z"),
        handoverTo: null,
        handoverFrom: null,
        requeued: false,
        urgent: true,
      },
    ]);
    expect(parsed.supervisor).toBe(true);
    expect(parsed.pendingHandovers).toHaveLength(1);
    expect(parsed.cannedReplies).toEqual([
      { id: "emergency", label: { fr: "Urgences" }, text: { fr: "Appelle le 112" } },
    ]);
  });

  it("should refuse an answer without a user or availability", () => {
    expect(() => parseDesk({ availability: "on_duty" })).toThrow(ApiError);
    expect(() => parseDesk(null)).toThrow(ApiError);
  });
});

describe("createCounsellorApi", () => {
  it("should send the OpenID token and turn an error answer into its code", async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const api = createCounsellorApi(
      async (url, init) => {
        seen.push({ url, init });
        return new Response(
          JSON.stringify({ error: { code: "conversation_not_found", message: "No." } }),
          { status: 404 },
        );
      },
      "https://chat.example/api",
      async () => "tok",
    );
    await expect(api.end(4821)).rejects.toMatchObject({
      status: 404,
      code: "conversation_not_found",
    });
    expect(seen[0]?.url).toBe("https://chat.example/api/counsellor/conversations/4821/end");
    expect(seen[0]?.init?.method).toBe("POST");
    expect(new Headers(seen[0]?.init?.headers).get("Authorization")).toBe("Bearer tok");
  });
});

describe("createCounsellorApi and expired tokens", () => {
  it("should ask for a new token once when the bot answers 401, and fail if that one is refused too", async () => {
    const tokens: boolean[] = [];
    let accepted = "new";
    const api = createCounsellorApi(
      async (_url, init) => {
        const auth = new Headers(init?.headers).get("Authorization");
        if (auth !== `Bearer ${accepted}`) {
          return new Response(JSON.stringify({ error: { code: "unauthenticated" } }), {
            status: 401,
          });
        }
        return new Response(JSON.stringify({ userId: "@c:localhost", availability: "paused" }));
      },
      "/api",
      async (fresh) => {
        tokens.push(fresh === true);
        return fresh === true ? "new" : "old";
      },
    );
    expect((await api.me()).availability).toBe("paused");
    expect(tokens).toEqual([false, true]);
    accepted = "none";
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
  });
});
