import { afterEach, describe, expect, it } from "vitest";
import { listen, type ListeningServer } from "../api/listen.ts";
import { createPrivateApiApp, type HelplineAdmin } from "./private-api.ts";

const secret = "s".repeat(43);
let server: ListeningServer | undefined;
afterEach(() => server?.close());

async function start(overrides: Partial<HelplineAdmin> = {}) {
  const changed: string[] = [];
  server = await listen(
    createPrivateApiApp({
      secret,
      metrics: async () => "helpline_queue_length 0\n",
      defaultHelpline: "test",
      helplines: new Map([
        ["test", desk(overrides)],
        ["other", desk({ setSupervisor: () => false })],
      ]),
    }),
    "127.0.0.1",
    0,
  );
  return { url: server.url, changed };

  function desk(these: Partial<HelplineAdmin>): HelplineAdmin {
    return {
      status: () => ({
        helpline: "test",
        admitting: true,
        open: true,
        closesAt: null,
        nextOpensAt: null,
        queue: [],
        conversationsActive: 0,
        inProgress: [],
        counsellors: [],
      }),
      closeConversation: (reference) =>
        Promise.resolve(reference === 4821 ? { erasureAt: null } : null),
      eraseConversation: (reference) =>
        Promise.resolve(reference === 4821 ? { erased: true } : null),
      setDisabled: (userId) => {
        changed.push(userId);
        return Promise.resolve(userId === "@camille:x");
      },
      setSupervisor: (userId) => userId === "@camille:x",
      ...these,
    };
  }
}

const auth = { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" };

describe("the bot's private listener", () => {
  it("should serve metrics in the text format without a secret", async () => {
    const { url } = await start();
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain;.*version=0.0.4/);
    expect(await response.text()).toBe("helpline_queue_length 0\n");
  });

  it("should refuse every admin call without the right secret, changing nothing", async () => {
    const { url, changed } = await start();
    expect((await fetch(`${url}/admin/status`)).status).toBe(401);
    const wrong = await fetch(`${url}/admin/counsellors/@camille:x/disabled`, {
      method: "PUT",
      headers: { ...auth, Authorization: "Bearer nope" },
      body: JSON.stringify({ value: true }),
    });
    expect(wrong.status).toBe(401);
    expect(changed).toEqual([]);
  });

  it("should name an unknown counsellor or conversation, and a malformed request", async () => {
    const { url } = await start();
    const put = (userId: string, body: unknown) =>
      fetch(`${url}/admin/counsellors/${encodeURIComponent(userId)}/supervisor`, {
        method: "PUT",
        headers: auth,
        body: JSON.stringify(body),
      });
    expect((await put("@camille:x", { value: true })).status).toBe(200);
    const unknown = await put("@nobody:x", { value: true });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        code: "unknown_counsellor",
        message: "@nobody:x is not one of the counsellors in the bot's config.",
      },
    });
    expect((await put("camille", { value: true })).status).toBe(400);
    expect((await put("@camille:x", { value: "yes" })).status).toBe(400);
    const close = (reference: string) =>
      fetch(`${url}/admin/conversations/${reference}/close`, { method: "POST", headers: auth });
    expect((await close("4821")).status).toBe(200);
    expect((await close("1234")).status).toBe(404);
    expect((await close("abc")).status).toBe(400);
  });

  it("should serve each helpline under /admin/h/<id>/ and refuse an unknown id, changing nothing", async () => {
    const { url, changed } = await start();
    const put = (prefix: string) =>
      fetch(`${url}${prefix}/counsellors/${encodeURIComponent("@camille:x")}/supervisor`, {
        method: "PUT",
        headers: auth,
        body: JSON.stringify({ value: true }),
      });
    expect((await put("/admin/h/test")).status).toBe(200);
    // Camille is a counsellor of "test", not of "other".
    expect((await put("/admin/h/other")).status).toBe(404);
    const unknown = await put("/admin/h/nowhere");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      "unknown_helpline",
    );
    const disabled = await fetch(`${url}/admin/h/nowhere/counsellors/@camille:x/disabled`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ value: true }),
    });
    expect(disabled.status).toBe(404);
    expect(changed).toEqual([]);
    expect((await fetch(`${url}/admin/h/test/status`)).status).toBe(401);
  });
});
