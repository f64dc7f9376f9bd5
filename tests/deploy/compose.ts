import { spawn } from "node:child_process";

// `docker compose` and `docker` as an operator types them, in the installation's folder. Output is
// captured, never printed whole: a counsellor's password goes through it.

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(
        new Error(`${command} ${args.join(" ")}: still running after ${options.timeoutMs} ms`),
      );
    }, options.timeoutMs ?? 600_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
    child.stdin.end(options.input ?? "");
  });
}

export class Compose {
  constructor(
    /** The installation: docker-compose.yml, .env, production/. */
    readonly dir: string,
    /** COMPOSE_PROJECT_NAME, as .env sets it: the label of the test's containers. */
    readonly project: string,
    private readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {}

  get env(): NodeJS.ProcessEnv {
    // The project's name comes from .env, as for an operator (the backup command reads it there).
    const { COMPOSE_PROJECT_NAME: _ignored, ...env } = process.env;
    return { ...env, ...this.extraEnv };
  }

  /** Runs `docker compose ARGS`; throws with stderr's tail (compose's own messages) on failure. */
  async compose(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}) {
    const result = await this.composeMayFail(args, options);
    if (result.code !== 0) {
      throw new Error(
        `docker compose ${args.join(" ")} failed (${result.code}):\n${result.stderr.slice(-3000)}`,
      );
    }
    return result;
  }

  composeMayFail(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}) {
    return run("docker", ["compose", ...args], { cwd: this.dir, env: this.env, ...options });
  }

  async docker(args: readonly string[], timeoutMs = 120_000): Promise<string> {
    const result = await run("docker", args, { cwd: this.dir, env: this.env, timeoutMs });
    if (result.code !== 0) {
      throw new Error(
        `docker ${args.join(" ")} failed (${result.code}): ${result.stderr.slice(-2000)}`,
      );
    }
    return result.stdout;
  }

  /** The ids of this project's running containers of one service. */
  async containers(service: string): Promise<string[]> {
    const { stdout } = await this.compose(["ps", "--quiet", service]);
    return stdout.split("\n").filter((line) => line !== "");
  }

  /** Every container of the project, running or not, by id. */
  async allContainers(): Promise<string[]> {
    return (
      await this.docker([
        "ps",
        "--all",
        "--quiet",
        "--filter",
        `label=com.docker.compose.project=${this.project}`,
      ])
    )
      .split("\n")
      .filter((line) => line !== "");
  }

  /** The running containers of both bot services (the active one and the standby). */
  async allRunningBots(): Promise<string[]> {
    return [...(await this.containers("bot")), ...(await this.containers("bot-standby"))];
  }
}
