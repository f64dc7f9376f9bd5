import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { testHelpline } from "../helpline/testing.ts";
import { fr } from "../i18n/fr.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import type { Messages } from "../i18n/types.ts";
import type { UrgentDelivery } from "../session/types.ts";
import { MessagesContext } from "./MessagesContext.ts";
import { UrgentPanel } from "./UrgentPanel.tsx";

const helpline = testHelpline({
  resources: [
    { label: { fr: "Police" }, phone: "101", emergency: true },
    { label: { fr: "Urgences" }, phone: "112", emergency: true },
    { label: { fr: "Une ligne d’écoute" }, phone: "0800 12 345" },
  ],
});

function panel(messages: Messages, urgent: UrgentDelivery | undefined): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <UrgentPanel urgent={urgent} helpline={helpline} onUrgent={() => undefined} />
    </MessagesContext>,
  );
}

describe("I am in danger now, on the waiting screen", () => {
  it("should offer the button in the youth's register, and no numbers before it is pressed", () => {
    const html = panel(fr, undefined);
    expect(html).toContain("Je suis en danger maintenant");
    expect(html).toContain("Appuie si tu es en danger");
    expect(html).not.toContain("tel:");
    expect(panel(frFormal, undefined)).toContain("Appuyez si vous êtes en danger");
  });

  it("should show only the emergency numbers as tel: links as soon as it is pressed", () => {
    const html = panel(fr, "sending");
    expect(html).toContain('href="tel:101"');
    expect(html).toContain('href="tel:112"');
    expect(html).not.toContain("0800");
    expect(html).toContain("Si tu es en danger maintenant, appelle :");
    expect(html).not.toContain('data-testid="urgent-button"');
  });

  it("should keep the numbers when the request failed, say so, and offer to try again", () => {
    const html = panel(fr, "failed");
    expect(html).toContain('href="tel:112"');
    expect(html).toContain("On n’a pas pu prévenir l’équipe");
    expect(html).toContain('data-testid="urgent-retry"');
    expect(panel(fr, "sent")).not.toContain('data-testid="urgent-retry"');
  });
});
