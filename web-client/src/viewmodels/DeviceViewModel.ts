import type { KeptSession } from "../session/kept.ts";
import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";

/** What the device view model needs of the vault (src/vault/vault.ts). */
export interface VaultLike {
  seal(session: KeptSession, pin: string): void;
  unlock(
    pin: string,
  ): Promise<
    | { kind: "opened"; session: KeptSession }
    | { kind: "wrong"; attemptsLeft: number }
    | { kind: "wiped" }
    | { kind: "missing" }
  >;
  forget(): Promise<void>;
}

export type KeepState =
  /** Nothing asked yet (or the panel was closed). */
  "idle" | "asking" | "saving" | "saved" | "failed";

export type KeepProblem = "short" | "mismatch" | null;

export interface DeviceSnapshot {
  /** A conversation kept on this device waits for its PIN: nothing else shows. */
  readonly locked: boolean;
  readonly unlocking: boolean;
  /** After a wrong PIN: how many tries are left. */
  readonly attemptsLeft: number | null;
  /** Too many wrong PINs: the kept conversation was erased (said once, on the welcome screen). */
  readonly wiped: boolean;
  readonly keep: KeepState;
  readonly keepProblem: KeepProblem;
}

export interface DeviceViewModelDeps {
  /** Whether a sealed conversation is stored (synchronous, no libsodium). */
  readonly hasVault: () => boolean;
  /** Loads libsodium and the vault (lazily). */
  readonly openVault: () => Promise<VaultLike>;
  readonly minPinLength: number;
  readonly chat: {
    resume(kept: KeptSession): void;
    keepOnDevice(): KeptSession | null;
    forgetOnDevice(): void;
  };
}

/**
 * "Continuer plus tard sur cet appareil": the PIN screen on load when a conversation is kept, and
 * the opt-in from the chat. No React, no libsodium until a vault is used.
 */
export class DeviceViewModel extends SnapshotStore<DeviceSnapshot> {
  readonly #deps: DeviceViewModelDeps;

  constructor(deps: DeviceViewModelDeps) {
    super({
      locked: deps.hasVault(),
      unlocking: false,
      attemptsLeft: null,
      wiped: false,
      keep: "idle",
      keepProblem: null,
    });
    this.#deps = deps;
  }

  unlock = (pin: string): void => {
    const snapshot = this.getSnapshot();
    if (!snapshot.locked || snapshot.unlocking) return;
    this.set({ ...snapshot, unlocking: true });
    this.#deps
      .openVault()
      .then((vault) => vault.unlock(pin))
      .then(
        (result) => {
          const current = this.getSnapshot();
          switch (result.kind) {
            case "opened":
              this.set({ ...current, locked: false, unlocking: false, keep: "saved" });
              this.#deps.chat.resume(result.session);
              return;
            case "wrong":
              this.set({ ...current, unlocking: false, attemptsLeft: result.attemptsLeft });
              return;
            case "wiped":
              this.set({ ...current, locked: false, unlocking: false, wiped: true });
              return;
            case "missing":
              this.set({ ...current, locked: false, unlocking: false });
              return;
          }
        },
        () => this.set({ ...this.getSnapshot(), unlocking: false }),
      );
  };

  /** "Oublier cet appareil": erases the kept conversation and shows the welcome screen. */
  forget = (): void => {
    this.#deps
      .openVault()
      .then((vault) => vault.forget())
      .catch(() => undefined);
    this.set({ ...this.getSnapshot(), locked: false, unlocking: false, keep: "idle" });
  };

  askKeep = (): void => {
    this.set({ ...this.getSnapshot(), keep: "asking", keepProblem: null });
  };

  cancelKeep = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.keep === "asking" || snapshot.keep === "failed") {
      this.set({ ...snapshot, keep: "idle", keepProblem: null });
    }
  };

  keep = (pin: string, confirmation: string): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.keep !== "asking" && snapshot.keep !== "failed") return;
    if ([...pin.normalize("NFC")].length < this.#deps.minPinLength) {
      this.set({ ...snapshot, keepProblem: "short" });
      return;
    }
    if (pin !== confirmation) {
      this.set({ ...snapshot, keepProblem: "mismatch" });
      return;
    }
    const kept = this.#deps.chat.keepOnDevice();
    if (kept === null) {
      this.set({ ...snapshot, keep: "failed", keepProblem: null });
      return;
    }
    this.set({ ...snapshot, keep: "saving", keepProblem: null });
    this.#deps.openVault().then(
      (vault) => {
        try {
          vault.seal(kept, pin);
        } catch {
          this.#deps.chat.forgetOnDevice();
          this.set({ ...this.getSnapshot(), keep: "failed" });
          return;
        }
        this.set({ ...this.getSnapshot(), keep: "saved" });
      },
      () => {
        this.#deps.chat.forgetOnDevice();
        this.set({ ...this.getSnapshot(), keep: "failed" });
      },
    );
  };

  /** Everything was erased ("Tout effacer maintenant"): nothing is kept any more. */
  erased = (): void => {
    this.set({ ...this.getSnapshot(), locked: false, unlocking: false, keep: "idle" });
  };

  /** Hides the "erased after too many tries" notice. */
  dismissWiped = (): void => {
    this.set({ ...this.getSnapshot(), wiped: false });
  };
}
