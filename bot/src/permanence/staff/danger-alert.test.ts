import { describe, expect, it } from "vitest";
import { parseStaffMessage } from "./commands.ts";
import { dangerAlert } from "./danger-alert.ts";
import { dangerRefusedReply } from "./replies.ts";

const names = (userId: string) =>
  ({ "@alice:x": "Alice", "@sue:x": "Sue <la sup>", "@bea:x": "Béa" })[userId] ?? userId;

describe("the staff room's danger alert", () => {
  it("should mention the supervisors on duty by pill and m.mentions, with nothing of the content", () => {
    const alert = dangerAlert({
      reference: 4821,
      by: "@alice:x",
      supervisorsOnDuty: ["@sue:x"],
      teamOnDuty: ["@bea:x", "@sue:x"],
      names,
    });
    expect(alert.mentions).toEqual(["@sue:x"]);
    expect(alert.body).toBe(
      "DANGER DE MORT signalé dans la conversation Jeune 4821 par Alice.\n" +
        "Superviseuses en service : Sue <la sup>.\n" +
        "Ouvrez la console : la conversation est en tête de la vue Supervision, avec la conduite " +
        "à tenir de la permanence. Rien de la conversation n'est écrit ici.",
    );
    expect(alert.html).toContain(
      '<a href="https://matrix.to/#/%40sue%3Ax">Sue &#60;la sup&#62;</a>',
    );
    expect(alert.html).not.toContain("<la sup>");
  });

  it("should say plainly when no supervisor is on duty, and mention the whole team on duty", () => {
    const alert = dangerAlert({
      reference: 4821,
      by: "@alice:x",
      supervisorsOnDuty: [],
      teamOnDuty: ["@bea:x"],
      names,
    });
    expect(alert.body).toContain("Aucune superviseuse n'est en service. Équipe en service : Béa.");
    expect(alert.mentions).toEqual(["@bea:x"]);
    const alone = dangerAlert({
      ...{ reference: 1, by: "@alice:x", names },
      supervisorsOnDuty: [],
      teamOnDuty: [],
    });
    expect(alone.body).toContain("Aucune superviseuse ni aucune collègue n'est en service.");
    expect(alone.mentions).toEqual([]);
  });
});

describe("!danger", () => {
  it("should read a reference, and ask for one when it is missing", () => {
    expect(parseStaffMessage("!danger 4821")).toEqual({
      kind: "command",
      command: { kind: "mark_danger", reference: 4821 },
    });
    expect(parseStaffMessage("!Danger J-4821")).toEqual({
      kind: "command",
      command: { kind: "mark_danger", reference: 4821 },
    });
    const missing = parseStaffMessage("!danger");
    expect(missing.kind).toBe("invalid");
    expect(missing.kind === "invalid" && missing.reply).toContain("par exemple : !danger 4821");
  });

  it("should say why a mark is refused, and that nothing changed", () => {
    expect(dangerRefusedReply("not_found", 4821)).toContain(
      "Aucune conversation « Jeune 4821 » en cours.",
    );
    expect(dangerRefusedReply("not_in_charge", 4821)).toContain("Rien n'a été modifié.");
    expect(dangerRefusedReply("already_marked", 4821)).toContain("déjà signalée");
  });
});
