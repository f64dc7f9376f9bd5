import { frCommon } from "./fr-common.ts";
import type { Messages } from "./types.ts";

// French for adults and their relatives ("vous"): what fr.ts says, key for key, loaded only by the
// pages of a helpline for adults.
export const frFormal: Messages = {
  ...frCommon,
  register: "formal",
  welcome: {
    title: "Vous pouvez en parler ici",
    intro:
      "Vous avez vécu des violences sexuelles, ou une personne proche de vous ? Une intervenante est là pour vous écouter, sans vous juger.",
    anonymousTitle: "C’est anonyme",
    anonymous:
      "Vous n’avez pas besoin de donner votre nom, votre adresse ni votre numéro. Rien n’est gardé sur votre appareil quand vous fermez cette page.",
    confidentialityTitle: "C’est confidentiel",
    confidentiality:
      "L’intervenante est tenue au secret professionnel : ce que vous écrivez reste entre vous.",
    exception:
      "Une seule exception : si votre vie est en danger grave, elle peut appeler les secours pour vous protéger.",
    hoursTitle: "Quand ?",
    start: "Commencer le tchat",
    pseudonymLabel: "Un prénom ou un pseudo (si vous le souhaitez)",
    pseudonymHint:
      "L’intervenante vous appellera par ce nom. Vous pouvez en inventer un : évitez votre vrai nom complet, votre numéro ou votre adresse.",
    pseudonymProblems: {
      too_short: "Ce nom est trop court : au moins 2 lettres, ou laissez la case vide.",
      too_long: "Ce nom est trop long : 24 caractères au plus.",
      characters: "Utilisez seulement des lettres, des chiffres, des espaces ou des tirets.",
      contact:
        "Cela ressemble à un numéro, une adresse e-mail ou un lien. Pour rester anonyme, choisissez plutôt un pseudo.",
    },
    writingAbout: {
      legend: "Pour qui écrivez-vous ?",
      self: "J’écris pour moi",
      closeOne: "J’écris au sujet d’un·e proche",
      hint: "Si vous le souhaitez : vous pouvez ne rien choisir, ou changer d’avis. Cela aide l’intervenante à vous répondre.",
    },
  },
  serviceEnded: {
    title: "Ce tchat est terminé",
    endedOn: (date) => `Ce service a pris fin le ${date}. Il n’accepte plus de conversation.`,
    successorsTitle: "Vous pouvez écrire ici",
    visit: "Aller sur le site",
  },
  resources: {
    title: "D’autres personnes peuvent vous aider",
    emergency: "En cas d’urgence",
    call: (phone) => `Appeler le ${phone}`,
    website: "Voir le site",
  },
  closed: {
    title: "Le tchat est fermé pour le moment",
    closed: "Personne ne peut vous répondre ici maintenant.",
    closingSoon:
      "Le tchat va bientôt fermer : on ne peut plus commencer de nouvelle conversation aujourd’hui.",
    reopens: (when) => `Il rouvre ${when}.`,
    reopensUnknown: "Il rouvrira bientôt.",
    meanwhile: "En attendant, vous pouvez contacter :",
  },
  starting: {
    title: "Nous préparons votre tchat…",
    slow: "Beaucoup de monde en ce moment : gardez cette page ouverte.",
  },
  errors: {
    title: "Un petit souci",
    generic: "Cela n’a pas fonctionné. Réessayez dans un instant.",
    closed: "Le tchat est fermé pour le moment.",
    busy: "Toutes les intervenantes sont occupées pour le moment. Réessayez dans quelques minutes.",
    retry: "Réessayer",
    unsafeTitle: "Nous préférons attendre",
    unsafe:
      "Le tchat n’est pas prêt à protéger ce que vous écrivez, alors rien n’est envoyé. Fermez cette page et réessayez dans un instant.",
    otherTab:
      "Le tchat est déjà ouvert dans un autre onglet. Continuez là-bas, ou fermez l’autre onglet puis réessayez ici.",
    barred:
      "Le tchat n’est pas disponible depuis cet appareil pour le moment. Réessayez plus tard. Si vous êtes en danger, appelez le 112.",
    rateLimited:
      "Beaucoup de demandes arrivent d’ici en ce moment. Attendez quelques minutes, puis réessayez.",
    unknownHelpline: "Cette adresse ne mène à aucun tchat. Vérifiez le lien que vous avez reçu.",
  },
  quickExit: {
    button: "Quitter vite",
    description:
      "Quitte tout de suite cette page pour un site neutre et efface le tchat de cet appareil. Raccourci : appuyez 3 fois sur la touche Maj.",
  },
};
