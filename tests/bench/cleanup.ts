import { startTestStack } from "../support/test-stack.ts";
import { youthLeaves } from "../support/permanence.ts";
import { addressOf, youthArrivesFrom, type ArrivedYouth } from "./api-youth.ts";
import { benchDefinition, quietBot } from "./definitions.ts";
import { sleep } from "./stats.ts";
import type { Row } from "./table.ts";

// Figure 5: conversations erased per second. N youths arrive and leave (each conversation ends,
// and its erasure is due `erasureGraceMinutes: 1` later). Then the bot's clock moves past the
// grace period and one tick carries all the erasures out, each through Synapse's admin API: the
// room deleted and purged, then the youth's account deactivated and erased. The time runs from
// that tick until Synapse's admin API shows every room gone (404, purge finished) and every
// account erased. (A grace of 0 would not do: each erasure would then be carried out with the
// next event, while the youths still arrive.)

export interface Cleanup {
  conversations: number;
  seconds: number;
  perSecond: number;
  /** Of which: until the bot's tick returned (every admin call answered). */
  tickSeconds: number;
}

export async function measureCleanup(options: {
  conversations: number;
  onStack?: (stop: () => Promise<void>) => void;
}): Promise<Cleanup> {
  const stack = await startTestStack({
    helplineDefinition: benchDefinition({ erasureGraceMinutes: 1 }),
    botOptions: quietBot,
  });
  options.onStack?.(() => stack.stop());
  const admin = (path: string) =>
    fetch(`${stack.synapseUrl}${path}`, {
      headers: { Authorization: `Bearer ${stack.secrets.appserviceToken}` },
    });
  try {
    const ended: ArrivedYouth[] = [];
    for (let i = 0; i < options.conversations; i += 1) {
      const arrived = await youthArrivesFrom(stack, addressOf(1000 + i));
      await youthLeaves(stack, arrived.youth, arrived.roomId);
      ended.push(arrived);
    }
    await stack.bot.settled();
    // Make sure the bot saw every leave before time moves (each leave arrives through Synapse).
    await sleep(500);
    await stack.bot.settled();

    stack.clock.advance(61_000);
    const started = performance.now();
    await stack.bot.tick();
    await stack.bot.settled();
    const tickSeconds = (performance.now() - started) / 1000;
    const pending = new Set(ended);
    const deadline = Date.now() + 120_000;
    while (pending.size > 0) {
      if (Date.now() > deadline) throw new Error(`${pending.size} conversations not erased`);
      for (const arrived of [...pending]) {
        const room = await admin(`/_synapse/admin/v1/rooms/${encodeURIComponent(arrived.roomId)}`);
        await room.body?.cancel();
        if (room.status !== 404) continue;
        const account = (await (
          await admin(`/_synapse/admin/v2/users/${encodeURIComponent(arrived.youth.userId)}`)
        ).json()) as { deactivated?: boolean; erased?: boolean };
        if (account.deactivated && account.erased) pending.delete(arrived);
      }
      if (pending.size > 0) await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      conversations: ended.length,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Number((ended.length / seconds).toFixed(2)),
      tickSeconds: Number(tickSeconds.toFixed(2)),
    };
  } finally {
    await stack.stop();
  }
}

export function cleanupRows(result: Cleanup): Row[] {
  return [
    {
      figure: `cleanup (${result.conversations} conversations in ${result.seconds} s)`,
      value: `${result.perSecond} erased/s`,
      target: "",
      met: null,
    },
  ];
}
