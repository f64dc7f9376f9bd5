import { describe, expect, it } from "vitest";
import { retryWhileTablesChange } from "./dump-retry.ts";

const dropped = new Error(
  'pg_dump: error: query failed: ERROR:  relation "public._temp_populate_user_directory_rooms" does not exist',
);

describe("retryWhileTablesChange", () => {
  it("should dump again when a table vanished between pg_dump's listing and its lock", async () => {
    let calls = 0;
    const result = await retryWhileTablesChange(async () => {
      calls += 1;
      if (calls === 1) throw dropped;
      return "dump";
    });
    expect(result).toBe("dump");
    expect(calls).toBe(2);
  });

  it("should give up after the last attempt, with the error", async () => {
    let calls = 0;
    const failing = retryWhileTablesChange(() => {
      calls += 1;
      return Promise.reject(dropped);
    }, 3);
    await expect(failing).rejects.toBe(dropped);
    expect(calls).toBe(3);
  });

  it("should never retry another failure", async () => {
    let calls = 0;
    const denied = new Error('pg_dump: error: connection failed: role "x" does not exist');
    await expect(
      retryWhileTablesChange(() => {
        calls += 1;
        return Promise.reject(denied);
      }),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});
