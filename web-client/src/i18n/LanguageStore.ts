import type { Audience } from "@helpline/contract";
import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";
import {
  defaultLang,
  loadMessages,
  registerFor,
  type Lang,
  type Messages,
  type Register,
} from "./index.ts";

/** What the page needs to know of its helpline to speak to its reader; undefined if unknown. */
export interface SpokenTo {
  readonly audience?: Audience;
  readonly defaultLanguage?: unknown;
}

/**
 * The page's language and register, kept in memory only: nothing about the choice is left on the
 * device. Null until the first catalog has loaded: the helpline's audience decides between "tu"
 * and "vous", so no text is shown before it is known (or known to be unknown: then "tu", which
 * every page spoke before). The default language applies unless the reader has already chosen
 * one. Later answers of a slower catalog never override a newer choice.
 */
export class LanguageStore extends SnapshotStore<Messages | null> {
  readonly #load: (lang: Lang, register: Register) => Promise<Messages>;
  #chosen = false;
  #register: Register = "informal";
  #requested: string | null = null;

  constructor(load: (lang: Lang, register: Register) => Promise<Messages> = loadMessages) {
    super(null);
    this.#load = load;
  }

  /** The reader pressed a language button. */
  choose = (lang: Lang): Promise<void> => {
    this.#chosen = true;
    return this.#switch(lang, this.#register);
  };

  /**
   * The helpline's answer (or undefined when it could not be had): its audience sets the register,
   * its default language (else the browser's) the language, unless the reader chose one.
   */
  applyHelpline = (
    helpline: SpokenTo | undefined,
    browserLanguages: readonly string[],
  ): Promise<void> => {
    this.#register = registerFor(helpline?.audience);
    const current = this.getSnapshot();
    const lang =
      this.#chosen && current !== null
        ? current.lang
        : defaultLang(helpline?.defaultLanguage, browserLanguages);
    return this.#switch(lang, this.#register);
  };

  async #switch(lang: Lang, register: Register): Promise<void> {
    const key = `${lang}/${register}`;
    this.#requested = key;
    const current = this.getSnapshot();
    if (current !== null && current.lang === lang && current.register === register) return;
    try {
      const messages = await this.#load(lang, register);
      if (this.#requested === key) this.set(messages);
    } catch {
      // A chunk that failed to load (offline): stay in the current language.
      if (this.#requested === key && current !== null) {
        this.#requested = `${current.lang}/${current.register}`;
      }
    }
  }
}
