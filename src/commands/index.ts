// The explicit registry: used by the router AND the register script.
import type { Registry } from '../discord/router.js';
import { createNexusCommand, nexusComponents } from './nexus.js';
import { profileCommand } from './profile.js';
import { projectCommand, projectComponents } from './project.js';
import { adminCommand } from './admin.js';
import { pairCommand, pairComponents } from './pair.js';
import { challengeCommand } from './challenge.js';
import { takeawayCommand, takeawayListPager } from './takeaway.js';
import { challengeComponents, challengeModals } from '../components/challenge.js';
import type { CommandModule, ComponentModule, ModalModule } from './types.js';

export const commands: CommandModule[] = [];
commands.push(
  createNexusCommand(() => commands),
  profileCommand,
);
commands.push(projectCommand);
commands.push(adminCommand);
commands.push(pairCommand);
commands.push(challengeCommand, takeawayCommand);

export const components: ComponentModule[] = [];
export const modals: ModalModule[] = [];
components.push(...nexusComponents);
components.push(...projectComponents);
components.push(...pairComponents);
components.push(...challengeComponents, takeawayListPager);
modals.push(...challengeModals);

export function createRegistry(): Registry {
  return { commands: new Map(commands.map((c) => [c.data.name, c])), components, modals };
}

/** Exactly what `npm run register` PUTs. */
export function commandDefinitions() {
  return commands.map((c) => c.data);
}
