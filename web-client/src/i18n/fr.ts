import type { Messages } from "./types.ts";

// Every key added here needs its Dutch (nl.ts) and English (en.ts) text too: the Messages type
// makes a missing one a compile error. Keep "tu" (nl: "je"), plain words, no protocol terms.
export const fr: Messages = {
  lang: "fr",
  language: {
    label: "Langue",
  },
  welcome: {
    title: "Tu peux en parler ici",
    intro:
      "Tu as vécu des violences sexuelles, ou tu te poses des questions ? Une intervenante est là pour t’écouter, sans te juger.",
    anonymousTitle: "C’est anonyme",
    anonymous:
      "Tu n’as pas besoin de donner ton nom, ton adresse ni ton numéro. Rien n’est gardé sur ton appareil quand tu fermes cette page.",
    confidentialityTitle: "C’est confidentiel",
    confidentiality:
      "L’intervenante est tenue au secret professionnel : ce que tu écris reste entre vous.",
    exception:
      "Une seule exception : si ta vie est en danger grave, elle peut appeler les secours pour te protéger.",
    hoursTitle: "Quand ?",
    start: "Commencer le tchat",
    pseudonymLabel: "Un prénom ou un pseudo (si tu veux)",
    pseudonymHint:
      "L’intervenante te parlera avec ce nom. Tu peux en inventer un : évite ton vrai nom complet, ton numéro ou ton adresse.",
    pseudonymProblems: {
      too_short: "Ce nom est trop court : au moins 2 lettres, ou laisse la case vide.",
      too_long: "Ce nom est trop long : 24 caractères au plus.",
      characters: "Utilise seulement des lettres, des chiffres, des espaces ou des tirets.",
      contact:
        "Ça ressemble à un numéro, une adresse e-mail ou un lien. Pour rester anonyme, choisis plutôt un pseudo.",
    },
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
  resources: {
    title: "D’autres personnes peuvent t’aider",
    emergency: "En cas d’urgence",
    call: (phone) => `Appeler le ${phone}`,
    website: "Voir le site",
  },
  closed: {
    title: "Le tchat est fermé pour le moment",
    closed: "Personne ne peut te répondre ici maintenant.",
    closingSoon:
      "Le tchat va bientôt fermer : on ne peut plus commencer de nouvelle conversation aujourd’hui.",
    reopens: (when) => `Il rouvre ${when}.`,
    reopensUnknown: "Il rouvrira bientôt.",
    meanwhile: "En attendant, tu peux contacter :",
  },
  waiting: {
    title: "Une intervenante va te répondre",
    positionBefore: "Tu es n° ",
    positionAfter: " dans la file d’attente.",
    waitAbout: (minutes) =>
      minutes <= 1 ? "Attente : environ 1 minute." : `Attente : environ ${minutes} minutes.`,
    waitUnknown:
      "Aucune intervenante n’est disponible pour l’instant. Tu gardes ta place : on te répond dès qu’une intervenante se libère.",
    reassurance:
      "Tu es au bon endroit. Tu peux partir quand tu veux avec « Terminer la conversation ».",
    canWrite:
      "Tu peux déjà écrire : tes messages restent sur ton appareil et partiront dès qu’une intervenante arrive.",
    joining: "Une intervenante arrive…",
    present: "Une intervenante est là. Tu peux écrire.",
    handedOver:
      "Une autre intervenante prend le relais et peut lire ce qui a déjà été écrit. Tu peux écrire.",
  },
  ended: {
    title: "La conversation est terminée",
    thanks: "Merci de nous avoir parlé. Tu as eu raison de le faire.",
    reasons: {
      youth_left: "Tu as terminé la conversation.",
      counsellor_ended: "L’intervenante a terminé la conversation.",
      counsellor_left: "L’intervenante a dû quitter la conversation.",
      inactivity:
        "La conversation s’est arrêtée parce qu’il n’y a plus eu de message depuis un moment.",
      closing: "Le tchat est maintenant fermé, personne ne peut te répondre aujourd’hui.",
      not_admitted: "Le tchat ne peut pas prendre de nouvelle conversation maintenant.",
      other: "",
    },
    reopens: (when) => `Le tchat rouvre ${when}.`,
    erase: "Tout effacer maintenant",
    eraseHint: "Efface la conversation de cette page et revient à l’accueil.",
  },
  starting: {
    title: "On prépare ton tchat…",
    detail: "Ça ne prend que quelques secondes.",
  },
  chat: {
    title: "Tchat",
    hint: "Écris ce que tu veux, à ton rythme. Tu peux t’arrêter quand tu veux.",
    listLabel: "Messages",
    me: "Toi",
    counsellorFallback: "Intervenante",
    pendingDecryption: "Ce message arrive, un instant…",
    sending: "Envoi…",
    notSent: "Pas encore envoyé.",
    resend: "Réessayer",
    composerLabel: "Ton message",
    composerPlaceholder: "Écris ton message ici…",
    composerWaiting: "Un instant, le tchat se prépare…",
    send: "Envoyer",
    empty: "Une intervenante va te répondre. Tu peux déjà écrire ton premier message.",
    held: "En attente : il partira dès qu’une intervenante arrive.",
    end: "Terminer la conversation",
    endQuestion: "Terminer la conversation ?",
    endDetail:
      "Tu quittes le tchat. Les messages pas encore partis ne seront pas envoyés. Tu pourras revenir quand tu veux.",
    endConfirm: "Oui, terminer",
    endCancel: "Non, continuer",
    endFailed: "On n’a pas pu terminer la conversation. Réessaie dans un instant.",
    counsellorTyping: "L’intervenante écrit…",
    sent: "Envoyé",
    read: "Lu",
    connectionLost: "Connexion perdue, on réessaie…",
    connectionLostDetail:
      "Tu peux continuer à écrire : tes messages partiront dès que la connexion revient.",
    unreadable:
      "Ce message n’a pas pu être lu sur cet appareil. Dis à l’intervenante que tu ne l’as pas reçu : elle pourra te le réécrire.",
  },
  errors: {
    title: "Un petit souci",
    generic: "Oups, ça n’a pas marché. Réessaie dans un instant.",
    closed: "Le tchat est fermé pour le moment.",
    busy: "Toutes les intervenantes sont occupées pour le moment. Réessaie dans quelques minutes.",
    retry: "Réessayer",
    unsafeTitle: "On préfère attendre",
    unsafe:
      "Le tchat n’est pas prêt à protéger ce que tu écris, alors on n’envoie rien. Ferme cette page et réessaie dans un instant.",
    otherTab:
      "Le tchat est déjà ouvert dans un autre onglet. Continue là-bas, ou ferme l’autre onglet puis réessaie ici.",
    barred:
      "Le tchat n’est pas disponible depuis cet appareil pour le moment. Réessaie plus tard. Si tu es en danger, appelle le 112.",
    rateLimited:
      "Beaucoup de demandes arrivent d’ici en ce moment. Attends quelques minutes, puis réessaie.",
  },
  quickExit: {
    button: "Quitter vite",
    description:
      "Quitte tout de suite cette page pour un site neutre et efface le tchat de cet appareil. Raccourci : appuie 3 fois sur la touche Maj.",
  },
};
