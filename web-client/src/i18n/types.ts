import type { Weekday } from "../helpline/api.ts";
import type { EndReason } from "../session/types.ts";

/**
 * Every string the youth can see. Adding a language means adding one object of this type;
 * a missing key is a compile error, so no screen can fall back to another language by accident.
 */
export interface Messages {
  readonly lang: Lang;
  /** The language switch (FR / NL / EN) shown on every screen. */
  readonly language: {
    /** Names the group of buttons, e.g. "Langue". */
    readonly label: string;
  };
  readonly welcome: {
    readonly title: string;
    readonly intro: string;
    readonly anonymousTitle: string;
    readonly anonymous: string;
    readonly confidentialityTitle: string;
    readonly confidentiality: string;
    readonly exception: string;
    readonly hoursTitle: string;
    readonly start: string;
    readonly pseudonymLabel: string;
    readonly pseudonymHint: string;
    readonly pseudonymProblems: Readonly<
      Record<"too_short" | "too_long" | "characters" | "contact", string>
    >;
  };
  readonly hours: HoursMessages;
  readonly resources: {
    readonly title: string;
    readonly emergency: string;
    readonly call: (phone: string) => string;
    readonly website: string;
  };
  readonly closed: {
    readonly title: string;
    readonly closed: string;
    /** Open, but no new conversation is accepted before closing. */
    readonly closingSoon: string;
    readonly reopens: (when: string) => string;
    readonly reopensUnknown: string;
    readonly meanwhile: string;
  };
  readonly waiting: {
    readonly title: string;
    /** Split around the number so that it can be emphasised. */
    readonly positionBefore: string;
    readonly positionAfter: string;
    readonly waitAbout: (minutes: number) => string;
    readonly waitUnknown: string;
    readonly reassurance: string;
    readonly canWrite: string;
    readonly joining: string;
    readonly present: string;
    /** Another counsellor took over from the first one, with what was already written. */
    readonly handedOver: string;
  };
  readonly ended: {
    readonly title: string;
    readonly thanks: string;
    readonly reasons: Readonly<Record<EndReason, string>>;
    readonly reopens: (when: string) => string;
    readonly erase: string;
    readonly eraseHint: string;
  };
  readonly starting: {
    readonly title: string;
    readonly detail: string;
  };
  readonly chat: {
    readonly title: string;
    readonly hint: string;
    readonly listLabel: string;
    readonly me: string;
    readonly counsellorFallback: string;
    readonly pendingDecryption: string;
    readonly sending: string;
    readonly notSent: string;
    readonly resend: string;
    readonly composerLabel: string;
    readonly composerPlaceholder: string;
    readonly composerWaiting: string;
    readonly send: string;
    readonly empty: string;
    readonly held: string;
    readonly end: string;
    readonly endQuestion: string;
    readonly endDetail: string;
    readonly endConfirm: string;
    readonly endCancel: string;
    readonly endFailed: string;
    /** Shown while the counsellor types; announced politely. */
    readonly counsellorTyping: string;
    /** Delivery of the youth's messages: the server has it; the counsellor has read it. */
    readonly sent: string;
    readonly read: string;
    readonly connectionLost: string;
    readonly connectionLostDetail: string;
    /** A message that stayed unreadable on this device for a long time, in plain words. */
    readonly unreadable: string;
  };
  readonly errors: {
    readonly title: string;
    readonly generic: string;
    readonly closed: string;
    readonly busy: string;
    readonly retry: string;
    readonly unsafeTitle: string;
    readonly unsafe: string;
    /** The chat already runs in another tab of this browser. */
    readonly otherTab: string;
    /**
     * A counsellor barred this device or network for a while. Calm and blaming nobody: the
     * device may be shared, and whoever reads it may need help too.
     */
    readonly barred: string;
    /** Too many requests from this device or network. */
    readonly rateLimited: string;
  };
  /** The always-visible "leave now" button (and its Shift×3 shortcut). */
  readonly quickExit: {
    readonly button: string;
    /** Spoken/tooltip description: what it does and the shortcut. */
    readonly description: string;
  };
}

export type Lang = "fr" | "en" | "nl";

/** Phrasing of days, times and dates; the numbers come from the helpline's schedule. */
export interface HoursMessages {
  /** BCP 47 locale for the calendar words Intl provides (weekday and month names). */
  readonly locale: string;
  readonly days: Readonly<Record<Weekday, string>>;
  readonly time: (hour: number, minute: number) => string;
  /** "de 18 h à 21 h" */
  readonly slot: (from: string, to: string) => string;
  readonly slotSeparator: string;
  /** "Le lundi de 18 h 30 à 21 h 30" */
  readonly oneDay: (day: string, slots: string) => string;
  /** "Du mardi au jeudi de 18 h à 21 h" */
  readonly dayRange: (first: string, last: string, slots: string) => string;
  readonly today: (time: string) => string;
  readonly tomorrow: (time: string) => string;
  /** "lundi 23 novembre à 18 h 30" */
  readonly on: (day: string, time: string) => string;
}
