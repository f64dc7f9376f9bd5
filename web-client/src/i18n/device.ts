import type { Lang, Register } from "./types.ts";

/**
 * The texts of "Continuer plus tard sur cet appareil" and of the PIN screen, apart from the main
 * catalogs: only the lazily loaded device screens need them, so they stay out of the landing page.
 * Never anything of the conversation itself.
 */
export interface DeviceMessages {
  readonly unlockTitle: string;
  readonly unlockIntro: string;
  readonly pinLabel: string;
  readonly unlock: string;
  readonly unlocking: string;
  readonly wrongPin: (attemptsLeft: number) => string;
  readonly forget: string;
  readonly forgetHint: string;
  readonly wiped: string;
  readonly dismiss: string;
  readonly keepButton: string;
  readonly keepTitle: string;
  readonly keepIntro: string;
  readonly keepWarning: string;
  readonly newPinLabel: string;
  readonly confirmPinLabel: string;
  readonly keepConfirm: string;
  readonly keepCancel: string;
  readonly keepSaving: string;
  readonly keepSaved: string;
  readonly keepFailed: string;
  readonly pinTooShort: (min: number) => string;
  readonly pinMismatch: string;
}

export const deviceMessages: Readonly<Record<Lang, DeviceMessages>> = {
  fr: {
    unlockTitle: "Reprendre ma conversation",
    unlockIntro: "Écris le code que tu as choisi pour reprendre là où tu t’étais arrêté·e.",
    pinLabel: "Ton code",
    unlock: "Reprendre",
    unlocking: "Ouverture…",
    wrongPin: (n) =>
      n === 1
        ? "Ce n’est pas le bon code. Il te reste 1 essai, ensuite tout sera effacé."
        : `Ce n’est pas le bon code. Il te reste ${n} essais.`,
    forget: "Oublier cet appareil",
    forgetHint: "Efface tout de cet appareil. Tu pourras toujours commencer un nouveau tchat.",
    wiped:
      "Trop d’essais avec un mauvais code : la conversation gardée sur cet appareil a été effacée. Tu peux commencer un nouveau tchat.",
    dismiss: "D’accord",
    keepButton: "Continuer plus tard sur cet appareil",
    keepTitle: "Garder la conversation sur cet appareil",
    keepIntro:
      "Choisis un code (au moins 6 chiffres ou lettres). Avec ce code, tu pourras rouvrir cette page plus tard et retrouver la conversation.",
    keepWarning:
      "N’oublie pas ce code : personne ne pourra te le redonner. Et toute personne qui le connaît pourrait lire la conversation sur cet appareil. Ne choisis pas un code que d’autres devinent.",
    newPinLabel: "Ton code",
    confirmPinLabel: "Écris-le encore une fois",
    keepConfirm: "Garder avec ce code",
    keepCancel: "Annuler",
    keepSaving: "Un instant…",
    keepSaved:
      "C’est gardé sur cet appareil. Pour tout effacer, utilise « Quitter vite » ou « Oublier cet appareil ».",
    keepFailed: "On n’a pas pu garder la conversation. Réessaie dans un instant.",
    pinTooShort: (min) => `Le code doit avoir au moins ${min} caractères.`,
    pinMismatch: "Les deux codes ne sont pas pareils.",
  },
  nl: {
    unlockTitle: "Mijn gesprek hervatten",
    unlockIntro: "Typ de code die je gekozen hebt om verder te gaan waar je gebleven was.",
    pinLabel: "Je code",
    unlock: "Verdergaan",
    unlocking: "Openen…",
    wrongPin: (n) =>
      n === 1
        ? "Dat is niet de juiste code. Je hebt nog 1 poging, daarna wordt alles gewist."
        : `Dat is niet de juiste code. Je hebt nog ${n} pogingen.`,
    forget: "Dit toestel vergeten",
    forgetHint: "Wist alles van dit toestel. Je kunt altijd een nieuwe chat beginnen.",
    wiped:
      "Te vaak een verkeerde code: het gesprek dat op dit toestel bewaard was, is gewist. Je kunt een nieuwe chat beginnen.",
    dismiss: "Oké",
    keepButton: "Later verdergaan op dit toestel",
    keepTitle: "Het gesprek op dit toestel bewaren",
    keepIntro:
      "Kies een code (minstens 6 cijfers of letters). Daarmee kun je deze pagina later opnieuw openen en het gesprek terugvinden.",
    keepWarning:
      "Vergeet deze code niet: niemand kan hem je teruggeven. En wie hem kent, kan het gesprek op dit toestel lezen. Kies geen code die anderen kunnen raden.",
    newPinLabel: "Je code",
    confirmPinLabel: "Typ hem nog een keer",
    keepConfirm: "Bewaren met deze code",
    keepCancel: "Annuleren",
    keepSaving: "Even geduld…",
    keepSaved:
      "Het is bewaard op dit toestel. Om alles te wissen, gebruik je “Snel weg” of “Dit toestel vergeten”.",
    keepFailed: "We konden het gesprek niet bewaren. Probeer het zo meteen opnieuw.",
    pinTooShort: (min) => `De code moet minstens ${min} tekens hebben.`,
    pinMismatch: "De twee codes zijn niet hetzelfde.",
  },
  en: {
    unlockTitle: "Pick up my conversation",
    unlockIntro: "Type the code you chose to carry on where you left off.",
    pinLabel: "Your code",
    unlock: "Continue",
    unlocking: "Opening…",
    wrongPin: (n) =>
      n === 1
        ? "That’s not the right code. You have 1 try left, then everything will be erased."
        : `That’s not the right code. You have ${n} tries left.`,
    forget: "Forget this device",
    forgetHint: "Erases everything from this device. You can always start a new chat.",
    wiped:
      "Too many tries with a wrong code: the conversation kept on this device has been erased. You can start a new chat.",
    dismiss: "OK",
    keepButton: "Continue later on this device",
    keepTitle: "Keep the conversation on this device",
    keepIntro:
      "Choose a code (at least 6 digits or letters). With it, you can open this page later and find the conversation again.",
    keepWarning:
      "Don’t forget this code: nobody can give it back to you. And anyone who knows it could read the conversation on this device. Don’t pick a code others could guess.",
    newPinLabel: "Your code",
    confirmPinLabel: "Type it once more",
    keepConfirm: "Keep it with this code",
    keepCancel: "Cancel",
    keepSaving: "One moment…",
    keepSaved:
      "It’s kept on this device. To erase everything, use “Leave now” or “Forget this device”.",
    keepFailed: "We couldn’t keep the conversation. Try again in a moment.",
    pinTooShort: (min) => `The code needs at least ${min} characters.`,
    pinMismatch: "The two codes are not the same.",
  },
};

/** The same texts for adults and their relatives ("vous", "u"); English's serve both registers. */
export const formalDeviceMessages: Readonly<Record<Exclude<Lang, "en">, DeviceMessages>> = {
  fr: {
    unlockTitle: "Reprendre ma conversation",
    unlockIntro:
      "Écrivez le code que vous avez choisi pour reprendre là où vous vous étiez arrêté·e.",
    pinLabel: "Votre code",
    unlock: "Reprendre",
    unlocking: "Ouverture…",
    wrongPin: (n) =>
      n === 1
        ? "Ce n’est pas le bon code. Il vous reste 1 essai, ensuite tout sera effacé."
        : `Ce n’est pas le bon code. Il vous reste ${n} essais.`,
    forget: "Oublier cet appareil",
    forgetHint: "Efface tout de cet appareil. Vous pourrez toujours commencer un nouveau tchat.",
    wiped:
      "Trop d’essais avec un mauvais code : la conversation gardée sur cet appareil a été effacée. Vous pouvez commencer un nouveau tchat.",
    dismiss: "D’accord",
    keepButton: "Continuer plus tard sur cet appareil",
    keepTitle: "Garder la conversation sur cet appareil",
    keepIntro:
      "Choisissez un code (au moins 6 chiffres ou lettres). Avec ce code, vous pourrez rouvrir cette page plus tard et retrouver la conversation.",
    keepWarning:
      "N’oubliez pas ce code : personne ne pourra vous le redonner. Et toute personne qui le connaît pourrait lire la conversation sur cet appareil. Ne choisissez pas un code que d’autres devinent.",
    newPinLabel: "Votre code",
    confirmPinLabel: "Écrivez-le encore une fois",
    keepConfirm: "Garder avec ce code",
    keepCancel: "Annuler",
    keepSaving: "Un instant…",
    keepSaved:
      "C’est gardé sur cet appareil. Pour tout effacer, utilisez « Quitter vite » ou « Oublier cet appareil ».",
    keepFailed: "La conversation n’a pas pu être gardée. Réessayez dans un instant.",
    pinTooShort: (min) => `Le code doit avoir au moins ${min} caractères.`,
    pinMismatch: "Les deux codes ne sont pas pareils.",
  },
  nl: {
    unlockTitle: "Mijn gesprek hervatten",
    unlockIntro: "Typ de code die u gekozen hebt om verder te gaan waar u gebleven was.",
    pinLabel: "Uw code",
    unlock: "Verdergaan",
    unlocking: "Openen…",
    wrongPin: (n) =>
      n === 1
        ? "Dat is niet de juiste code. U hebt nog 1 poging, daarna wordt alles gewist."
        : `Dat is niet de juiste code. U hebt nog ${n} pogingen.`,
    forget: "Dit toestel vergeten",
    forgetHint: "Wist alles van dit toestel. U kunt altijd een nieuwe chat beginnen.",
    wiped:
      "Te vaak een verkeerde code: het gesprek dat op dit toestel bewaard was, is gewist. U kunt een nieuwe chat beginnen.",
    dismiss: "Oké",
    keepButton: "Later verdergaan op dit toestel",
    keepTitle: "Het gesprek op dit toestel bewaren",
    keepIntro:
      "Kies een code (minstens 6 cijfers of letters). Daarmee kunt u deze pagina later opnieuw openen en het gesprek terugvinden.",
    keepWarning:
      "Vergeet deze code niet: niemand kan hem u teruggeven. En wie hem kent, kan het gesprek op dit toestel lezen. Kies geen code die anderen kunnen raden.",
    newPinLabel: "Uw code",
    confirmPinLabel: "Typ hem nog een keer",
    keepConfirm: "Bewaren met deze code",
    keepCancel: "Annuleren",
    keepSaving: "Even geduld…",
    keepSaved:
      "Het is bewaard op dit toestel. Om alles te wissen, gebruikt u “Snel weg” of “Dit toestel vergeten”.",
    keepFailed: "We konden het gesprek niet bewaren. Probeer het zo meteen opnieuw.",
    pinTooShort: (min) => `De code moet minstens ${min} tekens hebben.`,
    pinMismatch: "De twee codes zijn niet hetzelfde.",
  },
};

/** The device screens' texts in a language and a register. */
export function deviceMessagesFor(lang: Lang, register: Register): DeviceMessages {
  return register === "formal" && lang !== "en" ? formalDeviceMessages[lang] : deviceMessages[lang];
}
