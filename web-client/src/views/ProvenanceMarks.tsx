import type { ChatMessage, ProvenanceMark } from "../session/types.ts";
import { useConversationMessages } from "./ConversationMessages.ts";
import { useMessages } from "./MessagesContext.ts";

// Counsellor provenance on the youth's screen (docs/threat-model.md): a discreet mark above a
// run of messages from a counsellor the helpline vouched for, and a clear warning on every
// message of anyone else in the conversation. Only where the helpline has a key.

/** The helpline's name in the page's language, else in any language it has. */
function useHelplineName(mark: ProvenanceMark): string {
  const { lang } = useMessages();
  const names = mark.helplineName;
  return names[lang] ?? names.fr ?? names.nl ?? names.en ?? "";
}

/**
 * Whether the vouched mark goes above this message: not when the message before it is from the
 * same counsellor with the same mark (the mark would only repeat itself).
 */
export function startsVouchedRun(messages: readonly ChatMessage[], index: number): boolean {
  const message = messages[index];
  if (message?.provenance?.kind !== "helpline") return false;
  const before = messages[index - 1];
  return !(
    before?.from === "counsellor" &&
    before.provenance?.kind === "helpline" &&
    before.senderName === message.senderName
  );
}

export function VouchedMark({ mark }: { mark: ProvenanceMark }) {
  const { provenance: t } = useConversationMessages();
  return (
    <span className="provenance vouched" data-testid="provenance-vouched">
      <span aria-hidden="true">✓ </span>
      {t.vouched(useHelplineName(mark))}
    </span>
  );
}

export function NotVouchedWarning({ mark }: { mark: ProvenanceMark }) {
  const { provenance: t } = useConversationMessages();
  return (
    <p className="provenance not-vouched" data-testid="provenance-not-vouched" role="note">
      <span aria-hidden="true">⚠ </span>
      {t.notVouched(useHelplineName(mark))}
    </p>
  );
}
