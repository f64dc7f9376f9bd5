import { describe, expect, it } from "vitest";
import { FakeChatSession } from "../session/fake/FakeChatSession.ts";
import {
  ChatViewModel,
  STARTING_SLOW_AFTER_MS,
  TYPING_IDLE_MS,
  TYPING_RENEW_MS,
  UNREADABLE_AFTER_MS,
  type ChatSnapshot,
} from "./ChatViewModel.ts";

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A clock and timers the test moves by hand. */
class ManualTime {
  now = 0;
  #timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  schedule = (callback: () => void, ms: number): (() => void) => {
    const timer = { at: this.now + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  advance(ms: number): void {
    this.now += ms;
    const due = this.#timers.filter((t) => !t.cancelled && t.at <= this.now);
    this.#timers = this.#timers.filter((t) => !due.includes(t));
    for (const timer of due) timer.callback();
  }
}

type Chatting = Extract<ChatSnapshot, { screen: "chatting" }>;

/** The youth has pressed start; her session is made but not ready (a busy night, say). */
async function youthIsStarting() {
  const time = new ManualTime();
  const sessions: FakeChatSession[] = [];
  const vm = new ChatViewModel({
    createSession: () => {
      const created = new FakeChatSession();
      sessions.push(created);
      return Promise.resolve(created);
    },
    mark: () => undefined,
    schedule: time.schedule,
    now: () => time.now,
  });
  vm.start();
  await settle();
  const session = (): FakeChatSession => {
    const last = sessions.at(-1);
    if (last === undefined) throw new Error("no session");
    return last;
  };
  return { vm, session, time };
}

async function youthIsChatting() {
  const { vm, session: latest, time } = await youthIsStarting();
  const session = latest();
  session.becomesReady();
  await settle();
  const chatting = (): Chatting => {
    const snapshot = vm.getSnapshot();
    if (snapshot.screen !== "chatting") throw new Error(`on ${snapshot.screen}, not chatting`);
    return snapshot;
  };
  return { vm, session, time, chatting };
}

describe("ChatViewModel: a start that takes longer than usual", () => {
  it("should tell her it is busy and to keep the page open once it takes longer than usual, and then show the chat", async () => {
    const { vm, session, time } = await youthIsStarting();
    time.advance(STARTING_SLOW_AFTER_MS - 1);
    expect(vm.getSnapshot()).toEqual({ screen: "starting" });
    time.advance(1);
    expect(vm.getSnapshot()).toEqual({ screen: "starting", slow: true });
    session().becomesReady();
    await settle();
    expect(vm.getSnapshot().screen).toBe("chatting");
  });

  it("should say nothing of it when her chat is ready in time", async () => {
    const { vm, session, time } = await youthIsStarting();
    session().becomesReady();
    await settle();
    time.advance(STARTING_SLOW_AFTER_MS);
    expect(vm.getSnapshot().screen).toBe("chatting");
  });

  it("should count from her new press after an error, not from the start that failed", async () => {
    const { vm, session, time } = await youthIsStarting();
    time.advance(STARTING_SLOW_AFTER_MS / 2);
    session().failsToStart("busy");
    await settle();
    expect(vm.getSnapshot().screen).toBe("error");
    vm.start();
    await settle();
    time.advance(STARTING_SLOW_AFTER_MS / 2);
    expect(vm.getSnapshot()).toEqual({ screen: "starting" });
    time.advance(STARTING_SLOW_AFTER_MS / 2);
    expect(vm.getSnapshot()).toEqual({ screen: "starting", slow: true });
  });
});

describe("ChatViewModel: the counsellor typing", () => {
  it("should show the counsellor typing, then stop showing it", async () => {
    const { session, chatting } = await youthIsChatting();
    expect(chatting().counsellorTyping).toBe(false);
    session.counsellorTypes(true);
    expect(chatting().counsellorTyping).toBe(true);
    session.counsellorTypes(false);
    expect(chatting().counsellorTyping).toBe(false);
  });
});

describe("ChatViewModel: the youth typing", () => {
  it("should tell the counsellor once when the youth starts typing, not on every keystroke", async () => {
    const { vm, session, time } = await youthIsChatting();
    vm.setDraft("B");
    time.advance(1_000);
    vm.setDraft("Bo");
    vm.setDraft("Bon");
    expect(session.typingSent).toEqual([true]);
  });

  it("should renew the notification while the youth keeps typing for long", async () => {
    const { vm, session, time } = await youthIsChatting();
    for (let elapsed = 0; elapsed <= TYPING_RENEW_MS; elapsed += 2_000) {
      vm.setDraft(`x${elapsed}`);
      time.advance(2_000);
    }
    expect(session.typingSent).toEqual([true, true]);
  });

  it("should stop typing on send", async () => {
    const { vm, session } = await youthIsChatting();
    vm.setDraft("Bonsoir");
    vm.send();
    expect(session.typingSent).toEqual([true, false]);
  });

  it("should stop typing when the composer loses focus or the draft is emptied", async () => {
    const { vm, session } = await youthIsChatting();
    vm.setDraft("Bon");
    vm.composerBlurred();
    vm.setDraft("Bonj");
    vm.setDraft("");
    vm.composerBlurred(); // already stopped: nothing more is sent
    expect(session.typingSent).toEqual([true, false, true, false]);
  });

  it("should stop typing after a pause without keystrokes", async () => {
    const { vm, session, time } = await youthIsChatting();
    vm.setDraft("Bon");
    time.advance(TYPING_IDLE_MS - 1);
    expect(session.typingSent).toEqual([true]);
    time.advance(1);
    expect(session.typingSent).toEqual([true, false]);
  });
});

describe("ChatViewModel: delivery states", () => {
  it("should go from sending to sent to read", async () => {
    const { vm, session, chatting } = await youthIsChatting();
    vm.setDraft("Salut");
    vm.send();
    const id = session.lastMessageId();
    expect(chatting().messages.at(-1)?.delivery).toBe("sending");
    session.deliver(id);
    expect(chatting().messages.at(-1)?.delivery).toBe("sent");
    session.counsellorReadsUpTo(id);
    expect(chatting().messages.at(-1)?.delivery).toBe("read");
  });
});

describe("ChatViewModel: connection lost", () => {
  it("should show the banner while reconnecting and hide it once back", async () => {
    const { session, chatting } = await youthIsChatting();
    expect(chatting().connection).toBe("online");
    session.connectionLost();
    expect(chatting().connection).toBe("reconnecting");
    session.connectionBack();
    expect(chatting().connection).toBe("online");
  });

  it("should keep a message written offline as not sent, then send it when the connection returns", async () => {
    const { vm, session, chatting } = await youthIsChatting();
    session.connectionLost();
    vm.setDraft("Tu es là ?");
    vm.send();
    const id = session.lastMessageId();
    session.failDelivery(id);
    await settle();
    expect(chatting().messages.at(-1)).toMatchObject({ text: "Tu es là ?", delivery: "failed" });
    expect(chatting().screen).toBe("chatting"); // a failed send never ends the chat
    session.connectionBack();
    expect(chatting().messages.at(-1)?.delivery).toBe("sending");
    session.deliver(id);
    expect(chatting().messages.at(-1)?.delivery).toBe("sent");
  });

  it("should let the youth retry a failed message by hand", async () => {
    const { vm, session, chatting } = await youthIsChatting();
    vm.setDraft("Allô");
    vm.send();
    const id = session.lastMessageId();
    session.failDelivery(id);
    await settle();
    vm.resend(id);
    expect(chatting().messages.at(-1)?.delivery).toBe("sending");
  });

  it("should forget the counsellor's typing when the connection comes back", async () => {
    const { session, chatting } = await youthIsChatting();
    session.counsellorTypes(true);
    session.connectionLost();
    session.connectionBack();
    expect(chatting().counsellorTyping).toBe(false);
  });
});

describe("ChatViewModel: a message that cannot be read yet", () => {
  it("should show it as arriving, then explain it after a longer wait", async () => {
    const { session, time, chatting } = await youthIsChatting();
    session.counsellorWrites(null);
    const id = session.lastMessageId();
    expect(chatting().unreadable).toEqual([]);
    time.advance(UNREADABLE_AFTER_MS - 1);
    expect(chatting().unreadable).toEqual([]);
    time.advance(1);
    expect(chatting().unreadable).toEqual([id]);
  });

  it("should show it normally as soon as it decrypts, even after the explanation", async () => {
    const { session, time, chatting } = await youthIsChatting();
    session.counsellorWrites(null);
    const id = session.lastMessageId();
    time.advance(UNREADABLE_AFTER_MS);
    session.decrypts(id, "Bonsoir");
    expect(chatting().unreadable).toEqual([]);
    expect(chatting().messages.at(-1)?.text).toBe("Bonsoir");
  });

  it("should not explain a message that decrypted in time", async () => {
    const { session, time, chatting } = await youthIsChatting();
    session.counsellorWrites(null);
    session.decrypts(session.lastMessageId(), "Bonsoir");
    time.advance(UNREADABLE_AFTER_MS);
    expect(chatting().unreadable).toEqual([]);
  });
});
