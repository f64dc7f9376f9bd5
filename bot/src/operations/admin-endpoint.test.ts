import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  adminEndpointFile,
  adminSecret,
  readAdminEndpoint,
  secretMatches,
  writeAdminEndpoint,
} from "./admin-endpoint.ts";

describe("the admin endpoint file", () => {
  it("should keep the secret of the first start, in an owner-only file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "admin-endpoint-"));
    expect(readAdminEndpoint(dir)).toBeNull();
    const secret = adminSecret(dir);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    writeAdminEndpoint(dir, { url: "http://127.0.0.1:1", secret });
    expect(statSync(adminEndpointFile(dir)).mode & 0o777).toBe(0o600);
    expect(adminSecret(dir)).toBe(secret);
    writeAdminEndpoint(dir, { url: "http://127.0.0.1:2", secret: adminSecret(dir) });
    expect(readAdminEndpoint(dir)).toEqual({ url: "http://127.0.0.1:2", secret });
  });

  it("should accept the exact secret only", () => {
    expect(secretMatches("a".repeat(43), "a".repeat(43))).toBe(true);
    expect(secretMatches("a".repeat(42), "a".repeat(43))).toBe(false);
    expect(secretMatches(undefined, "a".repeat(43))).toBe(false);
  });
});
