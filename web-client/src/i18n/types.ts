import type { Weekday } from "../helpline/api.ts";

/**
 * Every string the youth can see. Adding a language means adding one object of this type;
 * a missing key is a compile error, so no screen can fall back to another language by accident.
 * French and Dutch have one catalog per register (fr.ts "tu", fr-formal.ts "vous"; nl.ts "je",
 * nl-formal.ts "u"); English has one form for both.
 */
export interface Messages {
  readonly lang: Lang;
  /** How the page addresses its reader: the helpline's audience decides (index.ts registerFor). */
  readonly register: Register;
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
    /** The optional first question of services for adults: about myself / someone close. */
    readonly writingAbout: {
      readonly legend: string;
      readonly self: string;
      readonly closeOne: string;
      /** That it is optional and can be changed. */
      readonly hint: string;
    };
  };
  /** The page of a service that has ended: since when, and who took over. */
  readonly serviceEnded: {
    readonly title: string;
    /** `date` is already written out in the page's language ("1 juillet 2021"). */
    readonly endedOn: (date: string) => string;
    readonly successorsTitle: string;
    readonly visit: string;
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
  readonly starting: {
    readonly title: string;
    /**
     * Once it takes longer than usual (a busy night): keep the page open. Nothing before: on a
     * usual night this screen is gone within half a second.
     */
    readonly slow: string;
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
    /** The page's address names no helpline of this deployment (a mistyped link). */
    readonly unknownHelpline: string;
  };
  /** The always-visible "leave now" button (and its Shift×3 shortcut). */
  readonly quickExit: {
    readonly button: string;
    /** Spoken/tooltip description: what it does and the shortcut. */
    readonly description: string;
  };
}

export type Lang = "fr" | "en" | "nl";

/** "informal": minors ("tu", "je"); "formal": adults and their relatives ("vous", "u"). */
export type Register = "informal" | "formal";

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
