import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { testHelpline } from "../helpline/testing.ts";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import type { Messages } from "../i18n/types.ts";
import type { FeedbackForm } from "../viewmodels/ChatViewModel.ts";
import { EndedScreen } from "./EndedScreen.tsx";
import { MessagesContext } from "./MessagesContext.ts";

const open: FeedbackForm = { answers: {}, step: "open" };

function page(messages: Messages, feedback: FeedbackForm | null): string {
  const nothing = () => undefined;
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <EndedScreen
        snapshot={{
          screen: "ended",
          reason: "counsellor_ended",
          info: { helpline: testHelpline(), status: null },
          nextOpensAt: null,
          feedback,
        }}
        onErase={nothing}
        feedback={{ answerFeedback: nothing, sendFeedback: nothing }}
      />
    </MessagesContext>,
  ).replaceAll("&#x27;", "'");
}

describe("the end screen's feedback", () => {
  it("should ask the two closed questions in the youth's register, with buttons only", () => {
    const html = page(fr, open);
    expect(html).toContain("Cette conversation t’a-t-elle aidé·e ?");
    expect(html).toContain("Est-ce que tu réécrirais au tchat ?");
    for (const id of ["helped-yes", "helped-a-little", "helped-no", "write-again-maybe"]) {
      expect(html).toContain(`data-testid="feedback-${id}"`);
    }
    // Never free text.
    expect(html).not.toMatch(/<textarea|<input/);
    // Nothing chosen yet: nothing to send.
    expect(html).toMatch(/<button type="button" data-testid="feedback-send" disabled="">/);
    expect(page(frFormal, open)).toContain("Cette conversation vous a-t-elle aidé·e ?");
    expect(page(en, open)).toContain("Would you write to the chat again?");
  });

  it("should mark the answers chosen and let them be sent", () => {
    const html = page(fr, { answers: { helped: "a-little" }, step: "open" });
    expect(html).toMatch(
      /aria-pressed="true"[^>]*data-testid="feedback-helped-a-little"|data-testid="feedback-helped-a-little"[^>]*aria-pressed="true"/,
    );
    expect(html).not.toMatch(/data-testid="feedback-send" disabled/);
  });

  it("should keep « Tout effacer » usable while sending, and thank her once sent", () => {
    const sending = page(fr, {
      answers: { helped: "yes", wouldWriteAgain: "yes" },
      step: "sending",
    });
    expect(sending).toMatch(/data-testid="erase-button"(?![^>]*disabled)/);
    expect(sending).toContain("Envoi…");
    const sent = page(fr, { answers: { helped: "yes", wouldWriteAgain: "yes" }, step: "sent" });
    expect(sent).toContain("Merci pour tes réponses.");
    expect(sent).not.toContain("feedback-send");
    expect(sent).toContain('data-testid="erase-button"');
  });

  it("should not be there when it cannot be sent", () => {
    const html = page(fr, null);
    expect(html).not.toContain('data-testid="feedback"');
    expect(html).toContain('data-testid="erase-button"');
  });
});
