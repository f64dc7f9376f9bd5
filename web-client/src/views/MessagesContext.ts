import { createContext, useContext } from "react";
import type { Messages } from "../i18n/types.ts";

/**
 * The page's catalog. No default: the catalogs are lazily loaded chunks, and screens are only
 * rendered once one has arrived (LanguageSwitch.tsx, Localized).
 */
export const MessagesContext = createContext<Messages | null>(null);

export function useMessages(): Messages {
  const messages = useContext(MessagesContext);
  if (messages === null) throw new Error("a screen was rendered before its texts had loaded");
  return messages;
}
