import type { SafetyFormAnswers } from "@helpline/contract";

/**
 * The youth's consented safety form, as the console sees it (issue 18): what the counsellor
 * proposed in each of her conversations and what came back. The real one is
 * ./matrix/safetyForms.ts; unit tests use a fake. Answers live in memory only.
 */
export interface SafetyForms {
  /** Where the form stands in this conversation, as far as this counsellor is concerned. */
  state(roomId: string): SafetyFormState;
  /** Sends a new request (an encrypted room event). Rejects, sending nothing, if not possible. */
  propose(roomId: string): Promise<void>;
  /**
   * Her live conversations: an answer from anywhere else is refused, and the answers of a
   * conversation that left this list (ended, handed over) are forgotten at once.
   */
  keepOnly(roomIds: ReadonlySet<string>): void;
  onChange(listener: () => void): () => void;
  /** The console closes or logs out: every answer is forgotten. */
  clear(): void;
}

export interface SafetyFormState {
  /** Her latest request in this conversation; null if she never proposed it (in this room). */
  readonly request: {
    readonly requestId: string;
    readonly sending: boolean;
    readonly failed: boolean;
  } | null;
  /** The youth said "Non merci" to that request. */
  readonly declined: boolean;
  /** The youth's answers to that request, decrypted here; null until they come. */
  readonly answer: SafetyFormAnswers | null;
}

export const noSafetyForm: SafetyFormState = { request: null, declined: false, answer: null };
