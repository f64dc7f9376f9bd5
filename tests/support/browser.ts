import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core: no browser download is possible or wanted.
 * `extraArgs` adds switches, e.g. the deploy test's certificate pin.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      // Without these, Chromium tries to reach Google's servers, which this machine refuses.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
