import { describe, expect, it } from "vitest";
import { FeedbackWindows } from "./feedback-window.ts";

const endedAt = Date.parse("2026-11-21T20:00:00.000Z");
const until = endedAt + 35 * 60_000;

describe("FeedbackWindows", () => {
  it("should accept one answer per ended conversation, and refuse the second", () => {
    const windows = new FeedbackWindows();
    windows.ended("!a:localhost", until, endedAt);
    expect(windows.answer("!a:localhost", endedAt + 60_000)).toBe("accepted");
    expect(windows.answer("!a:localhost", endedAt + 120_000)).toBe("already_given");
  });

  it("should know nothing of a conversation that has not ended", () => {
    const windows = new FeedbackWindows();
    windows.ended("!a:localhost", until, endedAt);
    expect(windows.answer("!b:localhost", endedAt)).toBe("unknown_conversation");
  });

  it("should close the window at its end and drop what it kept of the conversation", () => {
    const windows = new FeedbackWindows();
    windows.ended("!a:localhost", until, endedAt);
    windows.ended("!b:localhost", until, endedAt);
    expect(windows.answer("!b:localhost", endedAt)).toBe("accepted");
    expect(windows.answer("!a:localhost", until)).toBe("unknown_conversation");
    // The answered one is dropped too: after its window, nothing says it ever answered.
    expect(windows.size).toBe(0);
  });

  it("should open no window that is already over (an end replayed from an old journal)", () => {
    const windows = new FeedbackWindows();
    windows.ended("!a:localhost", endedAt, endedAt);
    expect(windows.size).toBe(0);
  });
});
