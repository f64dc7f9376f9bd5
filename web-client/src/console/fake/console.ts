import { ConsoleViewModel } from "../viewmodels/ConsoleViewModel.ts";
import { FakeApi, FakeMatrix, ManualScheduler, fakeLogin, settle } from "./fakes.ts";

// The whole console on fakes, for the unit tests of its view models: each is tested where the
// counsellor meets it, behind a real login and a real desk feed.

export const NOW = Date.parse("2026-11-23T18:30:00Z");

export function setup(
  options: { firstLogin?: boolean; rightKey?: string; loginError?: Error } = {},
) {
  const matrix = new FakeMatrix();
  const api = new FakeApi();
  const scheduler = new ManualScheduler();
  const chimes: number[] = [];
  const titles: number[] = [];
  const dangerTitles: number[] = [];
  const login = fakeLogin(matrix, {
    firstLogin: options.firstLogin ?? true,
    ...(options.rightKey !== undefined ? { rightKey: options.rightKey } : {}),
    ...(options.loginError !== undefined ? { failWith: options.loginError } : {}),
  });
  const vm = new ConsoleViewModel({
    login,
    createApi: () => api,
    notifier: {
      chime: () => chimes.push(1),
      unseenOffers: (n) => titles.push(n),
      dangerMarked: (n) => dangerTitles.push(n),
    },
    now: () => NOW,
    schedule: scheduler.schedule,
  });
  return { vm, matrix, api, scheduler, chimes, titles, dangerTitles, login };
}

export type Parties = ReturnType<typeof setup>;

/** The desk's view models, once it is open. */
export function deskOf(vm: ConsoleViewModel) {
  const snapshot = vm.getSnapshot();
  if (snapshot.screen !== "desk") throw new Error(`not on the desk: ${snapshot.screen}`);
  return {
    deskVm: snapshot.desk,
    chat: snapshot.chat,
    supervisor: snapshot.supervisor,
    caseForm: snapshot.caseForm,
  };
}

/** Logged in for the first time (the new recovery key confirmed), on the desk. */
export async function loggedIn(parties: Parties) {
  parties.vm.login.logIn("@camille:localhost", "secret");
  await settle();
  parties.vm.login.confirmRecoveryKeySaved();
  await settle();
  return { ...parties, ...deskOf(parties.vm) };
}

/** The next regular poll of the bot. */
export async function poll(parties: Parties) {
  parties.scheduler.runAll();
  await settle();
}

/** What the desk shows now (and that it is still the screen shown). */
export function shown(vm: ConsoleViewModel) {
  const { deskVm, chat, supervisor, caseForm } = deskOf(vm);
  return {
    caseForm: caseForm.getSnapshot(),
    desk: deskVm.getSnapshot(),
    chat: chat.getSnapshot(),
    supervisor: supervisor.getSnapshot(),
  };
}
