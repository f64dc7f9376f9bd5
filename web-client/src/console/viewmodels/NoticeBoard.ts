import { SnapshotStore } from "../../shared/viewmodels/ViewModel.ts";

/** What the desk says once an action went through, until the counsellor dismisses it. */
export type DeskNotice =
  | { readonly kind: "handedOver"; readonly to: string }
  | { readonly kind: "ended" }
  | { readonly kind: "barred" }
  | { readonly kind: "requeued" }
  | { readonly kind: "assigned"; readonly to: string }
  /** A supervisor asked to read a conversation; its counsellor's console invites her. */
  | { readonly kind: "joinRequested"; readonly reference: number }
  /** This console invited a colleague to read a conversation in its counsellor's charge. */
  | { readonly kind: "observerInvited"; readonly to: string }
  | { readonly kind: "observerLeft" };

/** One notice at a time, told by the chat panel, the desk or the supervisor panel. */
export class NoticeBoard extends SnapshotStore<DeskNotice | null> {
  constructor() {
    super(null);
  }

  tell(notice: DeskNotice): void {
    this.set(notice);
  }

  dismiss = (): void => {
    this.set(null);
  };
}
