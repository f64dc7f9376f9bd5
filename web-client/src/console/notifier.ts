/**
 * The offer chime, generated with WebAudio: no audio file, no request. Browsers let a page play
 * sound only after a user gesture, so the AudioContext is created (or resumed) on the login click
 * and reused for every later offer, even while the console sits in a background tab.
 */
export class Chime {
  #context: AudioContext | null = null;

  /** Call from a click handler. */
  wake(): void {
    try {
      this.#context ??= new AudioContext();
      if (this.#context.state === "suspended") void this.#context.resume();
    } catch {
      // No audio on this device: the title change still tells.
    }
  }

  play(): void {
    const context = this.#context;
    if (context === null) return;
    const now = context.currentTime;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(880, now);
    oscillator.frequency.setValueAtTime(660, now + 0.15);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.3, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + 0.4);
  }

  close(): void {
    void this.#context?.close().catch(() => undefined);
    this.#context = null;
  }
}

/**
 * The tab's title: the console's name, with the count of unseen offers in front, and before all
 * the conversations marked "danger to life" (a supervisor's console), which must be seen first.
 */
export function consoleTitle(
  appTitle: string,
  unseen: number,
  newConversation: (n: number) => string,
  danger: { count: number; label: (n: number) => string } = { count: 0, label: () => "" },
): string {
  const title = unseen > 0 ? `${newConversation(unseen)} · ${appTitle}` : appTitle;
  return danger.count > 0 ? `${danger.label(danger.count)} · ${title}` : title;
}
