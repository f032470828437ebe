// The per-interaction verdict of the hostile-input suite.
import { ApplicationCommandOptionType, type APIInteraction } from 'discord-api-types/v10';
import { commandDefinitions } from '../../../src/commands/index.js';
import { autocompleteInteraction, chatInputInteraction, parseCommandLine } from '../../../src/discord/payloads.js';
import { ALICE, BOB, CAROL, GUILD, MOD, type Exchange, type TestApp } from './app.js';
import { OTHER_GUILD_SECRET, rowsOf } from './fixtures.js';
import { exchangeProblems, isEphemeral, messageOf, textOf } from './invariants.js';
import { sql } from 'drizzle-orm';

export const FIXTURE_USERS = [ALICE, BOB, CAROL, MOD];

export interface Expectation {
  /** For messages: which case this is. */
  label: string;
  /** Users a reply may ping (the fixture members and any user the command names). */
  allowedUsers: ReadonlySet<string>;
  /** When the value is too long for this field: the reply must be an ephemeral error naming it. */
  tooLongField?: string;
}

/** Problems with one exchange; empty when it is a clear error or a safe success. */
export function verdict(e: Exchange, x: Expectation): string[] {
  const out = exchangeProblems(e.handled.response, e.posted, x.allowedUsers).map((p) => `[${x.label}] ${p}`);
  const { outcome, response } = e.handled;
  const text = [textOf(messageOf(response)), ...e.posted.map((c) => JSON.stringify(c.body ?? ''))].join('\n');
  if (outcome === 'error') out.push(`[${x.label}] outcome "error": ${textOf(messageOf(response)).slice(0, 200)}`);
  if ((outcome === 'user_error' || outcome === 'refused' || outcome === 'rate_limited') && !isEphemeral(response)) {
    out.push(`[${x.label}] an error reply that is not ephemeral: ${textOf(messageOf(response)).slice(0, 200)}`);
  }
  if (text.includes(OTHER_GUILD_SECRET)) out.push(`[${x.label}] leaks another guild's data`);
  // Inside `code` a mention is shown as text, never resolved; elsewhere it must be defused (zero-width joiner).
  const visible = (
    textOf(messageOf(response)) +
    '\n' +
    e.posted.map((c) => textOf(c.body as never)).join('\n')
  ).replace(/(`+)[\s\S]*?\1/g, '');
  if (/@(everyone|here)/i.test(visible))
    out.push(`[${x.label}] shows a raw @everyone/@here: ${/.{0,40}@(everyone|here).{0,40}/is.exec(visible)?.[0]}`);
  if (x.tooLongField) {
    const reply = textOf(messageOf(response));
    if (outcome !== 'user_error' || !isEphemeral(response) || !reply.includes(`\`${x.tooLongField}\``)) {
      out.push(
        `[${x.label}] 10 000 characters in \`${x.tooLongField}\`: expected an ephemeral error naming the field, got ${outcome}: ${reply.slice(0, 200)}`,
      );
    }
  }
  return out;
}

/** Autocomplete answers: a list (possibly empty) within Discord's limits, never an error. */
export function autocompleteProblems(e: Exchange, label: string): string[] {
  const out: string[] = [];
  const r = e.handled.response;
  if (r.type !== 8) return [`[${label}] autocomplete answered type ${r.type}`];
  if (e.handled.outcome !== 'ok') out.push(`[${label}] autocomplete outcome ${e.handled.outcome}`);
  const choices = r.data.choices ?? [];
  if (choices.length > 25) out.push(`[${label}] ${choices.length} choices (max 25)`);
  for (const c of choices) {
    if (c.name.length < 1 || c.name.length > 100)
      out.push(`[${label}] choice name of ${c.name.length} characters (1-100)`);
    if (typeof c.value === 'string' && (c.value.length < 1 || c.value.length > 100))
      out.push(`[${label}] choice value of ${c.value.length} characters (1-100)`);
    if (JSON.stringify(c).includes(OTHER_GUILD_SECRET)) out.push(`[${label}] autocomplete leaks another guild's data`);
  }
  return out;
}

export function autocompleteFor(
  t: TestApp,
  command: string,
  chain: Array<{ name: string; type: ApplicationCommandOptionType }>,
  name: string,
  type: ApplicationCommandOptionType,
  value: string | number,
  as: { userId?: string; moderator?: boolean } = {},
): APIInteraction {
  let options = [{ name, type, value: String(value), focused: true }] as never[];
  for (let i = chain.length - 1; i >= 0; i--)
    options = [{ type: chain[i]!.type, name: chain[i]!.name, options } as never];
  return autocompleteInteraction(
    t.actor({ ...as, ...(as.userId ? { name: 'mod' } : {}) }),
    command,
    options,
    t.clock.now().getTime(),
  );
}

/**
 * Everything that shows stored text, run after hostile writes: the stored values must render safely too.
 */
export async function readerProblems(t: TestApp, label: string): Promise<string[]> {
  const db = t.app.database.db;
  const projectIds = rowsOf(await db.execute(sql`select id from projects where guild_id = ${GUILD} order by id`)).map(
    (r) => Number(r.id),
  );
  const challengeIds = rowsOf(
    await db.execute(sql`select id from challenges where guild_id = ${GUILD} order by id`),
  ).map((r) => Number(r.id));
  const lines: Array<[string, boolean]> = [
    ['/project list', false],
    ['/project mine', false],
    ['/challenge mine', false],
    ['/challenge search query:a', false],
    ['/takeaway list', false],
    ['/pair list', false],
    ['/pair find', false],
    ['/profile show', false],
    ['/nexus-admin config show', true],
    ['/nexus-admin track list', true],
    ['/nexus-admin digest preview', true],
    ...projectIds.slice(-8).map((id) => [`/project show id:${id}`, false] as [string, boolean]),
    ...challengeIds.slice(-8).flatMap(
      (id) =>
        [
          [`/challenge show id:${id}`, false],
          [`/challenge show id:${id} part:2`, false],
        ] as Array<[string, boolean]>,
    ),
  ];
  const out: string[] = [];
  for (const [line, moderator] of lines) {
    const p = parseCommandLine(line, commandDefinitions());
    const actor = t.actor(moderator ? { userId: MOD, name: 'mod', moderator: true } : {});
    const e = await t.send(chatInputInteraction(actor, p.name, p.options, p.resolved, t.clock.now().getTime()));
    out.push(...verdict(e, { label: `${label} → ${line}`, allowedUsers: new Set(FIXTURE_USERS) }));
  }
  return out;
}
