import { createHash } from "node:crypto";

/**
 * The advisory lock's 64-bit key for one deployment. PostgreSQL's advisory locks are numbered, not
 * named, and one database may serve several helplines (or other applications): the key is a hash of
 * the deployment's name, so two helplines never exclude each other and one helpline's bots always
 * meet on the same number.
 *
 * The derivation must never change between releases: during an upgrade the old bot and the new one
 * must compete for the same lock, or both would be active. The unit test pins a value.
 */
export function lockKey(deployment: string): bigint {
  const digest = createHash("sha256").update(`helpline-bot\n${deployment}`, "utf8").digest();
  return digest.readBigInt64BE(0);
}
