import type { Language } from "@helpline/contract";

// The HTML report's words, in the helpline's default language (French first, then Dutch,
// English). Answers are labelled by their contract id; an id with no label here (a helpline's
// own category, unless its config gives labels) is shown as it is.

export interface ReportLabels {
  title: string;
  period: (from: string, to: string) => string;
  suppressionTitle: string;
  suppressionText: (minimumCell: number) => string;
  /** What a hidden cell reads: the same for a small one and for its second, which may be larger. */
  hidden: string;
  noData: string;
  answer: string;
  count: string;
  sections: Record<
    | "overview"
    | "series"
    | "languages"
    | "writingAbout"
    | "categories"
    | "writer"
    | "ageBand"
    | "firstDisclosure"
    | "offered"
    | "helped"
    | "wouldWriteAgain",
    string
  >;
  figures: Record<
    | "conversations"
    | "pickedUp"
    | "abandoned"
    | "notPickedUp"
    | "closedVisits"
    | "handovers"
    | "dangerMarks"
    | "urgent"
    | "waitMedian"
    | "durationMedian"
    | "formsFiled"
    | "feedbackGiven",
    string
  >;
  minutes: (seconds: number) => string;
  /** Answer ids of the closed questions, and the default taxonomy's categories. */
  answers: Record<string, string>;
}

const fr: ReportLabels = {
  title: "Rapport d'activité",
  period: (from, to) => `Du ${from} au ${to}`,
  suppressionTitle: "Petits nombres masqués",
  suppressionText: (n) =>
    `Pour que personne ne puisse être reconnu, tout nombre entre 1 et ${n - 1} est remplacé par « masqué », ` +
    `ainsi qu'un second nombre de la même question quand un seul serait masqué, pour qu'il ne se déduise pas du total. ` +
    `Une médiane calculée sur moins de ${n} valeurs est masquée aussi. Aucune donnée ne concerne une conversation en particulier.`,
  hidden: "masqué",
  noData: "Aucune réponse sur la période.",
  answer: "Réponse",
  count: "Nombre",
  sections: {
    overview: "Vue d'ensemble",
    series: "Conversations par période",
    languages: "Langue de la page",
    writingAbout: "La personne écrit pour",
    categories: "Thèmes abordés (fiches des écoutant·es)",
    writer: "Qui écrit",
    ageBand: "Tranche d'âge",
    firstDisclosure: "Première révélation",
    offered: "Ce qui a été proposé",
    helped: "« Cette conversation t'a-t-elle aidé·e ? »",
    wouldWriteAgain: "« Réécrirais-tu ? »",
  },
  figures: {
    conversations: "Conversations",
    pickedUp: "Prises en charge",
    abandoned: "Abandonnées avant prise en charge",
    notPickedUp: "Non prises en charge (autre raison)",
    closedVisits: "Visites pendant la fermeture",
    handovers: "Relais entre écoutant·es",
    dangerMarks: "Conversations signalées en danger de mort",
    urgent: "Urgences signalées par les jeunes en attente",
    waitMedian: "Attente médiane",
    durationMedian: "Durée médiane",
    formsFiled: "Fiches remplies",
    feedbackGiven: "Avis des jeunes",
  },
  minutes: (s) => `${Math.round(s / 60)} min`,
  answers: {
    rape: "Viol",
    "sexual-assault": "Agression sexuelle",
    "incest-intra-family": "Inceste et violences intrafamiliales",
    "online-exploitation-sextortion": "Exploitation sexuelle en ligne, sextorsion",
    harassment: "Harcèlement",
    "what-is-normal": "Questions sur ce qui est normal",
    other: "Autre",
    victim: "La victime",
    "relative-or-friend": "Un proche ou un·e ami·e",
    professional: "Un·e professionnel·le",
    unknown: "Inconnu",
    "under-12": "Moins de 12 ans",
    "12-14": "12–14 ans",
    "15-17": "15–17 ans",
    "18-24": "18–24 ans",
    "25-plus": "25 ans et plus",
    yes: "Oui",
    no: "Non",
    "a-little": "Un peu",
    maybe: "Peut-être",
    listening: "Écoute",
    information: "Information",
    "referral-sos-enfants": "Orientation vers une équipe SOS Enfants",
    "referral-cpvs": "Orientation vers un CPVS",
    "referral-police": "Orientation vers la police",
    "referral-emergency": "Services d'urgence",
    self: "Elle-même",
    "close-one": "Un proche",
    unanswered: "Sans réponse",
    fr: "Français",
    nl: "Néerlandais",
    en: "Anglais",
  },
};

const nl: ReportLabels = {
  title: "Activiteitenverslag",
  period: (from, to) => `Van ${from} tot ${to}`,
  suppressionTitle: "Kleine aantallen verborgen",
  suppressionText: (n) =>
    `Zodat niemand herkend kan worden, is elk aantal tussen 1 en ${n - 1} vervangen door "verborgen", ` +
    `en ook een tweede aantal van dezelfde vraag als er maar één verborgen zou zijn, zodat het niet uit het totaal af te leiden is. ` +
    `Een mediaan van minder dan ${n} waarden is ook verborgen. Geen enkel gegeven betreft één gesprek.`,
  hidden: "verborgen",
  noData: "Geen antwoorden in deze periode.",
  answer: "Antwoord",
  count: "Aantal",
  sections: {
    overview: "Overzicht",
    series: "Gesprekken per periode",
    languages: "Taal van de pagina",
    writingAbout: "De persoon schrijft over",
    categories: "Besproken thema's (fiches van de hulpverleners)",
    writer: "Wie schrijft",
    ageBand: "Leeftijdsgroep",
    firstDisclosure: "Eerste onthulling",
    offered: "Wat werd aangeboden",
    helped: '"Heeft dit gesprek je geholpen?"',
    wouldWriteAgain: '"Zou je opnieuw schrijven?"',
  },
  figures: {
    conversations: "Gesprekken",
    pickedUp: "Opgenomen",
    abandoned: "Verlaten vóór opname",
    notPickedUp: "Niet opgenomen (andere reden)",
    closedVisits: "Bezoeken tijdens sluiting",
    handovers: "Overdrachten tussen hulpverleners",
    dangerMarks: "Gesprekken gemeld als levensgevaar",
    urgent: "Noodsituaties gemeld door wachtende jongeren",
    waitMedian: "Mediane wachttijd",
    durationMedian: "Mediane duur",
    formsFiled: "Ingevulde fiches",
    feedbackGiven: "Feedback van jongeren",
  },
  minutes: (s) => `${Math.round(s / 60)} min`,
  answers: {
    rape: "Verkrachting",
    "sexual-assault": "Seksuele aanranding",
    "incest-intra-family": "Incest en intrafamiliaal misbruik",
    "online-exploitation-sextortion": "Online seksuele uitbuiting, sextortion",
    harassment: "Intimidatie",
    "what-is-normal": "Vragen over wat normaal is",
    other: "Andere",
    victim: "Het slachtoffer",
    "relative-or-friend": "Een naaste of vriend(in)",
    professional: "Een professional",
    unknown: "Onbekend",
    "under-12": "Jonger dan 12",
    "12-14": "12–14 jaar",
    "15-17": "15–17 jaar",
    "18-24": "18–24 jaar",
    "25-plus": "25 jaar en ouder",
    yes: "Ja",
    no: "Nee",
    "a-little": "Een beetje",
    maybe: "Misschien",
    listening: "Luisteren",
    information: "Informatie",
    "referral-sos-enfants": "Doorverwijzing naar een SOS Kinderen-team",
    "referral-cpvs": "Doorverwijzing naar een ZSG",
    "referral-police": "Doorverwijzing naar de politie",
    "referral-emergency": "Hulpdiensten",
    self: "Zichzelf",
    "close-one": "Een naaste",
    unanswered: "Geen antwoord",
    fr: "Frans",
    nl: "Nederlands",
    en: "Engels",
  },
};

const en: ReportLabels = {
  title: "Activity report",
  period: (from, to) => `From ${from} to ${to}`,
  suppressionTitle: "Small numbers hidden",
  suppressionText: (n) =>
    `So that no one can be recognised, every number from 1 to ${n - 1} reads "hidden", ` +
    `and so is a second number of the same question when only one would be hidden, so that it cannot be worked out from the total. ` +
    `A median of fewer than ${n} values is hidden too. No figure concerns one conversation.`,
  hidden: "hidden",
  noData: "No answers in this period.",
  answer: "Answer",
  count: "Count",
  sections: {
    overview: "Overview",
    series: "Conversations by period",
    languages: "Page language",
    writingAbout: "Writing about",
    categories: "Topics (counsellors' case forms)",
    writer: "Who is writing",
    ageBand: "Age band",
    firstDisclosure: "First disclosure",
    offered: "What was offered",
    helped: '"Did this conversation help you?"',
    wouldWriteAgain: '"Would you write again?"',
  },
  figures: {
    conversations: "Conversations",
    pickedUp: "Picked up",
    abandoned: "Left before pickup",
    notPickedUp: "Not picked up (other reason)",
    closedVisits: "Visits while closed",
    handovers: "Handovers between counsellors",
    dangerMarks: "Conversations marked danger to life",
    urgent: "Emergencies declared by waiting youths",
    waitMedian: "Median wait",
    durationMedian: "Median duration",
    formsFiled: "Case forms filed",
    feedbackGiven: "Youth feedback given",
  },
  minutes: (s) => `${Math.round(s / 60)} min`,
  answers: {
    rape: "Rape",
    "sexual-assault": "Sexual assault",
    "incest-intra-family": "Incest and intra-family abuse",
    "online-exploitation-sextortion": "Online sexual exploitation, sextortion",
    harassment: "Harassment",
    "what-is-normal": "Questions about what is normal",
    other: "Other",
    victim: "The victim",
    "relative-or-friend": "A relative or friend",
    professional: "A professional",
    unknown: "Unknown",
    "under-12": "Under 12",
    "12-14": "12–14",
    "15-17": "15–17",
    "18-24": "18–24",
    "25-plus": "25 and over",
    yes: "Yes",
    no: "No",
    "a-little": "A little",
    maybe: "Maybe",
    listening: "Listening",
    information: "Information",
    "referral-sos-enfants": "Referral to an SOS Enfants team",
    "referral-cpvs": "Referral to a CPVS",
    "referral-police": "Referral to the police",
    "referral-emergency": "Emergency services",
    self: "Themselves",
    "close-one": "Someone close",
    unanswered: "Not answered",
    fr: "French",
    nl: "Dutch",
    en: "English",
  },
};

export const reportLabels: Readonly<Record<Language, ReportLabels>> = { fr, nl, en };
