import { describe, expect, it } from "vitest";
import { checkPseudonym } from "./pseudonym.ts";

describe("checkPseudonym", () => {
  it("should accept nothing, and plain names in any language", () => {
    expect(checkPseudonym("   ")).toEqual({ ok: true, pseudonym: null });
    expect(checkPseudonym("  Lou  ")).toEqual({ ok: true, pseudonym: "Lou" });
    expect(checkPseudonym("Zoë-Anaïs")).toEqual({ ok: true, pseudonym: "Zoë-Anaïs" });
    expect(checkPseudonym("Petit   chat 3")).toEqual({ ok: true, pseudonym: "Petit chat 3" });
  });

  it("should refuse what could identify the youth or reach them", () => {
    for (const contact of ["lou@mail.be", "0475 12 34 56", "www.example", "http://x", "lou.be"]) {
      expect(checkPseudonym(contact)).toEqual({ ok: false, problem: "contact" });
    }
  });

  it("should refuse names too short, too long, or made of symbols", () => {
    expect(checkPseudonym("L")).toEqual({ ok: false, problem: "too_short" });
    expect(checkPseudonym("L".repeat(25))).toEqual({ ok: false, problem: "too_long" });
    expect(checkPseudonym("<script>")).toEqual({ ok: false, problem: "characters" });
    expect(checkPseudonym("-- ")).toEqual({ ok: false, problem: "characters" });
  });
});
