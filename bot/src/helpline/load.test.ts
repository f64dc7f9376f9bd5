import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHelplineConfig, parseHelplineConfig } from "./load.ts";
import { toPermanenceSettings } from "./settings.ts";
import { helplineConfigProblems, validHelplineInput } from "./testing.ts";

const examples = path.resolve(import.meta.dirname, "../../../config/helplines");

const valid = validHelplineInput;

type Raw = ReturnType<typeof valid>;

function withHours(hours: Record<string, unknown>): Raw {
  const raw = valid();
  return { ...raw, hours: { ...raw.hours, ...hours } };
}

describe("the committed helpline files", () => {
  it("should load Maintenant j'en parle with the real weekly schedule", () => {
    const def = loadHelplineConfig(path.join(examples, "maintenant-jen-parle.yaml"));
    expect(def.defaultLanguage).toBe("fr");
    expect(def.audience).toBe("minors");
    expect(def.hours.timeZone).toBe("Europe/Brussels");
    expect(def.hours.weekly).toEqual({
      monday: [{ from: "18:30", to: "21:30" }],
      tuesday: [{ from: "18:00", to: "21:00" }],
      wednesday: [{ from: "18:00", to: "21:00" }],
      thursday: [{ from: "18:00", to: "21:00" }],
      friday: [],
      saturday: [],
      sunday: [],
    });
    expect(def.resources.map((resource) => resource.phone ?? resource.url)).toEqual([
      "112",
      "103",
      "https://www.sosenfants.be",
      "https://www.violencessexuelles.be",
    ]);
  });

  it("should load the Dutch-speaking and the adult services from config alone", () => {
    const dutch = loadHelplineConfig(path.join(examples, "nu-praat-ik-er-over.yaml"));
    expect([dutch.defaultLanguage, dutch.audience]).toEqual(["nl", "minors"]);
    const adults = loadHelplineConfig(path.join(examples, "sos-viol.yaml"));
    expect([adults.defaultLanguage, adults.audience]).toEqual(["fr", "adults"]);
    expect(adults.resources.some((resource) => resource.phone === "0800 98 100")).toBe(true);
    // SOS Viol's chat also hears relatives: it asks who the person writes about.
    expect([adults.asksWhoIsWriting, dutch.asksWhoIsWriting]).toEqual([true, false]);
  });

  it("should load the ended pilot, pointing to SOS Viol and Maintenant j'en parle", () => {
    const pilot = loadHelplineConfig(path.join(examples, "chat-violences-sexuelles.yaml"));
    expect(pilot.id).toBe("chat-violences-sexuelles");
    expect(pilot.ended?.on).toBe("2021-07-01");
    expect(pilot.ended?.successors.map((successor) => successor.url)).toEqual([
      "https://www.sosviol.be/",
      "https://www.maintenantjenparle.be/",
    ]);
    expect(pilot.resources.map((resource) => resource.phone ?? resource.url)).toContain(
      "https://www.violencessexuelles.be",
    );
    expect(pilot.resources.find((resource) => resource.emergency)?.phone).toBe("112");
    // Its page speaks its three languages.
    const successors = pilot.ended?.successors ?? [];
    for (const text of [pilot.name, ...successors.map((successor) => successor.description)]) {
      expect(Object.keys(text ?? {}).sort()).toEqual(["en", "fr", "nl"]);
    }
  });
});

describe("parseHelplineConfig", () => {
  it("should fill the defaults: Brussels time, no closures, no openings, not an emergency", () => {
    const def = parseHelplineConfig(valid(), "line.yaml");
    expect(def.hours.timeZone).toBe("Europe/Brussels");
    expect(def.hours.closures).toEqual([]);
    expect(def.hours.openings).toEqual([]);
    expect(def.hours.weekly.sunday).toEqual([]);
    expect(
      parseHelplineConfig({ ...valid(), resources: [{ label: { fr: "103" }, phone: "103" }] }, "x")
        .resources[0]?.emergency,
    ).toBe(false);
  });

  it("should accept slots across midnight, a whole day and touching slots", () => {
    const weekly = {
      monday: [{ from: "22:00", to: "24:00" }],
      tuesday: [
        { from: "00:00", to: "02:00" },
        { from: "20:00", to: "01:00" },
      ],
      wednesday: [{ from: "01:00", to: "03:00" }],
      saturday: [{ from: "00:00", to: "24:00" }],
    };
    expect(
      parseHelplineConfig(withHours({ weekly }), "line.yaml").hours.weekly.tuesday,
    ).toHaveLength(2);
  });

  it("should name the file, the key, what was expected and what was found", () => {
    expect(helplineConfigProblems(withHours({ timeZone: "Europe/Bruxelles" }))).toEqual([
      'line.yaml: hours.timeZone: expected an IANA time zone such as Europe/Brussels, got "Europe/Bruxelles"',
    ]);
  });

  it("should refuse malformed times and empty slots", () => {
    const weekly = {
      monday: [{ from: "24:00", to: "02:00" }],
      tuesday: [{ from: "18h00", to: "24:01" }],
      wednesday: [{ from: "18:00", to: "18:00" }],
    };
    expect(helplineConfigProblems(withHours({ weekly }))).toEqual([
      'line.yaml: hours.weekly.monday.0.from: expected a time written HH:MM between 00:00 and 23:59, got "24:00"',
      'line.yaml: hours.weekly.tuesday.0.from: expected a time written HH:MM between 00:00 and 23:59, got "18h00"',
      'line.yaml: hours.weekly.tuesday.0.to: expected a time written HH:MM between 00:00 and 24:00, got "24:01"',
      'line.yaml: hours.weekly.wednesday.0: expected a slot whose "to" differs from "from" (00:00–24:00 is a whole day), got "18:00–18:00"',
    ]);
  });

  it("should name both slots when two overlap, including across midnight and Sunday night", () => {
    const weekly = {
      monday: [
        { from: "18:30", to: "21:30" },
        { from: "21:00", to: "22:00" },
      ],
      tuesday: [{ from: "23:00", to: "02:00" }],
      wednesday: [{ from: "01:30", to: "03:00" }],
      sunday: [{ from: "23:00", to: "19:00" }],
    };
    expect(helplineConfigProblems(withHours({ weekly }))).toEqual([
      'line.yaml: hours.weekly.monday.1: expected a slot that does not overlap hours.weekly.monday.0 (18:30–21:30), got "21:00–22:00"',
      'line.yaml: hours.weekly.sunday.0: expected a slot that does not overlap hours.weekly.monday.0 (18:30–21:30), got "23:00–19:00"',
      'line.yaml: hours.weekly.wednesday.0: expected a slot that does not overlap hours.weekly.tuesday.0 (23:00–02:00), got "01:30–03:00"',
    ]);
  });

  it("should refuse unknown days and a week without any slot", () => {
    expect(helplineConfigProblems(withHours({ weekly: { lundi: [] } }))).toEqual([
      "line.yaml: hours.weekly.lundi: expected no key of this name (check the spelling), got a list of 0 items",
      "line.yaml: hours.weekly: expected at least one weekly slot, got a mapping",
    ]);
    expect(helplineConfigProblems(withHours({ weekly: {} }))).toEqual([
      "line.yaml: hours.weekly: expected at least one weekly slot, got a mapping",
    ]);
  });

  it("should check closures: real dates, one day or an ordered range", () => {
    const closures = [
      { date: "2026-02-29" },
      { from: "2026-12-31", to: "2026-12-24" },
      { date: "2026-12-25", from: "2026-12-24", to: "2026-12-26" },
      { from: "2026-12-24" },
      { date: "25/12/2026" },
    ];
    expect(helplineConfigProblems(withHours({ closures }))).toEqual([
      'line.yaml: hours.closures.0.date: expected a real calendar date written YYYY-MM-DD (e.g. 2026-12-25), got "2026-02-29"',
      'line.yaml: hours.closures.1.to: expected a date on or after "from" (2026-12-31), got "2026-12-24"',
      'line.yaml: hours.closures.2: expected either "date" (one day) or both "from" and "to" (an inclusive range of days), got a mapping',
      'line.yaml: hours.closures.3: expected either "date" (one day) or both "from" and "to" (an inclusive range of days), got a mapping',
      'line.yaml: hours.closures.4.date: expected a real calendar date written YYYY-MM-DD (e.g. 2026-12-25), got "25/12/2026"',
    ]);
  });

  it("should check openings' date and times", () => {
    const openings = [{ date: "2026-12-28", from: "14:00", to: "14:00" }, { date: "2026-12-28" }];
    expect(helplineConfigProblems(withHours({ openings }))).toEqual([
      'line.yaml: hours.openings.0: expected a slot whose "to" differs from "from" (00:00–24:00 is a whole day), got "14:00–14:00"',
      "line.yaml: hours.openings.1.from: expected a string, got nothing (the key is missing)",
      "line.yaml: hours.openings.1.to: expected a string, got nothing (the key is missing)",
    ]);
  });

  it("should require every text in the default language", () => {
    const raw = {
      ...valid(),
      name: { nl: "Testlijn" },
      resources: [{ label: { fr: "103" }, phone: "103", description: { en: "Free" } }],
    };
    expect(helplineConfigProblems(raw)).toEqual([
      "line.yaml: name.fr: expected a text in the default language (fr), got nothing (the key is missing)",
      "line.yaml: resources.0.description.fr: expected a text in the default language (fr), got nothing (the key is missing)",
    ]);
  });

  it("should require a phone or a URL for each resource, and refuse unknown languages", () => {
    const raw = { ...valid(), resources: [{ label: { fr: "Rien", de: "Nichts" } }] };
    expect(helplineConfigProblems(raw)).toEqual([
      'line.yaml: resources.0.label.de: expected no key of this name (check the spelling), got "Nichts"',
      'line.yaml: resources.0: expected a "phone" or a "url" (or both), got a mapping',
    ]);
  });

  it("should refuse counsellor accounts: they belong to the deployment config", () => {
    expect(helplineConfigProblems({ ...valid(), counsellors: ["@a:localhost"] })).toEqual([
      "line.yaml: counsellors: expected no key of this name (check the spelling), got a list of 1 item",
    ]);
  });
});

describe("loadHelplineConfig", () => {
  it("should report a bad file with its path, the key and the expectation", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "helpline-config-test-"));
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, JSON.stringify(withHours({ lastAdmissionMinutes: -5 })));
    expect(() => loadHelplineConfig(file)).toThrow(
      `${file}: hours.lastAdmissionMinutes: expected a number ≥ 0, got -5`,
    );
    writeFileSync(file, "hours: [unclosed\n");
    expect(() => loadHelplineConfig(file)).toThrow(
      /broken\.yaml: \(file\): expected valid YAML, got/,
    );
    const missing = path.join(dir, "missing.yaml");
    expect(() => loadHelplineConfig(missing)).toThrow(
      `${missing}: (file): expected a readable file, got ENOENT`,
    );
  });
});

describe("toPermanenceSettings", () => {
  it("should convert the service's minutes and seconds to milliseconds and keep the counsellors", () => {
    const def = parseHelplineConfig(valid(), "line.yaml");
    const counsellors = [
      { userId: "@a:localhost" },
      { userId: "@b:localhost", maxConversations: 1 },
    ];
    expect(toPermanenceSettings(def, counsellors)).toEqual({
      counsellors,
      defaultMaxConversations: 2,
      offerTimeoutMs: 90_000,
      inactivityTimeoutMs: 1_800_000,
      closingWarningMs: 600_000,
      typicalConversationMs: 1_800_000,
      erasureGraceMs: 300_000,
    });
  });
});

describe("an ended service", () => {
  const successors = [
    { name: { fr: "SOS Viol" }, url: "https://www.sosviol.be/" },
    {
      name: { fr: "Maintenant j'en parle" },
      url: "https://www.maintenantjenparle.be/",
      description: { fr: "Pour les mineur·e·s." },
    },
  ];

  function endedInput(ended: unknown = { on: "2021-07-01", successors }) {
    const { hours: _hours, conversations: _conversations, ...rest } = valid();
    return { ...rest, ended };
  }

  it("should need neither hours nor conversation limits, and never open", () => {
    const def = parseHelplineConfig(endedInput(), "ended.yaml");
    expect(def.ended).toEqual({ on: "2021-07-01", successors });
    expect(Object.values(def.hours.weekly).flat()).toEqual([]);
    expect(def.hours.openings).toEqual([]);
    expect(def.cannedReplies).toEqual([]);
  });

  it("should still require hours and conversation limits of a service that runs", () => {
    const { hours: _hours, conversations: _conversations, ...rest } = valid();
    expect(helplineConfigProblems(rest)).toEqual([
      'line.yaml: hours: expected a "hours" mapping (only a helpline with "ended" may leave it out), got nothing (the key is missing)',
      'line.yaml: conversations: expected a "conversations" mapping (only a helpline with "ended" may leave it out), got nothing (the key is missing)',
    ]);
  });

  it("should check the day, the successors and their texts in the default language", () => {
    expect(helplineConfigProblems(endedInput({ on: "2021-02-30", successors: [] }))).toEqual([
      'line.yaml: ended.on: expected a real calendar date written YYYY-MM-DD (e.g. 2026-12-25), got "2021-02-30"',
      "line.yaml: ended.successors: expected at least one successor, got a list of 0 items",
    ]);
    expect(
      helplineConfigProblems(
        endedInput({
          on: "2021-07-01",
          successors: [{ name: { fr: "SOS Viol" }, url: "ftp://sosviol.be" }],
        }),
      ),
    ).toEqual([
      'line.yaml: ended.successors.0.url: expected an http(s) URL, got "ftp://sosviol.be"',
    ]);
    expect(
      helplineConfigProblems(
        endedInput({
          on: "2021-07-01",
          successors: [
            { name: { nl: "SOS Viol" }, url: "https://www.sosviol.be/", description: { en: "x" } },
          ],
        }),
      ),
    ).toEqual([
      "line.yaml: ended.successors.0.name.fr: expected a text in the default language (fr), got nothing (the key is missing)",
      "line.yaml: ended.successors.0.description.fr: expected a text in the default language (fr), got nothing (the key is missing)",
    ]);
  });
});

describe("the 'who do you write about' question", () => {
  it("should not be asked unless the service says so", () => {
    expect(parseHelplineConfig(valid(), "line.yaml").asksWhoIsWriting).toBe(false);
    const asked = parseHelplineConfig({ ...valid(), asksWhoIsWriting: true }, "line.yaml");
    expect(asked.asksWhoIsWriting).toBe(true);
    expect(helplineConfigProblems({ ...valid(), asksWhoIsWriting: "yes" })).toEqual([
      'line.yaml: asksWhoIsWriting: expected true or false, got "yes"',
    ]);
  });
});

describe("the helpline's provenance key", () => {
  const publicKey = Buffer.alloc(32, 9).toString("base64").replace(/=+$/, "");

  it("should be optional, and read when given", () => {
    expect(parseHelplineConfig(valid(), "line.yaml").provenance).toBeUndefined();
    const keyed = parseHelplineConfig({ ...valid(), provenance: { publicKey } }, "line.yaml");
    expect(keyed.provenance).toEqual({ publicKey });
  });

  it("should refuse anything but a 32-byte key in unpadded base64, naming file and key", () => {
    const expected =
      "expected an Ed25519 public key: 32 bytes in unpadded base64, as `npm run admin -- provenance create-key` prints it";
    expect(
      helplineConfigProblems({ ...valid(), provenance: { publicKey: `${publicKey}=` } }),
    ).toEqual([`line.yaml: provenance.publicKey: ${expected}, got "${publicKey}="`]);
    expect(helplineConfigProblems({ ...valid(), provenance: { publicKey: "c2hvcnQ" } })).toEqual([
      `line.yaml: provenance.publicKey: ${expected}, got "c2hvcnQ"`,
    ]);
    expect(
      helplineConfigProblems({ ...valid(), provenance: { publicKey, privateKey: "x" } })[0],
    ).toContain("line.yaml: provenance.privateKey: expected no key of this name");
  });
});
