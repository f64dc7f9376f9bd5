import axe from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

interface Violation {
  id: string;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page (page.evaluate is not subject to the page's CSP). */
async function axeRun(page: Page): Promise<{ passed: number; violations: Violation[] }> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const injected = (window as unknown as { axe: typeof axe }).axe;
    const result = await injected.run(document);
    return {
      passed: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => JSON.stringify(n.target)),
      })),
    };
  });
}

/** Zero axe-core violations on what the page shows now, and axe really looked. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const { passed, violations } = await axeRun(page);
  expect(violations, `axe on the ${screen} screen`).toEqual([]);
  expect(passed, `axe rules passed on the ${screen} screen`).toBeGreaterThan(10);
}
