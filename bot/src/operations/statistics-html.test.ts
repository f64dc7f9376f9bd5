import { describe, expect, it } from "vitest";
import { toHtml } from "./statistics-html.ts";
import { buildSampledReport, buildTotal } from "./statistics-report.ts";
import { emptyDay, type StatisticsFile } from "./statistics-store.ts";
import { suppressRow, suppressSeries } from "./statistics-suppression.ts";

const range = { from: "2026-11-02", to: "2026-11-15" };
const data: StatisticsFile = {
  "2026-11-03": {
    ...emptyDay(),
    conversations: 9,
    pickedUp: 9,
    languages: { fr: 9 },
    caseForms: {
      filed: 9,
      categories: { rape: 2, harassment: 7, "own-category": 6 },
      writer: { victim: 9 },
      ageBand: { unanswered: 9 },
      firstDisclosure: { yes: 9 },
      offered: { listening: 9 },
    },
  },
  "2026-11-10": {
    ...emptyDay(),
    conversations: 2,
    pickedUp: 2,
    languages: { fr: 2 },
    feedback: { given: 2, helped: { yes: 2 }, wouldWriteAgain: { yes: 2 } },
  },
};

function render(language: "fr" | "nl" | "en", answerLabels?: Record<string, string>) {
  return toHtml({
    helplineName: "Maintenant j'en parle",
    language,
    ...range,
    minimumCell: 5,
    total: suppressRow(buildTotal(data, range), 5),
    series: suppressSeries(buildSampledReport(data, range, "week"), 5),
    ...(answerLabels ? { answerLabels } : {}),
  });
}

describe("the HTML report", () => {
  it("should load nothing from elsewhere: no script, no external reference, a CSP forbidding it", () => {
    const html = render("fr");
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(?:src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("should mark the hidden cells and explain why, in the helpline's language", () => {
    const html = render("fr");
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Petits nombres masqués");
    // rape (2) is small, and the next smallest category (own-category, 6) is hidden with it.
    expect(html).toMatch(
      /<td>Viol<\/td><td class="n suppressed" data-suppressed="true">masqué<\/td>/,
    );
    expect(html).toMatch(
      /<td>own-category<\/td><td class="n suppressed" data-suppressed="true">masqué<\/td>/,
    );
    expect(html).toMatch(/<td>Harcèlement<\/td><td class="n">7<\/td>/);
    // A hidden total is marked too, never shown as 0.
    expect(html).toMatch(/Avis des jeunes<\/th><td class="n suppressed"/);
    // Week of the 9th: 2 conversations, hidden; the other week (9) with it, or 11 - 9 gives it away.
    expect(html).toMatch(/<td>2026-11-09<\/td><td class="n suppressed"/);
    expect(html).toMatch(/<td>2026-11-02<\/td><td class="n suppressed"/);
    expect(html).not.toMatch(/>2<\/t(?:d|ext)>/);
    expect(html).toContain("<svg");
  });

  it("should label answers in Dutch and English, with the helpline's own labels first", () => {
    expect(render("nl")).toContain("Kleine aantallen verborgen");
    expect(render("nl")).toMatch(/<td>Verkrachting<\/td><td class="n suppressed"[^>]*>verborgen</);
    const english = render("en", { "own-category": "Our own topic" });
    expect(english).toContain("<td>Our own topic</td>");
    expect(english).toContain("<td>Harassment</td>");
  });
});
