import type { Helpline } from "@helpline/contract";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { testHelpline } from "../helpline/testing.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import { nl } from "../i18n/nl.ts";
import type { Messages } from "../i18n/types.ts";
import { MessagesContext } from "./MessagesContext.ts";
import { ServiceEndedScreen } from "./ServiceEndedScreen.tsx";

const ENDED = {
  on: "2021-07-01",
  successors: [
    {
      name: { fr: "SOS Viol" },
      url: "/sos-viol/",
      description: { fr: "pour les adultes et leurs proches", nl: "voor volwassenen" },
    },
    { name: { fr: "Maintenant j’en parle" }, url: "/maintenant-jen-parle/" },
  ],
} as const;

const PILOT: Helpline = testHelpline({
  audience: "adults",
  name: { fr: "Ch@t violences sexuelles" },
  defaultLanguage: "fr",
  resources: [{ label: { fr: "Violences sexuelles" }, url: "https://www.violencessexuelles.be/" }],
  ended: ENDED,
});

function page(messages: Messages): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <ServiceEndedScreen
        snapshot={{ screen: "serviceEnded", info: { helpline: PILOT, status: null }, ended: ENDED }}
      />
    </MessagesContext>,
  );
}

describe("the page of a service that has ended", () => {
  it("should say since when, in the page's language, and link to each successor and resource", () => {
    const html = page(frFormal).replaceAll("&#x27;", "'");
    expect(html).toContain("Ce service a pris fin le 1 juillet 2021.");
    expect(html).toContain('<a href="/sos-viol/">SOS Viol</a>');
    expect(html).toContain("pour les adultes et leurs proches");
    expect(html).toContain('<a href="/maintenant-jen-parle/">Maintenant j’en parle</a>');
    expect(html).toContain('href="https://www.violencessexuelles.be/"');
    expect(html).toContain("Vous pouvez écrire ici");
  });

  it("should have no start button and no queue", () => {
    const html = page(frFormal);
    expect(html).not.toContain("start-button");
    expect(html).not.toContain("<form");
    expect(html).not.toContain("pseudonym");
  });

  it("should mark a name shown in another language than the page's", () => {
    const html = page(nl);
    expect(html).toContain("Deze dienst is gestopt op 1 juli 2021.");
    expect(html).toContain('<a href="/sos-viol/" lang="fr">SOS Viol</a>');
    expect(html).toContain("voor volwassenen");
  });
});
