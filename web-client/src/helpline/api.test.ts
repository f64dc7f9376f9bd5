import { describe, expect, it } from "vitest";
import { createHelplineApi, parseHelpline, parseStatus } from "./api.ts";

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

  it("should refuse a status without its two booleans", () => {
    expect(() => parseStatus({ open: "yes" })).toThrow();
    expect(() => parseStatus(null)).toThrow();
  });

  it("should drop malformed instants instead of showing nonsense", () => {
    const status = parseStatus({
      open: true,
      admitting: true,
      closesAt: { instant: "soon", local: "later" },
      waiting: -3,
      estimatedWaitMinutes: 7.4,
    });
    expect(status).toMatchObject({ closesAt: null, waiting: 0, estimatedWaitMinutes: 7 });
    expect(status.timeZone).toBe("Europe/Brussels");
  });

  it("should keep well-formed slots and resources, and only web links", () => {
    const helpline = parseHelpline({
      id: "mjep",
      name: { fr: "Maintenant j'en parle" },
      timeZone: "Europe/Brussels",
      weekly: {
        monday: [{ from: "18:30", to: "21:30" }, { from: "9h" }],
        tuesday: "never",
      },
      resources: [
        { label: { fr: "Police" }, phone: "101", emergency: true },
        { label: { fr: "Site" }, url: "javascript:alert(1)" },
        { label: {} },
        { label: { nl: "Tele-Onthaal" }, url: "https://www.tele-onthaal.be", phone: "106" },
      ],
    });
    expect(helpline.weekly.monday).toEqual([{ from: "18:30", to: "21:30" }]);
    expect(helpline.weekly.tuesday).toEqual([]);
    expect(helpline.weekly.sunday).toEqual([]);
    expect(helpline.resources).toEqual([
      { label: { fr: "Police" }, phone: "101", emergency: true },
      { label: { fr: "Site" } },
      { label: { nl: "Tele-Onthaal" }, url: "https://www.tele-onthaal.be", phone: "106" },
    ]);
  });

  it("should keep the quick exit address only when it is a web address", () => {
    const base = { timeZone: "Europe/Brussels", weekly: {}, resources: [] };
    expect(parseHelpline({ ...base, quickExitUrl: "https://meteo.be/" }).quickExitUrl).toBe(
      "https://meteo.be/",
    );
    expect(parseHelpline({ ...base, quickExitUrl: "javascript:alert(1)" }).quickExitUrl).toBe(
      undefined,
    );
    expect(parseHelpline(base).quickExitUrl).toBe(undefined);
  });
});
