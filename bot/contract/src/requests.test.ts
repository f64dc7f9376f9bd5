import { describe, expect, it } from "vitest";
import {
  assignBody,
  caseFormBody,
  createBarBody,
  createConversationBody,
  createRegistrationTokenBody,
  feedbackBody,
  presenceBody,
  referenceParam,
  setAvailabilityBody,
} from "./requests.ts";

// The bot answers 400 invalid_request for what these refuse (bot/src/api/app.test.ts checks the
// answers); here, that each body takes what clients send and refuses its neighbours.

describe("request bodies", () => {
  it("should take what the clients send", () => {
    expect(createRegistrationTokenBody.safeParse({ challenge: "c", solution: "1z" }).success).toBe(
      true,
    );
    expect(
      createConversationBody.parse({
        registrationToken: "t",
        openIdToken: {
          access_token: "a",
          token_type: "Bearer",
          matrix_server_name: "localhost",
          expires_in: 3600,
        },
        language: "x".repeat(99),
      }).language,
    ).toBeUndefined();
    expect(
      presenceBody.safeParse({
        conversationId: "!abc:localhost",
        presenceKey: "k".repeat(43),
        page: "hidden",
        kept: false,
      }).success,
    ).toBe(true);
    expect(setAvailabilityBody.safeParse({ availability: "paused" }).success).toBe(true);
    expect(createBarBody.safeParse({ reference: 4821 }).success).toBe(true);
    expect(assignBody.safeParse({ counsellorId: "@lou:localhost" }).success).toBe(true);
    expect(referenceParam.safeParse("4821").success).toBe(true);
  });

  it("should refuse malformed bodies", () => {
    expect(createRegistrationTokenBody.safeParse({ challenge: "c", solution: "1 z" }).success).toBe(
      false,
    );
    expect(
      createRegistrationTokenBody.safeParse({ challenge: "c", solution: "1", x: 1 }).success,
    ).toBe(false);
    expect(
      presenceBody.safeParse({
        conversationId: "abc",
        presenceKey: "k".repeat(43),
        page: "hidden",
        kept: false,
      }).success,
    ).toBe(false);
    expect(setAvailabilityBody.safeParse({ availability: "asleep" }).success).toBe(false);
    expect(createBarBody.safeParse({ reference: 1.5 }).success).toBe(false);
    expect(assignBody.safeParse({ counsellorId: "lou" }).success).toBe(false);
    expect(referenceParam.safeParse("0").success).toBe(false);
    expect(referenceParam.safeParse("1234567").success).toBe(false);
  });

  it("should take the end screen's closed answers, one or both, and nothing else", () => {
    const target = { conversationId: "!abc:localhost", presenceKey: "k".repeat(43) };
    expect(feedbackBody.safeParse({ ...target, helped: "a-little" }).success).toBe(true);
    expect(feedbackBody.safeParse({ ...target, wouldWriteAgain: "maybe" }).success).toBe(true);
    expect(
      feedbackBody.safeParse({ ...target, helped: "no", wouldWriteAgain: "yes" }).success,
    ).toBe(true);
    // Nothing to count, an answer outside the lists, free text, no proof.
    expect(feedbackBody.safeParse(target).success).toBe(false);
    expect(feedbackBody.safeParse({ ...target, helped: "maybe" }).success).toBe(false);
    expect(feedbackBody.safeParse({ ...target, helped: "yes", comment: "merci" }).success).toBe(
      false,
    );
    expect(
      feedbackBody.safeParse({ conversationId: "!abc:localhost", helped: "yes" }).success,
    ).toBe(false);
  });
});

describe("the case form's body", () => {
  it("should take closed answers, every question skippable", () => {
    const form = {
      categories: ["rape", "harassment"],
      writer: "victim",
      ageBand: "15-17",
      firstDisclosure: "yes",
      offered: ["listening", "referral-cpvs"],
    };
    expect(caseFormBody.parse(form)).toEqual(form);
    expect(caseFormBody.parse({})).toEqual({ categories: [], offered: [] });
  });

  it("should refuse free text, unknown answers and an answer given twice, naming the field", () => {
    const refused = (body: unknown) => caseFormBody.safeParse(body).error?.issues[0]?.path;
    expect(refused({ comment: "she said…" })).toEqual([]);
    expect(refused({ writer: "mother" })).toEqual(["writer"]);
    expect(refused({ ageBand: "16" })).toEqual(["ageBand"]);
    expect(refused({ firstDisclosure: true })).toEqual(["firstDisclosure"]);
    expect(refused({ offered: ["listening", "listening"] })).toEqual(["offered"]);
    expect(refused({ offered: ["hug"] })).toEqual(["offered", 0]);
    expect(refused({ categories: ["Rape victim"] })).toEqual(["categories", 0]);
    expect(refused({ categories: "rape" })).toEqual(["categories"]);
  });
});
