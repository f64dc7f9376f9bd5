import { conversationMessagesFor, type ConversationMessages } from "../i18n/conversation.ts";
import { useMessages } from "./MessagesContext.ts";

/**
 * The texts of the chat and end screens in the page's language and register. Their catalog is imported only
 * from here, so it travels in the lazily loaded conversation chunk, not in the landing page.
 */
export function useConversationMessages(): ConversationMessages {
  const { lang, register } = useMessages();
  return conversationMessagesFor(lang, register);
}
