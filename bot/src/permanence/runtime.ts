import type { Logger } from "../logging/logger.ts";
import { errorFields } from "../logging/logger.ts";
import { decide, initialState, type EngineContext } from "./engine/decide.ts";
import { Journal, type JournalOptions, type JournalRecord } from "./journal/journal.ts";
import { backoffDelay, outboxBackoff, realTimers, type RetryTimers } from "./retry.ts";
import { withArrivalsTogether, type NoticeToSend } from "./staff/arrival-notices.ts";
import type {
  ConversationId,
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

/** Status publications carried out at once, at most (see #publishAll). */
const statusPublicationsAtOnce = 8;
/** Records of statuses and staff notices only, carried out together at most (see #runLight). */
const lightRecordsAtOnce = 64;

/** A command of a record, with its place in it (its id for Matrix, see commandId). */
interface Publication {
  command: PermanenceCommand;
  record: JournalRecord;
  index: number;
}

/** The same id each time a record's command is tried again (a notice's transaction id). */
function commandId(record: JournalRecord, index: number): string {
  return `${record.seq}.${record.at}.${index}`;
}

/**
 * The permanence at run time: the pure engine, its durable journal and the outbox of commands.
 * Events are handled one at a time, in arrival order. For each: decide and write to the journal
 * (fsync). Apart from that chain, one drainer carries the records' commands out in order and
 * confirms them, so a slow Synapse delays the commands, never the next decision; records that only
 * publish statuses and tell the staff room go together (#runLight). A command that fails (Synapse
 * down) stays first in the outbox and is tried again by itself, after a backoff on real timers
 * (retry.ts), or sooner when the next event comes; so Matrix catches up with the state in order,
 * without waiting for something else to happen, and nothing is carried out twice in a way that
 * matters.
 */
export class Permanence {
  readonly #context: EngineContext;
  readonly #journal: Journal;
  readonly #run: CommandRunner;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #observe: PermanenceObserver | undefined;
  readonly #timers: RetryTimers;
  readonly #random: () => number;
  #state: PermanenceState;
  #outbox: JournalRecord[];
  #recordsSinceCompaction: number;
  /** A conversation was erased since the last compaction: its records must not outlive it. */
  #erasedSinceCompaction = false;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** The one loop carrying the outbox out (#drainSoon), while it runs. */
  #drainer: Promise<void> | null = null;
  /** A new record came, or a retry is due, while the drainer ran: it goes round once more. */
  #drainWanted = false;
  /**
   * For each conversation, the latest record in the outbox that publishes its status, and whether
   * that status is a place in the queue. An earlier place is skipped when a later one follows: a
   * place is a whole state and the latest wins. Every other status is published, in order: her page
   * acts on each change (a counsellor joining, present, the end), not only on the last.
   */
  #latestStatus = new Map<ConversationId, { seq: number; waiting: boolean }>();
  /** dispatch's callers, until their record's commands were tried. */
  #waiters: { seq: number; resolve: () => void }[] = [];
  /** Failed attempts in a row at the outbox's first record; back to 0 once one is confirmed. */
  #failures = 0;
  #retry: { cancel(): void } | undefined;

  private constructor(deps: {
    context: EngineContext;
    journal: Journal;
    run: CommandRunner;
    clock: Clock;
    logger: Logger;
    observe?: PermanenceObserver | undefined;
    timers?: RetryTimers | undefined;
    random?: (() => number) | undefined;
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
    this.#timers = deps.timers ?? realTimers;
    this.#random = deps.random ?? Math.random;
    this.#state = deps.state;
    this.#outbox = deps.outbox;
    for (const record of this.#outbox) this.#noteStatuses(record);
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
    /** The standby fence's epoch and what to do when fenced; fault injection in tests. */
    journal?: JournalOptions;
    /** When to retry the outbox after a failure: real timers unless a unit test fires them. */
    timers?: RetryTimers;
    /** For the retry's jitter. */
    random?: () => number;
  }): Promise<Permanence> {
    const opened = Journal.open(deps.dir, { ...deps.journal, logger: deps.logger });
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
    await permanence.#drainSoon();
    return permanence;
  }

  get state(): PermanenceState {
    return this.#state;
  }

  /** True when every command decided so far was carried out (Matrix matches the state). */
  get caughtUp(): boolean {
    return this.#outbox.length === 0;
  }

  /**
   * When the oldest command not yet carried out was decided, on the permanence's clock (the
   * instant its journal record keeps, so one left over from before a restart shows its real age);
   * null when the outbox is empty. For readiness and metrics.
   */
  get oldestPendingAt(): number | null {
    return this.#outbox[0]?.at ?? null;
  }

  now(): number {
    return this.#clock.now();
  }

  /** Handles one event; resolves once it is durable and its commands were tried. */
  async dispatch(event: PermanenceEvent): Promise<void> {
    const seq = await this.#decideAndRecord(event);
    if (seq === null) return;
    await new Promise<void>((resolve) => {
      this.#waiters.push({ seq, resolve });
      void this.#drainSoon();
    });
  }

  /**
   * Handles one event; resolves once it is durable (decided and in the journal), while its
   * commands are carried out behind it, in order. A youth's arrival is answered this way: she is
   * in the queue once the journal has her, and her answer need not wait for every earlier
   * decision's commands (on a campaign night, status publications to hundreds of rooms).
   */
  async record(event: PermanenceEvent): Promise<void> {
    const seq = await this.#decideAndRecord(event);
    if (seq !== null) void this.#drainSoon();
  }

  /** Waits for everything dispatched so far, and for the outbox's carrying out under way. */
  async settled(): Promise<void> {
    await this.#serialized(async () => {});
    await this.#drainer;
  }

  async close(): Promise<void> {
    await this.settled();
    this.#closed = true;
    // An event decided between settled() and now (a handler already under way) may have started
    // a drainer: it stops after its pass, and must confirm into the journal before it closes.
    await this.#serialized(async () => {});
    while (this.#drainer !== null) await this.#drainer;
    this.#retry?.cancel();
    this.#retry = undefined;
    this.#journal.close();
    this.#releaseWaiters();
  }

  /**
   * Decides and journals one event, one at a time in arrival order; the record's sequence number,
   * or null when nothing was recorded. Carrying out the commands is #drainSoon's, apart from this
   * chain: the next event is decided while Synapse still works on the previous one's commands.
   */
  #decideAndRecord(event: PermanenceEvent): Promise<number | null> {
    return this.#serialized(async () => {
      if (this.#closed) return null;
      const at = this.#clock.now();
      const decision = decide(this.#context, this.#state, event, at);
      // Most ticks change nothing: keep them out of the journal.
      if (decision.commands.length === 0 && sameState(decision.state, this.#state)) return null;
      const record = this.#journal.append({ at, event, commands: decision.commands });
      const before = this.#state;
      this.#state = decision.state;
      this.#notify({ before, event, after: decision.state, commands: decision.commands, at });
      this.#recordsSinceCompaction += 1;
      this.#outbox.push(record);
      this.#noteStatuses(record);
      return record.seq;
    });
  }

  /**
   * Carries the outbox out, one drainer at a time: started if none runs, else asked to go round
   * once more. Resolves when the drainer stops (caught up, or a failure left a retry arranged).
   */
  #drainSoon(): Promise<void> {
    if (this.#closed) {
      this.#releaseWaiters();
      return Promise.resolve();
    }
    this.#drainWanted = true;
    this.#drainer ??= (async () => {
      try {
        while (this.#drainWanted && !this.#closed) {
          this.#drainWanted = false;
          try {
            await this.#drain();
          } catch (error) {
            // #drain handles Synapse's failures itself; this is the journal failing to confirm
            // (a full disk): tried again after the backoff, as a failed command is.
            this.#logger.error("permanence.drain_failed", errorFields(error));
            this.#failures += 1;
            this.#scheduleRetry();
          }
          // Caught up, or stopped by a failure: every command so far was tried.
          this.#releaseWaiters();
        }
      } finally {
        this.#drainer = null;
      }
    })();
    return this.#drainer;
  }

  /** Callers of dispatch waiting for their record's commands: those up to `seq`, or all. */
  #releaseWaiters(seq = Number.POSITIVE_INFINITY): void {
    const waiting = this.#waiters;
    this.#waiters = waiting.filter((waiter) => waiter.seq > seq);
    for (const waiter of waiting) if (waiter.seq <= seq) waiter.resolve();
  }

  #notify(change: Parameters<PermanenceObserver>[0]): void {
    try {
      this.#observe?.(change);
    } catch (error) {
      // Counting must never stop the permanence.
      this.#logger.error("permanence.observer_failed", errorFields(error));
    }
  }

  #serialized<T>(step: () => Promise<T>): Promise<T> {
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

  /**
   * One record's commands, in order; but a run of status publications (each in its own room, each
   * idempotent) goes a few at a time. When a youth near the head of a long queue leaves, every
   * youth behind her gets a new position: one at a time, 2,000 of them held the next event, and a
   * new youth's arrival, for minutes. The record is confirmed only once all are done; a failure
   * stops the run, and the whole record is tried again as before.
   */
  async #runRecord(record: JournalRecord): Promise<void> {
    const { commands } = record;
    let index = 0;
    while (index < commands.length) {
      const command = commands[index] as PermanenceCommand;
      if (command.type !== "publish_status") {
        await this.#runOne(command, commandId(record, index));
        index += 1;
        continue;
      }
      const run: Publication[] = [];
      for (; commands[index]?.type === "publish_status"; index += 1) {
        run.push({ command: commands[index] as PermanenceCommand, record, index });
      }
      await this.#publishAll(run);
    }
  }

  /**
   * The outbox's first records while they only publish statuses and tell the staff room (a
   * youth's arrival, a place that changes): none of them invites, removes, closes or erases
   * anything. On a campaign night each arrival is such a record; carried out one after the other
   * they held every youth's place behind Synapse's answer to the one before (issue 19: on two
   * loaded cores, 1,960 of 2,000 never saw theirs).
   */
  #leadingLightRecords(): JournalRecord[] {
    const light: JournalRecord[] = [];
    for (const record of this.#outbox) {
      if (light.length >= lightRecordsAtOnce) break;
      const isLight = record.commands.every(
        (command) => command.type === "publish_status" || command.type === "notify_staff",
      );
      if (!isLight) break;
      light.push(record);
    }
    return light;
  }

  /**
   * Light records together, in two lanes run side by side: the staff room's notices one after
   * the other in their order (a room's messages keep their order), each run of arrivals told in
   * one notice (staff/arrival-notices.ts), and every status as in
   * #publishAll. Statuses are in different rooms and each says the whole truth, so their order
   * between rooms does not matter. Confirmed only once both lanes are done; a failure leaves them
   * all to be tried again, which changes nothing that was done (notices carry their transaction
   * id, a status is state).
   */
  async #runLight(records: readonly JournalRecord[]): Promise<void> {
    const notices: NoticeToSend[] = [];
    const statuses: Publication[] = [];
    for (const record of records) {
      record.commands.forEach((command, index) => {
        if (command.type === "notify_staff")
          notices.push({ command, id: commandId(record, index) });
        else statuses.push({ command, record, index });
      });
    }
    const noticeLane = (async () => {
      for (const { command, id } of withArrivalsTogether(notices)) await this.#runOne(command, id);
    })();
    const results = await Promise.allSettled([noticeLane, this.#publishAll(statuses)]);
    const failure = results.find((result) => result.status === "rejected");
    if (failure !== undefined) throw failure.reason;
  }

  /**
   * Status publications a few rooms at a time, each youth's latest place only; the first failure
   * stops the rest and is thrown once every publication under way has ended. One youth's statuses
   * go one after the other, in their order: side by side, an older one could reach Synapse last
   * and stay her room's state (a colleague still named as reading after she left, or "waiting"
   * once a counsellor is there, which holds her messages on her page).
   */
  async #publishAll(publications: readonly Publication[]): Promise<void> {
    const byRoom = new Map<string, Publication[]>();
    for (const publication of publications) {
      const { command } = publication;
      const room = command.type === "publish_status" ? command.conversationId : "";
      const lane = byRoom.get(room);
      if (lane === undefined) byRoom.set(room, [publication]);
      else lane.push(publication);
    }
    const lanes = [...byRoom.values()];
    let next = 0;
    let failed: { error: unknown } | undefined;
    const worker = async () => {
      while (next < lanes.length && failed === undefined) {
        const lane = lanes[next] as Publication[];
        next += 1;
        for (const { command, record, index } of lane) {
          // Under load the outbox grows: a youth whose place changed five times while Synapse
          // was busy gets only her latest place, not five writes behind one another.
          if (this.#superseded(command, record)) continue;
          try {
            await this.#runOne(command, commandId(record, index));
          } catch (error) {
            failed ??= { error };
            break; // her later statuses must not land before this one is tried again
          }
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(statusPublicationsAtOnce, lanes.length) }, worker),
    );
    if (failed !== undefined) throw failed.error;
  }

  #noteStatuses(record: JournalRecord): void {
    for (const command of record.commands) {
      if (command.type === "publish_status") {
        this.#latestStatus.set(command.conversationId, {
          seq: record.seq,
          waiting: command.status.state === "waiting",
        });
      }
    }
  }

  #forgetStatuses(record: JournalRecord): void {
    for (const command of record.commands) {
      if (command.type !== "publish_status") continue;
      if (this.#latestStatus.get(command.conversationId)?.seq === record.seq) {
        this.#latestStatus.delete(command.conversationId);
      }
    }
  }

  /** A place in the queue that a later record in the outbox replaces with another place. */
  #superseded(command: PermanenceCommand, record: JournalRecord): boolean {
    if (command.type !== "publish_status" || command.status.state !== "waiting") return false;
    const latest = this.#latestStatus.get(command.conversationId);
    return latest !== undefined && latest.waiting && latest.seq > record.seq;
  }

  async #drain(): Promise<void> {
    while (this.#outbox.length > 0) {
      const light = this.#leadingLightRecords();
      const records = light.length > 0 ? light : [this.#outbox[0] as JournalRecord];
      try {
        if (light.length > 0) await this.#runLight(light);
        else await this.#runRecord(records[0] as JournalRecord);
      } catch (error) {
        // Synapse unreachable or failing: keep the order, and try again by ourselves, so that a
        // youth's invite does not wait for some other event to come along.
        this.#failures += 1;
        const retryInMs = this.#scheduleRetry();
        this.#logger.warn("permanence.command_failed_will_retry", {
          seq: records[0]?.seq,
          attempt: this.#failures,
          ...(retryInMs === null ? {} : { retryInMs }),
          ...errorFields(error),
        });
        return;
      }
      this.#journal.confirm(...records.map((record) => record.seq));
      for (const record of records) {
        this.#outbox.shift();
        this.#forgetStatuses(record);
        if (record.commands.some((command) => command.type === "erase_conversation")) {
          this.#erasedSinceCompaction = true;
        }
      }
      this.#releaseWaiters((records.at(-1) as JournalRecord).seq);
      this.#failures = 0;
    }
    // Caught up (perhaps thanks to a new event): a retry still pending has nothing left to do.
    this.#retry?.cancel();
    this.#retry = undefined;
    // Nothing about a youth outlives her conversation's erasure, not even in the journal: her
    // arrival (account, answer to "who do you write about") goes with the next compaction, at once.
    if (this.#recordsSinceCompaction >= compactAfterRecords || this.#erasedSinceCompaction) {
      this.#journal.compact(this.#state);
      this.#recordsSinceCompaction = 0;
      this.#erasedSinceCompaction = false;
    }
  }

  /**
   * Arranges one more attempt at the outbox after the backoff; returns the wait, or null when an
   * attempt is already arranged (a new event failing meanwhile does not push it further away).
   */
  #scheduleRetry(): number | null {
    if (this.#retry !== undefined || this.#closed) return null;
    const delayMs = backoffDelay(this.#failures, outboxBackoff, this.#random);
    this.#retry = this.#timers.after(delayMs, () => {
      this.#retry = undefined;
      void this.#drainSoon();
    });
    return delayMs;
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
