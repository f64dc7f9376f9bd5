import { AdminError, unreachable } from "./errors.ts";

// The few Synapse admin calls the CLI makes, with the bot's appservice token: the bot's user is a
// server admin (bot/src/matrix/provision.ts), so the CLI needs no admin account of its own.

export interface SynapseAdmin {
  /** Null when there is no such account. */
  user(userId: string): Promise<{ locked: boolean; deactivated: boolean } | null>;
  setLocked(userId: string, locked: boolean): Promise<void>;
  resetPassword(userId: string, password: string): Promise<void>;
  /** Her cross-signing master public key as Synapse serves it to clients; null if she has none. */
  masterKey(userId: string): Promise<string | null>;
}

export function synapseAdmin(baseUrl: string, asToken: string): SynapseAdmin {
  const call = async (method: string, path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${asToken}`, "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw unreachable("Synapse", baseUrl, error);
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, json };
  };
  const failed = (what: string, reply: { status: number; json: Record<string, unknown> }) =>
    new AdminError(
      `Synapse refused to ${what} (HTTP ${reply.status}${typeof reply.json.error === "string" ? `: ${reply.json.error}` : ""}).`,
    );
  const users = (userId: string) => `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`;
  return {
    async user(userId) {
      const reply = await call("GET", users(userId));
      if (reply.status === 404) return null;
      if (reply.status !== 200) throw failed(`look up ${userId}`, reply);
      return { locked: reply.json.locked === true, deactivated: reply.json.deactivated === true };
    },
    async setLocked(userId, locked) {
      // Locking, not deactivating: deactivation cannot be undone. A locked account's sessions are
      // refused at once and it cannot log in, until it is unlocked.
      const reply = await call("PUT", users(userId), { locked });
      if (reply.status !== 200) throw failed(`${locked ? "lock" : "unlock"} ${userId}`, reply);
    },
    async resetPassword(userId, password) {
      const reply = await call(
        "POST",
        `/_synapse/admin/v1/reset_password/${encodeURIComponent(userId)}`,
        { new_password: password, logout_devices: true },
      );
      if (reply.status !== 200) throw failed(`reset the password of ${userId}`, reply);
    },
    async masterKey(userId) {
      // The client API's key query, as the bot's user: what every client in her rooms sees.
      const reply = await call("POST", "/_matrix/client/v3/keys/query", {
        device_keys: { [userId]: [] },
      });
      if (reply.status !== 200) throw failed(`give the keys of ${userId}`, reply);
      const masterKeys = reply.json.master_keys as
        Record<string, { keys?: Record<string, unknown> } | undefined> | undefined;
      const keys = Object.values(masterKeys?.[userId]?.keys ?? {});
      const [key] = keys;
      return keys.length === 1 && typeof key === "string" ? key : null;
    },
  };
}
