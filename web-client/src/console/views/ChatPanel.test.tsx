import type { WritingAbout } from "@helpline/contract";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConsoleMessagesContext } from "../i18n/index.ts";
import { en } from "../i18n/en.ts";
import { fr } from "../i18n/fr.ts";
import { nl } from "../i18n/nl.ts";
import type { YouthGone } from "../types.ts";
import { FakeApi, FakeMatrix, desk } from "../fake/fakes.ts";
import { ChatPanelViewModel, type ChatPanel } from "../viewmodels/ChatPanelViewModel.ts";
import { DeskFeed } from "../viewmodels/DeskFeed.ts";
import { NoticeBoard } from "../viewmodels/NoticeBoard.ts";
import { ChatPanelView } from "./ChatPanel.tsx";

const matrix = new FakeMatrix();
const api = new FakeApi();
const vm = new ChatPanelViewModel({
  matrix,
  api,
  feed: new DeskFeed({ api, matrix, schedule: () => () => undefined }, desk()),
  notices: new NoticeBoard(),
  now: () => 0,
  lang: "fr",
  defaultLanguage: Promise.resolve(null),
});

const chat = (
  youthGone: YouthGone | null,
  writingAbout: WritingAbout | null = null,
): ChatPanel => ({
  reference: 4821,
  roomId: "!r:hs",
  name: "Jeune 4821",
  messages: [],
  draft: "",
  youthTyping: false,
  canSend: true,
  youthGone,
  confirming: null,
  choosingColleague: false,
  colleagues: [],
  handoverTo: null,
  requeued: false,
  writingAbout,
  historyMayNotFollow: false,
  busy: false,
  failed: false,
  cannedReplies: [],
});

function render(youthGone: YouthGone | null, messages = fr): string {
  return renderToStaticMarkup(
    <ConsoleMessagesContext.Provider value={messages}>
      <ChatPanelView chat={chat(youthGone)} vm={vm} />
    </ConsoleMessagesContext.Provider>,
  );
}

/** The banner as the end-to-end tests find it: its opening tag and its text, unescaped. */
function banner(html: string): { tag: string; text: string } | null {
  const match = /(<p role="alert"[^>]*data-testid="youth-page-gone"[^>]*>)([^<]*)<\/p>/.exec(html);
  if (match === null) return null;
  const text = (match[2] ?? "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"');
  return { tag: match[1] ?? "", text: text.replaceAll("&amp;", "&") };
}

describe("the console's banner when the youth's page is gone", () => {
  it("should show nothing while the youth's page is there", () => {
    expect(render(null)).not.toContain("youth-page-gone");
  });

  it("should say in plain words how the page went, and whether she can come back", () => {
    const cases: [YouthGone, string][] = [
      [{ how: "quick_exit", kept: false }, fr.chat.youthGone.quickExit],
      [{ how: "quick_exit", kept: true }, fr.chat.youthGone.quickExitKept],
      [{ how: "closed", kept: false }, fr.chat.youthGone.closed],
      [{ how: "closed", kept: true }, fr.chat.youthGone.closedKept],
      [{ how: "silent", kept: false }, fr.chat.youthGone.silent],
      [{ how: "silent", kept: true }, fr.chat.youthGone.silentKept],
    ];
    for (const [gone, text] of cases) {
      const shown = banner(render(gone));
      expect(shown?.tag).toContain(`data-how="${gone.how}"`);
      expect(shown?.tag).toContain(`data-kept="${String(gone.kept)}"`);
      expect(shown?.text).toBe(text);
    }
    expect(banner(render({ how: "quick_exit", kept: false }))?.text).toContain("sortie rapide");
    expect(banner(render({ how: "closed", kept: false }))?.text).toContain("a fermé la page");
  });

  it("should have a distinct sentence for each case in every language", () => {
    for (const messages of [fr, nl, en]) {
      const texts = Object.values(messages.chat.youthGone);
      expect(new Set(texts).size).toBe(6);
      expect(banner(render({ how: "silent", kept: true }, messages))?.text).toBe(
        messages.chat.youthGone.silentKept,
      );
    }
  });
});

describe("the console's chat header", () => {
  const header = (writingAbout: WritingAbout | null, messages = fr): string =>
    renderToStaticMarkup(
      <ConsoleMessagesContext.Provider value={messages}>
        <ChatPanelView chat={chat(null, writingAbout)} vm={vm} />
      </ConsoleMessagesContext.Provider>,
    );

  it("should say whom the youth writes about, in the counsellor's language, when they said", () => {
    expect(header("close-one")).toContain("écrit au sujet d’un·e proche");
    expect(header("self")).toContain(fr.desk.writingAbout.self);
    expect(header("close-one", nl)).toContain(nl.desk.writingAbout["close-one"]);
    expect(header(null)).not.toContain("chat-writing-about");
  });
});
