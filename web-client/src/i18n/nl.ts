import type { Messages } from "./types.ts";

// Dutch ("je"), loaded only when the youth picks it: it must say what fr.ts says, key for key.
export const nl: Messages = {
  lang: "nl",
  language: {
    label: "Taal",
  },
  welcome: {
    title: "Hier kun je erover praten",
    intro:
      "Heb je seksueel geweld meegemaakt, of heb je er vragen over? Een hulpverlener luistert naar je, zonder te oordelen.",
    anonymousTitle: "Het is anoniem",
    anonymous:
      "Je hoeft je naam, je adres of je nummer niet te geven. Er blijft niets op je toestel bewaard als je deze pagina sluit.",
    confidentialityTitle: "Het is vertrouwelijk",
    confidentiality: "De hulpverlener heeft beroepsgeheim: wat je schrijft, blijft tussen jullie.",
    exception:
      "Er is maar één uitzondering: als je leven in ernstig gevaar is, kan ze de hulpdiensten bellen om je te beschermen.",
    hoursTitle: "Wanneer?",
    start: "Begin de chat",
    pseudonymLabel: "Een voornaam of schuilnaam (als je wilt)",
    pseudonymHint:
      "De hulpverlener spreekt je met deze naam aan. Je mag er een verzinnen: gebruik liever niet je volledige naam, je nummer of je adres.",
    pseudonymProblems: {
      too_short: "Deze naam is te kort: minstens 2 letters, of laat het vak leeg.",
      too_long: "Deze naam is te lang: hoogstens 24 tekens.",
      characters: "Gebruik alleen letters, cijfers, spaties of streepjes.",
      contact:
        "Dit lijkt op een nummer, een e-mailadres of een link. Kies liever een schuilnaam, zo blijf je anoniem.",
    },
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
  resources: {
    title: "Ook andere mensen kunnen je helpen",
    emergency: "In nood",
    call: (phone) => `Bel ${phone}`,
    website: "Naar de website",
  },
  closed: {
    title: "De chat is nu gesloten",
    closed: "Niemand kan je hier nu antwoorden.",
    closingSoon: "De chat sluit binnenkort: vandaag kan er geen nieuw gesprek meer beginnen.",
    reopens: (when) => `De chat gaat weer open ${when}.`,
    reopensUnknown: "De chat gaat binnenkort weer open.",
    meanwhile: "Ondertussen kun je terecht bij:",
  },
  waiting: {
    title: "Een hulpverlener gaat je antwoorden",
    positionBefore: "Je bent nummer ",
    positionAfter: " in de wachtrij.",
    waitAbout: (minutes) =>
      minutes <= 1 ? "Wachttijd: ongeveer 1 minuut." : `Wachttijd: ongeveer ${minutes} minuten.`,
    waitUnknown:
      "Er is nu geen hulpverlener vrij. Je houdt je plaats: we antwoorden je zodra er een hulpverlener vrij is.",
    reassurance:
      "Je bent hier op de juiste plek. Je kunt altijd weggaan met ‘Het gesprek beëindigen’.",
    canWrite:
      "Je kunt al schrijven: je berichten blijven op je toestel en worden verstuurd zodra er een hulpverlener is.",
    joining: "Er komt een hulpverlener aan…",
    present: "Er is een hulpverlener. Je kunt schrijven.",
    handedOver:
      "Een andere hulpverlener neemt het over en kan lezen wat al geschreven is. Je kunt schrijven.",
  },
  ended: {
    title: "Het gesprek is afgelopen",
    thanks: "Bedankt dat je met ons hebt gepraat. Je hebt er goed aan gedaan.",
    reasons: {
      youth_left: "Je hebt het gesprek beëindigd.",
      counsellor_ended: "De hulpverlener heeft het gesprek beëindigd.",
      counsellor_left: "De hulpverlener moest het gesprek verlaten.",
      inactivity: "Het gesprek is gestopt omdat er al een tijdje geen bericht meer was.",
      closing: "De chat is nu gesloten, vandaag kan niemand je nog antwoorden.",
      not_admitted: "De chat kan nu geen nieuw gesprek aannemen.",
      other: "",
    },
    reopens: (when) => `De chat gaat weer open ${when}.`,
    erase: "Nu alles wissen",
    eraseHint: "Wist het gesprek van deze pagina en gaat terug naar het begin.",
  },
  starting: {
    title: "We maken je chat klaar…",
    detail: "Dat duurt maar een paar seconden.",
  },
  chat: {
    title: "Chat",
    hint: "Schrijf wat je wilt, op je eigen tempo. Je kunt stoppen wanneer je wilt.",
    listLabel: "Berichten",
    me: "Jij",
    counsellorFallback: "Hulpverlener",
    pendingDecryption: "Dit bericht komt eraan, even geduld…",
    sending: "Versturen…",
    notSent: "Nog niet verstuurd.",
    resend: "Opnieuw versturen",
    composerLabel: "Je bericht",
    composerPlaceholder: "Schrijf hier je bericht…",
    composerWaiting: "Even geduld, de chat wordt klaargemaakt…",
    send: "Versturen",
    empty: "Een hulpverlener gaat je antwoorden. Je kunt je eerste bericht al schrijven.",
    held: "Wacht nog: het wordt verstuurd zodra er een hulpverlener is.",
    end: "Het gesprek beëindigen",
    endQuestion: "Het gesprek beëindigen?",
    endDetail:
      "Je verlaat de chat. Berichten die nog niet verstuurd zijn, worden niet verstuurd. Je kunt terugkomen wanneer je wilt.",
    endConfirm: "Ja, beëindigen",
    endCancel: "Nee, doorgaan",
    endFailed: "We konden het gesprek niet beëindigen. Probeer het zo meteen opnieuw.",
    counsellorTyping: "De hulpverlener typt…",
    sent: "Verstuurd",
    read: "Gelezen",
    connectionLost: "Verbinding verbroken, we proberen opnieuw…",
    connectionLostDetail:
      "Je kunt verder schrijven: je berichten vertrekken zodra de verbinding terug is.",
    unreadable:
      "Dit bericht kon op dit toestel niet gelezen worden. Zeg aan de hulpverlener dat je het niet kreeg: ze kan het opnieuw schrijven.",
  },
  errors: {
    title: "Er ging iets mis",
    generic: "Oei, dat lukte niet. Probeer het zo meteen opnieuw.",
    closed: "De chat is nu gesloten.",
    busy: "Alle hulpverleners zijn nu bezet. Probeer het over een paar minuten opnieuw.",
    retry: "Opnieuw proberen",
    unsafeTitle: "We wachten liever even",
    unsafe:
      "De chat is nog niet klaar om te beschermen wat je schrijft, dus we versturen niets. Sluit deze pagina en probeer het zo meteen opnieuw.",
    otherTab:
      "De chat is al open in een ander tabblad. Ga daar verder, of sluit het andere tabblad en probeer het hier opnieuw.",
    barred:
      "De chat is op dit moment niet beschikbaar vanaf dit toestel. Probeer het later opnieuw. Ben je in gevaar, bel dan 112.",
    rateLimited:
      "Er komen nu veel aanvragen van hier. Wacht een paar minuten en probeer het dan opnieuw.",
  },
  quickExit: {
    button: "Snel weg",
    description:
      "Verlaat deze pagina meteen voor een neutrale website en wist de chat van dit toestel. Sneltoets: druk 3 keer op de Shift-toets.",
  },
};
