import { describe, expect, it } from "vitest";
import { helpText, parseStaffMessage, type StaffCommand } from "./commands.ts";

function command(body: string): StaffCommand {
  const parsed = parseStaffMessage(body);
  if (parsed.kind !== "command")
    throw new Error(`expected a command for ${body}, got ${parsed.kind}`);
  return parsed.command;
}

function reply(body: string): string {
  const parsed = parseStaffMessage(body);
  if (parsed.kind !== "invalid") throw new Error(`expected an invalid message for ${body}`);
  return parsed.reply;
}

describe("parseStaffMessage", () => {
  it.each([
    "!dispo",
    "!disponible",
    "!service",
    "!en service",
    "!Dispo",
    " !DISPO ",
    "! dispo",
    "!dispo.",
  ])("should put the counsellor on duty with %j", (body) => {
    expect(command(body)).toEqual({ kind: "availability", availability: "on_duty" });
  });

  it.each(["!pause", "!Pause", "!PAUSE "])("should pause with %j", (body) => {
    expect(command(body)).toEqual({ kind: "availability", availability: "paused" });
  });

  it.each(["!fin", "!absente", "!absent", "!fin de service", "!Fin  de   Service", "!Absente"])(
    "should put the counsellor off duty with %j",
    (body) => {
      expect(command(body)).toEqual({ kind: "availability", availability: "off_duty" });
    },
  );

  it.each(["!statut", "!etat", "!état", "!ÉTAT", "!Statut"])(
    "should ask for the status with %j",
    (body) => {
      expect(command(body)).toEqual({ kind: "status" });
    },
  );

  it.each(["!aide", "!help", "!?", "!Aide"])("should ask for help with %j", (body) => {
    expect(command(body)).toEqual({ kind: "help" });
  });

  it.each([
    "!terminer 4821",
    "!terminer J-4821",
    "!terminer j4821",
    "!terminer jeune 4821",
    "!Terminer Jeune 4821",
    "!terminer #4821",
    "  !terminer   4821  ",
  ])("should end conversation 4821 with %j", (body) => {
    expect(command(body)).toEqual({ kind: "end_conversation", reference: 4821 });
  });

  it.each(["bonsoir à toutes", "je prends un café", "", "   ", "dispo", "merci !"])(
    "should leave %j alone: colleagues may talk",
    (body) => {
      expect(parseStaffMessage(body)).toEqual({ kind: "not_a_command" });
    },
  );

  it("should answer an unknown command with the help text, echoing only the command word", () => {
    const text = reply("!dispoo maintenant");
    expect(text).toContain("Je ne connais pas la commande « !dispoo ».");
    expect(text).toContain(helpText());
    expect(text).not.toContain("maintenant");
    expect(reply("!abcdefghijklmnopqrstuvwxyz")).toContain("« !abcdefghijklmnopqrst… »");
  });

  it("should answer a bare exclamation mark with the help text", () => {
    expect(reply("!")).toContain("Il manque la commande");
    expect(reply("!")).toContain(helpText());
  });

  it("should refuse an argument after a command that takes none", () => {
    const text = reply("!pause 10 minutes");
    expect(text).toContain("La commande !pause s'utilise seule");
    expect(text).toContain(helpText());
  });

  it.each(["!terminer", "!terminer quatre", "!terminer 48 21", "!terminer J-", "!terminer -5"])(
    "should ask for a number with %j",
    (body) => {
      const text = reply(body);
      expect(text).toContain("indique son numéro, par exemple : !terminer 4821");
      expect(text).toContain(helpText());
    },
  );
});

describe("the bar command", () => {
  it.each(["!bloquer 4821", "!Bloquer J-4821", "  !bloquer   jeune 4821 "])(
    "should read %j as ending and barring Jeune 4821",
    (body) => {
      expect(parseStaffMessage(body)).toEqual({
        kind: "command",
        command: { kind: "bar_conversation", reference: 4821 },
      });
    },
  );

  it.each(["!bloquer", "!bloquer tout le monde", "!bloquer 48 21", "!bloquer @youth:localhost"])(
    "should ask for a number with %j, and change nothing",
    (body) => {
      const parsed = parseStaffMessage(body);
      expect(parsed.kind).toBe("invalid");
      const text = parsed.kind === "invalid" ? parsed.reply : "";
      expect(text).toContain("par exemple : !bloquer 4821");
      expect(text).toContain(helpText());
    },
  );

  it("should not take a prototype property for a command", () => {
    expect(parseStaffMessage("!constructor 4821").kind).toBe("invalid");
    expect(parseStaffMessage("!constructor").kind).toBe("invalid");
    expect(parseStaffMessage("!toString").kind).toBe("invalid");
    expect(parseStaffMessage("!__proto__ 4821").kind).toBe("invalid");
  });
});

describe("the handover command", () => {
  it.each([
    ["!passer 4821 camille", "camille"],
    ["!Passer J-4821 Camille", "camille"],
    ["  !passer   jeune 4821   à   Camille. ", "camille"],
    ["!passer #4821 Chloé Dupont", "chloe dupont"],
    ["!passer 4821 @camille:localhost", "@camille:localhost"],
  ])("should read %j as a handover of Jeune 4821 to %j", (body, colleague) => {
    expect(command(body)).toEqual({ kind: "hand_over", reference: 4821, colleague });
  });

  it.each([
    "!passer",
    "!passer 4821",
    "!passer camille",
    "!passer camille 4821",
    "!passer quatre camille",
  ])("should ask again for the number and the colleague with %j", (body) => {
    expect(reply(body)).toContain("!passer 4821 camille");
    expect(reply(body).endsWith(helpText())).toBe(true);
  });
});

describe("the command to hand over to the next free colleague", () => {
  it.each(["!relais 4821", "!Relais J-4821", "!relais jeune 4821"])("should read %j", (body) => {
    expect(command(body)).toEqual({ kind: "hand_over_to_next", reference: 4821 });
  });

  it.each(["!relais", "!relais camille"])("should ask again for the number with %j", (body) => {
    expect(reply(body)).toContain("!relais 4821");
  });
});

describe("helpText", () => {
  it("should list every command in French", () => {
    for (const name of [
      "!dispo",
      "!pause",
      "!fin",
      "!statut",
      "!terminer 4821",
      "!bloquer 4821",
      "!passer 4821 camille",
      "!relais 4821",
      "!aide",
    ]) {
      expect(helpText()).toContain(name);
    }
  });
});
