import { z } from "zod";

// Request bodies of the public API. Strings are bounded so a caller cannot make the bot forward
// megabytes to Synapse; the overall body limit is enforced by the JSON parser as well.

export const createRegistrationTokenBody = z.strictObject({});

export const createConversationBody = z.object({
  registrationToken: z.string().min(1).max(256),
  openIdToken: z.object({
    access_token: z.string().min(1).max(1024),
    token_type: z.literal("Bearer"),
    matrix_server_name: z.string().min(1).max(255),
    expires_in: z.number().nonnegative(),
  }),
});

export const setAvailabilityBody = z.strictObject({
  availability: z.enum(["on_duty", "paused", "off_duty"]),
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
