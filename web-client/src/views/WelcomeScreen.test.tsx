import type { Helpline, WritingAbout } from "@helpline/contract";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fr } from "../i18n/fr.ts";
import { frFormal } from "../i18n/fr-formal.ts";
import { loadMessages } from "../i18n/index.ts";
import { LanguageStore } from "../i18n/LanguageStore.ts";
import type { Messages } from "../i18n/types.ts";
import { nlFormal } from "../i18n/nl-formal.ts";
import { Localized } from "./LanguageSwitch.tsx";
import { MessagesContext } from "./MessagesContext.ts";
import { WelcomeScreen } from "./WelcomeScreen.tsx";
import { testHelpline } from "../helpline/testing.ts";

const MINORS: Helpline = testHelpline();
const SOS_VIOL: Helpline = { ...MINORS, audience: "adults", asksWhoIsWriting: true };

function welcome(helpline: Helpline, messages: Messages, writingAbout: WritingAbout | null = null) {
  return renderToStaticMarkup(
    <MessagesContext value={messages}>
      <WelcomeScreen
        info={{ helpline, status: null }}
        writingAbout={writingAbout}
        onWritingAbout={() => undefined}
        onStart={() => undefined}
      />
    </MessagesContext>,
  );
}

/** The opening tag of one answer's toggle button, as a screen reader meets it. */
function toggle(html: string, answer: WritingAbout): string {
  return (
    new RegExp(`<button[^>]*data-testid="writing-about-${answer}"[^>]*>`).exec(html)?.[0] ?? ""
  );
}

const unescape = (html: string) => html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"');

describe("the welcome screen", () => {
  it("should speak to adults with 'vous' and to minors with 'tu'", () => {
    const adults = unescape(welcome(SOS_VIOL, frFormal));
    expect(adults).toContain("Vous pouvez en parler ici");
    expect(adults).toContain(frFormal.welcome.anonymous);
    expect(adults).not.toContain("Tu peux");
    const minors = unescape(welcome(MINORS, fr));
    expect(minors).toContain("Tu peux en parler ici");
    expect(minors).not.toContain("Vous pouvez");
  });

  it("should offer adults' services' optional question as a group of two toggle buttons", () => {
    const html = unescape(welcome(SOS_VIOL, frFormal));
    expect(html).toMatch(/<fieldset[^>]*aria-describedby="writing-about-hint"/);
    expect(html).toContain(`<legend>${frFormal.welcome.writingAbout.legend}</legend>`);
    expect(html).toContain("J’écris pour moi");
    expect(html).toContain("J’écris au sujet d’un·e proche");
    expect(toggle(html, "self")).toContain('aria-pressed="false"');
    expect(toggle(html, "close-one")).toContain('aria-pressed="false"');
    expect(toggle(html, "self")).toContain('type="button"'); // never submits the form
    const chosen = welcome(SOS_VIOL, frFormal, "close-one");
    expect(toggle(chosen, "close-one")).toContain('aria-pressed="true"');
    expect(toggle(chosen, "self")).toContain('aria-pressed="false"');
    expect(unescape(welcome(SOS_VIOL, nlFormal))).toContain("Voor wie schrijft u?");
  });

  it("should not ask where the service does not", () => {
    const html = welcome(MINORS, fr);
    expect(html).not.toContain("<fieldset");
    expect(html).not.toContain("writing-about");
  });
});

describe("the page's texts", () => {
  it("should show nothing until the helpline says whom it speaks to, then its register", async () => {
    const store = new LanguageStore(loadMessages);
    const page = () =>
      renderToStaticMarkup(
        <Localized store={store}>
          <p>screen</p>
        </Localized>,
      );
    expect(page()).toBe("");
    await store.applyHelpline(SOS_VIOL, []);
    expect(store.getSnapshot()?.register).toBe("formal");
    expect(page()).toContain("screen");
    expect(page()).toContain('aria-label="Langue"');
  });
});
