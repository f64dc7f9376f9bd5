import { readAdminEndpoint } from "@helpline/bot/operations/admin-endpoint";
import type { AdminStatus } from "@helpline/bot/operations/private-api";
import { AdminError, unreachable } from "./errors.ts";

// The bot's private admin API (bot/src/operations/private-api.ts). The bot writes its address and
// secret to <stateDir>/admin-endpoint.json at start, readable by its owner only.

export interface BotAdmin {
  status(): Promise<AdminStatus>;
  closeConversation(reference: number): Promise<{ erasureAt: string | null }>;
  eraseConversation(reference: number): Promise<void>;
  setDisabled(userId: string, disabled: boolean): Promise<void>;
  setSupervisor(userId: string, supervisor: boolean): Promise<void>;
}

/** The bot's admin API for one helpline (`/admin/h/<id>/…`). */
export function botAdmin(stateDir: string, helplineId: string): BotAdmin {
  let endpoint: ReturnType<typeof readAdminEndpoint>;
  try {
    endpoint = readAdminEndpoint(stateDir);
  } catch (error) {
    throw new AdminError(
      `cannot read the bot's admin endpoint in ${stateDir}: ${(error as Error).message}`,
    );
  }
  if (endpoint === null) {
    throw new AdminError(
      `${stateDir}/admin-endpoint.json is missing: the bot has not started yet with this config.`,
    );
  }
  const { url, secret } = endpoint;
  const call = async (method: string, path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${url}/admin/h/${encodeURIComponent(helplineId)}${path}`, {
        method,
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw unreachable("The bot", url, error);
    }
    const json = (await response.json().catch(() => ({}))) as {
      error?: { message?: string };
    } & Record<string, unknown>;
    if (!response.ok) {
      throw new AdminError(json.error?.message ?? `The bot answered HTTP ${response.status}.`);
    }
    return json;
  };
  const flag = (userId: string, name: string, value: boolean) =>
    call("PUT", `/counsellors/${encodeURIComponent(userId)}/${name}`, { value });
  return {
    status: async () => (await call("GET", "/status")) as unknown as AdminStatus,
    closeConversation: async (reference) =>
      (await call("POST", `/conversations/${reference}/close`)) as unknown as {
        erasureAt: string | null;
      },
    eraseConversation: async (reference) => {
      await call("POST", `/conversations/${reference}/erase`);
    },
    setDisabled: async (userId, disabled) => {
      await flag(userId, "disabled", disabled);
    },
    setSupervisor: async (userId, supervisor) => {
      await flag(userId, "supervisor", supervisor);
    },
  };
}
