// The explicit registry: used by the router AND the register script.
import type { Registry } from '../discord/router.js';
import { createNexusCommand } from './nexus.js';
import { profileCommand } from './profile.js';
import { projectCommand, projectComponents } from './project.js';
import { adminCommand } from './admin.js';
import type { CommandModule, ComponentModule, ModalModule } from './types.js';

export const commands: CommandModule[] = [];
commands.push(createNexusCommand(() => commands), profileCommand);
commands.push(projectCommand);
commands.push(adminCommand);

export const components: ComponentModule[] = [];
export const modals: ModalModule[] = [];
components.push(...projectComponents);

export function createRegistry(): Registry {
  return { commands: new Map(commands.map((c) => [c.data.name, c])), components, modals };
}

/** Exactly what `npm run register` PUTs. */
export function commandDefinitions() {
  return commands.map((c) => c.data);
}
