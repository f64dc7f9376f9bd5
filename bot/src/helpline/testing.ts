// For tests: the smallest helpline definition the schema accepts, as a YAML file would give it
// (before parsing), so each test changes only the key it is about.

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
