import type { Clock } from "../../bot/src/permanence/runtime.ts";

/** The bot's clock in tests: time moves only when the test says so. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: string | number) {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  set(instant: string): void {
    this.#now = Date.parse(instant);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

/**
 * Monday 23 November 2026, 19:00 in Brussels (UTC+1): inside the real Monday slot of
 * Maintenant j'en parle (18:30–21:30).
 */
export const mondayEvening = "2026-11-23T18:00:00Z";
