import type { SupervisorPanel, SupervisorViewModel } from "../viewmodels/SupervisorViewModel.ts";
import { useConsoleMessages } from "../i18n/index.ts";

/**
 * The conversations in progress, for a supervisor: references and counsellors only, never a room
 * id or a word of them. "Rejoindre" asks to read one beside its counsellor.
 */
export function InProgressList({ panel, vm }: { panel: SupervisorPanel; vm: SupervisorViewModel }) {
  const t = useConsoleMessages().observing;
  return (
    <>
      <h3>{t.inProgressTitle}</h3>
      {panel.inProgress.length === 0 ? <p className="muted">{t.inProgressEmpty}</p> : null}
      <ul className="items">
        {panel.inProgress.map((c) => (
          <li key={c.reference} data-testid="supervisor-in-progress" data-reference={c.reference}>
            {t.inProgressRow(c.reference, c.counsellorId, c.minutes)}
            {c.reading ? ` · ${t.joined}` : ""}
            {c.joinable ? (
              <button
                type="button"
                className="secondary"
                data-testid="supervisor-join"
                aria-label={t.joinLabel(c.reference)}
                disabled={panel.joining !== null}
                onClick={() => vm.join(c.reference)}
              >
                {t.join}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {panel.joinFailed ? (
        <p role="alert" className="error">
          {t.joinRefused}
        </p>
      ) : null}
    </>
  );
}
