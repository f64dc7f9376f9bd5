import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fr } from "../i18n/fr.ts";
import { nl } from "../i18n/nl.ts";
import type { Messages } from "../i18n/types.ts";
import { MessagesContext } from "./MessagesContext.ts";
import { WaitingTexts } from "./WaitingTexts.tsx";

const texts = [
  {
    id: "secrecy",
    title: { fr: "Le secret, et sa seule exception", nl: "Het beroepsgeheim" },
    body: { fr: "Si ta vie est en danger grave, elle peut appeler les secours." },
  },
];

function page(messages: Messages, given = texts): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <WaitingTexts texts={given} defaultLanguage="fr" />
    </MessagesContext>,
  ).replaceAll("&#x27;", "'");
}

describe("the texts to read while waiting", () => {
  it("should show each folded under its title, closed at first", () => {
    const html = page(fr);
    expect(html).toContain("À lire pendant que tu attends");
    expect(html).toContain(
      '<details data-testid="waiting-text-secrecy"><summary>Le secret, et sa seule exception</summary><p>Si ta vie est en danger grave, elle peut appeler les secours.</p></details>',
    );
    // Out of any live region: opening one must announce nothing.
    expect(html).not.toContain("aria-live");
  });

  it("should fall back to the helpline's language, and say which it is", () => {
    const html = page(nl);
    expect(html).toContain("<summary>Het beroepsgeheim</summary>");
    expect(html).toContain('<p lang="fr">Si ta vie');
  });

  it("should show nothing when the helpline has no texts", () => {
    expect(page(fr, [])).toBe("");
  });
});
