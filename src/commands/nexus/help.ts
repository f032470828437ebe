// /nexus help — what Nexus does, one line per command, generated from the registry.
import { ApplicationCommandOptionType, type APIEmbed } from 'discord-api-types/v10';
import { COLORS } from '../ui.js';
import type { CommandModule } from '../types.js';

interface OptionLike {
  type: number;
  name: string;
  description: string;
  options?: readonly OptionLike[];
}

/** One line per (sub)command, generated from the registry so help never drifts from what exists. */
function commandLines(commands: readonly CommandModule[], moderator: boolean): string[] {
  const lines: string[] = [];
  for (const c of commands) {
    if (c.moderatorOnly && !moderator) continue;
    const opts = (c.data.options ?? []) as readonly OptionLike[];
    const subs = opts.filter(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subs.length === 0) lines.push(`\`/${c.data.name}\` — ${c.data.description}`);
    for (const s of subs) {
      if (s.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const ss of s.options ?? []) lines.push(`\`/${c.data.name} ${s.name} ${ss.name}\` — ${ss.description}`);
      } else lines.push(`\`/${c.data.name} ${s.name}\` — ${s.description}`);
    }
  }
  return lines;
}

export function helpEmbed(commands: readonly CommandModule[], moderator: boolean): APIEmbed {
  const lines = commandLines(commands, moderator);
  let description =
    'Nexus helps you team up with a learner building the same project, and keeps what you learn.\n' +
    '**Start here:** `/profile set role:backend stack:django,postgres timezone:Africa/Lagos`, then `/project announce … seeking:frontend` and `/pair find`.\n\n';
  for (const l of lines) {
    if (description.length + l.length + 1 > 4000) break;
    description += l + '\n';
  }
  return { title: 'Nexus — #ProDevProjectNexus', color: COLORS.brand, description };
}
