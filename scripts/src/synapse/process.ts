import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { synapseTemplatesDir } from "../paths.ts";

/**
 * Our own Synapse modules (synapse/modules/helpline_guard.py and youth_accounts.py, loaded by
 * `modules:` in homeserver.yaml). Synapse imports them by name, so their folder goes on PYTHONPATH.
 */
export const synapseModulesDir = path.join(synapseTemplatesDir, "modules");

function withModulesOnPythonPath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const existing = env.PYTHONPATH;
  return {
    ...env,
    PYTHONPATH: existing ? `${synapseModulesDir}${path.delimiter}${existing}` : synapseModulesDir,
  };
}

export interface RunningSynapse {
  baseUrl: string;
  pid: number;
  /** Stops Synapse (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills Synapse at once, as a crash would. */
  kill(): Promise<void>;
}

/** The last lines of a log, for an error message. */
export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts Synapse with a rendered config and resolves once its client API answers.
 * Startup failures (bad config, database unreachable) reject with the end of Synapse's output.
 *
 * With `worker`, it starts one of Synapse's workers instead (synapse/workers/, docs/scaling.md):
 * the main config plus the worker's own file, as docker-compose.workers.yml runs them, ready once
 * `readyUrl` (the worker's /health) answers.
 */
export async function startSynapse(options: {
  python: string;
  configFile: string;
  baseUrl: string;
  timeoutMs?: number;
  worker?: { name: string; configFile: string; readyUrl: string };
}): Promise<RunningSynapse> {
  const dir = path.dirname(options.configFile);
  const name = options.worker?.name ?? "Synapse";
  const outputFile = path.join(
    dir,
    options.worker ? `${options.worker.name}.stderr.log` : "homeserver.stderr.log",
  );
  const output = openSync(outputFile, "a");
  const args = options.worker
    ? [
        "-m",
        "synapse.app.generic_worker",
        "--config-path",
        options.configFile,
        "--config-path",
        options.worker.configFile,
      ]
    : ["-m", "synapse.app.homeserver", "--config-path", options.configFile];
  const readyUrl = options.worker?.readyUrl ?? `${options.baseUrl}/_matrix/client/versions`;
  const child = spawn(options.python, args, {
    cwd: dir,
    stdio: ["ignore", output, output],
    env: withModulesOnPythonPath(process.env),
  });
  closeSync(output);
  const exit = exited(child);

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} exited during start-up (code ${child.exitCode ?? child.signalCode}).\n` +
          tail(outputFile),
      );
    }
    try {
      const response = await fetch(readyUrl);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not answer within the start-up timeout.\n${tail(outputFile)}`);
    }
    await sleep(100);
  }

  return {
    baseUrl: options.baseUrl,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    },
    async kill() {
      child.kill("SIGKILL");
      await exit;
    },
  };
}
