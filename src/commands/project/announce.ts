import { ButtonStyle } from 'discord-api-types/v10';
import type { AppContext } from '../../context.js';
import { findSimilarProject, savePendingAnnounce, takePendingAnnounce } from '../../db/queries/near-miss.js';
import { announceLookup, saveProject } from '../../db/queries/projects.js';
import { roleToSeek } from '../../domain/roles.js';
import { seekingFields } from '../../domain/seeking.js';
import { escapeMarkdown, normalizeProjectName, oneLine, plural, truncate } from '../../domain/text.js';
import { MINUTE } from '../../domain/time.js';
import { validateTags } from '../../domain/validate.js';
import { requireNotBlocked } from '../guards.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type ComponentModule, type Invocation, type Reply } from '../types.js';
import { button, row } from '../ui.js';
import { projectData } from './definition.js';
import { messageLink, projectEmbed, publishAnnouncement } from './render.js';
import { oneLineName, webUrl } from '../rules.js';

const parse = argsParser(projectData, 'announce', { name: oneLineName, repo: webUrl });

/** How long a "Did you mean …?" question waits for its answer. */
const NEAR_MISS_TTL = 15 * MINUTE;

/** The announce's options as typed (all strings): what a near-miss question keeps until it is answered. */
type AnnounceOptions = Record<string, string>;

/** Announce a project; announcing the same project (however spelled) again updates it. */
export async function announce(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const options = Object.fromEntries(
    Object.entries(input.options).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return announceProject(ctx, input, options, { ask: true, update: false });
}

/**
 * Saves the announce (or, for a near miss, asks first). `ask`: a name like a known project or track but not
 * it asks "Did you mean …?" instead of saving; the answer comes back here with `ask` off.
 */
async function announceProject(
  ctx: AppContext,
  inv: Invocation,
  options: AnnounceOptions,
  mode: { ask: boolean; update: boolean },
): Promise<Reply> {
  const o = parse(options);
  const stack = validateTags(o.stack);
  if (!normalizeProjectName(o.name)) throw new UserError('`name` needs at least one letter or digit.');
  const now = ctx.clock.now();
  const { member: profile, settings } = requireNotBlocked(inv);
  // Counted inside the interaction's transaction, after the member's rate row was locked: concurrent
  // announces by the same member are counted one after the other.
  const { existing, track, activeOthers, known } = await announceLookup(ctx.db, inv.guildId, inv.user.id, o.name);
  if (mode.ask && !existing && !track && !known) {
    const similar = await findSimilarProject(ctx.db, inv.guildId, o.name);
    if (similar) {
      const id = await savePendingAnnounce(
        ctx.db,
        {
          guildId: inv.guildId,
          userId: inv.user.id,
          channelId: inv.channelId,
          options,
          suggestedName: similar.name,
          expiresAt: new Date(now.getTime() + NEAR_MISS_TTL),
        },
        now,
      );
      const name = `**${escapeMarkdown(truncate(oneLine(similar.name), 100))}**`;
      return {
        ephemeral: true,
        content: [
          `Did you mean ${name} (${similar.learners ? plural(similar.learners, 'learner') : 'no learners yet'})?`,
          `You typed **${escapeMarkdown(o.name)}**. ${similar.trackId !== null ? `${name} is one of this server's tracks. ` : ''}Learners on the same project find each other with \`/pair find\` and are listed together in the digest.`,
        ].join('\n'),
        components: [
          row(
            button(`project:near:${id}:join`, 'Yes, join it', ButtonStyle.Primary),
            button(`project:near:${id}:apart`, 'No, it is different', ButtonStyle.Secondary),
          ),
        ],
      };
    }
  }
  const reactivated = existing?.status === 'archived';
  if ((!existing || reactivated) && activeOthers >= settings.maxActiveProjects) {
    throw new UserError(
      `You already have ${activeOthers} active projects, the most this server allows (${settings.maxActiveProjects}). Archive one with \`/project archive id:…\` first (\`/project mine\` lists them).`,
    );
  }
  const saved = await saveProject(
    ctx.db,
    inv.guildId,
    inv.user.id,
    existing?.id,
    {
      name: o.name,
      trackId: track?.id ?? null,
      summary: o.summary,
      ...(stack ? { stack } : {}),
      ...(o.repo ? { repoUrl: o.repo } : {}),
      role: o.role ?? existing?.role ?? profile?.role ?? null,
      ...seekingFields(o.seeking, now, settings.seekingExpiryDays, existing),
      status: 'active' as const,
      updatedAt: now,
    },
    now,
  );
  const tips: string[] = [];
  if (!saved.seekingRole) {
    const seek = roleToSeek(saved.role) ?? 'frontend';
    tips.push(
      `Looking for a partner? \`/project update id:${saved.id} seeking:${seek}\` lists you as looking for one.`,
    );
  }
  if (!profile) tips.push('Set your timezone and availability with `/profile set` so matches fit your hours.');
  const reply = (where: string): Reply => ({
    ephemeral: true,
    ...(mode.update ? { update: true } : {}),
    content: [
      reactivated
        ? `Announced **${escapeMarkdown(saved.name)}** (#${saved.id}) again: it was archived.`
        : existing
          ? `Updated your project **${escapeMarkdown(saved.name)}** (#${saved.id}) instead of announcing it twice.`
          : `Announced **${escapeMarkdown(saved.name)}** (#${saved.id}).`,
      where,
      track ? `Linked to the **${escapeMarkdown(track.name)}** track.` : '',
      ...tips,
    ]
      .filter(Boolean)
      .join('\n'),
    embeds: [projectEmbed(saved, now, track)],
    components: [],
  });
  const effect = publishAnnouncement(saved, now, {
    settings,
    fallbackChannelId: inv.channelId,
    track: track ?? null,
    replyIfPosted: reply('Announcement: {link}'),
    replyIfFailed: reply('The announcement could not be posted right now; your project is saved.'),
  });
  // Already announced: the announcement is edited in place and the reply links to it.
  const existingLink = messageLink(inv.guildId, saved.channelId, saved.messageId);
  return { ...reply(existingLink ? `Announcement: ${existingLink}` : ''), effects: [effect] };
}

/**
 * project:near:<id>:join|apart — the answer to "Did you mean …?". Join: the announce is saved under the
 * suggested name, so it has that project's key (and track). Apart: saved as typed. Either way the question
 * is taken once (a second click finds it gone); only its author may answer, in its guild, before it expires.
 */
export const nearMissButton: ComponentModule = {
  prefix: 'project:near',
  writes: true,
  async handle(input, ctx) {
    const [idRaw, answer] = input.args;
    const taken = await takePendingAnnounce(ctx.db, input.guildId, Number(idRaw), input.user.id);
    if (taken === 'not-yours') throw new UserError('This question is for the learner who announced the project.');
    if (!taken || (answer !== 'join' && answer !== 'apart'))
      throw new UserError(
        'This question is no longer open (it was answered, replaced by a newer announce, or expired). Run `/project announce` again.',
      );
    if (taken.expiresAt.getTime() <= ctx.clock.now().getTime())
      throw new UserError(
        `This question expired after ${NEAR_MISS_TTL / MINUTE} minutes. Run \`/project announce\` again.`,
      );
    const options = answer === 'join' ? { ...taken.options, name: taken.suggestedName } : taken.options;
    // Posted where the announce was typed (when no Nexus channel is set), not where the button was clicked.
    return announceProject(ctx, { ...input, channelId: taken.channelId }, options, { ask: false, update: true });
  },
};
