import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// Which configured counsellors are disabled, and which are supervisors. The list of counsellors
// is the deployment config's (bot.yaml); these two roles change at run time through the admin CLI
// and live in the bot's state folder, so nobody edits YAML by hand in a hurry and no restart is
// needed. A disabled counsellor is also locked on Synapse by the CLI: she cannot log in.

const rolesFileSchema = z.strictObject({
  disabled: z.array(z.string()),
  supervisors: z.array(z.string()),
});

export type Roles = z.infer<typeof rolesFileSchema>;

export class RolesStore {
  readonly #file: string;
  #roles: Roles;

  constructor(stateDir: string) {
    this.#file = path.join(stateDir, "counsellor-roles.json");
    this.#roles = existsSync(this.#file)
      ? rolesFileSchema.parse(JSON.parse(readFileSync(this.#file, "utf8")))
      : { disabled: [], supervisors: [] };
  }

  isDisabled(userId: string): boolean {
    return this.#roles.disabled.includes(userId);
  }

  isSupervisor(userId: string): boolean {
    return this.#roles.supervisors.includes(userId);
  }

  setDisabled(userId: string, disabled: boolean): void {
    this.#save({ ...this.#roles, disabled: toggled(this.#roles.disabled, userId, disabled) });
  }

  setSupervisor(userId: string, supervisor: boolean): void {
    this.#save({
      ...this.#roles,
      supervisors: toggled(this.#roles.supervisors, userId, supervisor),
    });
  }

  #save(roles: Roles): void {
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(roles, null, 2) + "\n", { mode: 0o600 });
    renameSync(temporary, this.#file);
    this.#roles = roles;
  }
}

function toggled(list: readonly string[], userId: string, present: boolean): string[] {
  const without = list.filter((entry) => entry !== userId);
  return present ? [...without, userId].sort() : without;
}
