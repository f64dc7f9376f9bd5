import { describe, expect, it } from "vitest";
import { FakeChatSession } from "../session/fake/FakeChatSession.ts";
import { SessionFailure } from "../session/types.ts";
import { oneSessionPerBrowser, type Locks } from "./tabLock.ts";

/** Web Locks as one browser sees them: a name is held until its callback's promise settles. */
function fakeLocks(): Locks {
  const held = new Set<string>();
  return {
    request(name, _options, callback) {
      if (held.has(name)) return Promise.resolve(callback(null));
      held.add(name);
      const result = callback({ name });
      return Promise.resolve(result).finally(() => held.delete(name));
    },
  };
}

describe("one chat per browser", () => {
  it("should refuse a second session while the first runs, and allow it once stopped", async () => {
    const locks = fakeLocks();
    const tabA = oneSessionPerBrowser(() => Promise.resolve(new FakeChatSession()), locks);
    const tabB = oneSessionPerBrowser(() => Promise.resolve(new FakeChatSession()), locks);
    const first = await tabA();
    const refused = await tabB().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SessionFailure);
    expect((refused as SessionFailure).kind).toBe("otherTab");
    first.stop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const second = await tabB();
    second.stop();
  });
});
