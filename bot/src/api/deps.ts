import type { WritingAbout } from "@helpline/contract";
import type { ConversationDeps } from "../conversations/open-conversation.ts";
import type { YouthFeedback } from "../conversations/youth-feedback.ts";
import type { Logger } from "../logging/logger.ts";
import type { Readiness } from "../operations/readiness.ts";
import type { CounsellorDesk, SupervisorDesk } from "../permanence/desk.ts";
import type { PublicStatus } from "../permanence/public-view.ts";
import type { YouthPages } from "../permanence/youth-pages.ts";
import type { YouthUrgent } from "../permanence/youth-urgent.ts";
import type { AbuseProtection } from "./abuse/protection.ts";

// What the public HTTP API needs from the rest of the bot. Apart from app.ts so that the route
// files (counsellor-routes.ts, supervisor-routes.ts) can name it without importing the app that
// mounts them: dependencies go one way, app → routes → deps.

export interface ApiDeps extends ConversationDeps {
  /**
   * The helpline these routes serve: also served under `/api/h/<id>/`. Without one (unit tests),
   * only under `/api/`. (Also the mark of its rooms made on demand: ConversationDeps.)
   */
  helplineId?: string;
  registrationTokenLifetimeSeconds: number;
  logger: Logger;
  publicStatus(): PublicStatus;
  publicHelpline(): unknown;
  /** Whether the bot can serve a youth now (operations/readiness.ts). */
  readiness(): Promise<Readiness>;
  /** What the counsellor console (and any authenticated counsellor client) may see and do. */
  counsellorDesk: CounsellorDesk;
  /** What a supervisor's console may see and do besides (permanence/desk.ts). */
  supervisorDesk: SupervisorDesk;
  /**
   * A new conversation was opened, from a page in this language if it said, with the youth's
   * answer to "about myself / about someone close" if asked and given (statistics).
   */
  conversationOpened?(language: string | undefined, writingAbout: WritingAbout | undefined): void;
  /** The service asks "about myself / about someone close": the answer goes to the engine. */
  asksWhoIsWriting?: boolean;
  /** The service has ended: nothing that starts a conversation is accepted (410). */
  ended?: boolean;
  /** What youths' pages say of themselves: their presence keys, heartbeats and last words. */
  youthPages: YouthPages;
  /** The youths' answers on the end screen; without it, POST /api/feedback answers 404. */
  youthFeedback?: YouthFeedback;
  /** The vouchers installed for an account (provenance/voucher-store.ts); none if absent. */
  vouchersOf?(userId: string): string[];
  /** A waiting youth's "I am in danger now"; without it, POST /api/urgent answers 404. */
  youthUrgent?: YouthUrgent;
  /** Rate limits, bars and the proof of work (see api/abuse/); the config's defaults if absent. */
  abuse?: AbuseProtection;
}
