import { describe, expect, it } from "vitest";
import { isLanguage, readHelpline, readInstant, readStatus } from "./public-api.ts";

describe("readInstant", () => {
  it("should keep an instant with its wall time", () => {
    const instant = new Date().toISOString();
    const local = instant.slice(0, 16);
    expect(readInstant({ instant, local })).toEqual({ instant, local });
  });

  it("should read anything else as no instant", () => {
    const instant = new Date().toISOString();
    expect(readInstant({ instant, local: "tonight" })).toBeNull();
    expect(readInstant({ instant: "soon", local: instant.slice(0, 16) })).toBeNull();
    expect(readInstant(instant)).toBeNull();
    expect(readInstant(null)).toBeNull();
  });
});

describe("isLanguage", () => {
  it("should know the page's three languages only", () => {
    expect(["fr", "nl", "en", "de", "", null].map(isLanguage)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe("public API decoders", () => {
  it("should refuse a status without its two booleans", () => {
    expect(() => readStatus({ open: "yes" })).toThrow();
    expect(() => readStatus(null)).toThrow();
  });

  it("should drop malformed instants instead of showing nonsense", () => {
    const status = readStatus({
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
    const helpline = readHelpline({
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
    expect(readHelpline({ ...base, quickExitUrl: "https://meteo.be/" }).quickExitUrl).toBe(
      "https://meteo.be/",
    );
    expect(readHelpline({ ...base, quickExitUrl: "javascript:alert(1)" }).quickExitUrl).toBe(
      undefined,
    );
    expect(readHelpline(base).quickExitUrl).toBe(undefined);
  });

  it("should read the audience, minors unless the bot says adults", () => {
    const base = { timeZone: "Europe/Brussels", weekly: {}, resources: [] };
    expect(readHelpline({ ...base, audience: "adults" }).audience).toBe("adults");
    expect(readHelpline({ ...base, audience: "minors" }).audience).toBe("minors");
    expect(readHelpline({ ...base, audience: "everyone" }).audience).toBe("minors");
    expect(readHelpline(base).audience).toBe("minors");
    expect(readHelpline({ ...base, asksWhoIsWriting: true }).asksWhoIsWriting).toBe(true);
    expect(readHelpline({ ...base, asksWhoIsWriting: "yes" }).asksWhoIsWriting).toBe(false);
  });

  it("should read an ended service and keep only successors with a name and a web link", () => {
    const base = { timeZone: "Europe/Brussels", weekly: {}, resources: [] };
    const helpline = readHelpline({
      ...base,
      ended: {
        on: "2021-07-01",
        successors: [
          { name: { fr: "SOS Viol" }, url: "https://www.sosviol.be/" },
          { name: { fr: "Piège" }, url: "javascript:alert(1)" },
          { url: "https://example.org/" },
        ],
      },
    });
    expect(helpline.ended).toEqual({
      on: "2021-07-01",
      successors: [{ name: { fr: "SOS Viol" }, url: "https://www.sosviol.be/" }],
    });
    expect(readHelpline({ ...base, ended: { on: "July" } }).ended).toBe(undefined);
    expect(readHelpline(base).ended).toBe(undefined);
  });

  it("should read the waiting texts, keeping only those with an id, a title and a body", () => {
    const base = { timeZone: "Europe/Brussels", weekly: {}, resources: [] };
    const next = { id: "next", title: { fr: "Et après ?" }, body: { fr: "Une intervenante…" } };
    const helpline = readHelpline({
      ...base,
      waitingTexts: [
        next,
        { id: "no-body", title: { fr: "Titre" } },
        { title: { fr: "Sans id" }, body: { fr: "…" } },
        { id: "empty", title: {}, body: { fr: "…" } },
        "text",
      ],
    });
    expect(helpline.waitingTexts).toEqual([next]);
    expect(readHelpline(base).waitingTexts).toEqual([]);
    expect(readHelpline({ ...base, waitingTexts: "none" }).waitingTexts).toEqual([]);
  });
});
