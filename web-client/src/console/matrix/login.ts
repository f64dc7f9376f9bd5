import { createClient } from "matrix-js-sdk";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/recovery-key.js";
import type { Fetch } from "../../shared/fetch.ts";
import { memoryOnlyStore } from "../../shared/matrix/memoryOnlyStore.ts";
import { quietLogger } from "../../shared/matrix/quietLogger.ts";
import {
  LoginError,
  RecoveryKeyError,
  type Login,
  type LoginFailure,
  type PendingLogin,
} from "../types.ts";
import { MatrixConsole, createConsoleClient, startAndSync } from "./MatrixConsole.ts";

function failureOf(status: number | undefined): LoginFailure {
  if (status === 403 || status === 401) return "badCredentials";
  // Too many wrong passwords (or logins) for this account: even the right one is refused for a
  // few minutes. Saying "wrong password" would make her try again and wait longer.
  if (status === 429) return "tooManyAttempts";
  return "generic";
}

/**
 * Password login, then a device that is cross-signed and reads the key backup.
 *
 * The crypto store is in memory only (`useIndexedDB: false`): a counsellor's office PC may be
 * shared, and nothing of a conversation must stay on it after the shift. What a new login needs
 * to read the shift's past conversations comes back from the server-side key backup, opened with
 * the recovery key. The price: every login is a new device that must be unlocked with that key.
 */
export function createLogin(homeserverUrl: string, fetchFn: Fetch): Login {
  return async (user, password) => {
    const anonymous = createClient({
      baseUrl: homeserverUrl,
      logger: quietLogger("console"),
      store: memoryOnlyStore(),
      fetchFn: (input, init) => fetchFn(String(input), init),
    });
    let credentials: { userId: string; accessToken: string; deviceId: string };
    try {
      const answer = await anonymous.loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: user.trim() },
        password,
        initial_device_display_name: "Console",
      });
      credentials = {
        userId: answer.user_id,
        accessToken: answer.access_token,
        deviceId: answer.device_id,
      };
    } catch (error: unknown) {
      const status = (error as { httpStatus?: number }).httpStatus;
      throw new LoginError(failureOf(status), { cause: error });
    }

    let secretKey: Uint8Array<ArrayBuffer> | null = null;
    const client = createConsoleClient(homeserverUrl, fetchFn, credentials, () => secretKey);
    try {
      await client.initRustCrypto({ useIndexedDB: false });
      await startAndSync(client);
    } catch (error: unknown) {
      client.stopClient();
      throw new LoginError("generic", { cause: error });
    }
    const crypto = client.getCrypto();
    if (crypto === undefined) throw new LoginError("generic");
    const userId = credentials.userId;

    // Replacing cross-signing keys needs the password again (user-interactive auth).
    const authUpload = async (
      makeRequest: (auth: Record<string, unknown> | null) => Promise<unknown>,
    ): Promise<void> => {
      try {
        await makeRequest(null);
      } catch (error: unknown) {
        const session = (error as { data?: { session?: string } }).data?.session;
        await makeRequest({
          type: "m.login.password",
          identifier: { type: "m.id.user", user: userId },
          password,
          ...(session !== undefined ? { session } : {}),
        });
      }
    };

    /** New cross-signing identity, new secret storage, new key backup: a new recovery key. */
    const setUpFresh = async (replace: boolean): Promise<string> => {
      await crypto.bootstrapCrossSigning({
        setupNewCrossSigning: replace,
        authUploadDeviceSigningKeys: authUpload,
      });
      const generated = await crypto.createRecoveryKeyFromPassphrase();
      secretKey = generated.privateKey;
      await crypto.bootstrapSecretStorage({
        createSecretStorageKey: async () => generated,
        setupNewSecretStorage: true,
        setupNewKeyBackup: true,
      });
      if (generated.encodedPrivateKey === undefined) throw new Error("no recovery key");
      return generated.encodedPrivateKey;
    };

    const session = new MatrixConsole(client);
    const hasCrossSigning = await crypto.userHasCrossSigningKeys(userId, true);
    let newRecoveryKey: string | null = null;
    if (!hasCrossSigning) {
      try {
        newRecoveryKey = await setUpFresh(false);
      } catch (error: unknown) {
        await session.logout().catch(() => undefined);
        throw new LoginError("generic", { cause: error });
      }
    }

    const pending: PendingLogin = {
      newRecoveryKey,
      needsRecoveryKey: hasCrossSigning,
      session,
      unlock: async (typed) => {
        let key: Uint8Array<ArrayBuffer>;
        try {
          key = decodeRecoveryKey(typed.replace(/\s+/g, " ").trim());
        } catch (error: unknown) {
          throw new RecoveryKeyError("wrongKey", { cause: error });
        }
        // Checked against the stored key description before anything is imported: a wrong key
        // changes nothing.
        const stored = await client.secretStorage.getKey();
        if (stored === null) throw new RecoveryKeyError("generic");
        const [, info] = stored;
        if (!(await client.secretStorage.checkKey(key, info))) {
          throw new RecoveryKeyError("wrongKey");
        }
        secretKey = key;
        try {
          // Imports the cross-signing keys from secret storage and signs this device with them.
          await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys: authUpload });
          await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
          await crypto.checkKeyBackupAndEnable();
          // Past messages of the shift decrypt from the backup.
          await crypto.restoreKeyBackup();
        } catch (error: unknown) {
          throw new RecoveryKeyError("generic", { cause: error });
        }
      },
      reset: () => setUpFresh(true),
    };
    return pending;
  };
}
