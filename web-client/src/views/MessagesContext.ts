import { createContext, useContext } from "react";
import type { Messages } from "../i18n/types.ts";

/**
 * The page's catalog. No default: the catalogs are lazily loaded chunks, and screens are only
 * rendered once one has arrived (LanguageSwitch.tsx, Localized).
 */
export const MessagesContext = createContext<Messages | null>(null);

export function useMessages(): Messages {
  const messages = useContext(MessagesContext);
  // A programming error, never shown to a youth; short, as every byte here is on the landing page.
  if (messages === null) throw new Error("useMessages: no catalog loaded");
  return messages;
}
