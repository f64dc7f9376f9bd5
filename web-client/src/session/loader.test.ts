import { describe, expect, it } from "vitest";
import { FakeChatSession } from "./fake/FakeChatSession.ts";
import type * as SessionModuleExports from "./matrix/index.ts";
import type { MatrixSessionConfig } from "./matrix/index.ts";
import { createSessionLoader } from "./loader.ts";
import { EarlyRegistration } from "./matrix/earlyRegistration.ts";

type SessionModule = typeof SessionModuleExports;

const config = {} as MatrixSessionConfig; // never read by the fake module below

function fakeModule(counters: { warm: number; created: number; reading?: number }): SessionModule {
  return {
    createMatrixSession: () => {
      counters.created += 1;
      return new FakeChatSession();
    },
    warmUpCrypto: async () => {
      counters.warm += 1;
    },
    createPageStart: () => ({
      bot: {
        createRegistrationToken: async () => ({ token: "t", expiresAt: null }),
        reservePlace: async () => null,
        createConversation: () => Promise.reject(new Error("not in this test")),
        sendFeedback: async () => undefined,
        declareUrgent: async () => undefined,
      },
      early: new EarlyRegistration({
        prepare: () => Promise.reject(new Error("not in this test")),
        now: () => 0,
      }),
      whileReading: () => {
        counters.reading = (counters.reading ?? 0) + 1;
      },
    }),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("createSessionLoader", () => {
  it("should import the session code once and warm the crypto once", async () => {
    const counters = { warm: 0, created: 0 };
    let imports = 0;
    const loader = createSessionLoader(config, async () => {
      imports += 1;
      return fakeModule(counters);
    });
    loader.prefetch();
    loader.prefetch();
    await settle();
    await loader.createSession();
    await loader.createSession();
    expect(imports).toBe(1);
    // The page's start is readied at each prefetch (solving, watching intent: each idempotent).
    expect(counters).toEqual({ warm: 1, created: 2, reading: 2 });
  });

  it("should import again after a failed download", async () => {
    const counters = { warm: 0, created: 0 };
    let imports = 0;
    const loader = createSessionLoader(config, async () => {
      imports += 1;
      if (imports === 1) throw new Error("offline");
      return fakeModule(counters);
    });
    await expect(loader.createSession()).rejects.toThrow("offline");
    await expect(loader.createSession()).resolves.toBeInstanceOf(FakeChatSession);
    expect(imports).toBe(2);
  });
});
