/** A command could not do what was asked; `message` says why in words an operator understands. */
export class AdminError extends Error {
  constructor(
    message: string,
    /** 2: the command line itself is wrong; 1: the command failed. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

/** What to say when a service does not answer at all. */
export function unreachable(what: string, url: string, error: unknown): AdminError {
  const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new AdminError(`${what} is not answering at ${url} (${code}): is it running?`);
}
