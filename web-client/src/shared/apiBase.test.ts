import { describe, expect, it } from "vitest";
import { apiBaseOfPage } from "./apiBase.ts";

describe("apiBaseOfPage", () => {
  it("sends the default helpline's pages to /api", () => {
    expect(apiBaseOfPage("/")).toBe("/api");
    expect(apiBaseOfPage("/console")).toBe("/api");
    expect(apiBaseOfPage("/console.html")).toBe("/api");
  });

  it("sends a helpline's own pages to its prefix", () => {
    expect(apiBaseOfPage("/sos-viol/")).toBe("/api/h/sos-viol");
    expect(apiBaseOfPage("/sos-viol")).toBe("/api/h/sos-viol");
    expect(apiBaseOfPage("/sos-viol/console")).toBe("/api/h/sos-viol");
    expect(apiBaseOfPage("/chat-violences-sexuelles/console.html")).toBe(
      "/api/h/chat-violences-sexuelles",
    );
  });

  it("never reads a reserved segment or a malformed one as a helpline", () => {
    expect(apiBaseOfPage("/assets/index.js")).toBe("/api");
    expect(apiBaseOfPage("/api/h/x")).toBe("/api");
    expect(apiBaseOfPage("/Sos_Viol/")).toBe("/api");
  });
});
