import type { FeedbackHelped, FeedbackWriteAgain, SafetyAnswerProblem } from "@helpline/contract";
import type { EndReason, TeamNoticeKind } from "../session/types.ts";
import type { Lang, Register } from "./types.ts";

/**
 * The texts of the conversation and of its end, apart from the main catalogs: only the lazily
 * loaded chat and end screens need them, so they stay out of the landing page (as device.ts).
 * Every key needs its French, Dutch and English text: a missing one is a compile error.
 */
export interface ConversationMessages {
  readonly waiting: {
    readonly title: string;
    /** Split around the number so that it can be emphasised. */
    readonly positionBefore: string;
    readonly positionAfter: string;
    readonly waitAbout: (minutes: number) => string;
    readonly waitUnknown: string;
    readonly reassurance: string;
    readonly canWrite: string;
    readonly joining: string;
    readonly present: string;
    /** Another counsellor took over from the first one, with what was already written. */
    readonly handedOver: string;
    /** Above the helpline's texts to read while waiting (folded sections). */
    readonly readWhileWaiting: string;
  };
  readonly ended: {
    readonly title: string;
    readonly thanks: string;
    readonly reasons: Readonly<Record<EndReason, string>>;
    readonly reopens: (when: string) => string;
    readonly erase: string;
    readonly eraseHint: string;
    /** The optional feedback: two closed questions, one send, a thank-you. */
    readonly feedback: {
      readonly title: string;
      readonly intro: string;
      readonly helped: string;
      readonly helpedAnswers: Readonly<Record<FeedbackHelped, string>>;
      readonly writeAgain: string;
      readonly writeAgainAnswers: Readonly<Record<FeedbackWriteAgain, string>>;
      readonly send: string;
      readonly sending: string;
      readonly thanks: string;
      readonly failed: string;
    };
  };
  readonly chat: {
    readonly title: string;
    readonly hint: string;
    readonly listLabel: string;
    readonly me: string;
    readonly counsellorFallback: string;
    readonly pendingDecryption: string;
    readonly sending: string;
    readonly notSent: string;
    readonly resend: string;
    readonly composerLabel: string;
    readonly composerPlaceholder: string;
    readonly composerWaiting: string;
    readonly send: string;
    readonly empty: string;
    readonly held: string;
    readonly end: string;
    readonly endQuestion: string;
    readonly endDetail: string;
    readonly endConfirm: string;
    readonly endCancel: string;
    readonly endFailed: string;
    /** Shown while the counsellor types; announced politely. */
    readonly counsellorTyping: string;
    /** Delivery of the youth's messages: the server has it; the counsellor has read it. */
    readonly sent: string;
    readonly read: string;
    readonly connectionLost: string;
    readonly connectionLostDetail: string;
    /** A message that stayed unreadable on this device for a long time, in plain words. */
    readonly unreadable: string;
    /**
     * In place of a message that may not come from who it claims (sent without protection, or
     * from a device nobody vouches for): its text is never shown.
     */
    readonly withheld: string;
    /**
     * Said in the conversation, before anything she writes is encrypted for them, when someone
     * other than her counsellor can read it, and when they no longer can (teamWatch.ts).
     */
    readonly team: Readonly<Record<TeamNoticeKind, string>>;
  };
  /**
   * The safety form a counsellor may propose (issue 18): consent first, in plain words, then a
   * place and a phone number, both optional but not both empty.
   */
  readonly safetyForm: {
    readonly title: string;
    readonly why: string;
    readonly who: string;
    readonly mayRefuse: string;
    readonly yes: string;
    readonly no: string;
    readonly placeLabel: string;
    readonly phoneLabel: string;
    readonly bothOptional: string;
    readonly send: string;
    readonly cancel: string;
    readonly sending: string;
    readonly problems: Readonly<Record<SafetyAnswerProblem, string>>;
    readonly failed: string;
    readonly sent: string;
    readonly declined: string;
    readonly close: string;
  };
  /**
   * Counsellor provenance (docs/threat-model.md): where the helpline has a key, the mark above a
   * counsellor's messages that the helpline vouched for her, and the warning on a message from
   * anyone in the conversation it did not vouch for. `helpline` is the helpline's name.
   */
  readonly provenance: {
    readonly vouched: (helpline: string) => string;
    readonly notVouched: (helpline: string) => string;
  };
  /** "I am in danger now", on the waiting screen: the emergency numbers at once, then ahead. */
  readonly urgent: {
    readonly button: string;
    /** Under the button: what pressing it does, so that nobody is surprised. */
    readonly hint: string;
    /** Above the emergency numbers once pressed. */
    readonly numbersTitle: string;
    readonly sending: string;
    readonly sent: string;
    readonly failed: string;
    readonly retry: string;
  };
}

export const conversationMessages: Readonly<Record<Lang, ConversationMessages>> = {
  fr: {
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
      readWhileWaiting: "À lire pendant que tu attends",
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
      feedback: {
        title: "Ton avis, si tu veux",
        intro:
          "Deux questions pour nous aider à améliorer le tchat. Tu peux ne pas répondre. Tes réponses sont seulement comptées, jamais liées à toi ni à cette conversation.",
        helped: "Cette conversation t’a-t-elle aidé·e ?",
        helpedAnswers: { yes: "Oui", "a-little": "Un peu", no: "Non" },
        writeAgain: "Est-ce que tu réécrirais au tchat ?",
        writeAgainAnswers: { yes: "Oui", maybe: "Peut-être", no: "Non" },
        send: "Envoyer mes réponses",
        sending: "Envoi…",
        thanks: "Merci pour tes réponses.",
        failed:
          "Tes réponses n’ont pas pu être envoyées. Ce n’est pas grave : tu peux tout effacer quand tu veux.",
      },
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
      withheld:
        "Attention : un message n’était pas protégé comme les autres. Il ne vient peut-être pas de la personne qui te parle, alors on ne l’affiche pas.",
      team: {
        observer_joined:
          "Une deuxième professionnelle de l’équipe rejoint la conversation : elle peut lire ce que tu as déjà écrit et ce que tu vas écrire. Elle est tenue au même secret que ton intervenante.",
        observer_left:
          "La deuxième professionnelle a quitté la conversation : elle ne lit plus ce que tu écris.",
        colleague_invited:
          "Une autre personne a été invitée dans la conversation : elle pourrait lire ce que tu écris à partir de maintenant.",
        colleague_left: "La personne invitée n’est plus dans la conversation.",
        colleague_taking_over:
          "Une autre intervenante de l’équipe est invitée à reprendre la conversation : elle peut lire ce que tu écris à partir de maintenant.",
      },
    },
    safetyForm: {
      title: "Un petit formulaire pour ta sécurité",
      why: "Ton intervenante te propose de lui dire où tu es et à quel numéro te joindre. C’est pour pouvoir t’aider plus vite si tu es en danger.",
      who: "Seule ton intervenante pourra lire tes réponses. Elles ne restent pas sur cet appareil et sont effacées avec la conversation.",
      mayRefuse: "Tu peux dire non : rien ne change, la conversation continue comme avant.",
      yes: "D’accord",
      no: "Non merci",
      placeLabel: "Où es-tu ? (une adresse, un lieu)",
      phoneLabel: "À quel numéro te joindre ?",
      bothOptional: "Remplis ce que tu veux : au moins une des deux cases.",
      send: "Envoyer",
      cancel: "Annuler",
      sending: "Envoi…",
      problems: {
        empty: "Écris au moins un lieu ou un numéro.",
        placeTooLong: "Le lieu est trop long (300 caractères au plus).",
        phoneTooLong: "Le numéro est trop long (30 caractères au plus).",
        phoneInvalid: "Le numéro ne peut contenir que des chiffres, des espaces et + - ( ).",
      },
      failed: "Ça n’a pas pu partir. Réessaie dans un instant.",
      sent: "C’est envoyé à ton intervenante, à elle seule.",
      declined: "D’accord, c’est noté. Rien ne change : tu peux continuer à écrire.",
      close: "Fermer",
    },
    provenance: {
      vouched: (helpline) => `Intervenante de ${helpline}`,
      notVouched: (helpline) => `Ce message ne vient pas d’une intervenante de ${helpline}.`,
    },
    urgent: {
      button: "Je suis en danger maintenant",
      hint: "Appuie si tu es en danger maintenant : tu verras tout de suite les numéros d’urgence, et tu passeras en priorité dans la file.",
      numbersTitle: "Si tu es en danger maintenant, appelle :",
      sending: "On prévient l’équipe…",
      sent: "L’équipe sait que c’est urgent : tu passes en priorité. Tu peux appeler ces numéros quand tu veux.",
      failed:
        "On n’a pas pu prévenir l’équipe. Les numéros ci-dessus marchent toujours : appelle-les si tu es en danger.",
      retry: "Réessayer",
    },
  },
  nl: {
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
      readWhileWaiting: "Om te lezen terwijl je wacht",
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
      feedback: {
        title: "Jouw mening, als je wilt",
        intro:
          "Twee vragen om de chat te verbeteren. Je hoeft niet te antwoorden. Je antwoorden worden alleen geteld, nooit gekoppeld aan jou of aan dit gesprek.",
        helped: "Heeft dit gesprek je geholpen?",
        helpedAnswers: { yes: "Ja", "a-little": "Een beetje", no: "Nee" },
        writeAgain: "Zou je opnieuw naar de chat schrijven?",
        writeAgainAnswers: { yes: "Ja", maybe: "Misschien", no: "Nee" },
        send: "Mijn antwoorden versturen",
        sending: "Versturen…",
        thanks: "Bedankt voor je antwoorden.",
        failed:
          "Je antwoorden konden niet verstuurd worden. Dat is niet erg: je kunt alles wissen wanneer je wilt.",
      },
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
      withheld:
        "Let op: een bericht was niet beveiligd zoals de andere. Het komt misschien niet van de persoon met wie je praat, dus we tonen het niet.",
      team: {
        observer_joined:
          "Een tweede hulpverlener van het team komt erbij: ze kan lezen wat je al schreef en wat je nog schrijft. Ze heeft hetzelfde beroepsgeheim als je hulpverlener.",
        observer_left:
          "De tweede hulpverlener heeft het gesprek verlaten: ze leest niet meer mee met wat je schrijft.",
        colleague_invited:
          "Iemand anders werd in het gesprek uitgenodigd: die persoon kan vanaf nu misschien lezen wat je schrijft.",
        colleague_left: "De uitgenodigde persoon is niet meer in het gesprek.",
        colleague_taking_over:
          "Een andere hulpverlener van het team wordt uitgenodigd om het gesprek over te nemen: die persoon kan vanaf nu lezen wat je schrijft.",
      },
    },
    safetyForm: {
      title: "Een kort formulier voor je veiligheid",
      why: "Je hulpverlener stelt voor dat je zegt waar je bent en op welk nummer ze je kan bereiken. Zo kan ze je sneller helpen als je in gevaar bent.",
      who: "Alleen je hulpverlener kan je antwoorden lezen. Ze blijven niet op dit toestel en worden gewist met het gesprek.",
      mayRefuse: "Je mag nee zeggen: er verandert niets, het gesprek gaat gewoon verder.",
      yes: "Oké",
      no: "Nee, bedankt",
      placeLabel: "Waar ben je? (een adres, een plaats)",
      phoneLabel: "Op welk nummer kunnen we je bereiken?",
      bothOptional: "Vul in wat je wilt: minstens een van de twee vakjes.",
      send: "Versturen",
      cancel: "Annuleren",
      sending: "Versturen…",
      problems: {
        empty: "Schrijf minstens een plaats of een nummer.",
        placeTooLong: "De plaats is te lang (hoogstens 300 tekens).",
        phoneTooLong: "Het nummer is te lang (hoogstens 30 tekens).",
        phoneInvalid: "Het nummer mag alleen cijfers, spaties en + - ( ) bevatten.",
      },
      failed: "Het kon niet vertrekken. Probeer het zo meteen opnieuw.",
      sent: "Het is verstuurd naar je hulpverlener, alleen naar haar.",
      declined: "Oké, genoteerd. Er verandert niets: je kunt verder schrijven.",
      close: "Sluiten",
    },
    provenance: {
      vouched: (helpline) => `Hulpverlener van ${helpline}`,
      notVouched: (helpline) => `Dit bericht komt niet van een hulpverlener van ${helpline}.`,
    },
    urgent: {
      button: "Ik ben nu in gevaar",
      hint: "Druk hier als je nu in gevaar bent: je ziet meteen de noodnummers, en je krijgt voorrang in de wachtrij.",
      numbersTitle: "Ben je nu in gevaar? Bel:",
      sending: "We verwittigen het team…",
      sent: "Het team weet dat het dringend is: je krijgt voorrang. Je kunt deze nummers altijd bellen.",
      failed:
        "We konden het team niet verwittigen. De nummers hierboven werken altijd: bel ze als je in gevaar bent.",
      retry: "Opnieuw proberen",
    },
  },
  en: {
    waiting: {
      title: "A counsellor will answer you",
      positionBefore: "You are number ",
      positionAfter: " in the queue.",
      waitAbout: (minutes) =>
        minutes <= 1 ? "Waiting time: about 1 minute." : `Waiting time: about ${minutes} minutes.`,
      waitUnknown:
        "No counsellor is free right now. You keep your place: we’ll answer you as soon as a counsellor is free.",
      reassurance:
        "You’re in the right place. You can leave whenever you want with “End the conversation”.",
      canWrite:
        "You can already write: your messages stay on your device and will be sent as soon as a counsellor arrives.",
      joining: "A counsellor is on her way…",
      present: "A counsellor is here. You can write.",
      handedOver:
        "Another counsellor is taking over and can read what was already written. You can write.",
      readWhileWaiting: "To read while you wait",
    },
    ended: {
      title: "The conversation has ended",
      thanks: "Thank you for talking to us. You were right to do it.",
      reasons: {
        youth_left: "You ended the conversation.",
        counsellor_ended: "The counsellor ended the conversation.",
        counsellor_left: "The counsellor had to leave the conversation.",
        inactivity: "The conversation stopped because there had been no message for a while.",
        closing: "The chat is now closed, nobody can answer you today.",
        not_admitted: "The chat can’t take a new conversation right now.",
        other: "",
      },
      reopens: (when) => `The chat opens again ${when}.`,
      erase: "Erase everything now",
      eraseHint: "Erases the conversation from this page and goes back to the start.",
      feedback: {
        title: "Your opinion, if you like",
        intro:
          "Two questions to help us improve the chat. You don’t have to answer. Your answers are only counted, never linked to you or to this conversation.",
        helped: "Did this conversation help you?",
        helpedAnswers: { yes: "Yes", "a-little": "A little", no: "No" },
        writeAgain: "Would you write to the chat again?",
        writeAgainAnswers: { yes: "Yes", maybe: "Maybe", no: "No" },
        send: "Send my answers",
        sending: "Sending…",
        thanks: "Thank you for your answers.",
        failed:
          "Your answers could not be sent. That’s all right: you can erase everything whenever you want.",
      },
    },
    chat: {
      title: "Chat",
      hint: "Write whatever you want, at your own pace. You can stop whenever you want.",
      listLabel: "Messages",
      me: "You",
      counsellorFallback: "Counsellor",
      pendingDecryption: "This message is on its way, just a moment…",
      sending: "Sending…",
      notSent: "Not sent yet.",
      resend: "Send again",
      composerLabel: "Your message",
      composerPlaceholder: "Write your message here…",
      composerWaiting: "Just a moment, the chat is getting ready…",
      send: "Send",
      empty: "A counsellor will answer you. You can already write your first message.",
      held: "Waiting: it will be sent as soon as a counsellor arrives.",
      end: "End the conversation",
      endQuestion: "End the conversation?",
      endDetail:
        "You’re leaving the chat. Messages that haven’t gone yet won’t be sent. You can come back whenever you want.",
      endConfirm: "Yes, end it",
      endCancel: "No, keep going",
      endFailed: "We couldn’t end the conversation. Try again in a moment.",
      counsellorTyping: "The counsellor is typing…",
      sent: "Sent",
      read: "Read",
      connectionLost: "Connection lost, trying again…",
      connectionLostDetail:
        "You can keep writing: your messages will go as soon as the connection is back.",
      unreadable:
        "This message could not be read on this device. Tell the counsellor you didn’t get it: she can write it again.",
      withheld:
        "Warning: a message was not protected like the others. It may not come from the person you are talking to, so it is not shown.",
      team: {
        observer_joined:
          "A second professional from the team is joining the conversation: she can read what you have already written and what you write next. She is bound by the same confidentiality as your counsellor.",
        observer_left:
          "The second professional has left the conversation: she no longer reads what you write.",
        colleague_invited:
          "Someone else was invited into the conversation: they may be able to read what you write from now on.",
        colleague_left: "The person who was invited is no longer in the conversation.",
        colleague_taking_over:
          "Another counsellor of the team is invited to take over the conversation: they can read what you write from now on.",
      },
    },
    safetyForm: {
      title: "A short form for your safety",
      why: "Your counsellor suggests you tell her where you are and which number she can reach you on. It is so she can help you faster if you are in danger.",
      who: "Only your counsellor will be able to read your answers. They do not stay on this device and are erased with the conversation.",
      mayRefuse: "You can say no: nothing changes, the conversation goes on as before.",
      yes: "OK",
      no: "No thanks",
      placeLabel: "Where are you? (an address, a place)",
      phoneLabel: "Which number can you be reached on?",
      bothOptional: "Fill in what you want: at least one of the two boxes.",
      send: "Send",
      cancel: "Cancel",
      sending: "Sending…",
      problems: {
        empty: "Write at least a place or a number.",
        placeTooLong: "The place is too long (300 characters at most).",
        phoneTooLong: "The number is too long (30 characters at most).",
        phoneInvalid: "The number can only contain digits, spaces and + - ( ).",
      },
      failed: "It could not be sent. Try again in a moment.",
      sent: "It was sent to your counsellor, to her alone.",
      declined: "OK, noted. Nothing changes: you can keep writing.",
      close: "Close",
    },
    provenance: {
      vouched: (helpline) => `Counsellor of ${helpline}`,
      notVouched: (helpline) => `This message does not come from a counsellor of ${helpline}.`,
    },
    urgent: {
      button: "I am in danger now",
      hint: "Press this if you are in danger now: you will see the emergency numbers at once, and you will get priority in the queue.",
      numbersTitle: "If you are in danger now, call:",
      sending: "Telling the team…",
      sent: "The team knows it is urgent: you get priority. You can call these numbers at any time.",
      failed:
        "We could not tell the team. The numbers above always work: call them if you are in danger.",
      retry: "Try again",
    },
  },
};

/**
 * The same texts for adults and their relatives ("vous", "u"). English has one form: its texts
 * above serve both registers.
 */
export const formalConversationMessages: Readonly<
  Record<Exclude<Lang, "en">, ConversationMessages>
> = {
  fr: {
    waiting: {
      title: "Une intervenante va vous répondre",
      positionBefore: "Vous êtes n° ",
      positionAfter: " dans la file d’attente.",
      waitAbout: (minutes) =>
        minutes <= 1 ? "Attente : environ 1 minute." : `Attente : environ ${minutes} minutes.`,
      waitUnknown:
        "Aucune intervenante n’est disponible pour l’instant. Vous gardez votre place : nous vous répondons dès qu’une intervenante se libère.",
      reassurance:
        "Vous êtes au bon endroit. Vous pouvez partir quand vous le souhaitez avec « Terminer la conversation ».",
      canWrite:
        "Vous pouvez déjà écrire : vos messages restent sur votre appareil et partiront dès qu’une intervenante arrive.",
      joining: "Une intervenante arrive…",
      present: "Une intervenante est là. Vous pouvez écrire.",
      handedOver:
        "Une autre intervenante prend le relais et peut lire ce qui a déjà été écrit. Vous pouvez écrire.",
      readWhileWaiting: "À lire pendant que vous attendez",
    },
    ended: {
      title: "La conversation est terminée",
      thanks: "Merci de nous avoir parlé. Vous avez eu raison de le faire.",
      reasons: {
        youth_left: "Vous avez terminé la conversation.",
        counsellor_ended: "L’intervenante a terminé la conversation.",
        counsellor_left: "L’intervenante a dû quitter la conversation.",
        inactivity:
          "La conversation s’est arrêtée parce qu’il n’y a plus eu de message depuis un moment.",
        closing: "Le tchat est maintenant fermé, personne ne peut vous répondre aujourd’hui.",
        not_admitted: "Le tchat ne peut pas prendre de nouvelle conversation maintenant.",
        other: "",
      },
      reopens: (when) => `Le tchat rouvre ${when}.`,
      erase: "Tout effacer maintenant",
      eraseHint: "Efface la conversation de cette page et revient à l’accueil.",
      feedback: {
        title: "Votre avis, si vous le souhaitez",
        intro:
          "Deux questions pour nous aider à améliorer le tchat. Vous pouvez ne pas répondre. Vos réponses sont seulement comptées, jamais liées à vous ni à cette conversation.",
        helped: "Cette conversation vous a-t-elle aidé·e ?",
        helpedAnswers: { yes: "Oui", "a-little": "Un peu", no: "Non" },
        writeAgain: "Réécririez-vous au tchat ?",
        writeAgainAnswers: { yes: "Oui", maybe: "Peut-être", no: "Non" },
        send: "Envoyer mes réponses",
        sending: "Envoi…",
        thanks: "Merci pour vos réponses.",
        failed:
          "Vos réponses n’ont pas pu être envoyées. Ce n’est pas grave : vous pouvez tout effacer quand vous le souhaitez.",
      },
    },
    chat: {
      title: "Tchat",
      hint: "Écrivez ce que vous voulez, à votre rythme. Vous pouvez vous arrêter quand vous le souhaitez.",
      listLabel: "Messages",
      me: "Vous",
      counsellorFallback: "Intervenante",
      pendingDecryption: "Ce message arrive, un instant…",
      sending: "Envoi…",
      notSent: "Pas encore envoyé.",
      resend: "Réessayer",
      composerLabel: "Votre message",
      composerPlaceholder: "Écrivez votre message ici…",
      composerWaiting: "Un instant, le tchat se prépare…",
      send: "Envoyer",
      empty: "Une intervenante va vous répondre. Vous pouvez déjà écrire votre premier message.",
      held: "En attente : il partira dès qu’une intervenante arrive.",
      end: "Terminer la conversation",
      endQuestion: "Terminer la conversation ?",
      endDetail:
        "Vous quittez le tchat. Les messages pas encore partis ne seront pas envoyés. Vous pourrez revenir quand vous le souhaitez.",
      endConfirm: "Oui, terminer",
      endCancel: "Non, continuer",
      endFailed: "La conversation n’a pas pu être terminée. Réessayez dans un instant.",
      counsellorTyping: "L’intervenante écrit…",
      sent: "Envoyé",
      read: "Lu",
      connectionLost: "Connexion perdue, nouvel essai…",
      connectionLostDetail:
        "Vous pouvez continuer à écrire : vos messages partiront dès que la connexion revient.",
      unreadable:
        "Ce message n’a pas pu être lu sur cet appareil. Dites à l’intervenante que vous ne l’avez pas reçu : elle pourra vous le réécrire.",
      withheld:
        "Attention : un message n’était pas protégé comme les autres. Il ne vient peut-être pas de la personne qui vous parle, il n’est donc pas affiché.",
      team: {
        observer_joined:
          "Une deuxième professionnelle de l’équipe rejoint la conversation : elle peut lire ce que vous avez déjà écrit et ce que vous allez écrire. Elle est tenue au même secret que votre intervenante.",
        observer_left:
          "La deuxième professionnelle a quitté la conversation : elle ne lit plus ce que vous écrivez.",
        colleague_invited:
          "Une autre personne a été invitée dans la conversation : elle pourrait lire ce que vous écrivez à partir de maintenant.",
        colleague_left: "La personne invitée n’est plus dans la conversation.",
        colleague_taking_over:
          "Une autre intervenante de l’équipe est invitée à reprendre la conversation : elle peut lire ce que vous écrivez à partir de maintenant.",
      },
    },
    safetyForm: {
      title: "Un court formulaire pour votre sécurité",
      why: "Votre intervenante vous propose de lui dire où vous êtes et à quel numéro vous joindre. C’est pour pouvoir vous aider plus vite si vous êtes en danger.",
      who: "Seule votre intervenante pourra lire vos réponses. Elles ne restent pas sur cet appareil et sont effacées avec la conversation.",
      mayRefuse: "Vous pouvez refuser : rien ne change, la conversation continue comme avant.",
      yes: "D’accord",
      no: "Non merci",
      placeLabel: "Où êtes-vous ? (une adresse, un lieu)",
      phoneLabel: "À quel numéro vous joindre ?",
      bothOptional: "Remplissez ce que vous voulez : au moins une des deux cases.",
      send: "Envoyer",
      cancel: "Annuler",
      sending: "Envoi…",
      problems: {
        empty: "Écrivez au moins un lieu ou un numéro.",
        placeTooLong: "Le lieu est trop long (300 caractères au plus).",
        phoneTooLong: "Le numéro est trop long (30 caractères au plus).",
        phoneInvalid: "Le numéro ne peut contenir que des chiffres, des espaces et + - ( ).",
      },
      failed: "L’envoi n’a pas abouti. Réessayez dans un instant.",
      sent: "C’est envoyé à votre intervenante, à elle seule.",
      declined: "D’accord, c’est noté. Rien ne change : vous pouvez continuer à écrire.",
      close: "Fermer",
    },
    provenance: {
      vouched: (helpline) => `Intervenante de ${helpline}`,
      notVouched: (helpline) => `Ce message ne vient pas d’une intervenante de ${helpline}.`,
    },
    urgent: {
      button: "Je suis en danger maintenant",
      hint: "Appuyez si vous êtes en danger maintenant : vous verrez tout de suite les numéros d’urgence, et vous passerez en priorité dans la file.",
      numbersTitle: "Si vous êtes en danger maintenant, appelez :",
      sending: "Nous prévenons l’équipe…",
      sent: "L’équipe sait que c’est urgent : vous passez en priorité. Vous pouvez appeler ces numéros à tout moment.",
      failed:
        "L’équipe n’a pas pu être prévenue. Les numéros ci-dessus fonctionnent toujours : appelez-les si vous êtes en danger.",
      retry: "Réessayer",
    },
  },
  nl: {
    waiting: {
      title: "Een hulpverlener gaat u antwoorden",
      positionBefore: "U bent nummer ",
      positionAfter: " in de wachtrij.",
      waitAbout: (minutes) =>
        minutes <= 1 ? "Wachttijd: ongeveer 1 minuut." : `Wachttijd: ongeveer ${minutes} minuten.`,
      waitUnknown:
        "Er is nu geen hulpverlener vrij. U houdt uw plaats: we antwoorden u zodra er een hulpverlener vrij is.",
      reassurance:
        "U bent hier op de juiste plek. U kunt altijd weggaan met ‘Het gesprek beëindigen’.",
      canWrite:
        "U kunt al schrijven: uw berichten blijven op uw toestel en worden verstuurd zodra er een hulpverlener is.",
      joining: "Er komt een hulpverlener aan…",
      present: "Er is een hulpverlener. U kunt schrijven.",
      handedOver:
        "Een andere hulpverlener neemt het over en kan lezen wat al geschreven is. U kunt schrijven.",
      readWhileWaiting: "Om te lezen terwijl u wacht",
    },
    ended: {
      title: "Het gesprek is afgelopen",
      thanks: "Bedankt dat u met ons hebt gepraat. U hebt er goed aan gedaan.",
      reasons: {
        youth_left: "U hebt het gesprek beëindigd.",
        counsellor_ended: "De hulpverlener heeft het gesprek beëindigd.",
        counsellor_left: "De hulpverlener moest het gesprek verlaten.",
        inactivity: "Het gesprek is gestopt omdat er al een tijdje geen bericht meer was.",
        closing: "De chat is nu gesloten, vandaag kan niemand u nog antwoorden.",
        not_admitted: "De chat kan nu geen nieuw gesprek aannemen.",
        other: "",
      },
      reopens: (when) => `De chat gaat weer open ${when}.`,
      erase: "Nu alles wissen",
      eraseHint: "Wist het gesprek van deze pagina en gaat terug naar het begin.",
      feedback: {
        title: "Uw mening, als u wilt",
        intro:
          "Twee vragen om de chat te verbeteren. U hoeft niet te antwoorden. Uw antwoorden worden alleen geteld, nooit gekoppeld aan u of aan dit gesprek.",
        helped: "Heeft dit gesprek u geholpen?",
        helpedAnswers: { yes: "Ja", "a-little": "Een beetje", no: "Nee" },
        writeAgain: "Zou u opnieuw naar de chat schrijven?",
        writeAgainAnswers: { yes: "Ja", maybe: "Misschien", no: "Nee" },
        send: "Mijn antwoorden versturen",
        sending: "Versturen…",
        thanks: "Bedankt voor uw antwoorden.",
        failed:
          "Uw antwoorden konden niet verstuurd worden. Dat is niet erg: u kunt alles wissen wanneer u wilt.",
      },
    },
    chat: {
      title: "Chat",
      hint: "Schrijf wat u wilt, op uw eigen tempo. U kunt stoppen wanneer u wilt.",
      listLabel: "Berichten",
      me: "U",
      counsellorFallback: "Hulpverlener",
      pendingDecryption: "Dit bericht komt eraan, even geduld…",
      sending: "Versturen…",
      notSent: "Nog niet verstuurd.",
      resend: "Opnieuw versturen",
      composerLabel: "Uw bericht",
      composerPlaceholder: "Schrijf hier uw bericht…",
      composerWaiting: "Even geduld, de chat wordt klaargemaakt…",
      send: "Versturen",
      empty: "Een hulpverlener gaat u antwoorden. U kunt uw eerste bericht al schrijven.",
      held: "Wacht nog: het wordt verstuurd zodra er een hulpverlener is.",
      end: "Het gesprek beëindigen",
      endQuestion: "Het gesprek beëindigen?",
      endDetail:
        "U verlaat de chat. Berichten die nog niet verstuurd zijn, worden niet verstuurd. U kunt terugkomen wanneer u wilt.",
      endConfirm: "Ja, beëindigen",
      endCancel: "Nee, doorgaan",
      endFailed: "We konden het gesprek niet beëindigen. Probeer het zo meteen opnieuw.",
      counsellorTyping: "De hulpverlener typt…",
      sent: "Verstuurd",
      read: "Gelezen",
      connectionLost: "Verbinding verbroken, we proberen opnieuw…",
      connectionLostDetail:
        "U kunt verder schrijven: uw berichten vertrekken zodra de verbinding terug is.",
      unreadable:
        "Dit bericht kon op dit toestel niet gelezen worden. Zeg aan de hulpverlener dat u het niet kreeg: ze kan het opnieuw schrijven.",
      withheld:
        "Let op: een bericht was niet beveiligd zoals de andere. Het komt misschien niet van de persoon met wie u praat, dus we tonen het niet.",
      team: {
        observer_joined:
          "Een tweede hulpverlener van het team komt erbij: ze kan lezen wat u al schreef en wat u nog schrijft. Ze heeft hetzelfde beroepsgeheim als uw hulpverlener.",
        observer_left:
          "De tweede hulpverlener heeft het gesprek verlaten: ze leest niet meer mee met wat u schrijft.",
        colleague_invited:
          "Iemand anders werd in het gesprek uitgenodigd: die persoon kan vanaf nu misschien lezen wat u schrijft.",
        colleague_left: "De uitgenodigde persoon is niet meer in het gesprek.",
        colleague_taking_over:
          "Een andere hulpverlener van het team wordt uitgenodigd om het gesprek over te nemen: die persoon kan vanaf nu lezen wat u schrijft.",
      },
    },
    safetyForm: {
      title: "Een kort formulier voor uw veiligheid",
      why: "Uw hulpverlener stelt voor dat u zegt waar u bent en op welk nummer ze u kan bereiken. Zo kan ze u sneller helpen als u in gevaar bent.",
      who: "Alleen uw hulpverlener kan uw antwoorden lezen. Ze blijven niet op dit toestel en worden gewist met het gesprek.",
      mayRefuse: "U mag weigeren: er verandert niets, het gesprek gaat gewoon verder.",
      yes: "Akkoord",
      no: "Nee, bedankt",
      placeLabel: "Waar bent u? (een adres, een plaats)",
      phoneLabel: "Op welk nummer kunnen we u bereiken?",
      bothOptional: "Vul in wat u wilt: minstens een van de twee vakjes.",
      send: "Versturen",
      cancel: "Annuleren",
      sending: "Versturen…",
      problems: {
        empty: "Schrijf minstens een plaats of een nummer.",
        placeTooLong: "De plaats is te lang (hoogstens 300 tekens).",
        phoneTooLong: "Het nummer is te lang (hoogstens 30 tekens).",
        phoneInvalid: "Het nummer mag alleen cijfers, spaties en + - ( ) bevatten.",
      },
      failed: "Het kon niet vertrekken. Probeer het zo meteen opnieuw.",
      sent: "Het is verstuurd naar uw hulpverlener, alleen naar haar.",
      declined: "Akkoord, genoteerd. Er verandert niets: u kunt verder schrijven.",
      close: "Sluiten",
    },
    provenance: {
      vouched: (helpline) => `Hulpverlener van ${helpline}`,
      notVouched: (helpline) => `Dit bericht komt niet van een hulpverlener van ${helpline}.`,
    },
    urgent: {
      button: "Ik ben nu in gevaar",
      hint: "Druk hier als u nu in gevaar bent: u ziet meteen de noodnummers, en u krijgt voorrang in de wachtrij.",
      numbersTitle: "Bent u nu in gevaar? Bel:",
      sending: "We verwittigen het team…",
      sent: "Het team weet dat het dringend is: u krijgt voorrang. U kunt deze nummers altijd bellen.",
      failed:
        "We konden het team niet verwittigen. De nummers hierboven werken altijd: bel ze als u in gevaar bent.",
      retry: "Opnieuw proberen",
    },
  },
};

/** The conversation's texts in a language and a register. */
export function conversationMessagesFor(lang: Lang, register: Register): ConversationMessages {
  return register === "formal" && lang !== "en"
    ? formalConversationMessages[lang]
    : conversationMessages[lang];
}
