import type { ConsoleMessages } from "./fr.ts";

export const nl: ConsoleMessages = {
  locale: "nl-BE",
  appTitle: "Console hulpverlener",
  languageLabel: "Taal",
  login: {
    title: "Aanmelden",
    userLabel: "Gebruikersnaam",
    passwordLabel: "Wachtwoord",
    submit: "Aanmelden",
    busy: "Aanmelden…",
    badCredentials: "Gebruikersnaam of wachtwoord onjuist.",
    tooManyAttempts:
      "Te veel pogingen voor dit account: de server blokkeert het enkele minuten. Probeer het over vijf minuten opnieuw.",
    generic: "Aanmelden mislukt. Probeer opnieuw.",
    notCounsellor: "Dit account is geen hulpverlenersaccount van deze lijn.",
    shiftEnded: "Dienst beëindigd. Er bleef niets achter op dit toestel.",
  },
  recovery: {
    newTitle: "Uw herstelsleutel",
    newIntro:
      "Noteer deze sleutel en bewaar hem veilig. Hij wordt bij elke aanmelding gevraagd om de gesprekken van uw dienst te lezen. Hij wordt niet meer getoond.",
    resetIntro:
      "Nieuwe sleutel aangemaakt. Oudere berichten zijn op dit nieuwe toestel niet meer leesbaar.",
    keyLabel: "Herstelsleutel",
    saved: "Ik heb hem genoteerd",
    askTitle: "Herstelsleutel",
    askIntro: "Voer uw herstelsleutel in om de gesprekken van uw dienst te lezen.",
    unlock: "Ontgrendelen",
    busy: "Controleren…",
    wrongKey: "Deze sleutel klopt niet. Er is niets gewijzigd.",
    generic: "Controle mislukt. Probeer opnieuw.",
    lost: "Ik ben mijn sleutel kwijt",
    resetQuestion: "Een nieuwe sleutel aanmaken?",
    resetWarning:
      "Er worden een nieuwe identiteit en een nieuwe back-up aangemaakt. Oudere berichten worden op dit toestel onleesbaar.",
    resetConfirm: "Nieuwe sleutel aanmaken",
    cancel: "Annuleren",
    back: "Terug naar aanmelden",
  },
  loading: "Laden…",
  desk: {
    title: "Overzicht",
    availabilityLabel: "Beschikbaarheid",
    availability: { on_duty: "In dienst", paused: "Pauze", off_duty: "Buiten dienst" },
    load: (load: number, capacity: number) => `${load} / ${capacity} gesprekken`,
    endShift: "Dienst beëindigen",
    apiTrouble: "De server antwoordt niet. Nieuwe poging bezig…",
    offersTitle: "Nieuwe gesprekken",
    noOffers: "Geen voorgestelde gesprekken.",
    conversationsTitle: "Mijn gesprekken",
    noConversations: "Geen lopende gesprekken.",
    accept: "Aanvaarden",
    decline: "Weigeren",
    handoverFrom: (from: string) => `Doorgegeven door ${from}`,
    handoverTo: (to: string) => `Overdracht aan ${to} in afwachting`,
    requeued: "Terug in de wachtrij",
    /** The youth pressed "I am in danger now" while she waited (offer, conversation, queue). */
    urgent: "Noodsituatie gemeld door de jongere",
    /** The youth's answer to "about myself / someone close" (services for adults). */
    writingAbout: { self: "schrijft over zichzelf", "close-one": "schrijft over een naaste" },
    waited: (minutes: number) => `${minutes} min geleden aangekomen`,
    secondsLeft: (seconds: number) => `nog ${seconds} s om te antwoorden`,
    /** Beside a conversation whose youth's page went away. */
    youthGone: {
      quick_exit: "Snelle uitgang",
      closed: "Pagina gesloten",
      silent: "Reageert niet meer",
    },
    unread: (count: number) => `${count} ongelezen`,
    open: "Openen",
    queueTitle: "Wachtrij",
    queueEmpty: "Niemand wacht.",
    queueWaiting: (count: number) => `${count} wachtend`,
    queueRow: (position: number, minutes: number | null) =>
      `nr. ${position}${minutes === null ? "" : ` · wacht sinds ${minutes} min`}`,
    queueOffered: "voorgesteld",
    dismiss: "Sluiten",
    notice: {
      handedOver: (to: string) => `Uitnodiging verstuurd naar ${to}.`,
      ended: "Gesprek beëindigd.",
      barred: "Toestel geblokkeerd.",
      requeued: "Terug in de wachtrij. U houdt het gesprek tot een collega het overneemt.",
      assigned: (to: string) => `Voorgesteld aan ${to}.`,
    },
  },
  chat: {
    listLabel: "Berichten",
    empty: "Nog geen berichten.",
    me: "U",
    youth: "Jongere",
    undecryptable: "Bericht nog niet leesbaar (sleutel ontbreekt).",
    withheldUnprotected:
      "Bericht geblokkeerd: verstuurd zonder versleuteling, het komt misschien niet van de aangegeven persoon. De inhoud wordt niet getoond.",
    withheldUnverifiedDevice:
      "Bericht geblokkeerd: verstuurd vanaf een apparaat dat de eigenaar niet heeft geverifieerd. De inhoud wordt niet getoond.",
    sending: "Versturen…",
    typing: "De jongere typt…",
    composerLabel: "Uw bericht",
    send: "Versturen",
    sendFailed: "De actie is mislukt. Probeer opnieuw.",
    notReady: "Het gesprek wordt klaargemaakt…",
    cannedTitle: "Standaardantwoorden",
    actionsLabel: "Acties voor het gesprek",
    end: "Beëindigen",
    handOver: "Doorgeven",
    requeue: "Terug naar de wachtrij",
    bar: "Blokkeren",
    endQuestion: "Dit gesprek beëindigen?",
    endDetail: "De jongere ziet dat het gesprek beëindigd is.",
    barQuestion: "Dit toestel blokkeren?",
    barDetail: "Het toestel van de jongere kan een tijd lang niet meer schrijven.",
    requeueQuestion: "Terug naar de wachtrij?",
    requeueDetail: "U houdt het gesprek tot een collega vrij is.",
    confirm: "Bevestigen",
    cancel: "Annuleren",
    chooseColleague: "Doorgeven aan",
    noColleague: "Geen collega beschikbaar.",
    historyMayNotFollow:
      "Dit gesprek begon vóór uw laatste aanmelding: uw collega kan de eerdere berichten niet lezen. Vat het belangrijkste voor haar samen.",
    colleagueLoad: (load: number, capacity: number) => `${load}/${capacity}`,
    youthGone: {
      quickExit:
        "De jongere heeft de pagina plots verlaten (snelle uitgang): misschien kwam er iemand in de buurt. Het gesprek is beëindigd.",
      quickExitKept:
        "De jongere heeft de pagina plots verlaten (snelle uitgang): misschien kwam er iemand in de buurt. Het gesprek blijft bewaard op het toestel: de jongere kan terugkomen.",
      closed:
        "De jongere heeft de pagina gesloten. U kunt het gesprek beëindigen om de volgende persoon te helpen.",
      closedKept:
        "De jongere heeft de pagina gesloten. Het gesprek blijft bewaard op het toestel: de jongere kan terugkomen.",
      silent:
        "De pagina van de jongere reageert al een tijdje niet meer (tabblad gesloten of telefoon in slaapstand). U kunt het gesprek beëindigen.",
      silentKept:
        "De pagina van de jongere reageert al een tijdje niet meer (tabblad gesloten of telefoon in slaapstand). Het gesprek blijft bewaard op het toestel: de jongere kan terugkomen.",
    },
  },
  caseForm: {
    /** The youth as the bot names her room, "Jeune 4821", in every language. */
    title: (reference: number) => `Anonieme fiche — Jeune ${reference}`,
    intro:
      "Enkele gesloten vragen, allemaal facultatief: alleen de totalen van de dag worden bewaard, nooit de fiche.",
    categories: "Waarover ging het?",
    writer: "Wie schreef?",
    ageBand: "Leeftijd",
    firstDisclosure: "Eerste keer dat ze of hij erover praat?",
    offered: "Wat werd aangeboden",
    writers: {
      victim: "Het slachtoffer",
      "relative-or-friend": "Een naaste, een vriend of vriendin",
      professional: "Een professional",
      unknown: "Weet ik niet",
    },
    ageBands: {
      "under-12": "Jonger dan 12",
      "12-14": "12–14 jaar",
      "15-17": "15–17 jaar",
      "18-24": "18–24 jaar",
      "25-plus": "25 jaar en ouder",
      unknown: "Weet ik niet",
    },
    firstDisclosures: { yes: "Ja", no: "Nee", unknown: "Weet ik niet" },
    offers: {
      listening: "Luisteren",
      information: "Informatie",
      "referral-sos-enfants": "Doorverwijzing naar een SOS Enfants-team",
      "referral-cpvs": "Doorverwijzing naar een ZSG",
      "referral-police": "Doorverwijzing naar de politie",
      "referral-emergency": "Doorverwijzing naar de hulpdiensten",
    },
    send: "Versturen",
    sending: "Versturen…",
    skip: "Overslaan",
    failed: "Versturen is mislukt. Probeer opnieuw, of sla over.",
  },
  supervisor: {
    title: "Supervisie",
    counsellorsTitle: "Hulpverleners",
    active: (count: number) => `${count} lopende gesprek${count === 1 ? "" : "ken"}`,
    assignLabel: (reference: number) => `Gesprek ${reference} voorstellen aan`,
    assign: "Voorstellen",
    choose: "Kiezen…",
    unavailable: "Deze hulpverlener is niet beschikbaar.",
    generic: "Toewijzen mislukt.",
    offeredTo: (to: string) => `voorgesteld aan ${to}`,
  },
  safetyForm: {
    label: "Veiligheidsformulier",
    propose: "Het veiligheidsformulier voorstellen",
    proposeAgain: "Opnieuw voorstellen",
    hint: "De jongere moet eerst akkoord gaan. De antwoorden (een plaats, een nummer) komen versleuteld bij u alleen aan, nooit in het gesprek.",
    proposing: "Voorstel wordt verstuurd…",
    proposed: "Formulier voorgesteld: wacht op het antwoord van de jongere.",
    declined: "De jongere heeft het formulier geweigerd. Er verandert niets voor hem of haar.",
    failed: "Het voorstel kon niet verstuurd worden. Probeer opnieuw.",
    answered:
      "Antwoorden van de jongere, alleen door u leesbaar en gewist aan het einde van het gesprek:",
    place: "Plaats",
    phone: "Telefoon",
    empty: "(niet ingevuld)",
  },
  sideChannel: {
    ask: "Hulp vragen",
    asking: "Bezig met vragen…",
    askFailed: "De hulpvraag is mislukt. Probeer opnieuw.",
    invited: (count: number) =>
      `Hulp gevraagd: ${count} supervisor${count === 1 ? "" : "s"} van dienst uitgenodigd in een aparte versleutelde ruimte.`,
    noneOnDuty:
      "Er is geen supervisor van dienst: voorlopig is niemand anders dan u in de hulpruimte. Vraag opnieuw wanneer er een van dienst is.",
    title: (reference: number) => `Hulp · Jeune ${reference}`,
    mine: "Tussen u en de supervisors van dienst. De jongere ziet dit niet.",
    theirs: "Een collega vraagt uw hulp. De jongere ziet dit niet.",
    empty: "Nog geen berichten.",
    composerLabel: (reference: number) => `Bericht aan het team over Jeune ${reference}`,
    send: "Naar het team sturen",
    joining: "De versleutelde ruimte wordt geopend…",
    sendFailed: "Verzenden mislukt. Probeer opnieuw.",
  },
  danger: {
    mark: "Levensgevaar",
    question: "Levensgevaar melden?",
    detail:
      "De supervisors in dienst worden meteen gewaarschuwd, in de teamruimte en in hun console. Niets van het gesprek wordt hun gestuurd: alleen het nummer en uw naam.",
    confirm: "Melden",
    cancel: "Annuleren",
    marked: (minutes: number | null) =>
      `Levensgevaar gemeld${minutes === null ? "" : minutes === 0 ? " zonet" : ` ${minutes} min geleden`}`,
    supervisorsAlerted:
      "De supervisors in dienst zijn gewaarschuwd. Dit is de richtlijn van de dienst:",
    refused:
      "Melding geweigerd: alleen de hulpverlener die een lopend gesprek heeft, of een supervisor, kan het melden. Er is niets gewijzigd.",
    failed: "De melding kon niet worden verstuurd. Probeer opnieuw.",
    noGuidance: "De dienst heeft geen richtlijn ingesteld: bel 112 als een leven in gevaar is.",
    contactsLabel: "Wie bellen",
    listTitle: (count: number) =>
      `Levensgevaar: ${count} gemeld${count === 1 ? " gesprek" : "e gesprekken"}`,
    listRow: (reference: number, counsellor: string, by: string, minutes: number | null) =>
      `Jongere ${reference} · ${counsellor}${by === counsellor ? "" : ` · gemeld door ${by}`}${minutes === null ? "" : ` · ${minutes} min geleden`}`,
  },
  observing: {
    banner: (counsellor: string) =>
      `U leest dit gesprek mee naast ${counsellor}, die er verantwoordelijk voor blijft. De jongere is verwittigd dat een tweede hulpverlener meeleest. U kunt ook schrijven.`,
    leave: "Gesprek verlaten",
    with: (counsellor: string) => `u leest mee met ${counsellor}`,
    by: (observers: string) => `ook gelezen door ${observers}`,
    inProgressTitle: "Lopende gesprekken",
    inProgressEmpty: "Geen lopende gesprekken.",
    inProgressRow: (reference: number, counsellor: string, minutes: number | null) =>
      `Jongere ${reference} · ${counsellor}${minutes === null ? "" : ` · sinds ${minutes} min`}`,
    join: "Meelezen",
    joinLabel: (reference: number) => `Het gesprek Jongere ${reference} meelezen`,
    joined: "u leest mee",
    addLabel: "Laten meelezen door een collega (opleiding)",
    add: "Uitnodigen om mee te lezen",
    choose: "Kiezen…",
    joinRefused: "Meelezen in dit gesprek is nu niet mogelijk.",
    notice: {
      joinRequested: (reference: number) =>
        `Verzoek verstuurd: de console van de hulpverlener van Jongere ${reference} nodigt u uit, met de geschiedenis.`,
      observerInvited: (to: string) =>
        `${to} is uitgenodigd om het gesprek mee te lezen, met de geschiedenis. De jongere is verwittigd.`,
      left: "U hebt het gesprek verlaten.",
    },
  },
  notify: {
    newConversation: (count: number) => `(${count}) Nieuw gesprek`,
    danger: (count: number) => `(${count}) LEVENSGEVAAR`,
  },
};
