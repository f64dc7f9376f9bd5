import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// One closing line for all three vitest runs, in the plain "N passed, N failed" form CI reads,
// preceded by the name and first line of each failure: CI keeps only the tail of a run's output,
// so a failure named only far above it would be lost.
interface Assertion {
  fullName: string;
  status: string;
  failureMessages?: string[];
}
interface FileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults: Assertion[];
}
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  testResults?: FileResult[];
}

const dir = process.argv[2] ?? ".local/test-results";
const root = process.cwd();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];

function firstLine(text: string | undefined): string {
  const line = (text ?? "").split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

for (const project of ["unit", "integration", "e2e"]) {
  const file = path.join(dir, `${project}.json`);
  if (!existsSync(file)) {
    console.log(`${project}: no results (the run crashed before reporting)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as Report;
  passed += report.numPassedTests;
  // A file that fails to load has no failed test but a failed suite: count it too.
  failed += report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  skipped += report.numPendingTests + report.numTodoTests;
  for (const result of report.testResults ?? []) {
    const where = `${project} ${path.relative(root, result.name)}`;
    const failedTests = result.assertionResults.filter((a) => a.status === "failed");
    for (const test of failedTests) {
      failures.push(`✗ ${where} > ${test.fullName}\n    ${firstLine(test.failureMessages?.[0])}`);
    }
    if (failedTests.length === 0 && result.status === "failed") {
      failures.push(`✗ ${where} (the file failed)\n    ${firstLine(result.message)}`);
    }
  }
}
for (const failure of failures) console.log(failure);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
