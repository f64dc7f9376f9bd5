import type { ApiErrorCode } from "@helpline/contract";
import type { z } from "zod";

// How the bot answers a request its contract refuses (@helpline/contract/requests declares the
// bodies, which clients build from): in English, naming the field, never echoing a value.

type ProofFailure = "invalid" | "expired" | "reused" | "busy";

/** How each refused proof is answered. The page solves a fresh challenge on any of these. */
export function proofOfWorkFailure(verdict: ProofFailure): {
  status: number;
  code: ApiErrorCode;
  message: string;
} {
  const messages: Record<ProofFailure, string> = {
    invalid: 'The field "solution" does not solve the field "challenge".',
    expired: 'The field "challenge" has expired: ask for a new one.',
    reused: 'The field "challenge" has already been used: ask for a new one.',
    busy: "Too many proofs at once: ask for a new challenge in a moment.",
  };
  return verdict === "busy"
    ? { status: 429, code: "busy", message: messages.busy }
    : { status: 403, code: "invalid_proof_of_work", message: messages[verdict] };
}

export const referenceParamMessage =
  "The conversation reference in the path must be a whole number from 1 to 999999 (e.g. 4821).";

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "the request body" : `the field "${path.map(String).join(".")}"`;
}

/** One clear English sentence about the first problem, naming the field. Never echoes values. */
export function describeInvalidRequest(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "The request body is invalid.";
  const field = fieldName(issue.path);
  const capitalised = field.charAt(0).toUpperCase() + field.slice(1);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `${capitalised} is required.`;
      return `${capitalised} must be ${issue.expected === "object" ? "a JSON object" : `a ${issue.expected}`}.`;
    case "too_small":
      return issue.origin === "string"
        ? `${capitalised} must not be empty.`
        : `${capitalised} must be at least ${issue.minimum}.`;
    case "too_big":
      return `${capitalised} is too long.`;
    case "invalid_value":
      return `${capitalised} must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}.`;
    case "unrecognized_keys":
      return `The field "${[...issue.path, issue.keys[0] ?? ""].map(String).join(".")}" is not allowed here.`;
    default:
      return `${capitalised} is invalid.`;
  }
}
