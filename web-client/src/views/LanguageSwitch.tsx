import { useSyncExternalStore, type ReactNode } from "react";
import { LANGS, type Lang } from "../i18n/index.ts";
import type { LanguageStore } from "../i18n/LanguageStore.ts";
import { MessagesContext, useMessages } from "./MessagesContext.ts";

/** Each language named in itself, so that a youth finds their own whatever the page's language. */
const NAMES: Readonly<Record<Lang, string>> = {
  fr: "Français",
  nl: "Nederlands",
  en: "English",
};

/** FR / NL / EN: plain buttons, so Tab reaches them and Enter or Space switches. */
export function LanguageSwitch({ onChoose }: { onChoose: (lang: Lang) => void }) {
  const messages = useMessages();
  return (
    <div className="language-switch" role="group" aria-label={messages.language.label}>
      {LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="language"
          data-testid={`language-${lang}`}
          aria-pressed={messages.lang === lang}
          onClick={() => onChoose(lang)}
        >
          {/* The name read out contains the visible "NL" (WCAG 2.5.3), then the full name. */}
          {lang.toUpperCase()}
          <span className="visually-hidden"> {NAMES[lang]}</span>
        </button>
      ))}
    </div>
  );
}

/**
 * Gives every screen the chosen language's messages, with the switch above them. Nothing before
 * the first catalog arrives: until the helpline says whom it speaks to, no text could be in the
 * right register (Shift×3 quick exit already works meanwhile).
 */
export function Localized({ store, children }: { store: LanguageStore; children: ReactNode }) {
  const messages = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  if (messages === null) return null;
  return (
    <MessagesContext value={messages}>
      <header className="topbar">
        <LanguageSwitch onChoose={(lang) => void store.choose(lang)} />
      </header>
      {children}
    </MessagesContext>
  );
}
