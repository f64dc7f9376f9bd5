import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

// The `.env` file docker compose reads: KEY=value lines, nothing else. Read keeping every line
// (an operator's own additions survive a rerun of the setup), written owner-only.

export interface EnvFile {
  /** Every KEY=value, in file order. Comments and blank lines are not kept; unknown keys are. */
  values: Map<string, string>;
}

const line = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

export function readEnvFile(file: string): EnvFile {
  const values = new Map<string, string>();
  if (!existsSync(file)) return { values };
  for (const [index, text] of readFileSync(file, "utf8").split("\n").entries()) {
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [, key, value] = line.exec(trimmed) ?? [];
    if (key === undefined || value === undefined) {
      throw new Error(`${file}, line ${index + 1}: expected KEY=value`);
    }
    values.set(key, value.replace(/^"(.*)"$/, "$1"));
  }
  return { values };
}

/** Values are base64url, domains and e-mail addresses: none needs quoting, and none is allowed to. */
export function writeEnvFile(file: string, header: string, values: Map<string, string>): void {
  for (const [key, value] of values) {
    if (/[\s"'$`\\#]/.test(value)) throw new Error(`${file}: ${key} holds a character .env cannot`);
  }
  const body = [...values].map(([key, value]) => `${key}=${value}`).join("\n");
  writeFileSync(file, `${header}\n${body}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
