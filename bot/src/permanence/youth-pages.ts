// What a youth's page says of itself (POST /api/presence), turned into the permanence's events:
// the presence key proves the page opened the conversation, the watch notices silence.

import type { Logger } from "../logging/logger.ts";
import { errorFields } from "../logging/logger.ts";
import type { PresenceKeys } from "../conversations/presence-keys.ts";
import type { PageReport, PageWatch } from "./page-watch.ts";
import type { PermanenceEvent, PermanenceState } from "./types.ts";

export type PageReportResult = "ok" | "invalid_key" | "unknown_conversation";

export interface YouthPages {
  /** The key given to the page that opened this conversation. */
  keyOf(conversationId: string): string;
  report(
    conversationId: string,
    presenceKey: string,
    page: PageReport,
    kept: boolean,
  ): PageReportResult;
}

export function createYouthPages(deps: {
  keys: PresenceKeys;
  watch: PageWatch;
  state: () => PermanenceState;
  dispatch: (event: PermanenceEvent) => Promise<void>;
  now: () => number;
  logger: Logger;
}): YouthPages & { tick(): Promise<void> } {
  const dispatch = (event: PermanenceEvent): Promise<void> =>
    deps.dispatch(event).catch((error: unknown) => {
      deps.logger.error("permanence.event_failed", errorFields(error));
    });
  return {
    keyOf: (conversationId) => deps.keys.of(conversationId),
    report(conversationId, presenceKey, page, kept) {
      if (!deps.keys.matches(conversationId, presenceKey)) return "invalid_key";
      const conversation = deps.state().conversations[conversationId];
      if (conversation === undefined) return "unknown_conversation";
      const event = deps.watch.report(
        conversationId,
        page,
        kept,
        conversation.pageGone !== undefined,
        deps.now(),
      );
      // Not awaited: the page's last word must be answered at once, before the page is gone.
      if (event !== null) void dispatch(event);
      return "ok";
    },
    async tick() {
      const { conversations } = deps.state();
      const silent = deps.watch.silent(deps.now(), (id) => conversations[id] !== undefined);
      for (const event of silent) await dispatch(event);
    },
  };
}
