import { nlCommon } from "./nl-common.ts";
import type { Messages } from "./types.ts";

// Dutch ("je"), loaded only when the youth picks it: it must say what fr.ts says, key for key.
export const nl: Messages = {
  ...nlCommon,
  register: "informal",
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

    writingAbout: {
      legend: "Voor wie schrijf je?",
      self: "Ik schrijf voor mezelf",
      closeOne: "Ik schrijf over iemand die me nauw aan het hart ligt",
      hint: "Als je wilt: je hoeft niets te kiezen en je kunt het veranderen. Het helpt de hulpverlener om je te antwoorden.",
    },
  },
  serviceEnded: {
    title: "Deze chat is gestopt",
    endedOn: (date) => `Deze dienst is gestopt op ${date}. Hij neemt geen gesprekken meer aan.`,
    successorsTitle: "Je kunt hier terecht",
    visit: "Naar de website",
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
  starting: {
    title: "We maken je chat klaar…",
    slow: "Het is nu erg druk. Laat deze pagina open.",
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
    unknownHelpline: "Dit adres leidt niet naar een chat. Kijk de link na die je kreeg.",
  },
  quickExit: {
    button: "Snel weg",
    description:
      "Verlaat deze pagina meteen voor een neutrale website en wist de chat van dit toestel. Sneltoets: druk 3 keer op de Shift-toets.",
  },
};
