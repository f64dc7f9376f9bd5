import { z } from "zod";

// Request bodies of the public API. Strings are bounded so a caller cannot make the bot forward
// megabytes to Synapse; the overall body limit is enforced by the JSON parser as well.

/** A solved proof of work (api/abuse/proof-of-work.ts); the bot checks it, not the schema. */
export const createRegistrationTokenBody = z.strictObject({
  challenge: z.string().min(1).max(200),
  solution: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "letters and digits" }),
});

type ProofFailure = "invalid" | "expired" | "reused" | "busy";

/** How each refused proof is answered. The page solves a fresh challenge on any of these. */
export function proofOfWorkFailure(verdict: ProofFailure): {
  status: number;
  code: string;
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

export const createConversationBody = z.object({
  registrationToken: z.string().min(1).max(256),
  openIdToken: z.object({
    access_token: z.string().min(1).max(1024),
    token_type: z.literal("Bearer"),
    matrix_server_name: z.string().min(1).max(255),
    expires_in: z.number().nonnegative(),
  }),
  /**
   * The page's language (e.g. "fr"), optional: counted in the anonymous statistics only, as a
   * tally per day, never kept with the conversation. Anything unexpected is dropped, never refused:
   * a statistic must not stop a youth from talking.
   */
  language: z.string().max(35).optional().catch(undefined),
});

export const setAvailabilityBody = z.strictObject({
  availability: z.enum(["on_duty", "paused", "off_duty"]),
});

/** A conversation's short reference, as counsellors see it ("Jeune 4821"). */
export const createBarBody = z.strictObject({
  reference: z.int().min(0).max(999_999_999),
});

/** A path's `:reference`: a conversation's short number, as the console shows it (1–999999). */
export const referenceParam = z.string().regex(/^[1-9][0-9]{0,5}$/);

export const referenceParamMessage =
  "The conversation reference in the path must be a whole number from 1 to 999999 (e.g. 4821).";

/** A supervisor offers a waiting youth to a named counsellor. */
export const assignBody = z.strictObject({
  counsellorId: z
    .string()
    .max(255)
    .regex(/^@[^:\s]+:\S+$/, { error: "a Matrix user id like @name:server" }),
});

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
