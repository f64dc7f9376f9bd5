import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";
import {
  LoginError,
  RecoveryKeyError,
  type ConsoleMatrix,
  type Login,
  type LoginFailure,
  type PendingLogin,
} from "../types.ts";
import { Lifetime } from "./Lifetime.ts";

export type LoginSnapshot =
  | {
      readonly screen: "login";
      readonly busy: boolean;
      readonly error: LoginFailure | "notCounsellor" | null;
      /** Shown after "End shift": everything was wiped. */
      readonly shiftEnded: boolean;
    }
  | {
      readonly screen: "newRecoveryKey";
      readonly recoveryKey: string;
      readonly afterReset: boolean;
    }
  | {
      readonly screen: "recoveryKey";
      readonly busy: boolean;
      readonly error: "wrongKey" | "generic" | null;
      readonly confirmingReset: boolean;
    };

export interface LoginDeps {
  readonly login: Login;
  /** The device is unlocked: the desk takes the session over. */
  readonly onSession: (session: ConsoleMatrix) => void;
  /** "Back" from the recovery key screens: the device is to be logged out. */
  readonly onCancel: () => void;
}

const LOGIN_SCREEN = {
  screen: "login",
  busy: false,
  error: null,
  shiftEnded: false,
} as const satisfies LoginSnapshot;

/**
 * Password, then the recovery key: shown once on the first login (or after a reset), asked for
 * on every later one. Hands the unlocked session on and forgets the login that made it.
 */
export class LoginViewModel extends SnapshotStore<LoginSnapshot> {
  readonly #deps: LoginDeps;
  /** Logged in, not unlocked yet: holds the password until then. */
  #pending: PendingLogin | null = null;
  /** Ended when a login is given up: an answer for an earlier attempt is dropped. */
  #attempt = new Lifetime();

  constructor(deps: LoginDeps) {
    super(LOGIN_SCREEN);
    this.#deps = deps;
  }

  logIn = (userId: string, password: string): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen !== "login" || snapshot.busy) return;
    if (userId.trim() === "" || password === "") {
      this.set({ ...snapshot, error: "badCredentials", shiftEnded: false });
      return;
    }
    const attempt = this.#attempt;
    this.set({ screen: "login", busy: true, error: null, shiftEnded: false });
    this.#deps.login(userId, password).then(
      (pending) => {
        if (attempt.ended) {
          void pending.session.logout().catch(() => undefined);
          return;
        }
        this.#pending = pending;
        if (pending.newRecoveryKey !== null) {
          this.set({
            screen: "newRecoveryKey",
            recoveryKey: pending.newRecoveryKey,
            afterReset: false,
          });
        } else if (pending.needsRecoveryKey) {
          this.set({ screen: "recoveryKey", busy: false, error: null, confirmingReset: false });
        } else {
          this.#handOver();
        }
      },
      (error: unknown) => {
        if (attempt.ended) return;
        const kind = error instanceof LoginError ? error.kind : "generic";
        this.set({ screen: "login", busy: false, error: kind, shiftEnded: false });
      },
    );
  };

  /** "I have written it down": the recovery key is no longer shown, anywhere. */
  confirmRecoveryKeySaved = (): void => {
    if (this.getSnapshot().screen !== "newRecoveryKey") return;
    this.#handOver();
  };

  unlock = (recoveryKey: string): void => {
    const snapshot = this.getSnapshot();
    const pending = this.#pending;
    if (snapshot.screen !== "recoveryKey" || snapshot.busy || pending === null) return;
    if (recoveryKey.trim() === "") {
      this.set({ ...snapshot, error: "wrongKey" });
      return;
    }
    this.set({ ...snapshot, busy: true, error: null });
    this.#attempt.settle(
      pending.unlock(recoveryKey),
      () => this.#handOver(),
      (error) => {
        const kind = error instanceof RecoveryKeyError ? error.kind : "generic";
        this.set({ screen: "recoveryKey", busy: false, error: kind, confirmingReset: false });
      },
    );
  };

  askReset = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "recoveryKey" && !snapshot.busy) {
      this.set({ ...snapshot, confirmingReset: true, error: null });
    }
  };

  cancelReset = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.screen === "recoveryKey") this.set({ ...snapshot, confirmingReset: false });
  };

  /** "Lost my recovery key", confirmed: new keys; older messages are unreadable here. */
  confirmReset = (): void => {
    const snapshot = this.getSnapshot();
    const pending = this.#pending;
    if (snapshot.screen !== "recoveryKey" || !snapshot.confirmingReset || pending === null) return;
    this.set({ ...snapshot, busy: true });
    this.#attempt.settle(
      pending.reset(),
      (recoveryKey) => this.set({ screen: "newRecoveryKey", recoveryKey, afterReset: true }),
      () => {
        this.set({ screen: "recoveryKey", busy: false, error: "generic", confirmingReset: false });
      },
    );
  };

  /** Back to the login screen from the recovery key screens (logs this device out). */
  cancelLogin = (): void => {
    this.#deps.onCancel();
  };

  /**
   * Gives up the login under way, if any, and shows the login screen; returns the session it
   * held, for the caller to sign out.
   */
  restart(shiftEnded: boolean): ConsoleMatrix | null {
    this.#attempt.end();
    this.#attempt = new Lifetime();
    const session = this.#pending?.session ?? null;
    this.#pending = null;
    this.set({ ...LOGIN_SCREEN, shiftEnded });
    return session;
  }

  /** The desk could not open for this account. */
  refused(error: "notCounsellor" | "generic"): void {
    this.set({ ...LOGIN_SCREEN, error });
  }

  #handOver(): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null; // the password it holds is not needed any more
    this.set(LOGIN_SCREEN); // nor is the recovery key, if it was shown
    this.#deps.onSession(pending.session);
  }
}
