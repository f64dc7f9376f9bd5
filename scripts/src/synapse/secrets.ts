import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Every secret the stack needs. Generated once per installation, never committed or logged. */
export interface StackSecrets {
  registrationSharedSecret: string;
  macaroonSecretKey: string;
  formSecret: string;
  appserviceToken: string;
  homeserverToken: string;
}

const keys: readonly (keyof StackSecrets)[] = [
  "registrationSharedSecret",
  "macaroonSecretKey",
  "formSecret",
  "appserviceToken",
  "homeserverToken",
];

function fresh(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Reads `secrets.json` in `dir`, creating it on first start with owner-only permissions.
 * A missing key (e.g. after an upgrade that adds one) is generated and saved; existing ones are kept.
 */
export function loadOrCreateSecrets(dir: string): StackSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "secrets.json");
  let stored: Partial<Record<keyof StackSecrets, unknown>> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as typeof stored;
    } catch {
      throw new Error(`${file}: not valid JSON. Fix it or delete it to generate new secrets.`);
    }
  }
  let changed = !existsSync(file);
  const secrets = {} as StackSecrets;
  for (const key of keys) {
    const value = stored[key];
    if (typeof value === "string" && value.length >= 32) {
      secrets[key] = value;
    } else {
      secrets[key] = fresh();
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
