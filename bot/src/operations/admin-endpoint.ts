import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// How the admin CLI finds and authenticates to the bot's private listener: a file in the bot's
// state folder, readable by its owner only, with the listener's URL and a secret generated at the
// first start (kept across restarts). Whoever can read the bot's state folder can administer it.

export const adminEndpointFileName = "admin-endpoint.json";

const adminEndpointSchema = z.strictObject({
  url: z.string().min(1),
  secret: z.string().min(32),
});

export type AdminEndpoint = z.infer<typeof adminEndpointSchema>;

export function adminEndpointFile(stateDir: string): string {
  return path.join(stateDir, adminEndpointFileName);
}

export function readAdminEndpoint(stateDir: string): AdminEndpoint | null {
  const file = adminEndpointFile(stateDir);
  if (!existsSync(file)) return null;
  return adminEndpointSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** The secret of an earlier start, or a new one. */
export function adminSecret(stateDir: string): string {
  return readAdminEndpoint(stateDir)?.secret ?? randomBytes(32).toString("base64url");
}

export function writeAdminEndpoint(stateDir: string, endpoint: AdminEndpoint): void {
  const file = adminEndpointFile(stateDir);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(endpoint, null, 2) + "\n", { mode: 0o600 });
  renameSync(temporary, file);
}

/** Constant-time comparison of a presented bearer token with the secret. */
export function secretMatches(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
