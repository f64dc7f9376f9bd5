import { frCommon } from "./fr-common.ts";
import type { Messages } from "./types.ts";

// Every key added here needs its Dutch (nl.ts) and English (en.ts) text too: the Messages type
// makes a missing one a compile error, and its formal text in fr-formal.ts and nl-formal.ts. Keep
// "tu" (nl: "je") here, plain words, no protocol terms.
export const fr: Messages = {
  ...frCommon,
  register: "informal",
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
    writingAbout: {
      legend: "Pour qui écris-tu ?",
      self: "J’écris pour moi",
      closeOne: "J’écris au sujet d’un·e proche",
      hint: "Si tu veux : tu peux ne rien choisir, ou changer d’avis. Ça aide l’intervenante à te répondre.",
    },
  },
  serviceEnded: {
    title: "Ce tchat est terminé",
    endedOn: (date) => `Ce service a pris fin le ${date}. Il n’accepte plus de conversation.`,
    successorsTitle: "Tu peux écrire ici",
    visit: "Aller sur le site",
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
  starting: {
    title: "On prépare ton tchat…",
    slow: "Beaucoup de monde en ce moment : garde cette page ouverte.",
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
    unknownHelpline: "Cette adresse ne mène à aucun tchat. Vérifie le lien que tu as reçu.",
  },
  quickExit: {
    button: "Quitter vite",
    description:
      "Quitte tout de suite cette page pour un site neutre et efface le tchat de cet appareil. Raccourci : appuie 3 fois sur la touche Maj.",
  },
};
