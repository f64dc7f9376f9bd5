import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { alwaysClosed, alwaysOpen, settingsFor } from "../permanence/engine/testing/scenario.ts";
import { Permanence } from "../permanence/runtime.ts";
import type { PermanenceEvent } from "../permanence/types.ts";
import { createAdminDesk } from "./operations.ts";
import { RolesStore } from "./roles.ts";

const alice = "@alice:x";
const settings = settingsFor([{ userId: alice }]);
const opened: Permanence[] = [];

afterEach(async () => {
  for (const permanence of opened.splice(0)) await permanence.close();
});

async function adminDesk() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "admin-desk-"));
  const events: PermanenceEvent[] = [];
  const permanence = await Permanence.open({
    dir: path.join(dir, "permanence"),
    context: { settings, schedule: alwaysOpen },
    run: async () => {},
    clock: { now: () => 0 },
    logger: createLogger({ write: () => {} }),
    observe: (change) => events.push(change.event),
  });
  opened.push(permanence);
  const roles = new RolesStore(dir);
  const desk = createAdminDesk({
    permanence,
    // Its status shows the hours as dates: "always open" has none.
    schedule: alwaysClosed,
    settings,
    roles,
    helplineId: "test",
    now: () => 0,
    eraseNow: async () => {},
  });
  return { permanence, roles, desk, events };
}

describe("the admin CLI's desk", () => {
  it("should close a waiting youth's conversation as the operator, naming no counsellor", async () => {
    const { permanence, desk, events } = await adminDesk();
    await permanence.dispatch({
      type: "youth_arrived",
      conversationId: "!a:x",
      youthId: "@y:x",
      reference: 4821,
    });
    expect(await desk.closeConversation(4821)).toEqual({ erasureAt: expect.any(String) });
    expect(events.at(-1)).toEqual({ type: "operator_closed", conversationId: "!a:x" });
    expect(permanence.state.conversations).toEqual({});
    expect(await desk.closeConversation(4821)).toBeNull();
  });

  it("should disable a counsellor in the engine and in the roles file, and enable her again", async () => {
    const { permanence, roles, desk } = await adminDesk();
    await permanence.dispatch({
      type: "availability_set",
      counsellorId: alice,
      availability: "on_duty",
    });
    expect(await desk.setDisabled(alice, true)).toBe(true);
    expect(roles.isDisabled(alice)).toBe(true);
    expect(permanence.state.counsellors[alice]).toMatchObject({
      availability: "off_duty",
      disabled: true,
    });
    expect(desk.status().counsellors).toEqual([expect.objectContaining({ disabled: true })]);
    expect(await desk.setDisabled(alice, false)).toBe(true);
    expect(roles.isDisabled(alice)).toBe(false);
    expect(desk.status().counsellors).toEqual([expect.objectContaining({ disabled: false })]);
    expect(await desk.setDisabled("@nobody:x", true)).toBe(false);
  });
});
