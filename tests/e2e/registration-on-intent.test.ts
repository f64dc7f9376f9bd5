import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { withStackBrowserAndCounsellor } from "../support/e2e.ts";
import type { TestStack } from "../support/test-stack.ts";

// Issue 19: the page prepares the youth's registration on her intent (every user-interactive
// auth stage but the last), and only the press creates the account. A youth who shows intent and
// leaves must leave no account behind.

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

const isRegister = (request: Request) =>
  request.method() === "POST" && new URL(request.url()).pathname.endsWith("/client/v3/register");

const authTypeOf = (request: Request): string | undefined =>
  (request.postDataJSON() as { auth?: { type?: string } } | null)?.auth?.type;

/** She reads, moves to the pseudonym field, types in it and points at the start button. */
async function youthShowsIntent(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // The page watches for intent once it has loaded the chat code while she reads.
  await page.waitForLoadState("networkidle", { timeout: 30_000 });
  const prepared = page.waitForResponse(
    (response) =>
      isRegister(response.request()) &&
      authTypeOf(response.request()) === "m.login.registration_token",
    { timeout: 30_000 },
  );
  await page.getByTestId("pseudonym").click();
  await page.getByTestId("pseudonym").fill("Lou");
  await page.getByTestId("start-button").hover();
  // The token stage done: only the last stage, the one that creates the account, remains.
  expect((await prepared).status()).toBe(401);
}

describe("registration prepared on the youth's intent", () => {
  const parties = withStackBrowserAndCounsellor({ counsellorOnDuty: true });

  it("should create no account for a youth who shows intent and never presses start", async () => {
    const { stack, browser } = parties;
    const before = await accounts(stack);
    const context = await browser.newContext();
    const page = await context.newPage();
    const registerRequests: Request[] = [];
    page.on("request", (request) => {
      if (isRegister(request)) registerRequests.push(request);
    });
    await youthShowsIntent(page, stack.webUrl);
    // The password went with the opening request only; the dummy stage was never sent.
    expect(registerRequests.map(authTypeOf)).toEqual([undefined, "m.login.registration_token"]);
    expect(registerRequests.map((r) => typeof r.postDataJSON()?.password)).toEqual([
      "string",
      "undefined",
    ]);
    // She reads on, then goes away.
    await page.waitForTimeout(1_000);
    await context.close();
    expect(await accounts(stack)).toEqual(before);
    // Synapse holds the token as pending for the abandoned session (until it expires the
    // session, 48 hours after it began), and counts no completed registration with it.
    expect(await tokenUses(stack)).toContainEqual({ pending: 1, completed: 0 });
  });

  it("should start the chat at the press, which only finishes the prepared registration", async () => {
    const { stack, browser } = parties;
    const before = await accounts(stack);
    const context = await browser.newContext();
    const page = await context.newPage();
    await youthShowsIntent(page, stack.webUrl);
    const afterPress: Request[] = [];
    page.on("request", (request) => {
      if (isRegister(request)) afterPress.push(request);
    });
    await page.getByTestId("start-button").click();
    await expect
      .poll(() => page.getByTestId("composer").isEnabled(), { timeout: 60_000 })
      .toBe(true);
    expect(afterPress.map(authTypeOf)).toEqual(["m.login.dummy"]);
    expect(afterPress[0]?.postDataJSON()).toEqual({
      auth: { type: "m.login.dummy", session: expect.any(String) },
    });
    const added = (await accounts(stack)).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    await context.close();
  });
});
