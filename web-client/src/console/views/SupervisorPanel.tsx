import { useState } from "react";
import type { QueueItem } from "../viewmodels/items.ts";
import type { SupervisorPanel, SupervisorViewModel } from "../viewmodels/SupervisorViewModel.ts";
import { InProgressList } from "./InProgressList.tsx";
import { useConsoleMessages } from "../i18n/index.ts";
import { SupervisorDangerList } from "./Danger.tsx";
import { UrgentMark } from "./UrgentMark.tsx";

/** Metadata only: loads, the queue, a count. Never a room id or a message of others. */
export function SupervisorPanelView({
  panel,
  vm,
}: {
  panel: SupervisorPanel;
  vm: SupervisorViewModel;
}) {
  const m = useConsoleMessages();
  const t = m.supervisor;
  return (
    <section className="panel" aria-labelledby="supervisor-title" data-testid="supervisor-panel">
      <h2 id="supervisor-title">{t.title}</h2>
      <SupervisorDangerList vm={vm.danger} />
      <p data-testid="supervisor-active">{t.active(panel.active)}</p>
      <h3>{t.counsellorsTitle}</h3>
      <ul className="items">
        {panel.counsellors.map((c) => (
          <li key={c.userId} data-testid="supervisor-counsellor" data-user={c.userId}>
            {c.userId} · {m.desk.availability[c.availability]} · {c.load}/{c.capacity}
          </li>
        ))}
      </ul>
      <h3>{m.desk.queueTitle}</h3>
      {panel.queue.length === 0 ? <p className="muted">{m.desk.queueEmpty}</p> : null}
      <ul className="items">
        {panel.queue.map((q) => (
          <QueueRow key={q.reference} item={q} panel={panel} vm={vm} />
        ))}
      </ul>
      <InProgressList panel={panel} vm={vm} />
      {panel.failed !== null ? (
        <p role="alert" className="error">
          {panel.failed === "unavailable" ? t.unavailable : t.generic}
        </p>
      ) : null}
    </section>
  );
}

function QueueRow({
  item,
  panel,
  vm,
}: {
  item: QueueItem;
  panel: SupervisorPanel;
  vm: SupervisorViewModel;
}) {
  const m = useConsoleMessages();
  const t = m.supervisor;
  const [choice, setChoice] = useState("");
  const id = `assign-${item.reference}`;
  return (
    <li
      data-testid="supervisor-queue"
      data-reference={item.reference}
      data-state={item.state}
      data-offered-to={item.offeredTo ?? undefined}
    >
      {item.urgent ? <UrgentMark /> : null}
      {m.desk.queueRow(item.position, item.waitingMinutes)}
      {item.offeredTo !== null ? ` · ${t.offeredTo(item.offeredTo)}` : ""}
      <label htmlFor={id} className="visually-hidden">
        {t.assignLabel(item.reference)}
      </label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t.choose}</option>
        {panel.counsellors.map((c) => (
          <option key={c.userId} value={c.userId}>
            {c.userId}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary"
        disabled={choice === "" || panel.assigning !== null}
        onClick={() => vm.assign(item.reference, choice)}
      >
        {t.assign}
      </button>
    </li>
  );
}
