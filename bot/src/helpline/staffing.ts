import { ConfigError } from "../config/errors.ts";
import type { BotConfig } from "../config/schema.ts";
import { loadHelplineConfig } from "./load.ts";
import type { HelplineDefinition } from "./schema.ts";

/**
 * Reads every helpline's definition and checks what the bot config alone cannot tell: a service
 * that runs needs at least one counsellor, while one that has `ended` may list none. Called at
 * start, before anything is created; a problem names the bot config's file and key.
 */
export function checkStaffing(
  config: BotConfig,
  source: string,
  load: (file: string) => HelplineDefinition = loadHelplineConfig,
): void {
  const problems = config.helplines.flatMap((helpline, index) => {
    if (helpline.counsellors.length > 0) return [];
    const definition = load(helpline.definition);
    if (definition.ended !== undefined) return [];
    return [
      `${source}: helplines.${index}.counsellors: expected at least one counsellor ` +
        `(only a helpline whose definition has "ended" may have none; ${definition.id} has not ended), got none`,
    ];
  });
  if (problems.length > 0) throw new ConfigError(problems);
}
