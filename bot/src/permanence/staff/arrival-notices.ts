import type { PermanenceCommand, StaffNotice } from "../types.ts";

/** A staff notice to send, with the transaction id that makes sending it again harmless. */
export interface NoticeToSend {
  command: Extract<PermanenceCommand, { type: "notify_staff" }>;
  id: string;
}

/**
 * The staff room's notices of records carried out together (runtime.ts, #runBatch), with each
 * run of arrivals ("Jeune 4821 attend") told in one notice rather than one each.
 *
 * Why: on a campaign night every arrival told the staff room on its own. Each message woke the
 * sync of every counsellor on duty and was written by Synapse one after the other, in order; the
 * statuses carried out beside them waited for that lane, so youths' places reached their rooms
 * minutes late (docs/benchmarks.md). Counsellors lose nothing: the notice names every youth of the
 * run and the queue's length after the last. Every other notice keeps its place and its own
 * message, so the room's order is the order of events.
 *
 * The id of a run is made of its first and last notices' ids: tried again after a failure, the
 * same run is the same message. A run that grew meanwhile (more arrivals recorded before the
 * retry) is a new message, which may name again a youth the failed attempt had named.
 */
export function withArrivalsTogether(notices: readonly NoticeToSend[]): NoticeToSend[] {
  const result: NoticeToSend[] = [];
  let run: { first: NoticeToSend; last: NoticeToSend; references: number[] } | undefined;
  const endRun = () => {
    if (run === undefined) return;
    const { first, last, references } = run;
    const notice = last.command.notice as Extract<StaffNotice, { kind: "youth_waiting" }>;
    result.push(
      references.length === 1
        ? first
        : {
            command: {
              type: "notify_staff",
              notice: { kind: "youths_waiting", references, queueLength: notice.queueLength },
            },
            id: `${first.id}..${last.id}`,
          },
    );
    run = undefined;
  };
  for (const notice of notices) {
    const { notice: content } = notice.command;
    if (content.kind !== "youth_waiting") {
      endRun();
      result.push(notice);
      continue;
    }
    if (run === undefined) run = { first: notice, last: notice, references: [content.reference] };
    else {
      run.last = notice;
      run.references.push(content.reference);
    }
  }
  endRun();
  return result;
}
