import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fr } from "../i18n/fr.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import type { Messages } from "../i18n/types.ts";
import { FakeSafetyFormRoom } from "../session/fake/FakeSafetyFormRoom.ts";
import { YouthSafetyForm } from "../session/matrix/safetyForm.ts";
import { SafetyFormViewModel } from "../viewmodels/SafetyFormViewModel.ts";
import { MessagesContext } from "./MessagesContext.ts";
import { SafetyFormCard } from "./SafetyFormCard.tsx";

function asked(): SafetyFormViewModel {
  const room = new FakeSafetyFormRoom();
  const port = new YouthSafetyForm();
  port.connect(room);
  const vm = new SafetyFormViewModel();
  vm.attach(port);
  room.requestFrom("@alice:localhost", "request-alice1");
  return vm;
}

function card(messages: Messages, vm: SafetyFormViewModel): string {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <SafetyFormCard vm={vm} />
    </MessagesContext>,
  );
}

describe("the youth's safety form card", () => {
  it("should ask first, in the youth's register, with no field before she agrees", () => {
    const vm = asked();
    const minor = card(fr, vm);
    expect(minor).toContain("Seule ton intervenante pourra lire tes réponses.");
    expect(minor).toContain("Tu peux dire non : rien ne change");
    expect(minor).toContain('data-testid="safety-form-no"');
    expect(minor).not.toContain("<input");
    expect(minor).not.toContain("<textarea");
    expect(card(frFormal, vm)).toContain("Seule votre intervenante pourra lire vos réponses.");
    vm.consent();
    const form = card(fr, vm);
    expect(form).toContain('data-testid="safety-form-place"');
    expect(form).toContain('type="tel"');
  });

  it("should show nothing when no counsellor asked", () => {
    expect(card(fr, new SafetyFormViewModel())).toBe("");
  });
});
