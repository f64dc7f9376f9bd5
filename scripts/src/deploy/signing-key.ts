import { generateKeyPairSync, randomBytes } from "node:crypto";

/**
 * A new Synapse signing key, in the file format of Synapse's own `generate_signing_key`:
 * `ed25519 a_XXXX <32-byte seed, unpadded base64>`. Made here so the production host needs no
 * Python; render.ts only generates one when the file is missing.
 */
export function newSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d ?? "", "base64url");
  if (seed.length !== 32) throw new Error("ed25519 key: unexpected seed length");
  const version = `a_${randomBytes(3).toString("base64url").replace(/[-_]/g, "x").slice(0, 4)}`;
  return `ed25519 ${version} ${seed.toString("base64").replace(/=+$/, "")}\n`;
}
