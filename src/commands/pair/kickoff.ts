// A pair's private thread: its name, the kickoff message (both projects, roles, stacks, the hours they share
// in each one's local time, the week-1 checklist) and pair:tick:<pairId>:<item>, which ticks an item.
import { ButtonStyle, type APIEmbed, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { FORGOTTEN } from '../../db/queries/learner.js';
import { getMember } from '../../db/queries/members.js';
import { getPair, isSameProject } from '../../db/queries/pairs.js';
import { ticksOf, toggleTick } from '../../db/queries/pair-threads.js';
import { getProject, listOwnProjects } from '../../db/queries/projects.js';
import type { Pair, PairTick, Project } from '../../db/schema.js';
import { formatSharedWindows, sharedWindows } from '../../domain/overlap.js';
import { escapeMarkdown, oneLine, truncate } from '../../domain/text.js';
import { requireNotBlocked } from '../guards.js';
import { repoText } from '../project/render.js';
import { UserError, type ComponentModule, type Reply } from '../types.js';
import { button, COLORS, row, stackList, userMention } from '../ui.js';
import { partnerLabel } from './people.js';

/** The week-1 checklist: either member ticks an item on the kickoff message. */
const CHECKLIST = [
  { key: 'api', label: 'Agree the API contract', short: 'API contract' },
  { key: 'repos', label: 'Share repos', short: 'repos shared' },
  { key: 'first', label: 'Pick the first endpoint/screen', short: 'first endpoint/screen' },
  { key: 'call', label: 'Set a weekly call', short: 'weekly call' },
] as const;

function checklistItem(key: string | undefined): (typeof CHECKLIST)[number] | undefined {
  return CHECKLIST.find((c) => c.key === key);
}

/** "2/4 (API contract, repos shared)": the checklist in one line, for /pair list. */
export function checklistSummary(ticks: readonly PairTick[]): string {
  const done = CHECKLIST.filter((c) => ticks.some((t) => t.item === c.key));
  return `${done.length}/${CHECKLIST.length}${done.length ? ` (${done.map((c) => c.short).join(', ')})` : ''}`;
}

/** The thread's name: the pairing and its project, never a member's name (forget-me leaves the thread). */
export function threadName(pair: Pick<Pair, 'id'>, project: Pick<Project, 'name'> | null | undefined): string {
  return truncate(`Pairing #${pair.id}${project ? ` · ${oneLine(project.name)}` : ''}`, 100);
}

interface Side {
  userId: string;
  name: string | null;
  role: string | null;
  stack: string[];
  timezone: string | null;
  availability: string | null;
  project: Project | undefined;
}

/** One member's side of the pair: their profile and their own project that is this pairing's project. */
async function sideOf(ctx: AppContext, guildId: string, userId: string, project: Project | undefined): Promise<Side> {
  if (userId === FORGOTTEN)
    return { userId, name: null, role: null, stack: [], timezone: null, availability: null, project: undefined };
  const [m, own] = await Promise.all([getMember(ctx.db, guildId, userId), listOwnProjects(ctx.db, guildId, userId)]);
  const active = own.filter((p) => p.status === 'active');
  const same = project ? active.find((p) => isSameProject(p, project)) : undefined;
  const p = same ?? (project ? undefined : active[0]);
  return {
    userId,
    name: m?.displayName || null,
    role: p?.role ?? m?.role ?? null,
    stack: [...new Set([...(p?.stack ?? []), ...(m?.stack ?? [])])],
    timezone: m?.timezone ?? null,
    availability: m?.availability ?? null,
    project: p,
  };
}

function card(s: Side): APIEmbed {
  if (s.userId === FORGOTTEN)
    return { title: 'A former learner', description: 'They left Nexus; their details are gone.', color: COLORS.muted };
  const p = s.project;
  return {
    title: s.name ? truncate(escapeMarkdown(oneLine(s.name)), 256) : `Member ${s.userId.slice(-4)}`,
    color: COLORS.success,
    fields: [
      {
        name: 'Project',
        value: p ? `${escapeMarkdown(truncate(oneLine(p.name), 200))} (#${p.id})` : '—',
        inline: true,
      },
      { name: 'Role', value: s.role ?? '—', inline: true },
      { name: 'Stack', value: truncate(stackList(s.stack) || '—', 1024) },
      { name: 'Repository', value: p?.repoUrl ? repoText(p.repoUrl) : '—' },
    ],
  };
}

/** The hours both are free this week, once in each member's own time zone. */
function overlap(a: Side, b: Side, now: Date): APIEmbed {
  const sides = [a, b].filter((s) => s.userId !== FORGOTTEN);
  if (sides.length < 2)
    return { title: 'When you are both free', description: 'Agree a time that suits you.', color: COLORS.brand };
  const windows = sharedWindows(a, b, now);
  const lines = windows.length
    ? sides.map(
        (s) =>
          `**In ${userMention(s.userId)}'s time** (${s.timezone ? escapeMarkdown(s.timezone) : 'UTC: no time zone set'}): ${formatSharedWindows(windows, s.timezone)}`,
      )
    : ['Your stated hours do not overlap this week: agree a time that suits you both.'];
  for (const s of sides)
    if (!s.availability)
      lines.push(
        `${userMention(s.userId)} set no availability, so evenings (18–22 local) were assumed: \`/profile set availability:\`.`,
      );
  return { title: 'When you are both free', description: truncate(lines.join('\n'), 4096), color: COLORS.brand };
}

function checklist(ticks: readonly PairTick[]): APIEmbed {
  return {
    title: 'Week 1 checklist',
    description: CHECKLIST.map((c) => {
      const t = ticks.find((x) => x.item === c.key);
      return t ? `✅ ${c.label} (${partnerLabel(t.tickedBy)})` : `⬜ ${c.label}`;
    }).join('\n'),
    footer: { text: 'Either of you ticks an item with its button; a second click unticks it.' },
    color: COLORS.brand,
  };
}

export interface KickoffBody {
  content: string;
  embeds: APIEmbed[];
  components: NonNullable<Reply['components']>;
  allowed_mentions: NonNullable<RESTPostAPIChannelMessageJSONBody['allowed_mentions']>;
}

/** The kickoff message of a pair's thread, as it stands now (posted once, then edited on every tick). */
export async function kickoffMessage(ctx: AppContext, guildId: string, pair: Pair): Promise<KickoffBody> {
  const project = pair.projectId ? await getProject(ctx.db, guildId, pair.projectId) : undefined;
  const [a, b, ticks] = await Promise.all([
    sideOf(ctx, guildId, pair.userA, project),
    sideOf(ctx, guildId, pair.userB, project),
    ticksOf(ctx.db, guildId, [pair.id]).then((m) => m.get(pair.id) ?? []),
  ]);
  const on = project ? ` on **${escapeMarkdown(truncate(oneLine(project.name), 80))}**` : '';
  const users = [pair.userA, pair.userB].filter((u) => u !== FORGOTTEN);
  return {
    content:
      `${partnerLabel(pair.userA)} and ${partnerLabel(pair.userB)}, this private thread is yours${on}. ` +
      'Say hi, agree how you will work, and tick the week-1 checklist together. Nexus drops by mid-week to ask how it is going.',
    embeds: [card(a), card(b), overlap(a, b, ctx.clock.now()), checklist(ticks)],
    components: [
      row(
        ...CHECKLIST.map((c) => {
          const done = ticks.some((t) => t.item === c.key);
          return button(
            `pair:tick:${pair.id}:${c.key}`,
            `${done ? '✅ ' : ''}${c.label}`,
            done ? ButtonStyle.Success : ButtonStyle.Secondary,
          );
        }),
      ),
    ],
    allowed_mentions: { parse: [], users },
  };
}

/** pair:tick:<pairId>:<item> — either member ticks (or unticks) a checklist item; the kickoff shows it. */
export const tickButton: ComponentModule = {
  prefix: 'pair:tick',
  writes: true,
  async handle(input, ctx): Promise<Reply> {
    requireNotBlocked(input);
    const item = checklistItem(input.args[1]);
    const pair = await getPair(ctx.db, input.guildId, Number(input.args[0]));
    if (!item || !pair || (pair.userA !== input.user.id && pair.userB !== input.user.id))
      throw new UserError('This checklist belongs to another pair: only its two members can tick it.');
    if (pair.endedAt) throw new UserError('This pairing has ended: its checklist stays as it was.');
    const state = await toggleTick(ctx.db, input.guildId, pair.id, item.key, input.user.id, ctx.clock.now());
    const body = await kickoffMessage(ctx, input.guildId, pair);
    if (input.messageId && input.messageId === pair.kickoffMessageId)
      return { content: body.content, embeds: body.embeds, components: body.components, update: true };
    return {
      ephemeral: true,
      content: `${state === 'ticked' ? 'Ticked' : 'Unticked'} “${item.label}” on your pair's checklist.`,
      effects:
        pair.threadId && pair.kickoffMessageId
          ? [{ kind: 'edit', channelId: pair.threadId, messageId: pair.kickoffMessageId, body }]
          : [],
    };
  },
};
