import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/** One external command (pg_dump, tar, docker...), with its standard input or output on a file. */
export interface CommandSpec {
  command: string;
  args: string[];
  /** Fed to the command's standard input. */
  stdinFile?: string;
  /** Receives its standard output, created owner-only. */
  stdoutFile?: string;
  env?: Record<string, string | undefined>;
}

export type RunCommand = (spec: CommandSpec) => Promise<{ stdout: string }>;

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandError";
  }
}

/**
 * Runs a command for real. Its error names the program and repeats its last lines of standard
 * error, never its arguments: a database URL among them may carry a password.
 */
export const runCommand: RunCommand = (spec) =>
  new Promise((resolve, reject) => {
    const stdin = spec.stdinFile === undefined ? "ignore" : openSync(spec.stdinFile, "r");
    const stdout = spec.stdoutFile === undefined ? "pipe" : openSync(spec.stdoutFile, "w", 0o600);
    const child = spawn(spec.command, spec.args, {
      stdio: [stdin, stdout, "pipe"],
      env: { ...process.env, ...spec.env },
    });
    if (typeof stdin === "number") closeSync(stdin);
    if (typeof stdout === "number") closeSync(stdout);
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr
      ?.setEncoding("utf8")
      .on("data", (chunk: string) => (err = (err + chunk).slice(-4000)));
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new CommandError(
          error.code === "ENOENT"
            ? `${spec.command} is not installed (or not on PATH).`
            : `${spec.command} could not start (${error.code ?? error.name}).`,
        ),
      ),
    );
    child.once("close", (code) => {
      if (code === 0) resolve({ stdout: out });
      else {
        const last = err.trim().split("\n").slice(-3).join("\n");
        reject(
          new CommandError(
            `${spec.command} failed (exit ${String(code)})${last ? `:\n${last}` : "."}`,
          ),
        );
      }
    });
  });
