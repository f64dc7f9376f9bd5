import type { Messages } from "./types.ts";

// What the Dutch catalogs of both registers share (nothing here addresses the reader): its own
// module, so each register's lazily loaded chunk carries it once without loading the other.
export const nlCommon = {
  lang: "nl",
  language: {
    label: "Taal",
  },
  hours: {
    locale: "nl-BE",
    days: {
      monday: "maandag",
      tuesday: "dinsdag",
      wednesday: "woensdag",
      thursday: "donderdag",
      friday: "vrijdag",
      saturday: "zaterdag",
      sunday: "zondag",
    },
    time: (hour, minute) =>
      minute === 0 ? `${hour} uur` : `${hour}.${String(minute).padStart(2, "0")} uur`,
    slot: (from, to) => `van ${from} tot ${to}`,
    slotSeparator: " en ",
    oneDay: (day, slots) => `Op ${day} ${slots}`,
    dayRange: (first, last, slots) => `Van ${first} tot ${last} ${slots}`,
    today: (time) => `vandaag om ${time}`,
    tomorrow: (time) => `morgen om ${time}`,
    on: (day, time) => `op ${day} om ${time}`,
  },
} as const satisfies Pick<Messages, "lang" | "language" | "hours">;
