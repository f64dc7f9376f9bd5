import {
  decodeVoucher,
  readPageProvenance,
  verifyVoucher,
  type Ed25519Verifier,
  type PageProvenance,
} from "@helpline/contract/provenance";
import type { ProvenanceMark } from "../types.ts";
import type { Fetch } from "./http.ts";

/**
 * Whether the person behind a message is one of the helpline's counsellors (docs/threat-model.md,
 * "Counsellor provenance"): her cross-signing master key, as this page's crypto sees it, must
 * carry a voucher of the helpline key. The key comes from the web server that served this page
 * (`provenance.json` next to it), never from the bot; the bot only relays vouchers, which this
 * page checks itself. The caller asks only about messages already proved to come from a device
 * of the sender's cross-signing identity (shared/matrix/authenticity.ts).
 */
export type ProvenanceAnswer =
  /** The helpline vouched for the sender's current identity. */
  | "helpline"
  /** It did not: anyone else, or a counsellor whose identity changed since she was vouched for. */
  | "not_helpline"
  /** Still being asked (a moment): the text waits, as for a device being checked. */
  | "checking"
  /** No key for this page, or the vouchers could not be fetched: no mark either way. */
  | "unknown";

/** What the check needs from outside, so that tests can answer it. */
export interface ProvenanceSources<Event = unknown> {
  /** This page's provenance.json, or null when its helpline has none. */
  page(): Promise<PageProvenance | null>;
  /** The vouchers the bot relays for an account (words, unchecked). */
  vouchers(userId: string): Promise<readonly string[]>;
  /** The account's cross-signing master key as the crypto layer knows it now; null if none. */
  masterKey(userId: string): Promise<string | null>;
  /** Whether the event's device is signed by its sender's identity, as the crypto layer says now. */
  deviceVouched(event: Event): Promise<boolean>;
  readonly subtle: Ed25519Verifier;
}

/**
 * Asks once per message and remembers; `recheck()` (identities or devices changed) asks again,
 * the earlier answer standing until the new one comes. The views read answers synchronously and
 * are told (`onChange`) when one arrives or changes.
 *
 * Each answer is made of one moment's view: the sender's master key read before and after the
 * device check, and kept only if it did not change in between. So a message is never marked as
 * the helpline's because its device was signed by one identity and the voucher matched another
 * (a homeserver that serves an intruder's identity for a counsellor, then hers again).
 */
export class ProvenanceChecks<Event = unknown> {
  readonly #sources: ProvenanceSources<Event>;
  readonly #onChange: () => void;
  /** Undefined until provenance.json has been read; null when the page has no key. */
  #page: PageProvenance | null | undefined = undefined;
  readonly #answers = new Map<string, ProvenanceAnswer>();
  readonly #asked = new Set<string>();
  /**
   * Each sender's vouchers, fetched once: a recheck (which comes with every change of device
   * lists) reads her master key again, but does not ask the bot again unless it failed.
   */
  readonly #vouchers = new Map<string, Promise<readonly string[]>>();
  /** Signature checks already made, by sender and master key. */
  readonly #verified = new Map<string, Promise<boolean>>();
  #generation = 0;
  #disposed = false;

  constructor(sources: ProvenanceSources<Event>, onChange: () => void) {
    this.#sources = sources;
    this.#onChange = onChange;
  }

  /** Reads this page's key once; until then every answer is "checking". */
  start(): void {
    this.#sources.page().then(
      (page) => this.#setPage(page),
      () => this.#setPage(null),
    );
  }

  /** The answer for the message `id` that `sender` wrote; asked for when there is none yet. */
  of(id: string, sender: string, event: Event): ProvenanceAnswer {
    if (this.#page === undefined) return "checking";
    if (this.#page === null) return "unknown";
    if (!this.#asked.has(id)) this.#ask(id, sender, event, this.#page);
    return this.#answers.get(id) ?? "checking";
  }

  /** What the mark says of an answer: the helpline's names, or nothing. */
  markOf(answer: ProvenanceAnswer): ProvenanceMark | undefined {
    if (this.#page == null || (answer !== "helpline" && answer !== "not_helpline"))
      return undefined;
    return { kind: answer, helplineName: this.#page.name };
  }

  /** Identities or devices changed: a sender's master key, or her device's, may be another now. */
  recheck(): void {
    this.#asked.clear();
    this.#generation += 1;
    this.#onChange();
  }

  dispose(): void {
    this.#disposed = true;
    this.#answers.clear();
    this.#asked.clear();
    this.#vouchers.clear();
    this.#verified.clear();
  }

  #setPage(page: PageProvenance | null): void {
    if (this.#disposed) return;
    this.#page = page;
    this.#onChange();
  }

  #ask(id: string, sender: string, event: Event, page: PageProvenance): void {
    this.#asked.add(id);
    const generation = this.#generation;
    void this.#check(sender, event, page).then((answer) => {
      // An answer asked before a recheck may be about the identity that changed: dropped.
      if (this.#disposed || generation !== this.#generation) return;
      if (this.#answers.get(id) === answer) return;
      this.#answers.set(id, answer);
      this.#onChange();
    });
  }

  #vouchersOf(userId: string): Promise<readonly string[]> {
    let words = this.#vouchers.get(userId);
    if (words === undefined) {
      words = this.#sources.vouchers(userId);
      this.#vouchers.set(userId, words);
      // A failure is not kept: the next recheck asks the bot again.
      words.catch(() => this.#vouchers.delete(userId));
    }
    return words;
  }

  /** Whether one of the sender's vouchers is the helpline key's, for exactly this master key. */
  #vouched(page: PageProvenance, userId: string, masterKey: string): Promise<boolean> {
    const key = `${userId}|${masterKey}`;
    let verdict = this.#verified.get(key);
    if (verdict === undefined) {
      verdict = this.#vouchersOf(userId).then(async (words) => {
        const expected = { helpline: page.helpline, user: userId, masterKey };
        for (const word of words) {
          const voucher = decodeVoucher(word);
          if (voucher === null) continue;
          if (await verifyVoucher(this.#sources.subtle, page.publicKey, voucher, expected)) {
            return true;
          }
        }
        return false;
      });
      this.#verified.set(key, verdict);
      verdict.catch(() => this.#verified.delete(key));
    }
    return verdict;
  }

  async #check(sender: string, event: Event, page: PageProvenance): Promise<ProvenanceAnswer> {
    try {
      const before = await this.#sources.masterKey(sender);
      // No identity at all: nothing can be vouched for (and her messages are withheld anyway).
      if (before === null) return "not_helpline";
      const vouched = await this.#vouched(page, sender, before);
      const device = await this.#sources.deviceVouched(event);
      const after = await this.#sources.masterKey(sender);
      // Her identity changed meanwhile: the next recheck (which that change brings) decides.
      if (after !== before) return "checking";
      return vouched && device ? "helpline" : "not_helpline";
    } catch {
      // The bot or the crypto layer did not answer: say nothing rather than something false;
      // asked again at the next recheck.
      return "unknown";
    }
  }
}

/**
 * Where this page's provenance.json is, from its API base: `/api` (the default helpline, or a
 * helpline on its own host name) → `/provenance.json`; `/api/h/<id>` → `/<id>/provenance.json`.
 */
export function provenanceUrlOf(apiBase: string): string {
  const own = /^\/api\/h\/([a-z0-9][a-z0-9-]*)$/.exec(apiBase);
  return own === null ? "/provenance.json" : `/${own[1] ?? ""}/provenance.json`;
}

/** The sources as the page has them: the web server, the bot's API and the Rust crypto. */
export function browserProvenanceSources<Event>(
  fetchFn: Fetch,
  apiBase: string,
  crypto: Pick<ProvenanceSources<Event>, "masterKey" | "deviceVouched">,
): ProvenanceSources<Event> {
  const getJson = async (url: string): Promise<unknown> => {
    const response = await fetchFn(url, {
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  return {
    page: async () => readPageProvenance(await getJson(provenanceUrlOf(apiBase))),
    vouchers: async (userId) => {
      const body = (await getJson(`${apiBase}/vouchers/${encodeURIComponent(userId)}`)) as {
        vouchers?: unknown;
      } | null;
      const words = body?.vouchers;
      return Array.isArray(words) ? words.filter((w): w is string => typeof w === "string") : [];
    },
    ...crypto,
    subtle: globalThis.crypto.subtle,
  };
}
