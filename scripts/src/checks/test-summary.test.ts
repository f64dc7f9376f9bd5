import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "test-summary.ts");

function report(results: unknown[], counts: Partial<Record<string, number>>) {
  return JSON.stringify({
    numPassedTests: 0,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    numFailedTestSuites: 0,
    ...counts,
    testResults: results,
  });
}

describe("the closing test summary", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "summary-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("should name each failed test and its first message line just above the totals", async () => {
    await writeFile(
      path.join(dir, "unit.json"),
      report(
        [
          {
            name: path.join(process.cwd(), "bot/src/a.test.ts"),
            status: "failed",
            assertionResults: [
              { fullName: "a works", status: "passed" },
              {
                fullName: "a fails",
                status: "failed",
                failureMessages: ["\nAssertionError: expected 1 to be 2\n    at stack"],
              },
            ],
          },
        ],
        { numPassedTests: 1, numFailedTests: 1 },
      ),
    );
    await writeFile(
      path.join(dir, "integration.json"),
      report(
        [
          {
            name: path.join(process.cwd(), "tests/integration/b.test.ts"),
            status: "failed",
            message: "Error: Cannot find module 'x'",
            assertionResults: [],
          },
        ],
        { numFailedTestSuites: 1 },
      ),
    );
    await writeFile(
      path.join(dir, "e2e.json"),
      report([], { numPassedTests: 3, numPendingTests: 1 }),
    );

    const { stdout } = await run(process.execPath, ["--import", "tsx", script, dir]);
    expect(stdout.trim().split("\n")).toEqual([
      "✗ unit bot/src/a.test.ts > a fails",
      "    AssertionError: expected 1 to be 2",
      "✗ integration tests/integration/b.test.ts (the file failed)",
      "    Error: Cannot find module 'x'",
      "tests: 4 passed, 2 failed, 1 skipped",
    ]);
  });

  it("should count a project without results as a failure", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", script, dir]);
    expect(stdout).toContain("unit: no results (the run crashed before reporting)");
    expect(stdout.trim().split("\n").at(-1)).toBe("tests: 0 passed, 3 failed");
  });
});
