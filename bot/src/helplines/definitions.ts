import { ConfigError } from "../config/errors.ts";
import type { BotConfig, HelplineConfig } from "../config/schema.ts";
import { loadHelplineConfig } from "../helpline/load.ts";
import type { HelplineDefinition } from "../helpline/schema.ts";

/** One helpline of the deployment: what its bot config entry says, and its definition file. */
export interface ConfiguredHelpline {
  id: string;
  config: HelplineConfig;
  definition: HelplineDefinition;
}

/**
 * Every helpline's definition, loaded and validated, in the config's order (the first is the
 * deployment's default). Any problem stops the start: a helpline is never silently dropped. All
 * problems are reported at once, each naming its file and key.
 */
export function loadHelplines(config: BotConfig): ConfiguredHelpline[] {
  const problems: string[] = [];
  const loaded: ConfiguredHelpline[] = [];
  const fileOfId = new Map<string, string>();
  for (const entry of config.helplines) {
    let definition: HelplineDefinition;
    try {
      definition = loadHelplineConfig(entry.definition);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      continue;
    }
    const other = fileOfId.get(definition.id);
    if (other !== undefined) {
      problems.push(
        `${entry.definition}: id: expected an id no other helpline of the bot uses, got "${definition.id}" (also the id of ${other})`,
      );
      continue;
    }
    fileOfId.set(definition.id, entry.definition);
    loaded.push({ id: definition.id, config: entry, definition });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}
