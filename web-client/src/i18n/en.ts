import type { Messages } from "./types.ts";

// English, loaded only when the youth picks it: it must say what fr.ts says, key for key.
export const en: Messages = {
  lang: "en",
  // English has one form for every reader; the formal catalog is this one (index.ts).
  register: "informal",
  language: {
    label: "Language",
  },
  welcome: {
    title: "You can talk about it here",
    intro:
      "Have you experienced sexual violence, or do you have questions about it? A counsellor is here to listen to you, without judging.",
    anonymousTitle: "It’s anonymous",
    anonymous:
      "You don’t need to give your name, your address or your number. Nothing is kept on your device when you close this page.",
    confidentialityTitle: "It’s confidential",
    confidentiality:
      "The counsellor is bound by professional secrecy: what you write stays between the two of you.",
    exception:
      "There is one exception: if your life is in serious danger, she may call the emergency services to protect you.",
    hoursTitle: "When?",
    start: "Start the chat",
    pseudonymLabel: "A first name or a nickname (if you like)",
    pseudonymHint:
      "The counsellor will call you by this name. You can make one up: better not use your full name, your number or your address.",
    pseudonymProblems: {
      too_short: "This name is too short: at least 2 letters, or leave the box empty.",
      too_long: "This name is too long: 24 characters at most.",
      characters: "Use only letters, digits, spaces or hyphens.",
      contact:
        "This looks like a number, an e-mail address or a link. To stay anonymous, pick a nickname instead.",
    },

    writingAbout: {
      legend: "Who are you writing about?",
      self: "I’m writing about myself",
      closeOne: "I’m writing about someone close to me",
      hint: "If you like: you don’t have to choose, and you can change your mind. It helps the counsellor answer you.",
    },
  },
  serviceEnded: {
    title: "This chat has ended",
    endedOn: (date) => `This service ended on ${date}. It no longer takes conversations.`,
    successorsTitle: "You can write here",
    visit: "Visit the website",
  },
  hours: {
    locale: "en-GB",
    days: {
      monday: "Monday",
      tuesday: "Tuesday",
      wednesday: "Wednesday",
      thursday: "Thursday",
      friday: "Friday",
      saturday: "Saturday",
      sunday: "Sunday",
    },
    time: (hour, minute) => {
      const h = hour % 12 === 0 ? 12 : hour % 12;
      const suffix = hour % 24 < 12 ? "am" : "pm";
      return minute === 0 ? `${h} ${suffix}` : `${h}:${String(minute).padStart(2, "0")} ${suffix}`;
    },
    slot: (from, to) => `from ${from} to ${to}`,
    slotSeparator: " and ",
    oneDay: (day, slots) => `${day} ${slots}`,
    dayRange: (first, last, slots) => `${first} to ${last} ${slots}`,
    today: (time) => `today at ${time}`,
    tomorrow: (time) => `tomorrow at ${time}`,
    on: (day, time) => `on ${day} at ${time}`,
  },
  resources: {
    title: "Other people can help you too",
    emergency: "In an emergency",
    call: (phone) => `Call ${phone}`,
    website: "Visit the website",
  },
  closed: {
    title: "The chat is closed right now",
    closed: "Nobody can answer you here at the moment.",
    closingSoon: "The chat is closing soon: no new conversation can start today.",
    reopens: (when) => `It opens again ${when}.`,
    reopensUnknown: "It will open again soon.",
    meanwhile: "In the meantime, you can contact:",
  },
  starting: {
    title: "Getting your chat ready…",
    slow: "It’s busy right now. Keep this page open.",
  },
  errors: {
    title: "Something went wrong",
    generic: "Oops, that didn’t work. Try again in a moment.",
    closed: "The chat is closed right now.",
    busy: "All the counsellors are busy right now. Try again in a few minutes.",
    retry: "Try again",
    unsafeTitle: "We’d rather wait",
    unsafe:
      "The chat isn’t ready to protect what you write, so we’re not sending anything. Close this page and try again in a moment.",
    otherTab:
      "The chat is already open in another tab. Carry on there, or close the other tab and try again here.",
    barred:
      "The chat isn’t available from this device right now. Please try again later. If you are in danger, call 112.",
    rateLimited:
      "Lots of requests are coming from here right now. Wait a few minutes, then try again.",
    unknownHelpline: "This address leads to no chat. Check the link you were given.",
  },
  quickExit: {
    button: "Leave now",
    description:
      "Leaves this page at once for a neutral website and erases the chat from this device. Shortcut: press the Shift key 3 times.",
  },
};
