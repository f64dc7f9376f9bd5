// For tests: the smallest helpline definition the schema accepts, as a YAML file would give it
// (before parsing), so each test changes only the key it is about; and the problems a refused one
// is reported with.

import { expect } from "vitest";
import { ConfigError, parseHelplineConfig } from "./load.ts";

export function validHelplineInput() {
  return {
    id: "test-line",
    name: { fr: "Ligne de test" },
    defaultLanguage: "fr",
    audience: "minors",
    hours: {
      weekly: { monday: [{ from: "18:30", to: "21:30" }] },
      lastAdmissionMinutes: 15,
      closingWarningMinutes: 10,
    },
    conversations: {
      defaultMaxPerCounsellor: 2,
      offerTimeoutSeconds: 90,
      inactivityTimeoutMinutes: 30,
      typicalDurationMinutes: 30,
      erasureGraceMinutes: 5,
    },
    resources: [{ label: { fr: "Urgence" }, phone: "112", emergency: true }],
  };
}

/** The problems the schema reports for `raw`, failing the test if it accepts it. */
export function helplineConfigProblems(raw: unknown): string[] {
  try {
    parseHelplineConfig(raw, "line.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.slice();
  }
  throw new Error("expected a ConfigError");
}
