import { nlCommon } from "./nl-common.ts";
import type { Messages } from "./types.ts";

// Dutch for adults and their relatives ("u"): what nl.ts says, key for key, loaded only by the
// pages of a helpline for adults.
export const nlFormal: Messages = {
  ...nlCommon,
  register: "formal",
  welcome: {
    title: "Hier kunt u erover praten",
    intro:
      "Hebt u seksueel geweld meegemaakt, of iemand die u na staat? Een hulpverlener luistert naar u, zonder te oordelen.",
    anonymousTitle: "Het is anoniem",
    anonymous:
      "U hoeft uw naam, uw adres of uw nummer niet te geven. Er blijft niets op uw toestel bewaard als u deze pagina sluit.",
    confidentialityTitle: "Het is vertrouwelijk",
    confidentiality: "De hulpverlener heeft beroepsgeheim: wat u schrijft, blijft tussen u beiden.",
    exception:
      "Er is maar één uitzondering: als uw leven in ernstig gevaar is, kan ze de hulpdiensten bellen om u te beschermen.",
    hoursTitle: "Wanneer?",
    start: "Begin de chat",
    pseudonymLabel: "Een voornaam of schuilnaam (als u wilt)",
    pseudonymHint:
      "De hulpverlener spreekt u met deze naam aan. U mag er een verzinnen: gebruik liever niet uw volledige naam, uw nummer of uw adres.",
    pseudonymProblems: {
      too_short: "Deze naam is te kort: minstens 2 letters, of laat het vak leeg.",
      too_long: "Deze naam is te lang: hoogstens 24 tekens.",
      characters: "Gebruik alleen letters, cijfers, spaties of streepjes.",
      contact:
        "Dit lijkt op een nummer, een e-mailadres of een link. Kies liever een schuilnaam, zo blijft u anoniem.",
    },
    writingAbout: {
      legend: "Voor wie schrijft u?",
      self: "Ik schrijf voor mezelf",
      closeOne: "Ik schrijf over iemand die me nauw aan het hart ligt",
      hint: "Als u wilt: u hoeft niets te kiezen en u kunt het veranderen. Het helpt de hulpverlener om u te antwoorden.",
    },
  },
  serviceEnded: {
    title: "Deze chat is gestopt",
    endedOn: (date) => `Deze dienst is gestopt op ${date}. Hij neemt geen gesprekken meer aan.`,
    successorsTitle: "U kunt hier terecht",
    visit: "Naar de website",
  },
  resources: {
    title: "Ook andere mensen kunnen u helpen",
    emergency: "In nood",
    call: (phone) => `Bel ${phone}`,
    website: "Naar de website",
  },
  closed: {
    title: "De chat is nu gesloten",
    closed: "Niemand kan u hier nu antwoorden.",
    closingSoon: "De chat sluit binnenkort: vandaag kan er geen nieuw gesprek meer beginnen.",
    reopens: (when) => `De chat gaat weer open ${when}.`,
    reopensUnknown: "De chat gaat binnenkort weer open.",
    meanwhile: "Ondertussen kunt u terecht bij:",
  },
  starting: {
    title: "We maken uw chat klaar…",
    slow: "Het is nu erg druk. Laat u deze pagina open.",
  },
  errors: {
    title: "Er ging iets mis",
    generic: "Dat lukte niet. Probeer het zo meteen opnieuw.",
    closed: "De chat is nu gesloten.",
    busy: "Alle hulpverleners zijn nu bezet. Probeer het over een paar minuten opnieuw.",
    retry: "Opnieuw proberen",
    unsafeTitle: "We wachten liever even",
    unsafe:
      "De chat is nog niet klaar om te beschermen wat u schrijft, dus we versturen niets. Sluit deze pagina en probeer het zo meteen opnieuw.",
    otherTab:
      "De chat is al open in een ander tabblad. Ga daar verder, of sluit het andere tabblad en probeer het hier opnieuw.",
    barred:
      "De chat is op dit moment niet beschikbaar vanaf dit toestel. Probeer het later opnieuw. Bent u in gevaar, bel dan 112.",
    rateLimited:
      "Er komen nu veel aanvragen van hier. Wacht een paar minuten en probeer het dan opnieuw.",
    unknownHelpline: "Dit adres leidt niet naar een chat. Kijk de link na die u kreeg.",
  },
  quickExit: {
    button: "Snel weg",
    description:
      "Verlaat deze pagina meteen voor een neutrale website en wist de chat van dit toestel. Sneltoets: druk 3 keer op de Shift-toets.",
  },
};
