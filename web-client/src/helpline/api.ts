/**
 * The bot's public, anonymous endpoints the welcome screen needs: is the tchat open, when, and
 * where else to find help. Part of the landing bundle, so plain fetch; the shapes and their small
 * hand-written decoders are the contract's (@helpline/contract, public-api.ts).
 */
import { readHelpline, readStatus, type Helpline, type HelplineStatus } from "@helpline/contract";

export type {
  Ended,
  Helpline,
  Successor,
  HelplineStatus,
  Localized,
  Resource,
  Slot,
  Weekday,
} from "@helpline/contract";

export interface HelplineApi {
  status(): Promise<HelplineStatus>;
  helpline(): Promise<Helpline>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The bot answered, but not with what was asked; `status` tells a wrong address (404) apart. */
export class HelplineApiError extends Error {
  constructor(
    path: string,
    readonly status: number,
  ) {
    super(`${path}: ${status}`);
  }
}

export function createHelplineApi(fetchFn: Fetch, apiBase: string): HelplineApi {
  const get = async (path: string): Promise<unknown> => {
    const response = await fetchFn(`${apiBase}${path}`, {
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
    });
    if (!response.ok) throw new HelplineApiError(path, response.status);
    return response.json();
  };
  return {
    status: async () => readStatus(await get("/status")),
    helpline: async () => readHelpline(await get("/helpline")),
  };
}
