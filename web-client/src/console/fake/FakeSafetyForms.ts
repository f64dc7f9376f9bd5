import type { SafetyFormAnswers } from "@helpline/contract";
import { noSafetyForm, type SafetyFormState, type SafetyForms } from "../safetyForms.ts";

/**
 * The console's safety forms for unit tests: a test says what the youth did (`declines`,
 * `answers`); what the console sent is in `proposed`. Answers are kept, like the real one, only
 * for the conversations last given to `keepOnly`.
 */
export class FakeSafetyForms implements SafetyForms {
  readonly proposed: string[] = [];
  readonly states = new Map<string, SafetyFormState>();
  live: ReadonlySet<string> = new Set();
  cleared = false;
  failPropose = false;
  readonly #listeners = new Set<() => void>();

  state(roomId: string): SafetyFormState {
    return this.states.get(roomId) ?? noSafetyForm;
  }

  propose(roomId: string): Promise<void> {
    if (this.failPropose || !this.live.has(roomId)) return Promise.reject(new Error("refused"));
    this.proposed.push(roomId);
    this.#set(roomId, {
      request: { requestId: `request-${this.proposed.length}`, sending: false, failed: false },
      declined: false,
      answer: null,
    });
    return Promise.resolve();
  }

  keepOnly(roomIds: ReadonlySet<string>): void {
    this.live = new Set(roomIds);
    for (const [roomId, state] of [...this.states]) {
      if (!roomIds.has(roomId) && state.answer !== null)
        this.states.set(roomId, { ...state, answer: null });
    }
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.cleared = true;
    this.states.clear();
  }

  /** The youth said "Non merci". */
  declines(roomId: string): void {
    this.#set(roomId, { ...this.state(roomId), declined: true });
  }

  /** The youth's answers arrived (and were accepted). */
  answers(roomId: string, answer: SafetyFormAnswers): void {
    if (!this.live.has(roomId)) return;
    this.#set(roomId, { ...this.state(roomId), answer });
  }

  #set(roomId: string, state: SafetyFormState): void {
    this.states.set(roomId, state);
    for (const listener of [...this.#listeners]) listener();
  }
}
