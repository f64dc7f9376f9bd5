/**
 * GOV.UK's "Exit this page" shortcut: Shift pressed three times in a row within about a second.
 * A pure function over key presses so it is tested with a fake clock.
 */

export interface ShiftTripleState {
  /** When the Shift presses of the current run happened, oldest first (at most two kept). */
  readonly presses: readonly number[];
}

export interface KeyPress {
  readonly key: string;
  /** A key held down repeats: those are not new presses. */
  readonly repeat: boolean;
}

export const SHIFT_TRIPLE_WINDOW_MS = 1000;

export const initialShiftTriple: ShiftTripleState = { presses: [] };

/**
 * The next state after a key went down, and whether this press completes three Shifts within
 * the window. Any other key breaks the run (typing a capital letter is not an exit).
 */
export function onKeyDown(
  state: ShiftTripleState,
  press: KeyPress,
  now: number,
  windowMs = SHIFT_TRIPLE_WINDOW_MS,
): { state: ShiftTripleState; triggered: boolean } {
  if (press.key !== "Shift") return { state: initialShiftTriple, triggered: false };
  if (press.repeat) return { state, triggered: false };
  const recent = state.presses.filter((at) => now - at <= windowMs);
  if (recent.length >= 2) return { state: initialShiftTriple, triggered: true };
  return { state: { presses: [...recent, now] }, triggered: false };
}

/** Listens to key presses and calls `onTrigger` on Shift×3; returns the function that stops. */
export function listenForShiftTriple(
  target: Pick<Window, "addEventListener" | "removeEventListener">,
  now: () => number,
  onTrigger: () => void,
): () => void {
  let state = initialShiftTriple;
  const listener = (event: KeyboardEvent): void => {
    const next = onKeyDown(state, { key: event.key, repeat: event.repeat }, now());
    state = next.state;
    if (next.triggered) onTrigger();
  };
  // Capture: a focused field that stops propagation must not swallow the exit.
  target.addEventListener("keydown", listener, true);
  return () => target.removeEventListener("keydown", listener, true);
}
