import { describe, expect, it } from "vitest";
import { FakeChatSession } from "../session/fake/FakeChatSession.ts";
import { ChatViewModel, type ChatSnapshot } from "./ChatViewModel.ts";

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const sessions: FakeChatSession[] = [];
  const marks: string[] = [];
  const vm = new ChatViewModel({
    createSession: () => {
      const session = new FakeChatSession();
      sessions.push(session);
      return Promise.resolve(session);
    },
    mark: (name) => marks.push(name),
  });
  const session = (): FakeChatSession => {
    const last = sessions.at(-1);
    if (last === undefined) throw new Error("no session was created");
    return last;
  };
  return { vm, sessions, session, marks };
}

async function youthStartsChat() {
  const env = setup();
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

describe("ChatViewModel", () => {
  it("should start on the welcome screen without creating a session", () => {
    const { vm, sessions } = setup();
    expect(vm.getSnapshot()).toEqual({ screen: "welcome" });
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

  it("should show the reason when the helpline is closed", async () => {
    const { vm, session } = setup();
    vm.start();
    await settle();
    session().failsToStart("closed");
    await settle();
    expect(vm.getSnapshot()).toEqual({ screen: "error", reason: "closed" });
  });

  it("should retry with a brand-new session after an error", async () => {
    const { vm, sessions, session } = setup();
    vm.start();
    await settle();
    session().failsToStart("generic");
    await settle();
    expect(vm.getSnapshot()).toEqual({ screen: "error", reason: "generic" });
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
    expect(vm.getSnapshot()).toEqual({ screen: "error", reason: "generic" });
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
  });
});
