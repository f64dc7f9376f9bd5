import type { ICreateClientOpts } from "matrix-js-sdk";

type Logger = NonNullable<ICreateClientOpts["logger"]>;

/**
 * The SDK logs every request and crypto step at debug level, with ids in them. The youth's
 * console only needs warnings and errors; everything else is dropped.
 */
export function quietLogger(prefix = "chat"): Logger {
  const drop = (): void => undefined;
  return {
    trace: drop,
    debug: drop,
    info: drop,
    // Arguments are whatever the SDK chose to log; we only forward them.
    warn: (...msg: unknown[]) => console.warn(`[${prefix}]`, ...msg),
    error: (...msg: unknown[]) => console.error(`[${prefix}]`, ...msg),
    getChild: (namespace: string) => quietLogger(`${prefix}${namespace}`),
  };
}
