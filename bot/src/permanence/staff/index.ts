// The staff room's language: commands read from counsellors, notices and status written to them.
export {
  helpText,
  parseStaffMessage,
  type ParsedStaffMessage,
  type StaffCommand,
} from "./commands.ts";
export {
  alreadyReply,
  availabilityReply,
  barReply,
  caseFormReminder,
  handOverInstructions,
  handOverRefusalReply,
  inviteReason,
  conversationOverReason,
  renderNotice,
  renderStatus,
  staffRoomName,
  staffRoomTopic,
  type StatusView,
} from "./render.ts";
export {
  sideChannelNotice,
  sideChannelRefusedReply,
  sideChannelRoomName,
} from "./side-channel-text.ts";
export { caseFormCodes, readCaseFormCodes, type CaseCategoryCode } from "./case-form-codes.ts";
export {
  availabilityRefusedReply,
  barRefusedReply,
  caseFormCodesRefusedReply,
  caseFormFiledReply,
  dangerRefusedReply,
  noCaseFormReply,
  endRefusedReply,
  handOverRefusedReply,
  handOverToNextRefusedReply,
  observeRefusedReply,
  requeueRefusedReply,
  type Names,
} from "./replies.ts";
export { dangerAlert, type DangerAlertInput, type StaffAlert } from "./danger-alert.ts";
