import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// One closing line for all three vitest runs, in the plain "N passed, N failed" form CI reads.
const dir = process.argv[2] ?? ".local/test-results";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of ["unit", "integration", "e2e"]) {
  const file = path.join(dir, `${project}.json`);
  if (!existsSync(file)) {
    console.log(`${project}: no results (the run crashed before reporting)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  passed += report.numPassedTests;
  // A file that fails to load has no failed test but a failed suite: count it too.
  failed += report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
