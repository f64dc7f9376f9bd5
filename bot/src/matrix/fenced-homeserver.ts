import type { Homeserver } from "./homeserver.ts";

/**
 * The homeserver as a fenced bot must see it: `check` runs before every call and stops the bot
 * (exits, or throws) once a newer bot has claimed the journal (permanence/journal/epoch.ts). A
 * bot frozen past its lock must not invite, kick or send anything on waking up: the bot that took
 * over decides now, and two deciders would offer one youth to two counsellors.
 *
 * A Proxy rather than a hand-written wrapper: every method of the interface, present and future,
 * goes through the check, so a new method cannot forget it.
 */
export function fencedHomeserver(homeserver: Homeserver, check: () => void): Homeserver {
  return new Proxy(homeserver, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        check();
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
