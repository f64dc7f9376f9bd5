import { describe, expect, it } from "vitest";
import { HEARTBEAT_MS, PagePresence, documentVisibility } from "./pagePresence.ts";

const KEY = "k".repeat(43);

/** A page whose visibility, timers and network the test drives; records every request. */
function fakePage(options: { visible?: boolean; answer?: number } = {}) {
  const requests: {
    page: unknown;
    kept: unknown;
    init: RequestInit;
    url: string;
    body: unknown;
  }[] = [];
  let visible = options.visible ?? true;
  let answer = options.answer ?? 204;
  const listeners = new Set<() => void>();
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  let now = 0;
  let kept = false;
  const presence = new PagePresence({
    fetch: (url, init = {}) => {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      requests.push({ page: body["page"], kept: body["kept"], init, url, body });
      return Promise.resolve(new Response(null, { status: answer }));
    },
    apiBase: "/api",
    conversationId: "!room:hs",
    presenceKey: KEY,
    kept: () => kept,
    visibility: {
      isVisible: () => visible,
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    schedule: (callback, ms) => {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  return {
    presence,
    requests,
    pages: () => requests.map((r) => r.page),
    listening: () => listeners.size,
    pendingTimers: () => timers.filter((t) => !t.cancelled && t.at > now).length,
    keep: () => {
      kept = true;
    },
    answerWith: (status: number) => {
      answer = status;
    },
    /** The page is shown or hidden (another tab, the phone's screen turned off). */
    show: (shown: boolean) => {
      visible = shown;
      for (const listener of [...listeners]) listener();
    },
    /** Time passes; timers due meanwhile run in order. */
    advance: (ms: number) => {
      const until = now + ms;
      for (;;) {
        const due = timers
          .filter((t) => !t.cancelled && t.at <= until)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = due.at;
        due.cancelled = true;
        due.callback();
      }
      now = until;
    },
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe("the page's presence", () => {
  it("should say visible once joined, then every 30 s while the page is shown", () => {
    const page = fakePage();
    page.presence.start();
    expect(page.pages()).toEqual(["visible"]);
    page.advance(HEARTBEAT_MS - 1);
    expect(page.pages()).toEqual(["visible"]);
    page.advance(1);
    page.advance(HEARTBEAT_MS * 2);
    expect(page.pages()).toEqual(["visible", "visible", "visible", "visible"]);
  });

  it("should send the contract's body, same origin, with the JSON content type", () => {
    const page = fakePage();
    page.presence.start();
    const [request] = page.requests;
    expect(request?.url).toBe("/api/presence");
    expect(request?.body).toEqual({
      conversationId: "!room:hs",
      presenceKey: KEY,
      page: "visible",
      kept: false,
    });
    expect(request?.init).toMatchObject({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: false,
    });
  });

  it("should say hidden at once and go quiet while hidden, then visible at once when shown", () => {
    const page = fakePage();
    page.presence.start();
    page.show(false);
    expect(page.pages()).toEqual(["visible", "hidden"]);
    // Silence is the point: a phone asleep or a forgotten tab is what the bot must notice.
    page.advance(HEARTBEAT_MS * 10);
    expect(page.pages()).toEqual(["visible", "hidden"]);
    page.show(true);
    expect(page.pages()).toEqual(["visible", "hidden", "visible"]);
    page.advance(HEARTBEAT_MS);
    expect(page.pages()).toEqual(["visible", "hidden", "visible", "visible"]);
  });

  it("should say hidden, not visible, when the page is already hidden as the conversation is joined", () => {
    const page = fakePage({ visible: false });
    page.presence.start();
    page.advance(HEARTBEAT_MS * 3);
    expect(page.pages()).toEqual(["hidden"]);
  });

  it("should carry whether the youth kept the conversation on the device, as it is now", () => {
    const page = fakePage();
    page.presence.start();
    page.keep();
    page.advance(HEARTBEAT_MS);
    expect(page.requests.map((r) => r.kept)).toEqual([false, true]);
  });

  it("should say closed once, with a request that outlives the page, and then nothing", () => {
    const page = fakePage();
    page.presence.start();
    page.presence.leaving("closed");
    page.presence.leaving("closed");
    page.show(false);
    page.advance(HEARTBEAT_MS * 3);
    expect(page.pages()).toEqual(["visible", "closed"]);
    expect(page.requests[1]?.init).toMatchObject({ keepalive: true, credentials: "same-origin" });
    expect(page.pendingTimers()).toBe(0);
    expect(page.listening()).toBe(0);
  });

  it("should say quick_exit with keepalive, never followed by closed as the page unloads", () => {
    const page = fakePage();
    page.presence.start();
    page.presence.leaving("quick_exit");
    page.presence.leaving("closed");
    expect(page.pages()).toEqual(["visible", "quick_exit"]);
    expect(page.requests[1]?.init).toMatchObject({ keepalive: true });
  });

  it("should start the last request synchronously, before the page navigates, and not wait for it", () => {
    const started: unknown[] = [];
    const presence = new PagePresence({
      // An answer that never comes: leaving must not depend on it.
      fetch: (_url, init) => {
        started.push((JSON.parse(String(init?.body)) as Record<string, unknown>)["page"]);
        return new Promise<Response>(() => undefined);
      },
      apiBase: "/api",
      conversationId: "!room:hs",
      presenceKey: KEY,
      kept: () => false,
      visibility: { isVisible: () => true, onChange: () => () => undefined },
      schedule: () => () => undefined,
    });
    presence.start();
    const returned = presence.leaving("quick_exit");
    expect(returned).toBeUndefined(); // not a promise: nothing for quick exit to wait on
    expect(started).toEqual(["visible", "quick_exit"]);
  });

  it("should stop for good once the bot answers 404 (the conversation is over)", async () => {
    const page = fakePage({ answer: 404 });
    page.presence.start();
    await settle();
    page.answerWith(204);
    page.advance(HEARTBEAT_MS * 3);
    page.show(false);
    page.show(true);
    page.presence.leaving("closed");
    expect(page.pages()).toEqual(["visible"]);
  });

  it("should carry on after a refusal or a lost request (429, 403, network)", async () => {
    const page = fakePage({ answer: 429 });
    page.presence.start();
    await settle();
    page.answerWith(403);
    page.advance(HEARTBEAT_MS);
    await settle();
    page.advance(HEARTBEAT_MS);
    expect(page.pages()).toEqual(["visible", "visible", "visible"]);

    const failing = new PagePresence({
      fetch: () => Promise.reject(new TypeError("offline")),
      apiBase: "/api",
      conversationId: "!room:hs",
      presenceKey: KEY,
      kept: () => false,
      visibility: { isVisible: () => true, onChange: () => () => undefined },
      schedule: () => () => undefined,
    });
    expect(() => failing.start()).not.toThrow();
    await settle();
  });

  it("should say its last word even before it started: the page may leave while joining", () => {
    const page = fakePage();
    page.presence.leaving("quick_exit");
    page.presence.start();
    page.advance(HEARTBEAT_MS * 3);
    expect(page.pages()).toEqual(["quick_exit"]);
    expect(page.listening()).toBe(0);
  });

  it("should say nothing more once stopped", () => {
    const page = fakePage();
    page.presence.start();
    page.presence.stop();
    page.advance(HEARTBEAT_MS * 3);
    page.show(false);
    page.presence.leaving("quick_exit");
    page.presence.start();
    expect(page.pages()).toEqual(["visible"]);
    expect(page.listening()).toBe(0);
  });

  it("should never throw, even when the browser refuses the request outright", () => {
    const presence = new PagePresence({
      fetch: () => {
        throw new TypeError("keepalive quota exceeded");
      },
      apiBase: "/api",
      conversationId: "!room:hs",
      presenceKey: KEY,
      kept: () => false,
      visibility: { isVisible: () => true, onChange: () => () => undefined },
      schedule: () => () => undefined,
    });
    expect(() => {
      presence.start();
      presence.leaving("quick_exit");
    }).not.toThrow();
  });
});

describe("the browser's visibility", () => {
  it("should read document.visibilityState and follow visibilitychange", () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
    const visibility = documentVisibility(doc as unknown as Document);
    let changes = 0;
    const unsubscribe = visibility.onChange(() => (changes += 1));
    expect(visibility.isVisible()).toBe(true);
    doc.visibilityState = "hidden";
    doc.dispatchEvent(new Event("visibilitychange"));
    expect(visibility.isVisible()).toBe(false);
    unsubscribe();
    doc.dispatchEvent(new Event("visibilitychange"));
    expect(changes).toBe(1);
  });
});
