import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConsoleMessagesContext } from "../i18n/index.ts";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { nl } from "../i18n/nl.ts";
import { FakeApi, FakeMatrix, conversation, desk } from "../fake/fakes.ts";
import { DangerViewModel } from "../viewmodels/DangerViewModel.ts";
import { DeskFeed } from "../viewmodels/DeskFeed.ts";
import { DangerControl } from "./Danger.tsx";

const crisis = {
  guidance: { fr: "Appelez le 112.\n\nArticle 458bis.", nl: "Bel 112.", en: "Call 112." },
  contacts: [{ label: { fr: "Police", nl: "Politie", en: "Police" }, phone: "101" }],
};

function vmWith(marked: boolean) {
  const api = new FakeApi();
  const first = desk({
    conversations: [conversation({ reference: 4821, ...(marked ? { dangerAt: 0 } : {}) })],
    crisis,
  });
  return new DangerViewModel({
    api,
    feed: new DeskFeed({ api, matrix: new FakeMatrix(), schedule: () => () => undefined }, first),
    notifier: { chime: () => undefined, dangerMarked: () => undefined },
    now: () => 3 * 60_000,
    lang: "fr",
    defaultLanguage: Promise.resolve(null),
  });
}

const render = (marked: boolean, messages = fr) =>
  renderToStaticMarkup(
    <ConsoleMessagesContext.Provider value={messages}>
      <DangerControl reference={4821} vm={vmWith(marked)} />
    </ConsoleMessagesContext.Provider>,
  );

describe("the Danger de mort control", () => {
  it("should offer the button, in each language, before the mark", () => {
    for (const messages of [fr, nl, en]) {
      const html = render(false, messages);
      expect(html).toContain('data-testid="action-danger"');
      expect(html).toContain(messages.danger.mark);
      expect(html).not.toContain("crisis-guidance");
    }
  });

  it("should show the mark and the guidance, paragraph by paragraph, with a number to call", () => {
    const html = render(true);
    expect(html).not.toContain('data-testid="action-danger"');
    expect(html).toContain(fr.danger.marked(3));
    expect(html).toContain("<p>Appelez le 112.</p><p>Article 458bis.</p>");
    expect(html).toContain('<a href="tel:101">101</a>');
  });

  it("should render nothing without a view model", () => {
    expect(renderToStaticMarkup(<DangerControl reference={1} vm={null} />)).toBe("");
  });
});
