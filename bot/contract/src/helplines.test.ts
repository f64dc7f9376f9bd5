import { describe, expect, it } from "vitest";
import { helplineApiBase, helplineIdFromPath, isWritingAbout } from "./helplines.ts";

describe("helpline addresses", () => {
  it("reads the helpline from the page's first path segment", () => {
    expect(helplineIdFromPath("/sos-viol/")).toBe("sos-viol");
    expect(helplineIdFromPath("/sos-viol")).toBe("sos-viol");
    expect(helplineIdFromPath("/nu-praat-ik-er-over/console")).toBe("nu-praat-ik-er-over");
  });

  it("leaves the default helpline's and the server's own paths to the default", () => {
    for (const path of ["/", "", "/console", "/api/status", "/assets/x.js", "/_matrix/client"]) {
      expect(helplineIdFromPath(path)).toBeNull();
    }
  });

  it("refuses what could not be a helpline's id", () => {
    for (const path of ["/SOS/", "/-x/", "/a b/", "/%2e%2e/", "/../"]) {
      expect(helplineIdFromPath(path)).toBeNull();
    }
  });

  it("prefixes the API with the helpline, or not for the default", () => {
    expect(helplineApiBase(null)).toBe("/api");
    expect(helplineApiBase("sos-viol")).toBe("/api/h/sos-viol");
  });

  it("knows the answers to the 'who do you write about' question", () => {
    expect(isWritingAbout("self")).toBe(true);
    expect(isWritingAbout("close-one")).toBe(true);
    expect(isWritingAbout("victim")).toBe(false);
    expect(isWritingAbout(undefined)).toBe(false);
  });
});
