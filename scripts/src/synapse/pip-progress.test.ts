import { describe, expect, it } from "vitest";
import { describePipLine, lastLines } from "./pip-progress.ts";

describe("pip's progress, as an operator reads it", () => {
  it("should name each package fetched and count the packages installed", () => {
    expect(
      describePipLine("Collecting matrix-synapse==1.160.0 (from -r requirements.txt (line 3))"),
    ).toBe("fetching matrix-synapse");
    expect(describePipLine("  Collecting Twisted>=18.9.0")).toBe("fetching Twisted");
    expect(describePipLine("Installing collected packages: attrs, Twisted, matrix-synapse")).toBe(
      "installing 3 packages",
    );
    expect(describePipLine("Installing collected packages: pip")).toBe("installing 1 package");
  });

  it("should keep quiet about the rest of pip's output", () => {
    for (const line of [
      "  Downloading matrix_synapse-1.160.0-cp39-abi3-manylinux_2_28_x86_64.whl (4.0 MB)",
      "Requirement already satisfied: attrs in ./.local/venv/lib/python3.11/site-packages",
      "Successfully installed Twisted-25.5.0",
      "",
    ]) {
      expect(describePipLine(line)).toBeNull();
    }
  });

  it("should keep the end of an error output", () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    expect(lastLines(`${output}\n`, 2)).toBe("line 29\nline 30");
  });
});
