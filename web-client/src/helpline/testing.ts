import type { Helpline } from "./api.ts";

/**
 * For tests: a helpline as the page reads it, for minors and open on Monday evenings only; a test
 * overrides what it is about (the audience, an end, resources).
 */
export function testHelpline(overrides: Partial<Helpline> = {}): Helpline {
  return {
    audience: "minors",
    asksWhoIsWriting: false,
    timeZone: "Europe/Brussels",
    weekly: {
      monday: [{ from: "18:30", to: "21:30" }],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
      saturday: [],
      sunday: [],
    },
    resources: [],
    waitingTexts: [],
    ...overrides,
  };
}
