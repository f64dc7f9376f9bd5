/**
 * A conversation the youth chose to keep on this device ("Continuer plus tard sur cet appareil"):
 * what it takes to open it again. Only ever stored sealed with the youth's PIN (src/vault/).
 */
export interface KeptSession {
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
  readonly roomId: string;
  readonly counsellorName: string | null;
  /** The crypto store's IndexedDB databases start with this. */
  readonly cryptoDatabasePrefix: string;
  /** The crypto store's encryption key (base64 of 32 random bytes); nowhere else on the device. */
  readonly storageKey: string;
  /**
   * What lets the page tell the bot it is still open (POST /api/presence). Absent from a vault
   * sealed before presence existed, or with an older bot: the resumed page then says nothing.
   */
  readonly presenceKey?: string;
}

/** Checks a decrypted blob; null if anything is missing (an older or damaged vault). */
export function parseKeptSession(value: unknown): KeptSession | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (key: string): string | null => {
    const field = v[key];
    return typeof field === "string" && field !== "" ? field : null;
  };
  const userId = text("userId");
  const deviceId = text("deviceId");
  const accessToken = text("accessToken");
  const roomId = text("roomId");
  const cryptoDatabasePrefix = text("cryptoDatabasePrefix");
  const storageKey = text("storageKey");
  const presenceKey = text("presenceKey");
  if (!userId || !deviceId || !accessToken || !roomId || !cryptoDatabasePrefix || !storageKey) {
    return null;
  }
  return {
    userId,
    deviceId,
    accessToken,
    roomId,
    counsellorName: text("counsellorName"),
    cryptoDatabasePrefix,
    storageKey,
    ...(presenceKey !== null ? { presenceKey } : {}),
  };
}
