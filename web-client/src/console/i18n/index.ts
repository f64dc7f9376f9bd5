import { createContext, useContext } from "react";
import type { ConsoleLang } from "../types.ts";
import { en } from "./en.ts";
import { fr, type ConsoleMessages } from "./fr.ts";
import { nl } from "./nl.ts";

export type { ConsoleMessages };

// The three catalogs are small: they ship together in the console's own bundle.
export const CATALOGS: Readonly<Record<ConsoleLang, ConsoleMessages>> = { fr, nl, en };
export const CONSOLE_LANGS: readonly ConsoleLang[] = ["fr", "nl", "en"];

export const ConsoleMessagesContext = createContext<ConsoleMessages>(fr);
export const useConsoleMessages = (): ConsoleMessages => useContext(ConsoleMessagesContext);
