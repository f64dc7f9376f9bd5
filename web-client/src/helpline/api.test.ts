import { describe, expect, it } from "vitest";
import { createHelplineApi } from "./api.ts";

describe("helpline API", () => {
  it("should GET the status without cookies and read it", async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = createHelplineApi(async (url, init) => {
      calls.push({ url, ...(init ? { init } : {}) });
      return new Response(
        JSON.stringify({
          open: false,
          admitting: false,
          closesAt: null,
          nextOpensAt: { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" },
          timeZone: "Europe/Brussels",
          waiting: 0,
          estimatedWaitMinutes: null,
        }),
      );
    }, "/api");
    await expect(api.status()).resolves.toMatchObject({
      open: false,
      admitting: false,
      nextOpensAt: { local: "2026-11-23T18:30" },
    });
    expect(calls[0]?.url).toBe("/api/status");
    expect(calls[0]?.init?.credentials).toBe("omit");
  });

  it("should reject an error answer", async () => {
    const api = createHelplineApi(async () => new Response("no", { status: 502 }), "/api");
    await expect(api.helpline()).rejects.toThrow();
  });
});
