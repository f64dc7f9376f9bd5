import { createContext, useContext } from "react";
import { fr } from "../i18n/fr.ts";
import type { Messages } from "../i18n/types.ts";

export const MessagesContext = createContext<Messages>(fr);

export function useMessages(): Messages {
  return useContext(MessagesContext);
}
