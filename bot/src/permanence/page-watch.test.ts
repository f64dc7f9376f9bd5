import { describe, expect, it } from "vitest";
import { PageWatch } from "./page-watch.ts";

const second = 1000;
const minute = 60 * second;
const live = () => true;

function watch(): PageWatch {
  return new PageWatch({ visibleSilenceMs: 90 * second, hiddenSilenceMs: 10 * minute });
}

describe("watching the youths' pages", () => {
  it("should pass on a last word at once, and forget the page", () => {
    const pages = watch();
    pages.report("!a", "visible", false, false, 0);
    expect(pages.report("!a", "quick_exit", false, false, 1)).toEqual({
      type: "youth_page_gone",
      conversationId: "!a",
      how: "quick_exit",
      kept: false,
    });
    expect(pages.report("!b", "closed", true, false, 1)).toMatchObject({
      how: "closed",
      kept: true,
    });
    expect(pages.size).toBe(0);
    expect(pages.silent(10 * minute, live)).toEqual([]);
  });

  it("should call a shown page silent after 90 s without a heartbeat, and only once", () => {
    const pages = watch();
    pages.report("!a", "visible", false, false, 0);
    pages.report("!a", "visible", false, false, 30 * second);
    expect(pages.silent(119 * second, live)).toEqual([]);
    expect(pages.silent(120 * second, live)).toEqual([
      { type: "youth_page_gone", conversationId: "!a", how: "silent", kept: false },
    ]);
    expect(pages.silent(10 * minute, live)).toEqual([]);
  });

  it("should give a hidden page ten minutes, since a phone may freeze it and the youth come back", () => {
    const pages = watch();
    pages.report("!a", "hidden", true, false, 0);
    expect(pages.silent(9 * minute, live)).toEqual([]);
    expect(pages.silent(10 * minute, live)).toEqual([
      { type: "youth_page_gone", conversationId: "!a", how: "silent", kept: true },
    ]);
  });

  it("should say the page is back when the permanence holds it gone", () => {
    const pages = watch();
    expect(pages.report("!a", "visible", false, true, 0)).toEqual({
      type: "youth_page_back",
      conversationId: "!a",
    });
    expect(pages.report("!a", "visible", false, false, 0)).toBeNull();
  });

  it("should forget the pages of conversations that are over, never calling them silent", () => {
    const pages = watch();
    pages.report("!a", "visible", false, false, 0);
    expect(pages.silent(5 * minute, () => false)).toEqual([]);
    expect(pages.size).toBe(0);
  });
});
