import { describe, expect, it } from "vitest";
import { FakeChatSession } from "./fake/FakeChatSession.ts";
import type * as SessionModuleExports from "./matrix/index.ts";
import type { MatrixSessionConfig } from "./matrix/index.ts";
import { createSessionLoader } from "./loader.ts";

type SessionModule = typeof SessionModuleExports;

const config = {} as MatrixSessionConfig; // never read by the fake module below

function fakeModule(counters: { warm: number; created: number }): SessionModule {
  return {
    createMatrixSession: () => {
      counters.created += 1;
      return new FakeChatSession();
    },
    warmUpCrypto: async () => {
      counters.warm += 1;
    },
    createProofs: () => ({
      warmUp: () => undefined,
      take: async () => ({ challenge: "c", solution: "s" }),
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
    expect(counters).toEqual({ warm: 1, created: 2 });
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
