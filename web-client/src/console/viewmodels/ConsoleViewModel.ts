import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import {
  ApiError,
  type ConsoleLang,
  type ConsoleMatrix,
  type CounsellorApi,
  type Desk,
  type Login,
} from "../types.ts";
import { ChatPanelViewModel } from "./ChatPanelViewModel.ts";
import { DangerViewModel } from "./DangerViewModel.ts";
import { DeskFeed } from "./DeskFeed.ts";
import { CaseFormViewModel } from "./CaseFormViewModel.ts";
import { DeskViewModel, type Notifier } from "./DeskViewModel.ts";
import { Lifetime } from "./Lifetime.ts";
import { LoginViewModel } from "./LoginViewModel.ts";
import { NoticeBoard } from "./NoticeBoard.ts";
import { SideChannelsViewModel } from "./SideChannelsViewModel.ts";
import { SupervisorViewModel } from "./SupervisorViewModel.ts";

/** Which screen the console shows; each screen's view model holds what it shows. */
export type ConsoleSnapshot =
  | { readonly screen: "login" }
  | { readonly screen: "loading" }
  | {
      readonly screen: "desk";
      readonly desk: DeskViewModel;
      readonly chat: ChatPanelViewModel;
      readonly supervisor: SupervisorViewModel;
      readonly caseForm: CaseFormViewModel;
      readonly sideChannels: SideChannelsViewModel;
    };

export interface ConsoleDeps {
  readonly login: Login;
  readonly createApi: (session: ConsoleMatrix) => CounsellorApi;
  readonly notifier: Notifier;
  readonly now: () => number;
  /** Runs `callback` after `ms`; returns a cancel function. */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  readonly pollMs?: number;
}

/** One logged-in device, from the desk's opening to the wipe. */
interface Session {
  readonly matrix: ConsoleMatrix;
  /** Owns the desk's view models and the feed once the desk is open. */
  readonly lifetime: Lifetime;
  chat: ChatPanelViewModel | null;
}

/**
 * The counsellor console, put together: login (with the recovery key) → desk, its chat panel and
 * the supervisor panel, all made anew for each login and disposed at its end. No React, no
 * Matrix: those come in through ConsoleMatrix and CounsellorApi.
 */
export class ConsoleViewModel extends SnapshotStore<ConsoleSnapshot> {
  readonly login: LoginViewModel;
  readonly #deps: ConsoleDeps;
  #lang: ConsoleLang = "fr";
  #session: Session | null = null;

  constructor(deps: ConsoleDeps) {
    super({ screen: "login" });
    this.#deps = deps;
    this.login = new LoginViewModel({
      login: deps.login,
      onSession: (matrix) => this.#open(matrix),
      onCancel: () => void this.#wipe(false),
    });
  }

  setLanguage = (lang: ConsoleLang): void => {
    this.#lang = lang;
    this.#session?.chat?.setLanguage(lang);
  };

  /** The page goes away: sign this device out without waiting, forget everything. */
  dispose = (): void => {
    void this.#wipe(false, true);
  };

  #open(matrix: ConsoleMatrix): void {
    const session: Session = { matrix, lifetime: new Lifetime(), chat: null };
    this.#session = session;
    const api = this.#deps.createApi(matrix);
    this.set({ screen: "loading" });
    const defaultLanguage = api.defaultLanguage().catch(() => null);
    session.lifetime.settle(
      api.me(),
      (first) => this.#openDesk(session, api, first, defaultLanguage),
      (error) => {
        const notCounsellor = error instanceof ApiError && error.code === "not_a_counsellor";
        void this.#wipe(false).then(() =>
          this.login.refused(notCounsellor ? "notCounsellor" : "generic"),
        );
      },
    );
  }

  #openDesk(
    session: Session,
    api: CounsellorApi,
    first: Desk,
    defaultLanguage: Promise<ConsoleLang | null>,
  ): void {
    const { matrix, lifetime } = session;
    const { notifier, now, schedule, pollMs } = this.#deps;
    const feed = new DeskFeed(
      { api, matrix, schedule, ...(pollMs !== undefined ? { pollMs } : {}) },
      first,
    );
    const notices = new NoticeBoard();
    const danger = new DangerViewModel({
      api,
      feed,
      notifier,
      now,
      lang: this.#lang,
      defaultLanguage,
    });
    const chat = new ChatPanelViewModel({
      danger,
      matrix,
      api,
      feed,
      notices,
      now,
      lang: this.#lang,
      defaultLanguage,
    });
    const supervisor = new SupervisorViewModel({ api, feed, notices, now, danger });
    const caseForm = new CaseFormViewModel({ api, feed });
    const sideChannels = new SideChannelsViewModel({ matrix, api, feed });
    const desk = new DeskViewModel({
      matrix,
      api,
      feed,
      notices,
      chat,
      notifier,
      now,
      onShiftEnded: () => void this.#wipe(true),
    });
    session.chat = chat;
    lifetime.own(() => feed.dispose());
    lifetime.own(() => chat.dispose());
    lifetime.own(() => danger.dispose());
    lifetime.own(() => supervisor.dispose());
    lifetime.own(() => desk.dispose());
    lifetime.own(() => caseForm.dispose());
    lifetime.own(() => sideChannels.dispose());
    this.set({ screen: "desk", desk, chat, supervisor, caseForm, sideChannels });
    feed.start();
  }

  async #wipe(shiftEnded: boolean, leaving = false): Promise<void> {
    const session = this.#session;
    this.#session = null;
    session?.lifetime.end();
    const pending = this.login.restart(shiftEnded);
    this.set({ screen: "login" });
    const matrix = session?.matrix ?? pending;
    if (leaving) matrix?.abandon();
    else await matrix?.logout().catch(() => undefined);
  }
}
