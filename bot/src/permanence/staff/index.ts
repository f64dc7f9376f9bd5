// The staff room's language: commands read from counsellors, notices and status written to them.
export {
  helpText,
  parseStaffMessage,
  type ParsedStaffMessage,
  type StaffCommand,
} from "./commands.ts";
export {
  availabilityReply,
  barRefusedReply,
  barReply,
  handOverInstructions,
  handOverRefusalReply,
  renderNotice,
  renderStatus,
  staffRoomName,
  staffRoomTopic,
  type StatusView,
} from "./render.ts";
