import type { AppContext } from '../../context.js';
import { listAuthorChallenges } from '../../db/queries/challenges.js';
import { truncate } from '../../domain/text.js';
import { pageFromCustomId } from '../../domain/validate.js';
import { argsParser } from '../options.js';
import { UserError, type CommandInput, type ComponentModule, type Reply } from '../types.js';
import { COLORS } from '../ui.js';
import { challengeData } from './definition.js';
import { listLine, pagerButtons } from './render.js';

const MINE_PAGE_SIZE = 10;

const parse = argsParser(challengeData, 'mine');

async function mineReply(ctx: AppContext, guildId: string, userId: string, page: number): Promise<Reply> {
  const { rows, total } = await listAuthorChallenges(
    ctx.db,
    guildId,
    userId,
    MINE_PAGE_SIZE,
    (page - 1) * MINE_PAGE_SIZE,
  );
  if (rows.length === 0) {
    if (total > 0 || page > 1) throw new UserError(`There is no page ${page} of your challenges. Try \`page:1\`.`);
    return {
      ephemeral: true,
      content:
        'You have not logged a challenge yet. Hit a wall? `/challenge log` keeps it (and the fix) for you and the cohort.',
    };
  }
  const pages = Math.max(1, Math.ceil(total / MINE_PAGE_SIZE));
  const open = rows.filter((c) => c.status === 'open').length;
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your challenges',
        color: COLORS.brand,
        description: truncate(rows.map((c) => listLine(c, false)).join('\n'), 4096),
        footer: {
          text: `Page ${page} of ${pages} · ${total} in all${open ? ' · add a solution: /challenge solve id:N' : ''} · full text: /challenge show id:N`,
        },
      },
    ],
    components: pagerButtons(page, pages, (p) => `challenge:mine:${p}`),
  };
}

/** /challenge mine [page] */
export async function mine(input: CommandInput, ctx: AppContext): Promise<Reply> {
  const o = parse(input.options);
  return mineReply(ctx, input.guildId, input.user.id, o.page ?? 1);
}

/** challenge:mine:<page> — the ◀ ▶ buttons of /challenge mine. */
export const minePager: ComponentModule = {
  prefix: 'challenge:mine',
  async handle(input, ctx): Promise<Reply> {
    const page = pageFromCustomId(input.args[0]);
    return { ...(await mineReply(ctx, input.guildId, input.user.id, page)), update: true };
  },
};
