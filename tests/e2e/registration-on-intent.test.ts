import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import type { TestStack } from "../support/test-stack.ts";

// Issue 19: on the youth's intent the page readies her registration (the bot's token, its proof of
// of work solved while she read), and only the press makes the account, in one request to the
// youth-accounts module (synapse/modules/youth_accounts.py), with no password. A youth who shows
// intent and leaves must leave no account behind.

/** Every account Synapse has, deactivated ones included, through the bot's admin rights. */
async function accounts(stack: TestStack): Promise<string[]> {
  const response = await fetch(
    `${stack.synapseUrl}/_synapse/admin/v2/users?deactivated=true&guests=true&limit=1000`,
    { headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` } },
  );
  const body = (await response.json()) as { users: { name: string }[] };
  return body.users.map((user) => user.name).sort();
}

/** Synapse's registration tokens: how many registrations are under way or done with each. */
async function tokenUses(stack: TestStack): Promise<{ pending: number; completed: number }[]> {
  const response = await fetch(`${stack.synapseUrl}/_synapse/admin/v1/registration_tokens`, {
    headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
  });
  const body = (await response.json()) as {
    registration_tokens: { pending: number; completed: number }[];
  };
  return body.registration_tokens.map(({ pending, completed }) => ({ pending, completed }));
}

const isPost = (request: Request, path: string) =>
  request.method() === "POST" && new URL(request.url()).pathname.endsWith(path);
const makesAccount = (request: Request) =>
  isPost(request, "/_synapse/client/org.helplinechat/youth_account") ||
  isPost(request, "/_matrix/client/v3/register");
const asksForToken = (request: Request) => isPost(request, "/api/registration-tokens");

/** She reads, moves to the pseudonym field, types in it and points at the start button. */
async function youthShowsIntent(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // The page watches for intent once it has loaded the chat code while she reads.
  await page.waitForLoadState("networkidle", { timeout: 30_000 });
  const prepared = page.waitForResponse((response) => asksForToken(response.request()), {
    timeout: 30_000,
  });
  await page.getByTestId("pseudonym").click();
  await page.getByTestId("pseudonym").fill("Lou");
  await page.getByTestId("start-button").hover();
  // The token is hers: only the press, which makes the account with it, remains.
  expect((await prepared).status()).toBe(201);
}

describe("registration prepared on the youth's intent", () => {
  const parties = withStackBrowserAndCounsellor({ counsellorOnDuty: true });

  it("should create no account for a youth who shows intent and never presses start", async () => {
    const { stack, browser } = parties;
    const before = await accounts(stack);
    const context = await browser.newContext();
    const page = await context.newPage();
    const accountRequests: Request[] = [];
    page.on("request", (request) => {
      if (makesAccount(request)) accountRequests.push(request);
    });
    await youthShowsIntent(page, stack.webUrl);
    // She reads on, then goes away.
    await page.waitForTimeout(1_000);
    await context.close();
    expect(accountRequests).toEqual([]);
    expect(await accounts(stack)).toEqual(before);
    // Her token was never used: it expires, and the bot's sweep deletes it
    // (bot/src/conversations/token-sweep.ts).
    expect(await tokenUses(stack)).toContainEqual({ pending: 0, completed: 0 });
  });

  it("should start the chat at the press, which only makes the account with the token readied", async () => {
    const { stack, browser } = parties;
    const before = await accounts(stack);
    const context = await browser.newContext();
    const page = await context.newPage();
    await youthShowsIntent(page, stack.webUrl);
    const afterPress: Request[] = [];
    page.on("request", (request) => {
      if (makesAccount(request) || asksForToken(request)) afterPress.push(request);
    });
    await page.getByTestId("start-button").click();
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    // One request made her account, with the token readied on intent, and no password.
    expect(afterPress.map((r) => new URL(r.url()).pathname)).toEqual([
      "/_synapse/client/org.helplinechat/youth_account",
    ]);
    expect(afterPress[0]?.postDataJSON()).toEqual({
      token: expect.any(String),
      initial_device_display_name: "Web",
    });
    const added = (await accounts(stack)).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    await context.close();
  });
});
