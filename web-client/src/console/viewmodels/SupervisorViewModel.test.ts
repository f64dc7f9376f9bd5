import { describe, expect, it } from "vitest";
import { NOW, loggedIn, poll, setup, shown } from "../fake/console.ts";
import { desk, settle } from "../fake/fakes.ts";
import { ApiError } from "../types.ts";

describe("SupervisorViewModel", () => {
  it("should show the supervisor panel only to a supervisor, and say when a reassignment is refused", async () => {
    const parties = await loggedIn(setup());
    const { vm, supervisor, api } = parties;
    await poll(parties);
    expect(shown(vm).supervisor).toBeNull();
    expect(api.calls).not.toContain("overview");
    api.desk = desk({ supervisor: true });
    api.overviewAnswer = {
      counsellors: [{ userId: "@lou:localhost", availability: "on_duty", load: 2, capacity: 2 }],
      queue: [
        { reference: 9, position: 1, waitingSince: NOW - 60_000, state: "queued", urgent: false },
      ],
      active: 2,
      danger: [],
    };
    await poll(parties);
    expect(shown(vm).supervisor).toMatchObject({ active: 2, assigning: null });
    api.assign = () => Promise.reject(new ApiError(409, "counsellor_unavailable"));
    supervisor.assign(9, "@lou:localhost");
    await settle();
    expect(shown(vm).supervisor?.failed).toBe("unavailable");
  });
});
