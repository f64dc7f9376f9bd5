import type { Logger } from "../logging/logger.ts";
import { errorFields } from "../logging/logger.ts";
import { decide, initialState, type EngineContext } from "./engine/decide.ts";
import { Journal, type JournalRecord } from "./journal/journal.ts";
import type {
  PermanenceCommand,
  PermanenceEvent,
  PermanenceSettings,
  PermanenceState,
} from "./types.ts";

/** The only source of time for the permanence: tests move it by hand. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Thrown by a CommandRunner when a command can never succeed (the homeserver refused it, e.g. the
 * room is gone). Retrying would block every later command, so it is logged and skipped.
 */
export class PermanentCommandFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentCommandFailure";
  }
}

/** Carries one command out on Matrix. `id` is stable across retries and unique across journals. */
export type CommandRunner = (command: PermanenceCommand, id: string) => Promise<void>;

/**
 * Sees every change the permanence makes, after it is durable: metrics and anonymous statistics
 * are computed from these from the outside. Replays of the journal at start are not observed.
 * Must not throw; must not dispatch.
 */
export type PermanenceObserver = (change: {
  before: PermanenceState;
  event: PermanenceEvent;
  after: PermanenceState;
  commands: readonly PermanenceCommand[];
  at: number;
}) => void;

/** After this many records, and once every command is confirmed, the journal is compacted. */
const compactAfterRecords = 200;

/**
 * The permanence at run time: the pure engine, its durable journal and the outbox of commands.
 * Events are handled one at a time, in arrival order. For each: decide, write to the journal
 * (fsync), then carry the commands out in order and confirm them. A command that fails (Synapse
 * down) stays first in the outbox and is tried again at the next event or tick, so Matrix catches
 * up with the state in order, and nothing is carried out twice in a way that matters.
 */
export class Permanence {
  readonly #context: EngineContext;
  readonly #journal: Journal;
  readonly #run: CommandRunner;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #observe: PermanenceObserver | undefined;
  #state: PermanenceState;
  #outbox: JournalRecord[];
  #recordsSinceCompaction: number;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(deps: {
    context: EngineContext;
    journal: Journal;
    run: CommandRunner;
    clock: Clock;
    logger: Logger;
    observe?: PermanenceObserver | undefined;
    state: PermanenceState;
    outbox: JournalRecord[];
    recordsSinceCompaction: number;
  }) {
    this.#context = deps.context;
    this.#journal = deps.journal;
    this.#run = deps.run;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#observe = deps.observe;
    this.#state = deps.state;
    this.#outbox = deps.outbox;
    this.#recordsSinceCompaction = deps.recordsSinceCompaction;
  }

  /** Rebuilds the state from the journal in `dir` and carries out what was left unconfirmed. */
  static async open(deps: {
    dir: string;
    context: EngineContext;
    run: CommandRunner;
    clock: Clock;
    logger: Logger;
    observe?: PermanenceObserver;
  }): Promise<Permanence> {
    const opened = Journal.open(deps.dir);
    let state = opened.snapshot?.state ?? initialState(deps.context.settings, deps.clock.now());
    for (const record of opened.records) {
      state = decide(deps.context, state, record.event, record.at).state;
    }
    state = withConfiguredCounsellors(state, deps.context.settings, deps.clock.now());
    const permanence = new Permanence({
      ...deps,
      journal: opened.journal,
      state,
      outbox: opened.unconfirmed,
      recordsSinceCompaction: opened.records.length,
    });
    if (opened.unconfirmed.length > 0) {
      deps.logger.info("permanence.resuming_commands", { records: opened.unconfirmed.length });
    }
    await permanence.#serialized(() => permanence.#drain());
    return permanence;
  }

  get state(): PermanenceState {
    return this.#state;
  }

  /** True when every command decided so far was carried out (Matrix matches the state). */
  get caughtUp(): boolean {
    return this.#outbox.length === 0;
  }

  now(): number {
    return this.#clock.now();
  }

  /** Handles one event; resolves once it is durable and its commands were tried. */
  dispatch(event: PermanenceEvent): Promise<void> {
    return this.#serialized(async () => {
      if (this.#closed) return;
      const at = this.#clock.now();
      const decision = decide(this.#context, this.#state, event, at);
      // Most ticks change nothing: keep them out of the journal.
      if (decision.commands.length === 0 && sameState(decision.state, this.#state)) return;
      const record = this.#journal.append({ at, event, commands: decision.commands });
      const before = this.#state;
      this.#state = decision.state;
      this.#notify({ before, event, after: decision.state, commands: decision.commands, at });
      this.#recordsSinceCompaction += 1;
      this.#outbox.push(record);
      await this.#drain();
    });
  }

  /** Waits for everything dispatched so far. */
  async settled(): Promise<void> {
    await this.#serialized(async () => {});
  }

  async close(): Promise<void> {
    await this.settled();
    this.#closed = true;
    this.#journal.close();
  }

  #notify(change: Parameters<PermanenceObserver>[0]): void {
    try {
      this.#observe?.(change);
    } catch (error) {
      // Counting must never stop the permanence.
      this.#logger.error("permanence.observer_failed", errorFields(error));
    }
  }

  #serialized(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step);
    // A failed step must not block the ones after it; its caller still sees the failure.
    this.#chain = next.catch(() => {});
    return next;
  }

  async #runOne(command: PermanenceCommand, id: string): Promise<void> {
    try {
      await this.#run(command, id);
    } catch (error) {
      if (!(error instanceof PermanentCommandFailure)) throw error;
      this.#logger.error("permanence.command_skipped", {
        command: command.type,
        ...errorFields(error),
      });
    }
  }

  async #drain(): Promise<void> {
    while (this.#outbox.length > 0) {
      const record = this.#outbox[0] as JournalRecord;
      try {
        for (const [index, command] of record.commands.entries()) {
          await this.#runOne(command, `${record.seq}.${record.at}.${index}`);
        }
      } catch (error) {
        // Synapse unreachable or failing: keep the order, try again at the next event or tick.
        this.#logger.warn("permanence.command_failed_will_retry", {
          seq: record.seq,
          ...errorFields(error),
        });
        return;
      }
      this.#journal.confirm(record.seq);
      this.#outbox.shift();
    }
    if (this.#recordsSinceCompaction >= compactAfterRecords) {
      this.#journal.compact(this.#state);
      this.#recordsSinceCompaction = 0;
    }
  }
}

function sameState(a: PermanenceState, b: PermanenceState): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The config may have changed since the journal was written: counsellors added to it start off
 * duty, and counsellors removed from it are taken off duty (their live conversations continue).
 */
function withConfiguredCounsellors(
  state: PermanenceState,
  settings: PermanenceSettings,
  now: number,
): PermanenceState {
  const fresh = initialState(settings, now).counsellors;
  const counsellors = { ...state.counsellors };
  for (const [userId, counsellor] of Object.entries(fresh)) {
    counsellors[userId] ??= counsellor;
  }
  for (const [userId, counsellor] of Object.entries(counsellors)) {
    if (!(userId in fresh)) counsellors[userId] = { ...counsellor, availability: "off_duty" };
  }
  return { ...state, counsellors };
}
