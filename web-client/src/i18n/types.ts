/**
 * Every string the youth can see. Adding a language means adding one object of this type;
 * a missing key is a compile error, so no screen can fall back to another language by accident.
 */
export interface Messages {
  readonly lang: string;
  readonly welcome: {
    readonly title: string;
    readonly intro: string;
    readonly anonymousTitle: string;
    readonly anonymous: string;
    readonly confidentialityTitle: string;
    readonly confidentiality: string;
    readonly exception: string;
    readonly hoursTitle: string;
    readonly hours: readonly string[];
    readonly start: string;
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
  };
  readonly errors: {
    readonly title: string;
    readonly generic: string;
    readonly closed: string;
    readonly busy: string;
    readonly retry: string;
    readonly unsafeTitle: string;
    readonly unsafe: string;
  };
}

export type Lang = "fr" | "en" | "nl";
