// The youth's intent to start: the first touch, key or focus within the welcome form, or the
// pointer over its start button. Watched from the session chunk, once the page has loaded it
// while she reads, so the first screen carries none of this; focus already in the form by then
// counts too. Mere page load is never intent, and nothing is asked while the page is hidden.

/** The welcome form (views/WelcomeScreen.tsx) and its start button. */
const formSelector = "form.start";
const startButtonSelector = "form.start button[type=submit]";

const withinForm = ["pointerdown", "touchstart", "keydown", "focusin"] as const;

/** Calls `onIntent` at each sign of intent (it decides what to do again); returns the unwatch. */
export function watchIntent(doc: Document, onIntent: () => void): () => void {
  const signal = (): void => {
    if (doc.visibilityState === "visible") onIntent();
  };
  const onFormEvent = (event: Event): void => {
    if (event.target instanceof Element && event.target.closest(formSelector) !== null) signal();
  };
  const onHover = (event: Event): void => {
    if (event.target instanceof Element && event.target.closest(startButtonSelector) !== null) {
      signal();
    }
  };
  // Capture, passive: seen before the page's own handlers, never delaying them.
  const options = { capture: true, passive: true } as const;
  for (const type of withinForm) doc.addEventListener(type, onFormEvent, options);
  doc.addEventListener("pointerover", onHover, options);
  if (doc.activeElement?.closest(formSelector) != null) signal();
  return () => {
    for (const type of withinForm) doc.removeEventListener(type, onFormEvent, options);
    doc.removeEventListener("pointerover", onHover, options);
  };
}
