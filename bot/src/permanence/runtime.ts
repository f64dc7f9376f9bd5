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

/** Conversations whose commands are carried out at once, at most (see #runBatch). */
const conversationsAtOnce = 8;
/** Records carried out together at most (see #runBatch). */
const recordsAtOnce = 64;

/** Commands carried out one after the other (#runBatch): one conversation's, or the staff room's. */
type Lane = { command: PermanenceCommand; id: string; superseded: () => boolean }[];

/** The same id each time a record's command is tried again (a notice's transaction id). */
function commandId(record: JournalRecord, index: number): string {
  return `${record.seq}.${record.at}.${index}`;
}

/**
 * The permanence at run time: the pure engine, its durable journal and the outbox of commands.
 * Events are handled one at a time, in arrival order. For each: decide and write to the journal
 * (fsync). Apart from that chain, one drainer carries the records' commands out and confirms
 * them, so a slow Synapse delays the commands, never the next decision; the outbox's first records
 * go together, each conversation's commands and the staff room's notices in their order (#runBatch).
 * A command that fails (Synapse down) stays in the outbox and is tried again, after a backoff on
 * real timers (retry.ts), or sooner when the next event comes; so Matrix catches up with the state
 * in order, without waiting for something else to happen, and nothing is carried out twice in a
 * way that matters.
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
  /**
   * Commands of the batch under way already carried out (their ids), so that trying the batch
   * again after a failure does only the rest; emptied once the batch is confirmed.
   */
  readonly #done = new Set<string>();
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
      if (decision.commands.length === 0 && unchangedBy(event, decision.state, this.#state)) {
        return null;
      }
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

  /** Whether Synapse carried the command out (false: it refused it for good, and it is skipped). */
  async #runOne(command: PermanenceCommand, id: string): Promise<boolean> {
    try {
      await this.#run(command, id);
      return true;
    } catch (error) {
      if (!(error instanceof PermanentCommandFailure)) throw error;
      this.#logger.error("permanence.command_skipped", {
        command: command.type,
        ...errorFields(error),
      });
      return false;
    }
  }

  /**
   * An offer's time to answer starts once its invite is made (engine/offers.ts, inviteMade), so
   * the engine is told when it is: recorded (decided and journaled), not dispatched, since the
   * drainer that made the invite must not wait for its own outbox. The batch is confirmed only
   * once this is journaled, so a bot stopped in between makes the invite again at its next start,
   * and tells it again. A journal that cannot take it leaves the offer counted from its decision.
   */
  #inviteMade(command: Extract<PermanenceCommand, { type: "invite" }>): Promise<void> {
    const { conversationId, counsellorId } = command;
    return this.record({ type: "invite_made", conversationId, counsellorId }).catch(
      (error: unknown) =>
        this.#logger.error("permanence.invite_made_not_recorded", errorFields(error)),
    );
  }

  /**
   * The outbox's first records, carried out together (#runBatch). On a campaign night each arrival
   * is a record, and each of the first youths' offers another: carried out one after the other,
   * each behind Synapse's answer to the one before, they held every youth's place (1,960 of 2,000
   * never saw theirs) and the first youths' offers for minutes, until the offers ran out and the
   * counsellors were paused as if absent (issue 19).
   */
  #leadingRecords(): JournalRecord[] {
    return this.#outbox.slice(0, recordsAtOnce);
  }

  /**
   * Records together, in lanes run side by side: the staff room's notices one after the other in
   * their order (a room's messages keep their order), each run of arrivals told in one notice
   * (staff/arrival-notices.ts); and each conversation's commands one after the other in their
   * order, a few conversations at a time. What one conversation's commands do never depends on
   * another's: the engine decided everything, Synapse only carries it out.
   *
   * One youth's commands stay in order: side by side, an older status could reach Synapse last and
   * stay her room's state (a colleague still named as reading after she left, or "waiting" once a
   * counsellor is there, which holds her messages on her page), and a counsellor's invite must not
   * overtake the withdrawal of an earlier one. A place in the queue that a later one replaces is
   * skipped (#superseded).
   *
   * The first failure stops the lanes not yet started, and is thrown once every lane under way has
   * ended; the batch is confirmed only once every lane is done. Tried again, what was done is not
   * done again (#done): a failure in one conversation re-sends nothing of the others.
   */
  async #runBatch(records: readonly JournalRecord[]): Promise<void> {
    const notices: NoticeToSend[] = [];
    const byConversation = new Map<string, Lane>();
    for (const record of records) {
      record.commands.forEach((command, index) => {
        const id = commandId(record, index);
        if (command.type === "notify_staff") {
          notices.push({ command, id });
          return;
        }
        // Asked when its turn comes: the later place may have been recorded meanwhile.
        const entry = { command, id, superseded: () => this.#superseded(command, record) };
        const lane = byConversation.get(command.conversationId);
        if (lane === undefined) byConversation.set(command.conversationId, [entry]);
        else lane.push(entry);
      });
    }
    const staffLane: Lane = withArrivalsTogether(notices).map((notice) => ({
      ...notice,
      superseded: () => false,
    }));
    const conversationLanes = [...byConversation.values()];
    const invites = new InviteOrder(records);
    const invitesMade: Promise<void>[] = [];
    let failed: { error: unknown } | undefined;
    // Trying again after a failure, the lanes go one after the other until Synapse has carried
    // one command out, then side by side (#runBatch's comment says why).
    let answered: () => void = () => undefined;
    const synapseAnswered = new Promise<void>((resolve) => (answered = resolve));
    const runLanes = async (lanes: Lane[], width: number, probing = false) => {
      let next = 0;
      const worker = async (index: number) => {
        if (probing && index > 0) await synapseAnswered;
        while (next < lanes.length && failed === undefined) {
          const lane = lanes[next] ?? [];
          next += 1;
          invites.laneStarted(lane);
          for (const { command, id, superseded } of lane) {
            // Under load the outbox grows: a youth whose place changed five times while Synapse
            // was busy gets only her latest place, not five writes behind one another.
            if (this.#done.has(id) || superseded()) {
              invites.settled(id, this.#done.has(id));
              continue;
            }
            // "Proposée à Camille : accepte l'invitation" only once she has it: an invite that
            // failed leaves its notice, and the staff room's later ones, for the next attempt.
            if (!(await invites.turnOf(id))) {
              failed ??= { error: new Error("an offer's invite is not made yet") };
              break;
            }
            try {
              const made = await this.#runOne(command, id);
              this.#done.add(id);
              answered();
              if (made && command.type === "invite") invitesMade.push(this.#inviteMade(command));
            } catch (error) {
              failed ??= { error };
              break; // this lane's later commands must not land before this one is tried again
            } finally {
              invites.settled(id, this.#done.has(id));
            }
          }
          invites.laneEnded(lane);
        }
        // Over, failed or not: the others go on (or see the failure and stop).
        if (index === 0) answered();
      };
      const workers = Array.from({ length: Math.min(width, lanes.length) }, (_, index) => index);
      await Promise.all(workers.map(worker));
    };
    // The staff room's lane waits for the conversations' invites, never the other way round; once
    // the conversations' lanes are over, an invite not reached (a lane stopped by a failure, or
    // never started) is settled as not made, so no notice waits for it.
    const conversations = async (probing: boolean) => {
      await runLanes(conversationLanes, conversationsAtOnce, probing);
      invites.settleRest();
    };
    if (this.#failures > 0) {
      // Trying again after a failure: one command first, so that a Synapse still down gets one
      // request per attempt, not a burst; once it has carried one out, the rest side by side.
      // The whole batch one lane after the other, as before, held a Synapse that was only slow
      // (a timeout on a campaign night) to one request at a time for the whole batch, after each
      // of its timeouts: a night of 33 timeouts ended with 1,510 of 2,000 youths' rooms still
      // without a status two minutes after the last arrival. The conversations first: the staff
      // room's notices of offers wait for their invites.
      await conversations(true);
      await runLanes([staffLane], 1);
    } else {
      await Promise.all([conversations(false), runLanes([staffLane], 1)]);
    }
    await Promise.all(invitesMade);
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
      const records = this.#leadingRecords();
      try {
        await this.#runBatch(records);
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
      this.#done.clear();
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

/**
 * The engine offers youths in the order they are to be served (the urgent first, then the queue's
 * order): a counsellor offered two at once (her capacity) receives their invites in that order,
 * as she did when records went one after the other, although their conversations' lanes run side
 * by side (#runBatch). An invite waits for the invite to the same counsellor before it in the
 * batch, but only if that one's lane has started: lanes start in order and never wait for one that
 * has not, so no two lanes can ever wait for each other.
 */
class InviteOrder {
  /**
   * Which invite waits for which: each invite for the invite to the same counsellor just before
   * it, if that one's lane has started.
   */
  readonly #waitsFor = new Map<string, string>();
  /**
   * Each staff notice of a record with invites ("proposée à Camille : accepte l'invitation") and
   * those invites: the notice goes only once they are made, so that she never reads of an
   * invitation she does not have. Arrivals' notices wait for nothing.
   */
  readonly #noticeOf = new Map<string, string[]>();
  /** Every invite of the batch, until settled: made (true) or not made in this attempt. */
  readonly #outcome = new Map<
    string,
    { made: Promise<boolean>; settle: (made: boolean) => void }
  >();
  /** Invites of the lanes started (#waitsFor applies to those only). */
  readonly #started = new Set<string>();

  constructor(records: readonly JournalRecord[]) {
    const last = new Map<string, string>();
    for (const record of records) {
      const invites: string[] = [];
      record.commands.forEach((command, index) => {
        const id = commandId(record, index);
        if (command.type === "notify_staff" && command.notice.kind !== "youth_waiting") {
          this.#noticeOf.set(id, invites);
        }
        if (command.type !== "invite") return;
        invites.push(id);
        let settle: (made: boolean) => void = () => undefined;
        const made = new Promise<boolean>((resolve) => (settle = resolve));
        this.#outcome.set(id, { made, settle });
        const previous = last.get(command.counsellorId);
        if (previous !== undefined) this.#waitsFor.set(id, previous);
        last.set(command.counsellorId, id);
      });
    }
  }

  laneStarted(lane: Lane): void {
    for (const { command, id } of lane) if (command.type === "invite") this.#started.add(id);
  }

  /**
   * Resolves once this command may go: an invite once the invite it waits for, if that one's lane
   * has started, is settled (true either way); a notice once its invites are settled, with
   * whether they were all made. Any other command at once (true).
   */
  async turnOf(id: string): Promise<boolean> {
    const previous = this.#waitsFor.get(id);
    if (previous !== undefined && this.#started.has(previous)) {
      await this.#outcome.get(previous)?.made;
    }
    const invites = this.#noticeOf.get(id) ?? [];
    const made = await Promise.all(invites.map((invite) => this.#outcome.get(invite)?.made));
    return made.every((one) => one !== false);
  }

  settled(id: string, made: boolean): void {
    this.#outcome.get(id)?.settle(made);
  }

  /** A lane stopped by a failure settles the invites it will not reach as not made. */
  laneEnded(lane: Lane): void {
    for (const { id } of lane) this.settled(id, false);
  }

  /** The conversations' lanes are over: every invite not settled was not made. */
  settleRest(): void {
    for (const { settle } of this.#outcome.values()) settle(false);
  }
}

/**
 * Whether a decision that commands nothing left the state as it was. The engine hands back the
 * same state when an event changes nothing (an ignored event, a repeated arrival), so any other
 * event that changed it is journaled without comparing contents. A tick may rebuild parts of the
 * state unchanged, and comes every few seconds: its state is compared by content. Comparing every
 * event's was a serialization of the whole state, twice, per event: on a campaign night, with
 * thousands of conversations, milliseconds per place held (engine/reservation.ts).
 */
function unchangedBy(event: PermanenceEvent, after: PermanenceState, before: PermanenceState) {
  if (after === before) return true;
  return event.type === "tick" && JSON.stringify(after) === JSON.stringify(before);
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
