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

function page(messages: Messages, slow: true | undefined): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <StartingScreen slow={slow} />
    </MessagesContext>,
  );
}

describe("StartingScreen", () => {
  it("should say nothing more than its title at first, then, once it takes longer, that it is busy and to keep the page open", () => {
    const first = page(fr, undefined);
    expect(first).toContain("On prépare ton tchat…");
    // The status is there, empty, so that screen readers announce the text when it comes.
    expect(first).toContain('<p role="status"></p>');
    expect(page(fr, true)).toContain(
      '<p role="status">Beaucoup de monde en ce moment : garde cette page ouverte.</p>',
    );
  });

  it("should address adults formally and speak Dutch and English", () => {
    expect(page(frFormal, true)).toContain("gardez cette page ouverte.");
    expect(page(nl, true)).toContain("Laat deze pagina open.");
    expect(page(nlFormal, true)).toContain("Laat u deze pagina open.");
    expect(page(en, true)).toContain("Keep this page open.");
  });
});
