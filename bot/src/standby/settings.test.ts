import { describe, expect, it } from "vitest";
import { describeTarget, lockSettingsFromEnv, LockSettingsError } from "./settings.ts";

describe("lockSettingsFromEnv", () => {
  it("should mean no lock, one bot as before, when the URL is unset or empty", () => {
    expect(lockSettingsFromEnv({})).toEqual({ kind: "none" });
    expect(lockSettingsFromEnv({ HELPLINE_BOT_LOCK_DATABASE_URL: " " })).toEqual({ kind: "none" });
  });

  it("should read the URL, the retry period, the name and the standby mark", () => {
    expect(
      lockSettingsFromEnv({
        HELPLINE_BOT_LOCK_DATABASE_URL: "postgresql://synapse@postgres:5432/synapse",
        HELPLINE_BOT_LOCK_RETRY_SECONDS: "5",
        HELPLINE_BOT_LOCK_NAME: "chat.example.org",
        HELPLINE_BOT_STANDBY_MARK: "/tmp/standby",
      }),
    ).toEqual({
      kind: "postgres",
      databaseUrl: "postgresql://synapse@postgres:5432/synapse",
      retryMs: 5000,
      name: "chat.example.org",
      standbyMark: "/tmp/standby",
    });
    expect(
      lockSettingsFromEnv({ HELPLINE_BOT_LOCK_DATABASE_URL: "postgres://h/db" }),
    ).toMatchObject({ retryMs: 3000, name: undefined, standbyMark: undefined });
  });

  it.each(["mysql://host/db", "postgres:///db", "not a url", "postgresql://user:s3cret-pw@"])(
    "should refuse %s naming the variable, without repeating the value",
    (value) => {
      const read = () => lockSettingsFromEnv({ HELPLINE_BOT_LOCK_DATABASE_URL: value });
      expect(read).toThrow(LockSettingsError);
      expect(read).toThrow(/^HELPLINE_BOT_LOCK_DATABASE_URL: expected a PostgreSQL URL/);
      expect(read).not.toThrow(value);
    },
  );

  it.each(["0", "61", "2.5", "soon"])("should refuse a retry period of %s", (value) => {
    expect(() =>
      lockSettingsFromEnv({
        HELPLINE_BOT_LOCK_DATABASE_URL: "postgres://h/db",
        HELPLINE_BOT_LOCK_RETRY_SECONDS: value,
      }),
    ).toThrow(
      `HELPLINE_BOT_LOCK_RETRY_SECONDS: expected a whole number of seconds from 1 to 60, got "${value}".`,
    );
  });

  it("should refuse a lock name with spaces", () => {
    expect(() =>
      lockSettingsFromEnv({
        HELPLINE_BOT_LOCK_DATABASE_URL: "postgres://h/db",
        HELPLINE_BOT_LOCK_NAME: "two words",
      }),
    ).toThrow(/^HELPLINE_BOT_LOCK_NAME: expected/);
  });
});

describe("describeTarget", () => {
  it("should keep host, port and database and drop the user and password", () => {
    expect(describeTarget("postgresql://synapse:s3cret@postgres/synapse")).toBe(
      "postgres:5432/synapse",
    );
    expect(describeTarget("postgres://u@127.0.0.1:6543/x")).toBe("127.0.0.1:6543/x");
  });
});
