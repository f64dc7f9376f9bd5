// The screens shown once the youth has pressed start: one chunk, loaded by LazyConversation.tsx.
export { ChatScreen } from "./ChatScreen.tsx";
export { EndedScreen } from "./EndedScreen.tsx";
