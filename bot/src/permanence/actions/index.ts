// Every action a door may offer (README.md).
export { assign, type AssignRefusal } from "./assign.ts";
export { setAvailability, type AvailabilityRefusal } from "./availability.ts";
export { bar, type BarRefusal } from "./bar.ts";
export { markDanger, type DangerRefusal } from "./danger.ts";
export { fileCaseForm, type CaseFormDue, type CaseFormRefusal } from "./case-form.ts";
export { end, type EndInput, type EndRefusal } from "./end.ts";
export { findByReference } from "./find.ts";
export {
  handOver,
  handOverToNext,
  type HandOverRefusal,
  type HandOverToNextRefusal,
} from "./hand-over.ts";
export { observe, type ObserveRefusal } from "./observe.ts";
export { operatorClose, reconcileDisabled, setDisabled } from "./operator.ts";
export { requeue, type RequeueRefused } from "./requeue.ts";
export {
  askForHelp,
  sideChannelOpened,
  type SideChannelRefused,
  type SideChannelRequest,
} from "./side-channel.ts";

import type { PermanenceEvent } from "../types.ts";

/** Dispatches an action's events in order, each once the previous is durable. */
export async function perform(
  events: readonly PermanenceEvent[],
  permanence: { dispatch(event: PermanenceEvent): Promise<void> },
): Promise<void> {
  for (const event of events) await permanence.dispatch(event);
}
