import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import { nl } from "../i18n/nl.ts";
import { nlFormal } from "../i18n/nl-formal.ts";
import type { Messages } from "../i18n/types.ts";
import { MessagesContext } from "./MessagesContext.ts";
import { StartingScreen } from "./StartingScreen.tsx";

function page(messages: Messages, slow: boolean): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <StartingScreen slow={slow} />
    </MessagesContext>,
  );
}

describe("StartingScreen", () => {
  it("should say it takes a few seconds, then, once it takes longer, that it is busy and to keep the page open, in place of it", () => {
    expect(page(fr, false)).toContain("Ça ne prend que quelques secondes.");
    const slow = page(fr, true);
    expect(slow).toContain("Garde cette page ouverte.");
    expect(slow).not.toContain("quelques secondes");
    // Announced to screen readers, as the text it replaces.
    expect(slow).toMatch(/<p role="status">Il y a beaucoup de monde/);
  });

  it("should address adults formally and speak Dutch and English", () => {
    expect(page(frFormal, true)).toContain("Gardez cette page ouverte.");
    expect(page(nl, true)).toContain("Laat deze pagina open.");
    expect(page(nlFormal, true)).toContain("Laat u deze pagina open.");
    expect(page(en, true)).toContain("Keep this page open.");
  });
});
