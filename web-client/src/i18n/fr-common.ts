import type { Messages } from "./types.ts";

// What the French catalogs of both registers share (nothing here addresses the reader): its own
// module, so each register's lazily loaded chunk carries it once without loading the other.
export const frCommon = {
  lang: "fr",
  language: {
    label: "Langue",
  },
  hours: {
    locale: "fr-BE",
    days: {
      monday: "lundi",
      tuesday: "mardi",
      wednesday: "mercredi",
      thursday: "jeudi",
      friday: "vendredi",
      saturday: "samedi",
      sunday: "dimanche",
    },
    time: (hour, minute) =>
      minute === 0 ? `${hour} h` : `${hour} h ${String(minute).padStart(2, "0")}`,
    slot: (from, to) => `de ${from} à ${to}`,
    slotSeparator: " et ",
    oneDay: (day, slots) => `Le ${day} ${slots}`,
    dayRange: (first, last, slots) => `Du ${first} au ${last} ${slots}`,
    today: (time) => `aujourd’hui à ${time}`,
    tomorrow: (time) => `demain à ${time}`,
    on: (day, time) => `${day} à ${time}`,
  },
} as const satisfies Pick<Messages, "lang" | "language" | "hours">;
