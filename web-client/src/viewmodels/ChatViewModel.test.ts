import { describe, expect, it } from "vitest";
import {
  HelplineApiError,
  type Helpline,
  type HelplineApi,
  type HelplineStatus,
} from "../helpline/api.ts";
import { FakeChatSession } from "../session/fake/FakeChatSession.ts";
import { ChatViewModel, type ChatSnapshot } from "./ChatViewModel.ts";
import { testHelpline } from "../helpline/testing.ts";

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const OPEN: HelplineStatus = {
  open: true,
  admitting: true,
  closesAt: { instant: "2026-11-23T20:30:00.000Z", local: "2026-11-23T21:30" },
  nextOpensAt: { instant: "2026-11-24T17:00:00.000Z", local: "2026-11-24T18:00" },
  timeZone: "Europe/Brussels",
  waiting: 0,
  estimatedWaitMinutes: null,
};
const CLOSED: HelplineStatus = {
  ...OPEN,
  open: false,
  admitting: false,
  closesAt: null,
  nextOpensAt: { instant: "2026-11-23T17:30:00.000Z", local: "2026-11-23T18:30" },
};
const HELPLINE: Helpline = testHelpline({
  resources: [{ label: { fr: "Police" }, phone: "101", emergency: true }],
});

/** The bot's public endpoints, answering what the test says. */
function fakeHelplineApi(initial: HelplineStatus, helpline: Helpline = HELPLINE) {
  const api = {
    current: initial,
    statusCalls: 0,
    status() {
      api.statusCalls += 1;
      return Promise.resolve(api.current);
    },
    helpline: () => Promise.resolve(helpline),
  };
  return api satisfies HelplineApi & { current: HelplineStatus };
}

function setup(options: { helpline?: HelplineApi } = {}) {
  const sessions: FakeChatSession[] = [];
  const marks: string[] = [];
  const erased: number[] = [];
  const vm = new ChatViewModel({
    createSession: () => {
      const session = new FakeChatSession();
      sessions.push(session);
      return Promise.resolve(session);
    },
    mark: (name) => marks.push(name),
    ...(options.helpline ? { helpline: options.helpline } : {}),
    onErase: () => erased.push(1),
  });
  const session = (): FakeChatSession => {
    const last = sessions.at(-1);
    if (last === undefined) throw new Error("no session was created");
    return last;
  };
  return { vm, sessions, session, marks, erased };
}

async function youthStartsChat(options: { helpline?: HelplineApi } = {}) {
  const env = setup(options);
  env.vm.start();
  await settle();
  env.session().becomesReady();
  await settle();
  return env;
}

function chatting(snapshot: ChatSnapshot) {
  if (snapshot.screen !== "chatting") throw new Error(`expected chatting, got ${snapshot.screen}`);
  return snapshot;
}

function ended(snapshot: ChatSnapshot) {
  if (snapshot.screen !== "ended") throw new Error(`expected ended, got ${snapshot.screen}`);
  return snapshot;
}

function texts(snapshot: ChatSnapshot) {
  return chatting(snapshot).messages.map((m) => [m.text, m.delivery]);
}

describe("ChatViewModel", () => {
  it("should start with the pseudonym chosen, and stop on one that could identify the youth", async () => {
    const { vm, sessions, session } = setup();
    vm.start("lou@mail.be");
    await settle();
    expect(sessions).toHaveLength(0);
    expect(vm.getSnapshot()).toMatchObject({ screen: "welcome", pseudonymProblem: "contact" });
    vm.start("  Lou ");
    await settle();
    expect(session().startedWith).toEqual({ displayName: "Lou" });
  });

  it("should start without a name when the field is left empty", async () => {
    const { vm, session } = setup();
    vm.start("");
    await settle();
    expect(session().startedWith).toEqual({ displayName: null });
  });

  it("should start on the welcome screen without creating a session", () => {
    const { vm, sessions } = setup();
    expect(vm.getSnapshot()).toEqual({
      screen: "welcome",
      info: { helpline: null, status: null },
      writingAbout: null,
    });
    expect(sessions).toHaveLength(0);
  });

  it("should show the starting screen and mark the press when the youth starts", async () => {
    const { vm, marks, sessions } = setup();
    vm.start();
    vm.start(); // a double click must not create two accounts
    await settle();
    expect(vm.getSnapshot()).toEqual({ screen: "starting" });
    expect(marks).toEqual(["helpline:start-pressed"]);
    expect(sessions).toHaveLength(1);
  });

  it("should show the chat with an enabled composer once the session is ready", async () => {
    const { vm } = await youthStartsChat();
    const snapshot = chatting(vm.getSnapshot());
    expect(snapshot.canSend).toBe(true);
    expect(snapshot.messages).toEqual([]);
  });

  it("should show the chat as soon as she may write, while the session still joins, and fail as a start", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    session().conversationExists();
    expect(chatting(vm.getSnapshot())).toMatchObject({ canSend: true });
    vm.setDraft("bonjour");
    vm.send();
    expect(session().sent).toEqual(["bonjour"]);
    // The join fails: what she wrote never left, and she is told as for any failed start.
    session().failsToStart("generic");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ screen: "error" });
  });

  it("should show her place as soon as the session knows it, with a composer that waits for her conversation", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    expect(vm.getSnapshot().screen).toBe("starting");
    const place = { state: "waiting", position: 4, estimatedWaitMinutes: 20 } as const;
    session().placeHeld(place);
    expect(chatting(vm.getSnapshot())).toMatchObject({ status: place, canSend: false });
    vm.setDraft("trop tôt");
    vm.send();
    expect(session().sent).toEqual([]); // nothing leaves before her conversation exists
    session().placeHeld({ ...place, position: 3 });
    expect(chatting(vm.getSnapshot())).toMatchObject({ status: { position: 3 }, canSend: false });
    session().conversationExists();
    expect(chatting(vm.getSnapshot())).toMatchObject({ status: { position: 3 }, canSend: true });
    vm.setDraft("bonjour");
    vm.send();
    expect(session().sent).toEqual(["bonjour"]);
  });

  it("should tell her as for any failed start when it fails while only her place is shown", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    session().placeHeld({ state: "waiting", position: 4, estimatedWaitMinutes: null });
    expect(chatting(vm.getSnapshot()).canSend).toBe(false);
    session().failsToStart("busy");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ screen: "error", reason: "busy" });
    expect(session().stopped).toBe(true);
  });

  it("should send the trimmed draft and clear it", async () => {
    const { vm, session } = await youthStartsChat();
    vm.setDraft("  bonjour\n");
    vm.send();
    expect(session().sent).toEqual(["bonjour"]);
    const snapshot = chatting(vm.getSnapshot());
    expect(snapshot.draft).toBe("");
    expect(snapshot.messages.map((m) => [m.from, m.text, m.delivery])).toEqual([
      ["me", "bonjour", "sending"],
    ]);
  });

  it("should not send a blank draft", async () => {
    const { vm, session } = await youthStartsChat();
    vm.setDraft("   \n ");
    vm.send();
    expect(session().sent).toEqual([]);
  });

  it("should not send before the session says it is safe", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    vm.setDraft("trop tôt");
    vm.send();
    expect(session().sent).toEqual([]);
  });

  it("should show the counsellor's messages with their name, even before they can be read", async () => {
    const { vm, session } = await youthStartsChat();
    session().counsellorJoins("Julie");
    session().counsellorWrites("Bonsoir, je suis là.");
    session().counsellorWrites(null);
    const snapshot = chatting(vm.getSnapshot());
    expect(snapshot.counsellorName).toBe("Julie");
    expect(snapshot.messages.map((m) => [m.from, m.senderName, m.text])).toEqual([
      ["counsellor", "Julie", "Bonsoir, je suis là."],
      ["counsellor", "Julie", null],
    ]);
  });

  it("should keep a failed message with its state and allow resending it", async () => {
    const { vm, session } = await youthStartsChat();
    vm.setDraft("allô");
    vm.send();
    const id = session().lastMessageId();
    session().failDelivery(id);
    await settle();
    expect(chatting(vm.getSnapshot()).messages[0]?.delivery).toBe("failed");
    vm.resend(id);
    session().deliver(id);
    await settle();
    expect(chatting(vm.getSnapshot()).messages[0]?.delivery).toBe("sent");
  });

  it("should show the unsafe screen and stop when the room is not protected", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    session().failsToStart("unsafe");
    await settle();
    expect(vm.getSnapshot()).toEqual({ screen: "unsafe" });
    expect(session().stopped).toBe(true);
  });

  it("should show the unsafe screen if protection is lost during the chat", async () => {
    const { vm, session } = await youthStartsChat();
    session().breaksWith("unsafe");
    expect(vm.getSnapshot()).toEqual({ screen: "unsafe" });
    vm.setDraft("encore");
    vm.send();
    expect(session().sent).toEqual([]);
  });

  it("should show the closed screen, with no session left, when the bot says it is closed", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    session().failsToStart("closed", CLOSED.nextOpensAt);
    await settle();
    expect(vm.getSnapshot()).toMatchObject({
      screen: "closed",
      closingSoon: false,
      nextOpensAt: CLOSED.nextOpensAt,
    });
    expect(session().stopped).toBe(true);
  });

  it("should retry with a brand-new session after an error", async () => {
    const { vm, sessions, session } = setup();
    vm.start();
    await settle();
    session().failsToStart("generic");
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ screen: "error", reason: "generic" });
    vm.retry();
    await settle();
    expect(sessions).toHaveLength(2);
    expect(sessions[0]?.stopped).toBe(true);
    session().becomesReady();
    await settle();
    expect(vm.getSnapshot().screen).toBe("chatting");
  });

  it("should show a generic error when the session code cannot even be loaded", async () => {
    const vm = new ChatViewModel({
      createSession: () => Promise.reject(new Error("chunk failed")),
      mark: () => undefined,
    });
    vm.start();
    await settle();
    expect(vm.getSnapshot()).toMatchObject({ screen: "error", reason: "generic" });
  });

  it("should notify subscribers and stop notifying after unsubscribe", async () => {
    const { vm } = setup();
    let calls = 0;
    const unsubscribe = vm.subscribe(() => (calls += 1));
    vm.start();
    expect(calls).toBe(1);
    unsubscribe();
    await settle();
    expect(calls).toBe(1);
  });

  it("should stop the session when disposed", async () => {
    const { vm, session } = await youthStartsChat();
    vm.dispose();
    expect(session().stopped).toBe(true);
    expect(session().lifecycle).toEqual(["stop"]);
  });

  it("should tell the session how the page goes away before stopping it", async () => {
    const quick = await youthStartsChat();
    quick.vm.dispose("quick_exit");
    // The page unloads right after the quick exit: the session is gone, nothing more is said.
    quick.vm.dispose("closed");
    expect(quick.session().lifecycle).toEqual(["leaving quick_exit", "stop"]);

    const closed = await youthStartsChat();
    closed.vm.dispose("closed");
    expect(closed.session().lifecycle).toEqual(["leaving closed", "stop"]);
  });

  describe("a service for adults that asks who is writing", () => {
    const ASKS: Helpline = { ...HELPLINE, audience: "adults", asksWhoIsWriting: true };

    it("should send the answer chosen with the conversation request, and let it be changed", async () => {
      const { vm, session } = setup({ helpline: fakeHelplineApi(OPEN, ASKS) });
      vm.load();
      await settle();
      vm.chooseWritingAbout("self");
      expect(vm.getSnapshot()).toMatchObject({ screen: "welcome", writingAbout: "self" });
      vm.chooseWritingAbout("close-one");
      expect(vm.getSnapshot()).toMatchObject({ screen: "welcome", writingAbout: "close-one" });
      vm.start("");
      await settle();
      expect(session().startedWith).toEqual({ displayName: null, writingAbout: "close-one" });
    });

    it("should never require it: pressing the answer again takes it back", async () => {
      const { vm, session } = setup({ helpline: fakeHelplineApi(OPEN, ASKS) });
      vm.load();
      await settle();
      vm.chooseWritingAbout("self");
      vm.chooseWritingAbout("self");
      expect(vm.getSnapshot()).toMatchObject({ screen: "welcome", writingAbout: null });
      vm.start("");
      await settle();
      expect(session().startedWith).toEqual({ displayName: null });
    });

    it("should keep the answer when a pseudonym is refused, and forget it on erase", async () => {
      const { vm } = setup({ helpline: fakeHelplineApi(OPEN, ASKS) });
      vm.load();
      await settle();
      vm.chooseWritingAbout("close-one");
      vm.start("lou@mail.be");
      expect(vm.getSnapshot()).toMatchObject({
        pseudonymProblem: "contact",
        writingAbout: "close-one",
      });
      vm.start("");
      await settle();
      vm.erase();
      expect(vm.getSnapshot()).toMatchObject({ screen: "welcome", writingAbout: null });
    });

    it("should not ask, nor send, where the service does not ask", async () => {
      const { vm, session } = setup({ helpline: fakeHelplineApi(OPEN) });
      vm.load();
      await settle();
      vm.chooseWritingAbout("self");
      expect(vm.getSnapshot()).toMatchObject({ writingAbout: null });
      vm.start("");
      await settle();
      expect(session().startedWith).toEqual({ displayName: null });
    });
  });

  describe("a service that has ended", () => {
    const ENDED: Helpline = {
      ...HELPLINE,
      ended: {
        on: "2021-07-01",
        successors: [{ name: { fr: "SOS Viol" }, url: "/sos-viol/" }],
      },
    };

    it("should show that it ended, whatever the status says, and admit no one", async () => {
      const { vm, sessions } = setup({ helpline: fakeHelplineApi(CLOSED, ENDED) });
      vm.load();
      await settle();
      expect(vm.getSnapshot()).toEqual({
        screen: "serviceEnded",
        info: { helpline: ENDED, status: CLOSED },
        ended: ENDED.ended,
      });
      vm.start("");
      vm.refreshStatus();
      await settle();
      expect(vm.getSnapshot().screen).toBe("serviceEnded");
      expect(sessions).toHaveLength(0);
    });
  });

  describe("welcome and closed", () => {
    it("should load the hours, resources and status for the welcome screen", async () => {
      const api = fakeHelplineApi(OPEN);
      const { vm } = setup({ helpline: api });
      vm.load();
      await settle();
      expect(vm.getSnapshot()).toEqual({
        screen: "welcome",
        info: { helpline: HELPLINE, status: OPEN },
        writingAbout: null,
      });
    });

    it("should show the closed screen, saying when it reopens, when nobody is admitted", async () => {
      const { vm } = setup({ helpline: fakeHelplineApi(CLOSED) });
      vm.load();
      await settle();
      expect(vm.getSnapshot()).toMatchObject({
        screen: "closed",
        closingSoon: false,
        nextOpensAt: CLOSED.nextOpensAt,
        info: { helpline: HELPLINE },
      });
      vm.start(); // no start button there; a stray call does nothing
      expect(vm.getSnapshot().screen).toBe("closed");
    });

    it("should say the tchat closes soon when open but no longer admitting", async () => {
      const { vm } = setup({ helpline: fakeHelplineApi({ ...OPEN, admitting: false }) });
      vm.load();
      await settle();
      expect(vm.getSnapshot()).toMatchObject({
        screen: "closed",
        closingSoon: true,
        nextOpensAt: OPEN.nextOpensAt,
      });
    });

    it("should turn the welcome screen into the closed one and back as the status changes", async () => {
      const api = fakeHelplineApi(OPEN);
      const { vm } = setup({ helpline: api });
      vm.load();
      await settle();
      api.current = { ...OPEN, admitting: false };
      vm.refreshStatus();
      await settle();
      expect(vm.getSnapshot()).toMatchObject({ screen: "closed", closingSoon: true });
      api.current = OPEN;
      vm.refreshStatus();
      await settle();
      expect(vm.getSnapshot().screen).toBe("welcome");
    });

    it("should not ask for the status during a conversation", async () => {
      const api = fakeHelplineApi(OPEN);
      const { vm } = await youthStartsChat({ helpline: api });
      const before = api.statusCalls;
      vm.refreshStatus();
      expect(api.statusCalls).toBe(before);
      expect(vm.getSnapshot().screen).toBe("chatting");
    });

    it("should keep the welcome screen if the status cannot be fetched", async () => {
      const failing: HelplineApi = {
        status: () => Promise.reject(new Error("offline")),
        helpline: () => Promise.reject(new Error("offline")),
      };
      const { vm } = setup({ helpline: failing });
      vm.load();
      await settle();
      expect(vm.getSnapshot().screen).toBe("welcome");
    });

    it("should say so, and offer no start, when the address names no helpline", async () => {
      const unknown: HelplineApi = {
        status: () => Promise.reject(new HelplineApiError("/status", 404)),
        helpline: () => Promise.reject(new HelplineApiError("/helpline", 404)),
      };
      const { vm, sessions } = setup({ helpline: unknown });
      vm.load();
      await settle();
      expect(vm.getSnapshot()).toMatchObject({ screen: "error", reason: "unknownHelpline" });
      vm.start();
      vm.retry();
      await settle();
      expect(sessions).toHaveLength(0);
    });
  });

  describe("waiting for a counsellor", () => {
    it("should show the queue position and estimated wait, live", async () => {
      const { vm, session } = await youthStartsChat();
      session().statusBecomes({ state: "waiting", position: 3, estimatedWaitMinutes: 12 });
      expect(chatting(vm.getSnapshot()).status).toEqual({
        state: "waiting",
        position: 3,
        estimatedWaitMinutes: 12,
      });
      session().statusBecomes({ state: "waiting", position: 1, estimatedWaitMinutes: null });
      expect(chatting(vm.getSnapshot()).status).toMatchObject({ position: 1 });
      session().statusBecomes({ state: "counsellor_joining" });
      expect(chatting(vm.getSnapshot()).status).toEqual({ state: "counsellor_joining" });
    });

    it("should show a status already published when the youth joins", async () => {
      const { vm, session } = setup();
      vm.start();
      await settle();
      session().statusBecomes({ state: "waiting", position: 2, estimatedWaitMinutes: 5 });
      session().becomesReady();
      await settle();
      expect(chatting(vm.getSnapshot()).status).toMatchObject({ state: "waiting", position: 2 });
    });

    it("should let the youth write while waiting, holding messages until a counsellor is present", async () => {
      const { vm, session } = await youthStartsChat();
      session().statusBecomes({ state: "waiting", position: 1, estimatedWaitMinutes: 4 });
      expect(chatting(vm.getSnapshot()).canSend).toBe(true);
      vm.setDraft("premier");
      vm.send();
      vm.setDraft("deuxième");
      vm.send();
      await settle();
      expect(texts(vm.getSnapshot())).toEqual([
        ["premier", "held"],
        ["deuxième", "held"],
      ]);
      session().statusBecomes({ state: "counsellor_joining" });
      expect(session().released).toEqual([]);
      session().statusBecomes({ state: "counsellor_present" });
      expect(session().released).toEqual(["premier", "deuxième"]);
      expect(texts(vm.getSnapshot())).toEqual([
        ["premier", "sending"],
        ["deuxième", "sending"],
      ]);
    });
  });

  describe("ending", () => {
    it("should ask for confirmation, then leave and show the ended screen", async () => {
      const { vm, session } = await youthStartsChat();
      vm.askEnd();
      expect(chatting(vm.getSnapshot()).confirmingEnd).toBe(true);
      expect(session().left).toBe(false);
      vm.cancelEnd();
      expect(chatting(vm.getSnapshot()).confirmingEnd).toBe(false);
      vm.confirmEnd(); // not without asking first
      expect(session().left).toBe(false);
      vm.askEnd();
      vm.confirmEnd();
      await settle();
      expect(session().left).toBe(true);
      expect(ended(vm.getSnapshot()).reason).toBe("youth_left");
    });

    it("should stay in the chat and say so when leaving fails", async () => {
      const { vm, session } = await youthStartsChat();
      session().refuseToLeave = true;
      vm.askEnd();
      vm.confirmEnd();
      await settle();
      expect(chatting(vm.getSnapshot())).toMatchObject({
        confirmingEnd: false,
        ending: false,
        endFailed: true,
      });
    });

    it("should be possible while still waiting, and held messages never leave", async () => {
      const { vm, session } = await youthStartsChat();
      session().statusBecomes({ state: "waiting", position: 1, estimatedWaitMinutes: null });
      vm.setDraft("je préfère partir");
      vm.send();
      vm.askEnd();
      vm.confirmEnd();
      await settle();
      expect(ended(vm.getSnapshot()).reason).toBe("youth_left");
      expect(session().released).toEqual([]);
    });

    it.each(["closing", "inactivity", "counsellor_ended"] as const)(
      "should show the ended screen when the permanence ends it (%s)",
      async (reason) => {
        const api = fakeHelplineApi(OPEN);
        const { vm, session } = await youthStartsChat({ helpline: api });
        session().statusBecomes({ state: "counsellor_present" });
        api.current = CLOSED;
        session().statusBecomes({ state: "ended", reason });
        expect(ended(vm.getSnapshot()).reason).toBe(reason);
        await settle();
        // When it reopens comes from a fresh status.
        expect(ended(vm.getSnapshot()).nextOpensAt).toEqual(CLOSED.nextOpensAt);
      },
    );

    it("should show the ended screen when the counsellor left", async () => {
      const { vm, session } = await youthStartsChat();
      session().statusBecomes({ state: "counsellor_present" });
      session().statusBecomes({ state: "counsellor_left" });
      expect(ended(vm.getSnapshot()).reason).toBe("counsellor_left");
    });

    it("should stop everything and go back to the welcome screen on erase", async () => {
      const api = fakeHelplineApi(OPEN);
      const { vm, session, erased } = await youthStartsChat({ helpline: api });
      vm.setDraft("un message");
      vm.send();
      session().statusBecomes({ state: "ended", reason: "counsellor_ended" });
      vm.erase();
      expect(session().stopped).toBe(true);
      expect(erased).toHaveLength(1);
      expect(vm.getSnapshot().screen).toBe("welcome");
      await settle();
      expect(vm.getSnapshot()).toEqual({
        screen: "welcome",
        info: { helpline: null, status: OPEN },
        writingAbout: null,
      });
      // A new conversation is a brand-new session, with an empty draft.
      vm.start();
      await settle();
      session().becomesReady();
      await settle();
      expect(chatting(vm.getSnapshot())).toMatchObject({ messages: [], draft: "" });
    });

    it("should return to the closed screen on erase when the tchat has closed meanwhile", async () => {
      const api = fakeHelplineApi(OPEN);
      const { vm, session } = await youthStartsChat({ helpline: api });
      api.current = CLOSED;
      session().statusBecomes({ state: "ended", reason: "closing" });
      await settle();
      vm.erase();
      expect(vm.getSnapshot().screen).toBe("closed");
    });
  });

  describe("the feedback on the end screen", () => {
    async function endedChat() {
      const env = await youthStartsChat();
      env.session().statusBecomes({ state: "counsellor_present" });
      env.session().statusBecomes({ state: "ended", reason: "counsellor_ended" });
      return env;
    }

    it("should offer the two questions unanswered, and send only what she chose, once", async () => {
      const { vm, session } = await endedChat();
      expect(ended(vm.getSnapshot()).feedback).toEqual({ answers: {}, step: "open" });
      vm.sendFeedback(); // nothing chosen: nothing to send
      expect(session().feedbackSent).toEqual([]);
      vm.answerFeedback({ helped: "no" });
      vm.answerFeedback({ helped: "a-little" }); // she may change her mind before sending
      vm.sendFeedback();
      vm.sendFeedback(); // a second press sends nothing more
      expect(session().feedbackSent).toEqual([{ helped: "a-little" }]);
      expect(ended(vm.getSnapshot()).feedback?.step).toBe("sending");
      vm.answerFeedback({ wouldWriteAgain: "yes" }); // too late: already on its way
      session().feedbackCounted();
      await settle();
      expect(ended(vm.getSnapshot()).feedback).toEqual({
        answers: { helped: "a-little" },
        step: "sent",
      });
      vm.sendFeedback();
      expect(session().feedbackSent).toHaveLength(1);
    });

    it("should say calmly when it was not counted, and not insist", async () => {
      const { vm, session } = await endedChat();
      vm.answerFeedback({ helped: "yes", wouldWriteAgain: "maybe" });
      vm.sendFeedback();
      expect(session().feedbackSent).toEqual([{ helped: "yes", wouldWriteAgain: "maybe" }]);
      session().feedbackCounted(false);
      await settle();
      expect(ended(vm.getSnapshot()).feedback?.step).toBe("failed");
      vm.sendFeedback();
      expect(session().feedbackSent).toHaveLength(1);
    });

    it("should never hold up erasure, even while it is being sent", async () => {
      const { vm, session, erased } = await endedChat();
      vm.answerFeedback({ wouldWriteAgain: "no" });
      vm.sendFeedback();
      vm.erase();
      expect(session().stopped).toBe(true);
      expect(erased).toHaveLength(1);
      expect(vm.getSnapshot().screen).toBe("welcome");
      session().feedbackCounted(); // its late answer changes nothing
      await settle();
      expect(vm.getSnapshot().screen).toBe("welcome");
    });

    it("should not be offered without the bot's key (an older bot)", async () => {
      const { vm, session } = await youthStartsChat();
      session().hasFeedbackKey = false;
      session().statusBecomes({ state: "ended", reason: "inactivity" });
      expect(ended(vm.getSnapshot()).feedback).toBeNull();
      vm.answerFeedback({ helped: "yes" });
      vm.sendFeedback();
      expect(session().feedbackSent).toEqual([]);
    });
  });

  describe("the helpline's texts while waiting", () => {
    it("should give the chat the helpline's waiting texts and the language they fall back to", async () => {
      const waitingTexts = [
        { id: "next", title: { nl: "Wat nu?" }, body: { nl: "Even wachten." } },
      ];
      const api = fakeHelplineApi(OPEN, testHelpline({ waitingTexts, defaultLanguage: "nl" }));
      const { vm, session } = setup({ helpline: api });
      vm.load();
      await settle();
      vm.start();
      await settle();
      session().becomesReady();
      await settle();
      session().statusBecomes({ state: "waiting", position: 1, estimatedWaitMinutes: null });
      expect(chatting(vm.getSnapshot()).helpline).toMatchObject({
        waitingTexts,
        defaultLanguage: "nl",
      });
      // Reading them changes nothing of her place: the turn's notice still arrives.
      session().statusBecomes({ state: "counsellor_present" });
      expect(chatting(vm.getSnapshot()).status).toEqual({ state: "counsellor_present" });
    });
  });

  describe("I am in danger now", () => {
    it("should show it at once, keep it while the request goes, and say how it went", async () => {
      const { vm, session } = await youthStartsChat();
      session().statusBecomes({ state: "waiting", position: 4, estimatedWaitMinutes: 60 });
      expect(chatting(vm.getSnapshot()).urgent).toBeUndefined();
      vm.declareUrgent();
      // Before any answer: the screen has what it needs to list the numbers.
      expect(chatting(vm.getSnapshot()).urgent).toBe("sending");
      expect(session().urgentRequests).toBe(1);
      // A new status (her place, now first) keeps it shown.
      session().statusBecomes({ state: "waiting", position: 1, estimatedWaitMinutes: 20 });
      expect(chatting(vm.getSnapshot())).toMatchObject({
        urgent: "sending",
        status: { position: 1 },
      });
      session().urgentAnswered(false);
      expect(chatting(vm.getSnapshot()).urgent).toBe("failed");
      vm.declareUrgent();
      expect(session().urgentRequests).toBe(2);
      session().urgentAnswered(true);
      expect(chatting(vm.getSnapshot()).urgent).toBe("sent");
      vm.declareUrgent();
      expect(session().urgentRequests).toBe(2);
    });
  });
});
