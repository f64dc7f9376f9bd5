import { checkSafetyAnswers, type SafetyAnswerProblem } from "@helpline/contract";
import type { SafetyFormPort } from "../session/safetyForm.ts";
import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";

/**
 * What the youth sees of a safety form her counsellor proposed. Consent comes first: the form
 * itself only shows after she said yes; "Non merci" is as easy as yes and changes nothing else.
 */
export type SafetyFormSnapshot =
  | { readonly step: "hidden" }
  | {
      readonly step: "consent";
      /** "Non merci" is on its way. */
      readonly declining: boolean;
      readonly failed: boolean;
    }
  | {
      readonly step: "form";
      readonly place: string;
      readonly phone: string;
      readonly problem: SafetyAnswerProblem | null;
      readonly sending: boolean;
      readonly failed: boolean;
    }
  /** Said once, calmly; gone when she closes it or a new request comes. */
  | { readonly step: "sent" }
  | { readonly step: "declined" };

const HIDDEN: SafetyFormSnapshot = { step: "hidden" };

/**
 * The youth's safety form, over the session's port (session/safetyForm.ts). No React, no Matrix.
 * What she types is held here only until it is sent or cancelled, then forgotten.
 */
export class SafetyFormViewModel extends SnapshotStore<SafetyFormSnapshot> {
  #port: SafetyFormPort | null = null;
  #unsubscribe: (() => void) | null = null;
  /** The request the snapshot is about. */
  #requestId: string | null = null;
  /** Bumped on every attach, so that a late answer of a former session is ignored. */
  #generation = 0;

  constructor() {
    super(HIDDEN);
  }

  /** The conversation's port, or null when there is none (not started, over, stopped). */
  attach(port: SafetyFormPort | null): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#generation += 1;
    this.#port = port;
    this.#requestId = null;
    this.set(HIDDEN);
    if (port !== null) {
      this.#unsubscribe = port.subscribe(() => this.#portChanged());
      this.#portChanged();
    }
  }

  /** "Oui": the form shows, empty. */
  consent = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.step !== "consent" || snapshot.declining) return;
    this.set({ step: "form", place: "", phone: "", problem: null, sending: false, failed: false });
  };

  /** "Non merci": a refusal without any answer goes to the conversation. */
  decline = (): void => {
    const snapshot = this.getSnapshot();
    const port = this.#port;
    const requestId = this.#requestId;
    if (snapshot.step !== "consent" || snapshot.declining || port === null || requestId === null) {
      return;
    }
    this.set({ step: "consent", declining: true, failed: false });
    const generation = this.#generation;
    port.decline(requestId).then(
      () => {
        if (generation === this.#generation) this.set({ step: "declined" });
      },
      () => {
        if (generation === this.#generation)
          this.set({ step: "consent", declining: false, failed: true });
      },
    );
  };

  setPlace = (place: string): void => this.#edit({ place });
  setPhone = (phone: string): void => this.#edit({ phone });

  /** "Annuler": nothing is sent, what she typed is forgotten; the question stays. */
  cancel = (): void => {
    const snapshot = this.getSnapshot();
    if (snapshot.step !== "form" || snapshot.sending) return;
    this.set({ step: "consent", declining: false, failed: false });
  };

  /** "Envoyer": checked here first, then encrypted to her counsellor alone. */
  send = (): void => {
    const snapshot = this.getSnapshot();
    const port = this.#port;
    const requestId = this.#requestId;
    if (snapshot.step !== "form" || snapshot.sending || port === null || requestId === null) return;
    const checked = checkSafetyAnswers(snapshot.place, snapshot.phone);
    if (!checked.ok) {
      this.set({ ...snapshot, problem: checked.problem, failed: false });
      return;
    }
    this.set({ ...snapshot, problem: null, sending: true, failed: false });
    const generation = this.#generation;
    port.answer(requestId, checked.answers).then(
      () => {
        // The answers are forgotten here: the snapshot no longer holds them.
        if (generation === this.#generation) this.set({ step: "sent" });
      },
      () => {
        if (generation !== this.#generation) return;
        const now = this.getSnapshot();
        if (now.step === "form") this.set({ ...now, sending: false, failed: true });
      },
    );
  };

  /** Closes the "sent" or "declined" line. */
  dismiss = (): void => {
    const step = this.getSnapshot().step;
    if (step === "sent" || step === "declined") this.set(HIDDEN);
  };

  dispose(): void {
    this.attach(null);
  }

  #edit(patch: { place?: string; phone?: string }): void {
    const snapshot = this.getSnapshot();
    if (snapshot.step !== "form" || snapshot.sending) return;
    this.set({ ...snapshot, ...patch, problem: null, failed: false });
  }

  #portChanged(): void {
    const pending = this.#port?.pending() ?? null;
    const snapshot = this.getSnapshot();
    const busy =
      (snapshot.step === "form" && snapshot.sending) ||
      (snapshot.step === "consent" && snapshot.declining);
    if (busy) return; // its outcome decides what shows next
    if (pending === null) {
      // Withdrawn (the counsellor left, the conversation ended): nothing is asked any more.
      this.#requestId = null;
      if (snapshot.step === "consent" || snapshot.step === "form") this.set(HIDDEN);
      return;
    }
    if (pending.requestId === this.#requestId) return;
    this.#requestId = pending.requestId;
    this.set({ step: "consent", declining: false, failed: false });
  }
}
