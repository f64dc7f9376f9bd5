import type { SafetyFormAnswers } from "@helpline/contract";

/**
 * The seam between the youth's safety form (view model) and the protocol: a counsellor's request
 * waiting for an answer, and the two ways to answer it. Lives in memory only; nothing of it is
 * ever written to the device.
 */
export interface SafetyFormPort {
  /** The authentic request waiting for the youth's answer; null when there is none. */
  pending(): PendingSafetyForm | null;
  /** Told whenever `pending()` may have changed. */
  subscribe(listener: () => void): () => void;
  /** "Non merci": an encrypted room event without any answer. Rejects if it could not leave. */
  decline(requestId: string): Promise<void>;
  /**
   * The answers, encrypted to the requesting counsellor's cross-signed devices alone (never a
   * room event). Rejects, sending nothing, if she is no longer there or has no such device.
   */
  answer(requestId: string, answers: SafetyFormAnswers): Promise<void>;
}

export interface PendingSafetyForm {
  readonly requestId: string;
}
