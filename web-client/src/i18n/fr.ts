import type { Messages } from "./types.ts";

export const fr: Messages = {
  lang: "fr",
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
    hours: ["Le lundi de 18 h 30 à 21 h 30", "Du mardi au jeudi de 18 h à 21 h"],
    start: "Commencer le tchat",
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
    resend: "Renvoyer",
    composerLabel: "Ton message",
    composerPlaceholder: "Écris ton message ici…",
    composerWaiting: "Un instant, le tchat se prépare…",
    send: "Envoyer",
    empty: "Une intervenante va te répondre. Tu peux déjà écrire ton premier message.",
  },
  errors: {
    title: "Un petit souci",
    generic: "Oups, ça n’a pas marché. Réessaie dans un instant.",
    closed:
      "Le tchat est fermé pour le moment. Il est ouvert le lundi de 18 h 30 à 21 h 30 et du mardi au jeudi de 18 h à 21 h.",
    busy: "Toutes les intervenantes sont occupées pour le moment. Réessaie dans quelques minutes.",
    retry: "Réessayer",
    unsafeTitle: "On préfère attendre",
    unsafe:
      "Le tchat n’est pas prêt à protéger ce que tu écris, alors on n’envoie rien. Ferme cette page et réessaie dans un instant.",
  },
};
