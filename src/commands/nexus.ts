// /nexus help | readme | forget-me — the front door, the learner's README, and leaving.
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  InteractionContextType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { FORGOTTEN, forgetLearner, learnerData } from '../db/queries/learner.js';
import { buildReadme, parseSections, README_MAX_PARTNERS, readmePreview, type ReadmeInput } from '../domain/readme.js';
import { escapeMarkdown, truncate } from '../domain/text.js';
import { parseInput } from '../domain/validate.js';
import { button, COLORS, row, userMention } from './ui.js';
import {
  defineCommand,
  UserError,
  type CommandInput,
  type CommandModule,
  type ComponentModule,
  type Reply,
} from './types.js';

const data = {
  name: 'nexus',
  description: 'Nexus: find a collaborator, share what you build and learn',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'help', description: 'What Nexus does and how to start' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'readme',
      description: 'Your alx-project-nexus README, generated from what you logged',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: 'Whose README (default: yours)' },
        {
          type: ApplicationCommandOptionType.String,
          name: 'sections',
          description: 'objective, overview, learnings, challenges, takeaways, collaboration (default: all)',
          max_length: 200,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'format',
          description: 'Challenges as a list or as a table',
          choices: [
            { name: 'markdown (lists)', value: 'markdown' },
            { name: 'table-style', value: 'table-style' },
          ],
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'detail',
          description: 'Add where each item came from, tags and dates (for your own review)',
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'forget-me',
      description: 'Delete everything Nexus holds about you in this server',
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

interface OptionLike {
  type: number;
  name: string;
  description: string;
  options?: readonly OptionLike[];
}

/** One line per (sub)command, generated from the registry so help never drifts from what exists. */
export function commandLines(commands: readonly CommandModule[], moderator: boolean): string[] {
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
    '**Start here:** `/profile set role:backend stack:django,postgres timezone:Africa/Lagos seeking:true`, then `/project announce` and `/pair find`.\n\n';
  for (const l of lines) {
    if (description.length + l.length + 1 > 4000) break;
    description += l + '\n';
  }
  return { title: 'Nexus — #ProDevProjectNexus', color: COLORS.brand, description };
}

const ReadmeOptions = z.object({
  user: z
    .string()
    .regex(/^\d{17,20}$/, 'must be a member of this server')
    .optional(),
  sections: z.string().max(200).optional(),
  format: z.enum(['markdown', 'table-style']).optional(),
  detail: z.boolean().optional(),
});

/** Discord lookups one README may cost (partners beyond it, uncached, keep their names). */
export const README_MEMBER_LOOKUPS = 10;

/**
 * Which partners have left the server. Cached answers are free; at most README_MEMBER_LOOKUPS uncached
 * ones per call, newest pairs first; a partner not asked (or when Discord cannot answer) keeps their name.
 */
async function departedPartners(ctx: AppContext, guildId: string, partnerIds: readonly string[]): Promise<Set<string>> {
  const cache = ctx.memberCache;
  let budget = README_MEMBER_LOOKUPS;
  const asked: Array<Promise<readonly [string, boolean | undefined]>> = [];
  for (const id of partnerIds) {
    const free = cache?.has(guildId, id) ?? false;
    if (!free) {
      if (budget === 0) continue;
      budget--;
    }
    const answer = cache ? cache.isGuildMember(guildId, id) : ctx.discord.isGuildMember(guildId, id);
    asked.push(answer.then((here) => [id, here] as const));
  }
  const answers = await Promise.all(asked);
  return new Set(answers.filter(([, here]) => here === false).map(([id]) => id));
}

async function readme(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parseInput(ReadmeOptions, input.options);
  let sections;
  try {
    sections = parseSections(o.sections);
  } catch (err) {
    throw new UserError(escapeMarkdown(truncate((err as Error).message, 500)));
  }
  const userId = o.user ?? input.user.id;
  const self = userId === input.user.id;
  const d = await learnerData(ctx.db, input.guildId, userId);
  const name =
    d.member?.displayName || (self ? input.user.name : (input.users[userId]?.name ?? `member ${userId.slice(-4)}`));
  // Partners are named only while they are still in the server. Only those the README can list are
  // checked, in its order (current pairs first, then the most recent).
  const listed = [...d.pairs]
    .sort(
      (a, b) =>
        Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt.getTime() - a.startedAt.getTime(),
    )
    .map((p) => (p.userA === userId ? p.userB : p.userA));
  const known = new Set(d.partners.map((p) => p.userId));
  const checkIds = [...new Set(listed)].filter((id) => known.has(id)).slice(0, README_MAX_PARTNERS);
  const departed = await departedPartners(ctx, input.guildId, checkIds);
  const partner = new Map(d.partners.filter((p) => !departed.has(p.userId)).map((p) => [p.userId, p]));
  const projectName = new Map(d.pairProjects.map((p) => [p.id, p.name]));
  const readmeInput: ReadmeInput = {
    learner: { name, role: d.member?.role ?? null, timezone: d.member?.timezone ?? null, stack: d.member?.stack ?? [] },
    nexusChannel: null,
    projects: d.projects.map((p) => ({
      name: p.name,
      summary: p.summary,
      stack: p.stack,
      repoUrl: p.repoUrl,
      role: p.role,
      status: p.status,
      createdAt: p.createdAt,
    })),
    challenges: d.challenges.map((c) => ({ ...c, status: c.status })),
    takeaways: d.takeaways.map((t) => ({ text: t.text, tags: t.tags, createdAt: t.createdAt })),
    pairs: d.pairs.map((p) => {
      const id = p.userA === userId ? p.userB : p.userA;
      // Only partners still here with a profile are named; forgotten ones never are.
      const who = id === FORGOTTEN ? undefined : partner.get(id);
      return {
        partnerName: who?.name || null,
        partnerRole: who?.role ?? null,
        projectName: p.projectId ? (projectName.get(p.projectId) ?? null) : null,
        startedAt: p.startedAt,
        endedAt: p.endedAt,
      };
    }),
    generatedAt: ctx.clock.now(),
  };
  const opts = { sections, format: o.format ?? 'markdown', detail: o.detail ?? false } as const;
  const markdown = buildReadme(readmeInput, opts);
  const preview = readmePreview(readmeInput, opts);
  const intro = self
    ? 'Your alx-project-nexus README is attached: commit it as README.md.'
    : `${userMention(userId)}'s README from their public Nexus entries is attached.`;
  return {
    ephemeral: true,
    content: truncate(`${intro}\n${preview}`, 2000),
    files: [{ name: 'README.md', data: markdown, contentType: 'text/markdown; charset=utf-8' }],
  };
}

function forgetPrompt(input: CommandInput): Reply {
  return {
    ephemeral: true,
    content:
      '**This deletes everything Nexus holds about you in this server:** your profile, projects, challenges (and the "helped me too" marks on them), takeaways, pair requests and your marks on others\' challenges. ' +
      "Your past pairs stay in your partners' history without your name. This cannot be undone.",
    components: [
      row(
        button(`nexus:forget:${input.user.id}`, 'Delete my data', ButtonStyle.Danger),
        button(`nexus:forget-cancel:${input.user.id}`, 'Keep it', ButtonStyle.Secondary),
      ),
    ],
  };
}

export function createNexusCommand(registry: () => readonly CommandModule[]) {
  return defineCommand({
    data,
    subcommands: {
      help: { run: async (input) => ({ ephemeral: true, embeds: [helpEmbed(registry(), input.isModerator)] }) },
      readme: { run: readme },
      'forget-me': { run: async (input) => forgetPrompt(input), writes: true },
    },
  });
}

export const nexusComponents: ComponentModule[] = [
  {
    prefix: 'nexus:forget',
    writes: true,
    async handle(input, ctx) {
      if (input.args[0] !== input.user.id)
        throw new UserError('This is not for you: only the person who asked can confirm deleting their data.');
      const n = await forgetLearner(ctx.db, input.guildId, input.user.id);
      ctx.log.info({ guildId: input.guildId, counts: n }, 'learner data deleted on request');
      const lines = [
        `profile: ${n.profile}`,
        `projects: ${n.projects}`,
        `challenges: ${n.challenges}`,
        `"helped me too" marks: ${n.helpedMarks}`,
        `takeaways: ${n.takeaways}`,
        `pair requests: ${n.pairRequests}`,
        `pairs kept for your partners without your name: ${n.pairsAnonymised}`,
      ];
      return {
        update: true,
        content: `Done. Deleted from this server:\n${lines.map((l) => `• ${l}`).join('\n')}`,
        components: [],
      };
    },
  },
  {
    prefix: 'nexus:forget-cancel',
    async handle(input) {
      if (input.args[0] !== input.user.id) throw new UserError('This is not for you.');
      return { update: true, content: 'Nothing was deleted.', components: [] };
    },
  },
];
