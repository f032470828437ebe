// The explicit registry: used by the router AND the register script. A command, its buttons and its forms
// are found in one hop: src/commands/<name>.ts, or src/commands/<name>/ for the big ones.
import { adminCommand } from './admin/index.js';
import { challengeCommand, challengeComponents, challengeModals } from './challenge/index.js';
import { createNexusCommand, nexusComponents } from './nexus/index.js';
import { pairCommand, pairComponents } from './pair/index.js';
import { profileCommand } from './profile.js';
import { projectCommand, projectComponents } from './project/index.js';
import { takeawayCommand, takeawayListPager } from './takeaway.js';
import type { CommandModule, ComponentModule, ModalModule, Registry } from './types.js';

export const commands: CommandModule[] = [];
commands.push(
  createNexusCommand(() => commands),
  profileCommand,
  projectCommand,
  adminCommand,
  pairCommand,
  challengeCommand,
  takeawayCommand,
);

export const components: ComponentModule[] = [
  ...nexusComponents,
  ...projectComponents,
  ...pairComponents,
  ...challengeComponents,
  takeawayListPager,
];
export const modals: ModalModule[] = [...challengeModals];

export function createRegistry(): Registry {
  return { commands: new Map(commands.map((c) => [c.data.name, c])), components, modals };
}

/** Exactly what `npm run register` PUTs. */
export function commandDefinitions() {
  return commands.map((c) => c.data);
}
