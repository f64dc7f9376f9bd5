import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyDay, readStatistics } from "@helpline/bot/operations/statistics-store";
import { runAdmin } from "@helpline/scripts/admin/run";
import { testWeek } from "../support/clock.ts";
import { eventually, youthLeaves, youthStartsConversation } from "../support/permanence.ts";
import { startTestStack, type TestStack } from "../support/test-stack.ts";
import { registerYouth } from "../support/youth.ts";

// The funder's report against the real bot: two youths write and leave (counted by the bot
// itself), the report hides those small counts in its HTML, PDF, CSV and JSON, and shows the
// large ones. Case forms and feedback have no path into the bot yet on this branch, so their
// daily counters are written into the statistics file once the bot is idle (it rewrites the file
// only when it counts something new).

const monday = testWeek.date("monday");
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin([...args, "--config", path.join(stack.dir, "bot.yaml")], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: process.env,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const statisticsFile = () =>
  path.join(
    stack.dir,
    "bot-state",
    "helplines",
    "maintenant-jen-parle",
    "statistics",
    "statistics.json",
  );

describe("the funder's report", () => {
  it("should write HTML, PDF, CSV and JSON with the small cells hidden and marked", async () => {
    for (let youthNumber = 0; youthNumber < 2; youthNumber += 1) {
      const youth = await registerYouth(stack);
      const roomId = await youthStartsConversation(stack, youth);
      await youthLeaves(stack, youth, roomId);
    }
    const counted = await eventually(
      async () => readStatistics(statisticsFile()),
      (file) => file[monday]?.conversations === 2 && file[monday]?.abandoned === 2,
      "both conversations counted",
    );
    counted[monday] = {
      ...(counted[monday] ?? emptyDay()),
      caseForms: {
        filed: 18,
        categories: { rape: 2, harassment: 9, "sexual-assault": 7 },
        writer: { victim: 18 },
        ageBand: { "15-17": 12, unanswered: 6 },
        firstDisclosure: { yes: 18 },
        offered: { listening: 18 },
      },
      feedback: { given: 3, helped: { yes: 3 }, wouldWriteAgain: { unanswered: 3 } },
      // Two youths said they were in danger now: a small count, hidden like the others.
      urgent: 2,
    };
    writeFileSync(statisticsFile(), JSON.stringify(counted));

    const out = mkdtempSync(path.join(tmpdir(), "helpline-report-"));
    const result = await admin("report", "--from", monday, "--to", monday, "--out", out);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const base = path.join(out, `maintenant-jen-parle-${monday}-${monday}`);

    const html = readFileSync(`${base}.html`, "utf8");
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toMatch(/https?:\/\/|<script|(?:src|href)\s*=/i);
    const marked = (label: string) =>
      new RegExp(`${label}</t[dh]><td class="n suppressed" data-suppressed="true">masqué</td>`);
    expect(html).toMatch(marked("Conversations"));
    expect(html).toMatch(marked("Viol"));
    expect(html).toMatch(marked("Agression sexuelle")); // the second cell of the question
    expect(html).toMatch(marked("Avis des jeunes"));
    expect(html).toMatch(marked("Urgences signalées par les jeunes en attente"));
    expect(html).toMatch(/Harcèlement<\/td><td class="n">9<\/td>/);
    expect(html).toMatch(/Fiches remplies<\/th><td class="n">18<\/td>/);

    const pdf = readFileSync(`${base}.pdf`);
    expect(pdf.length).toBeGreaterThan(1000);
    expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");

    const [header, line] = readFileSync(`${base}.csv`, "utf8").split("\n");
    const cells = Object.fromEntries(
      (header ?? "").split(",").map((name, index) => [name, line?.split(",")[index]]),
    );
    expect(cells).toMatchObject({
      conversations: "",
      abandoned: "",
      case_forms_filed: "18",
      case_form_categories: "harassment=9;rape=;sexual-assault=",
      feedback_given: "",
      urgent: "",
    });
    expect(cells["suppressed"]?.split(";")).toEqual(
      expect.arrayContaining(["conversations", "abandoned", "caseForms.categories.rape", "urgent"]),
    );

    const json = JSON.parse(readFileSync(`${base}.json`, "utf8"));
    expect(json.minimumCell).toBe(5);
    expect(json.rows[0]).toMatchObject({
      conversations: null,
      abandoned: null,
      caseForms: { filed: 18, categories: { rape: null, harassment: 9, "sexual-assault": null } },
      feedback: { given: null },
    });

    // `stats` hides the same cells.
    const stats = await admin("stats", "--from", monday, "--to", monday, "--format", "json");
    expect(JSON.parse(stats.out).rows[0]).toMatchObject({ conversations: null, pickedUp: 0 });
  });

  it("should refuse a report by day or without a period, and write nothing", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "helpline-report-"));
    const byDay = await admin(
      "report",
      "--from",
      monday,
      "--to",
      monday,
      "--by",
      "day",
      "--out",
      out,
    );
    expect([byDay.code, byDay.err]).toEqual([2, expect.stringMatching(/week or month/)]);
    const noPeriod = await admin("report", "--out", out);
    expect([noPeriod.code, noPeriod.err]).toEqual([2, expect.stringMatching(/--from is required/)]);
    expect(readdirSync(out)).toEqual([]);
  });

  it("should write the HTML and say how to install Chromium when it is missing", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "helpline-report-"));
    const missing = path.join(out, "no-chromium");
    const errors: string[] = [];
    const code = await runAdmin(
      [
        "report",
        "--from",
        monday,
        "--to",
        monday,
        "--out",
        out,
        "--config",
        path.join(stack.dir, "bot.yaml"),
      ],
      { out: () => {}, err: (text) => errors.push(text), env: { CHROMIUM_PATH: missing } },
    );
    expect(code).toBe(1);
    expect(errors.join("\n")).toMatch(
      /no Chromium at .*no-chromium.*apt-get install chromium.*CHROMIUM_PATH/s,
    );
    const base = path.join(out, `maintenant-jen-parle-${monday}-${monday}`);
    expect(existsSync(`${base}.html`)).toBe(true);
    expect(existsSync(`${base}.pdf`)).toBe(false);
  });
});
