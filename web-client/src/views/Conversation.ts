// The screens shown once the youth has pressed start: one chunk, loaded by LazyConversation.tsx.
export { ChatScreen } from "./ChatScreen.tsx";
export { EndedScreen } from "./EndedScreen.tsx";

// The chat screen shows "Continuer plus tard sur cet appareil" (DeviceGate.tsx), whose screens and
// view model are chunks of their own: fetched with this one, while the youth reads, so that the
// press itself downloads no code (issue 19, bytes after the press). Loading them runs nothing.
import("./DeviceScreens.tsx").catch(() => undefined);
import("../viewmodels/DeviceViewModel.ts").catch(() => undefined);
