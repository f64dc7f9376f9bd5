import { SnapshotStore } from "../shared/viewmodels/ViewModel.ts";
import { fr } from "./fr.ts";
import { defaultLang, loadMessages, type Lang, type Messages } from "./index.ts";

/**
 * The page's language, kept in memory only: nothing about the choice is left on the device.
 * Starts in French (the landing bundle); the default language, once known, applies unless the
 * youth has already chosen one. Later answers of a slower catalog never override a newer choice.
 */
export class LanguageStore extends SnapshotStore<Messages> {
  readonly #load: (lang: Lang) => Promise<Messages>;
  #chosen = false;
  #requested: Lang = "fr";

  constructor(load: (lang: Lang) => Promise<Messages> = loadMessages) {
    super(fr);
    this.#load = load;
  }

  /** The youth pressed a language button. */
  choose = (lang: Lang): Promise<void> => {
    this.#chosen = true;
    return this.#switch(lang);
  };

  /** The helpline's default language (or none), with the browser's languages as a fallback. */
  applyDefault = (helplineDefault: unknown, browserLanguages: readonly string[]): Promise<void> => {
    if (this.#chosen) return Promise.resolve();
    return this.#switch(defaultLang(helplineDefault, browserLanguages));
  };

  async #switch(lang: Lang): Promise<void> {
    this.#requested = lang;
    if (this.getSnapshot().lang === lang) return;
    try {
      const messages = await this.#load(lang);
      if (this.#requested === lang) this.set(messages);
    } catch {
      // A chunk that failed to load (offline): stay in the current language.
      if (this.#requested === lang) this.#requested = this.getSnapshot().lang;
    }
  }
}
