/**
 * The console's French texts (the reference catalog: nl.ts and en.ts must have every key, or the
 * type check fails). Counsellors are professionals: neutral, concise, "vous".
 */
export const fr = {
  locale: "fr-BE",
  appTitle: "Console intervenante",
  languageLabel: "Langue",
  login: {
    title: "Connexion",
    userLabel: "Identifiant",
    passwordLabel: "Mot de passe",
    submit: "Se connecter",
    busy: "Connexion…",
    badCredentials: "Identifiant ou mot de passe incorrect.",
    tooManyAttempts:
      "Trop de tentatives pour ce compte : le serveur le bloque quelques minutes. Réessayez dans cinq minutes.",
    generic: "La connexion a échoué. Réessayez.",
    notCounsellor: "Ce compte n’est pas un compte d’intervenante de cette ligne.",
    shiftEnded: "Service terminé. Rien n’est resté sur cet appareil.",
  },
  recovery: {
    newTitle: "Votre clé de récupération",
    newIntro:
      "Notez cette clé et gardez-la en lieu sûr. Elle vous sera demandée à chaque connexion pour relire les conversations de votre service. Elle ne sera plus affichée.",
    resetIntro:
      "Nouvelle clé créée. Les messages plus anciens ne pourront plus être lus sur ce nouvel appareil.",
    keyLabel: "Clé de récupération",
    saved: "Je l’ai notée",
    askTitle: "Clé de récupération",
    askIntro: "Saisissez votre clé de récupération pour relire les conversations de votre service.",
    unlock: "Déverrouiller",
    busy: "Vérification…",
    wrongKey: "Cette clé ne correspond pas. Rien n’a été modifié.",
    generic: "La vérification a échoué. Réessayez.",
    lost: "J’ai perdu ma clé",
    resetQuestion: "Créer une nouvelle clé ?",
    resetWarning:
      "Une nouvelle identité et une nouvelle sauvegarde seront créées. Les messages plus anciens deviendront illisibles sur cet appareil.",
    resetConfirm: "Créer une nouvelle clé",
    cancel: "Annuler",
    back: "Retour à la connexion",
  },
  loading: "Chargement…",
  desk: {
    title: "Tableau de bord",
    availabilityLabel: "Disponibilité",
    availability: { on_duty: "En service", paused: "En pause", off_duty: "Hors service" },
    load: (load: number, capacity: number) => `${load} / ${capacity} conversations`,
    endShift: "Terminer le service",
    apiTrouble: "Le serveur ne répond pas. Nouvel essai en cours…",
    offersTitle: "Nouvelles conversations",
    noOffers: "Aucune conversation proposée.",
    conversationsTitle: "Mes conversations",
    noConversations: "Aucune conversation en cours.",
    accept: "Accepter",
    decline: "Refuser",
    handoverFrom: (from: string) => `Transmise par ${from}`,
    handoverTo: (to: string) => `Transmission à ${to} en attente`,
    requeued: "Renvoyée dans la file",
    /** The youth pressed "I am in danger now" while she waited (offer, conversation, queue). */
    urgent: "Urgence signalée par le/la jeune",
    /** The youth's answer to "about myself / someone close" (services for adults). */
    writingAbout: { self: "écrit pour elle·lui-même", "close-one": "écrit au sujet d’un·e proche" },
    waited: (minutes: number) => `arrivée il y a ${minutes} min`,
    secondsLeft: (seconds: number) => `${seconds} s pour répondre`,
    /** Beside a conversation whose youth's page went away. */
    youthGone: { quick_exit: "Sortie rapide", closed: "Page fermée", silent: "Ne répond plus" },
    unread: (count: number) => `${count} non lu${count > 1 ? "s" : ""}`,
    open: "Ouvrir",
    queueTitle: "File d’attente",
    queueEmpty: "Personne n’attend.",
    queueWaiting: (count: number) => `${count} en attente`,
    queueRow: (position: number, minutes: number | null) =>
      `n° ${position}${minutes === null ? "" : ` · attend depuis ${minutes} min`}`,
    queueOffered: "proposée",
    dismiss: "Fermer",
    notice: {
      handedOver: (to: string) => `Invitation envoyée à ${to}.`,
      ended: "Conversation terminée.",
      barred: "Appareil bloqué.",
      requeued: "Renvoyée dans la file. Vous la gardez jusqu’à ce qu’une collègue la prenne.",
      assigned: (to: string) => `Proposée à ${to}.`,
    },
  },
  chat: {
    listLabel: "Messages",
    empty: "Aucun message pour l’instant.",
    me: "Vous",
    youth: "Jeune",
    undecryptable: "Message illisible pour le moment (clé manquante).",
    withheldUnprotected:
      "Message bloqué : envoyé sans chiffrement, il ne vient peut-être pas de la personne indiquée. Son contenu n’est pas affiché.",
    withheldUnverifiedDevice:
      "Message bloqué : envoyé depuis un appareil que son propriétaire n’a pas vérifié. Son contenu n’est pas affiché.",
    sending: "Envoi…",
    typing: "Le ou la jeune écrit…",
    composerLabel: "Votre message",
    send: "Envoyer",
    sendFailed: "L’action a échoué. Réessayez.",
    notReady: "La conversation se prépare…",
    cannedTitle: "Réponses types",
    actionsLabel: "Actions sur la conversation",
    end: "Terminer",
    handOver: "Transmettre",
    requeue: "Renvoyer dans la file",
    bar: "Bloquer",
    endQuestion: "Terminer cette conversation ?",
    endDetail: "Le ou la jeune verra que la conversation est terminée.",
    barQuestion: "Bloquer cet appareil ?",
    barDetail: "L’appareil du ou de la jeune ne pourra plus écrire pendant un temps.",
    requeueQuestion: "Renvoyer dans la file ?",
    requeueDetail: "Vous gardez la conversation jusqu’à ce qu’une collègue soit libre.",
    confirm: "Confirmer",
    cancel: "Annuler",
    chooseColleague: "Transmettre à",
    noColleague: "Aucune collègue disponible.",
    historyMayNotFollow:
      "Cette conversation a commencé avant votre dernière connexion : votre collègue ne pourra pas lire les messages antérieurs. Résumez-lui l’essentiel.",
    colleagueLoad: (load: number, capacity: number) => `${load}/${capacity}`,
    youthGone: {
      quickExit:
        "Le ou la jeune a quitté la page d’un coup (sortie rapide) : quelqu’un est peut-être arrivé près d’elle ou de lui. La conversation est terminée.",
      quickExitKept:
        "Le ou la jeune a quitté la page d’un coup (sortie rapide) : quelqu’un est peut-être arrivé près d’elle ou de lui. Sa conversation est gardée sur son appareil : elle ou il peut revenir.",
      closed:
        "Le ou la jeune a fermé la page. Vous pouvez terminer la conversation pour accueillir la personne suivante.",
      closedKept:
        "Le ou la jeune a fermé la page. Sa conversation est gardée sur son appareil : elle ou il peut revenir.",
      silent:
        "La page du ou de la jeune ne répond plus depuis un moment (onglet fermé ou téléphone en veille). Vous pouvez terminer la conversation.",
      silentKept:
        "La page du ou de la jeune ne répond plus depuis un moment (onglet fermé ou téléphone en veille). Sa conversation est gardée sur son appareil : elle ou il peut revenir.",
    },
  },
  caseForm: {
    /** The youth as the bot names her room, "Jeune 4821", in every language. */
    title: (reference: number) => `Fiche anonyme — Jeune ${reference}`,
    intro:
      "Quelques réponses fermées, toutes facultatives : seuls les totaux du jour sont gardés, jamais la fiche.",
    categories: "De quoi a-t-il été question ?",
    writer: "Qui écrivait ?",
    ageBand: "Âge",
    firstDisclosure: "Première fois qu’elle ou il en parle ?",
    offered: "Ce qui a été proposé",
    writers: {
      victim: "La victime",
      "relative-or-friend": "Un proche, une amie ou un ami",
      professional: "Une ou un professionnel",
      unknown: "Je ne sais pas",
    },
    ageBands: {
      "under-12": "Moins de 12 ans",
      "12-14": "12–14 ans",
      "15-17": "15–17 ans",
      "18-24": "18–24 ans",
      "25-plus": "25 ans et plus",
      unknown: "Je ne sais pas",
    },
    firstDisclosures: { yes: "Oui", no: "Non", unknown: "Je ne sais pas" },
    offers: {
      listening: "Écoute",
      information: "Information",
      "referral-sos-enfants": "Orientation vers une équipe SOS Enfants",
      "referral-cpvs": "Orientation vers un CPVS",
      "referral-police": "Orientation vers la police",
      "referral-emergency": "Orientation vers les services d’urgence",
    },
    send: "Envoyer",
    sending: "Envoi…",
    skip: "Passer",
    failed: "L’envoi a échoué. Réessayez, ou passez.",
  },
  supervisor: {
    title: "Supervision",
    counsellorsTitle: "Intervenantes",
    active: (count: number) => `${count} conversation${count > 1 ? "s" : ""} en cours`,
    assignLabel: (reference: number) => `Proposer la conversation ${reference} à`,
    assign: "Proposer",
    choose: "Choisir…",
    unavailable: "Cette intervenante n’est pas disponible.",
    generic: "L’attribution a échoué.",
    offeredTo: (to: string) => `proposée à ${to}`,
  },
  safetyForm: {
    label: "Formulaire de mise en sécurité",
    propose: "Proposer le formulaire de mise en sécurité",
    proposeAgain: "Proposer à nouveau",
    hint: "Le jeune doit d’abord accepter. Ses réponses (un lieu, un numéro) arrivent chiffrées à vous seule, jamais dans la conversation.",
    proposing: "Envoi de la proposition…",
    proposed: "Formulaire proposé : en attente de la réponse du jeune.",
    declined: "Le jeune a refusé le formulaire. Rien ne change pour lui.",
    failed: "La proposition n’a pas pu être envoyée. Réessayez.",
    answered:
      "Réponses du jeune, lisibles par vous seule et effacées à la fin de la conversation :",
    place: "Lieu",
    phone: "Téléphone",
    empty: "(non rempli)",
  },
  sideChannel: {
    ask: "Demander de l’aide",
    asking: "Demande en cours…",
    askFailed: "La demande d’aide a échoué. Réessayez.",
    invited: (count: number) =>
      `Aide demandée : ${count} superviseuse${count > 1 ? "s" : ""} en service invitée${count > 1 ? "s" : ""} dans un salon chiffré à part.`,
    noneOnDuty:
      "Aucune superviseuse n’est en service : personne d’autre que vous n’est dans le salon d’aide pour l’instant. Redemandez quand l’une d’elles est en service.",
    title: (reference: number) => `Aide · Jeune ${reference}`,
    mine: "Entre vous et les superviseuses en service. Le ou la jeune ne le voit pas.",
    theirs: "Une collègue demande votre aide. Le ou la jeune ne le voit pas.",
    empty: "Aucun message pour l’instant.",
    composerLabel: (reference: number) => `Message à l’équipe au sujet de Jeune ${reference}`,
    send: "Envoyer à l’équipe",
    joining: "Ouverture du salon chiffré…",
    sendFailed: "L’envoi a échoué. Réessayez.",
  },
  danger: {
    mark: "Danger de mort",
    question: "Signaler un danger de mort ?",
    detail:
      "Les superviseuses en service sont alertées tout de suite, dans la salle des intervenantes et leur console. Rien de la conversation ne leur est envoyé : seulement son numéro et votre nom.",
    confirm: "Signaler",
    cancel: "Annuler",
    marked: (minutes: number | null) =>
      `Danger de mort signalé${minutes === null ? "" : minutes === 0 ? " à l’instant" : ` il y a ${minutes} min`}`,
    supervisorsAlerted:
      "Les superviseuses en service ont été alertées. Voici la conduite à tenir de la permanence :",
    refused:
      "Signalement refusé : seule l’intervenante en charge d’une conversation en cours, ou une superviseuse, peut la signaler. Rien n’a été modifié.",
    failed: "Le signalement n’a pas pu être envoyé. Réessayez.",
    noGuidance:
      "La permanence n’a pas de consigne enregistrée : appelez le 112 si une vie est en danger.",
    contactsLabel: "Qui appeler",
    listTitle: (count: number) =>
      `Danger de mort : ${count} conversation${count > 1 ? "s" : ""} signalée${count > 1 ? "s" : ""}`,
    listRow: (reference: number, counsellor: string, by: string, minutes: number | null) =>
      `Jeune ${reference} · ${counsellor}${by === counsellor ? "" : ` · signalée par ${by}`}${minutes === null ? "" : ` · il y a ${minutes} min`}`,
  },
  /** A colleague reading a conversation beside its counsellor (supervisor, training). */
  observing: {
    banner: (counsellor: string) =>
      `Vous lisez cette conversation aux côtés de ${counsellor}, qui en reste responsable. Le ou la jeune a été prévenu·e qu’une deuxième professionnelle la lit. Vous pouvez aussi écrire.`,
    leave: "Quitter la conversation",
    with: (counsellor: string) => `vous lisez avec ${counsellor}`,
    by: (observers: string) => `lue aussi par ${observers}`,
    inProgressTitle: "Conversations en cours",
    inProgressEmpty: "Aucune conversation en cours.",
    inProgressRow: (reference: number, counsellor: string, minutes: number | null) =>
      `Jeune ${reference} · ${counsellor}${minutes === null ? "" : ` · depuis ${minutes} min`}`,
    join: "Rejoindre",
    joinLabel: (reference: number) => `Rejoindre la conversation Jeune ${reference} pour la lire`,
    joined: "vous la lisez",
    addLabel: "Faire lire par une collègue (formation)",
    add: "Inviter à lire",
    choose: "Choisir…",
    joinRefused: "Impossible de rejoindre cette conversation maintenant.",
    notice: {
      joinRequested: (reference: number) =>
        `Demande envoyée : la console de l’intervenante de Jeune ${reference} vous invite, avec l’historique.`,
      observerInvited: (to: string) =>
        `${to} est invitée à lire la conversation avec vous, avec l’historique. Le ou la jeune en est prévenu·e.`,
      left: "Vous avez quitté la conversation.",
    },
  },
  notify: {
    newConversation: (count: number) => `(${count}) Nouvelle conversation`,
    danger: (count: number) => `(${count}) DANGER DE MORT`,
  },
};

export type ConsoleMessages = typeof fr;
