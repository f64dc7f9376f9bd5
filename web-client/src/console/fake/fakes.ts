import {
  RecoveryKeyError,
  type Availability,
  type ConsoleMatrix,
  type CounsellorApi,
  type Desk,
  type DeskConversation,
  type HelpAnswer,
  type Login,
  type Overview,
  type PendingLogin,
  type RoomView,
} from "../types.ts";
import type { SafetyForms } from "../safetyForms.ts";

/** In-memory Matrix for the console's unit tests: records every action as data. */
export class FakeMatrix implements ConsoleMatrix {
  readonly userId: string;
  readonly rooms = new Map<string, RoomView>();
  readonly actions: string[] = [];
  readonly #listeners = new Set<() => void>();
  failInvite = false;
  loggedOut = false;
  /** Set by a test to offer the safety form (absent: the console does not offer it). */
  safetyForms?: SafetyForms;

  constructor(userId = "@camille:localhost") {
    this.userId = userId;
  }

  room(roomId: string): RoomView | null {
    return this.rooms.get(roomId) ?? null;
  }
  setRoom(view: Partial<RoomView> & { roomId: string }): void {
    this.rooms.set(view.roomId, {
      membership: "join",
      messages: [],
      unread: 0,
      othersTyping: false,
      canSend: true,
      youthGone: null,
      ...view,
    });
    for (const listener of [...this.#listeners]) listener();
  }
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  readonly #inviteListeners = new Set<() => void>();
  onInvite(listener: () => void): () => void {
    this.#inviteListeners.add(listener);
    return () => this.#inviteListeners.delete(listener);
  }
  /** The server says this account was invited to a room. */
  invited(): void {
    for (const listener of [...this.#inviteListeners]) listener();
  }
  openIdToken = async (): Promise<string> => "openid";
  join = async (roomId: string): Promise<void> => {
    this.actions.push(`join ${roomId}`);
  };
  leave = async (roomId: string): Promise<void> => {
    this.actions.push(`leave ${roomId}`);
  };
  invite = async (roomId: string, userId: string): Promise<void> => {
    if (this.failInvite) throw new Error("invite refused");
    this.actions.push(`invite ${roomId} ${userId}`);
  };
  send = async (roomId: string, text: string): Promise<void> => {
    this.actions.push(`send ${roomId} ${text}`);
  };
  setTyping(roomId: string, typing: boolean): void {
    this.actions.push(`typing ${roomId} ${String(typing)}`);
  }
  markRead(roomId: string): void {
    this.actions.push(`read ${roomId}`);
  }
  loadHistory = async (roomId: string): Promise<void> => {
    this.actions.push(`history ${roomId}`);
  };
  logout = async (): Promise<void> => {
    this.loggedOut = true;
  };
  abandoned = false;
  abandon(): void {
    this.abandoned = true;
  }
}

export function conversation(
  overrides: Partial<DeskConversation> & { reference: number },
): DeskConversation {
  return {
    roomId: `!room${overrides.reference}:localhost`,
    name: `Jeune ${overrides.reference}`,
    state: "active",
    arrivedAt: null,
    offerExpiresAt: null,
    handoverTo: null,
    handoverFrom: null,
    requeued: false,
    urgent: false,
    ...overrides,
  };
}

export function desk(overrides: Partial<Desk> = {}): Desk {
  return {
    userId: "@camille:localhost",
    availability: "off_duty",
    load: 0,
    capacity: 2,
    supervisor: false,
    waiting: 0,
    conversations: [],
    queue: [],
    colleagues: [],
    pendingHandovers: [],
    cannedReplies: [],
    caseFormsDue: [],
    caseCategories: [],
    ...overrides,
  };
}

/** The bot's counsellor API as data: `desk` is what /me answers; calls are recorded. */
export class FakeApi implements CounsellorApi {
  desk: Desk = desk();
  overviewAnswer: Overview = { counsellors: [], queue: [], active: 0, danger: [] };
  readonly calls: string[] = [];
  failWith: Error | null = null;
  lang: "fr" | "nl" | "en" | null = "fr";

  #answer<T>(call: string, value: T): Promise<T> {
    this.calls.push(call);
    return this.failWith === null ? Promise.resolve(value) : Promise.reject(this.failWith);
  }
  me = (): Promise<Desk> => this.#answer("me", this.desk);
  setAvailability = (availability: Availability): Promise<Desk> => {
    if (this.failWith === null) this.desk = { ...this.desk, availability };
    return this.#answer(`availability ${availability}`, this.desk);
  };
  end = (reference: number): Promise<void> => this.#answer(`end ${reference}`, undefined);
  requeue = (reference: number): Promise<void> => this.#answer(`requeue ${reference}`, undefined);
  bar = (reference: number): Promise<void> => this.#answer(`bar ${reference}`, undefined);
  markDanger = (reference: number): Promise<void> => this.#answer(`danger ${reference}`, undefined);
  overview = (): Promise<Overview> => this.#answer("overview", this.overviewAnswer);
  assign = (reference: number, to: string): Promise<void> =>
    this.#answer(`assign ${reference} ${to}`, undefined);
  joinConversation = (reference: number): Promise<void> =>
    this.#answer(`join ${reference}`, undefined);
  addObserver = (reference: number, colleagueId: string): Promise<void> =>
    this.#answer(`observers ${reference} ${colleagueId}`, undefined);
  /** The case forms filed, as the bot received them. */
  readonly caseForms: { reference: number; form: unknown }[] = [];
  fileCaseForm = (reference: number, form: unknown): Promise<void> => {
    if (this.failWith === null) this.caseForms.push({ reference, form });
    return this.#answer(`case-form ${reference}`, undefined);
  };
  defaultLanguage = (): Promise<"fr" | "nl" | "en" | null> => Promise.resolve(this.lang);
  /** The supervisors the bot invites when she asks for help. */
  supervisorsOnDuty: string[] = [];
  askForHelp = (reference: number): Promise<HelpAnswer> =>
    this.#answer(`help ${reference}`, {
      reference,
      roomId: `!side-${reference}:localhost`,
      supervisors: this.supervisorsOnDuty,
      created: true,
    });
}

/** A login that succeeds with `session`, as a first login (new key) or one that needs the key. */
export function fakeLogin(
  session: FakeMatrix,
  options: { firstLogin: boolean; rightKey?: string; failWith?: Error },
): Login & { passwords: string[] } {
  const passwords: string[] = [];
  const login = async (_user: string, password: string): Promise<PendingLogin> => {
    passwords.push(password);
    if (options.failWith !== undefined) throw options.failWith;
    return {
      newRecoveryKey: options.firstLogin ? "EsTc aaaa bbbb" : null,
      needsRecoveryKey: !options.firstLogin,
      session,
      unlock: async (key) => {
        if (key !== options.rightKey) throw new RecoveryKeyError("wrongKey");
      },
      reset: async () => "EsTc new new",
    };
  };
  return Object.assign(login, { passwords });
}

/** Timers run only when the test says so. */
export class ManualScheduler {
  readonly #tasks: { callback: () => void; cancelled: boolean }[] = [];
  schedule = (callback: () => void): (() => void) => {
    const task = { callback, cancelled: false };
    this.#tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };
  get pending(): number {
    return this.#tasks.filter((t) => !t.cancelled).length;
  }
  runAll(): void {
    const tasks = this.#tasks.splice(0);
    for (const task of tasks) if (!task.cancelled) task.callback();
  }
}

/** Lets the fakes' promises settle. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
};
