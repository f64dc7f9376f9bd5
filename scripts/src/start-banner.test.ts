import { describe, expect, it } from "vitest";
import { startBanner } from "./start-banner.ts";

describe("npm start's banner", () => {
  const banner = startBanner({
    web: "http://localhost:8080",
    synapsePublicUrl: "http://localhost:8008",
    helplines: [
      {
        id: "maintenant-jen-parle",
        file: "m.yaml",
        ended: false,
        hours: { kind: "closed", nextOpening: "2030-01-07 18:30" },
        counsellors: ["@intervenante:localhost"],
      },
      {
        id: "sos-viol",
        file: "s.yaml",
        ended: false,
        hours: { kind: "open", aroundTheClock: true },
        counsellors: ["@intervenante:localhost"],
      },
      {
        id: "chat-violences-sexuelles",
        file: "c.yaml",
        ended: true,
        hours: { kind: "ended" },
        counsellors: [],
      },
    ],
    passwords: [{ userId: "@intervenante:localhost", file: ".local/stack/p" }],
    staffRoomName: "Permanence",
  });

  it("should print each helpline's page and console, and whether it is open", () => {
    expect(banner).toContain(
      "  maintenant-jen-parle: closed now, next opening 2030-01-07 18:30\n" +
        "    Youth page:   http://localhost:8080/maintenant-jen-parle/\n" +
        "    Console:      http://localhost:8080/maintenant-jen-parle/console\n" +
        "    Counsellors:  @intervenante:localhost",
    );
    expect(banner).toContain("  sos-viol: open around the clock (HELPLINE_OPEN_NOW=1)");
    expect(banner).toContain("To try a closed one anyway: HELPLINE_OPEN_NOW=1 npm start");
    expect(banner).toContain("  @intervenante:localhost: cat .local/stack/p");
  });

  it("should give an ended service its page only, said to be ended", () => {
    expect(banner).toContain(
      "  chat-violences-sexuelles: ended: its page points to the services that took over\n" +
        "    Youth page:   http://localhost:8080/chat-violences-sexuelles/\n\n",
    );
    expect(banner).not.toContain("chat-violences-sexuelles/console");
  });
});
