// The weekly digest: a pure function from the period's rows to Discord messages within Discord's limits
// (≤ 10 embeds and ≤ 6000 embed characters per message, ≤ 25 fields per embed, ≤ 1024 per field value,
// ≤ 256 per title/field name, ≤ 4096 per description, ≤ 2000 content, ≤ 5 buttons per row).
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord-api-types/v10';
import { time, userMention } from '@discordjs/formatters';
import { escapeMarkdown, fitLines, oneLine, stripBidi, truncate } from './text.js';
import { escapeTruncatedKeepCode } from './markdown.js';
import { DAY } from './time.js';

export interface DigestData {
  guildName: string | null;
  /** What this digest covers: [start, end). */
  period: { start: Date; end: Date };
  /** The same span one schedule period earlier: what the totals are compared with. */
  comparison: { start: Date; end: Date };
  /** Set when an earlier digest of this period (a manual post) already covered up to period.start. */
  since: Date | null;
  /**
   * Set when this digest covers more than its schedule period, because digests before it were not posted (the
   * bot was down): period.start is where the last digest posted ended. `cappedFrom`: set when the span was
   * capped (period.start is then the cap), where it would have started.
   */
  catchUp: { scheduleMs: number; cappedFrom: Date | null } | null;
  timezone: string;
  newProjects: Array<{
    id: number;
    name: string;
    track: string | null;
    ownerId: string;
    role: string | null;
    seekingRole: string | null;
    /** The project's normalised name and its identity's name: announcements of one project are listed together. */
    sameAs?: string;
    sameAsLabel?: string;
  }>;
  /**
   * Pairs formed in the period, under their project identity's name (as in `seeking`); `ended`: the pairing
   * has ended since (it still counts: the totals count the pairs formed).
   */
  newPairs: Array<{ userA: string; userB: string; projectName: string | null; ended: boolean }>;
  /** Who is seeking now; `project` is the project's identity (see projectIdentity), `projectLabel` its name. */
  seeking: Array<{
    project: string;
    projectLabel: string;
    projectName: string;
    projectId: number;
    ownerId: string;
    role: string | null;
    seekingRole: string;
  }>;
  lapsed: Array<{ projectName: string; projectId: number; ownerId: string }>;
  challengesLogged: number;
  challengesSolved: Array<{ id: number; title: string; authorId: string }>;
  /** Challenges logged in the period and still open. */
  openChallenges: Array<{ id: number; title: string; authorId: string }>;
  topHelped: Array<{ id: number; title: string; solution: string | null; helped: number }>;
  takeaways: Array<{ authorId: string; text: string }>;
  topTags: Array<{ tag: string; count: number }>;
  totals: DigestTotals;
  previousTotals: DigestTotals;
}

export interface DigestTotals {
  projects: number;
  pairs: number;
  challenges: number;
  solved: number;
  takeaways: number;
}

export interface DigestMessage {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/** The cohort chart's part of a digest: its numbers as text, and the image's attachment URL when drawn. */
export interface DigestChart {
  title: string;
  lines: string[];
  imageUrl?: string;
}

export const LIMITS = {
  fields: 25,
  fieldValue: 1024,
  fieldName: 256,
  title: 256,
  description: 4096,
  embedsPerMessage: 10,
  charsPerMessage: 6000,
  content: 2000,
} as const;

/** Open challenges that get an "Open" button (one row). */
const OPEN_BUTTONS = 5;
const CAN_YOU_HELP = '🙋 Can you help?';

const name = (s: string, max = 80) => escapeMarkdown(truncate(oneLine(s), max));
/** What learners wrote, on one line: code spans kept (`npm run build`), the rest escaped, cut before escaping. */
const written = (s: string, max: number) => escapeTruncatedKeepCode(stripBidi(s), max, { inline: true });

function delta(now: number, before: number): string {
  const d = now - before;
  return d === 0 ? '±0' : d > 0 ? `+${d}` : `${d}`;
}

const ts = (d: Date, style: 'D' | 'f') => time(d, style);

function dateRange(start: Date, end: Date): string {
  return `${ts(start, 'D')} – ${ts(end, 'D')}`;
}

/** A span in words: "week" or "day" (one), else "2 weeks" or "10 days". */
function span(ms: number): { one: boolean; words: string } {
  const days = Math.max(1, Math.round(ms / DAY));
  if (days === 7 || days === 1) return { one: true, words: days === 7 ? 'week' : 'day' };
  return { one: false, words: days % 7 === 0 ? `${days / 7} weeks` : `${days} days` };
}

const HOUR = 3_600_000;

/** "a week", "2 weeks". */
const withArticle = (s: { one: boolean; words: string }) => (s.one ? `a ${s.words}` : s.words);

/** The digest's own span ("week", "2 weeks"), as the schedule's period or, after missed digests, longer. */
function coveredSpan(d: DigestData): { one: boolean; words: string } {
  return span(d.period.end.getTime() - d.period.start.getTime());
}

/** "📈 This week vs the week before", "These 2 weeks vs the 2 weeks before", "These days vs the same days a week earlier". */
function comparisonTitle(d: DigestData): string {
  const shift = d.period.start.getTime() - d.comparison.start.getTime();
  const len = d.period.end.getTime() - d.period.start.getTime();
  const s = span(shift);
  if (d.since === null && len >= shift - HOUR)
    return s.one ? `📈 This ${s.words} vs the ${s.words} before` : `📈 These ${s.words} vs the ${s.words} before`;
  return `📈 These days vs the same days ${s.one ? `a ${s.words}` : s.words} earlier`;
}

/** After missed digests: what the digest covers, and what it could not (when capped). */
function catchUpNote(d: DigestData): string {
  if (!d.catchUp) return '';
  const covered = coveredSpan(d);
  const more = `more than ${withArticle(span(d.catchUp.scheduleMs))}`;
  // A few hours more than the schedule's period round to the same words: then only "more than a week".
  const covers = covered.words === span(d.catchUp.scheduleMs).words ? more : `${withArticle(covered)}, ${more}`;
  if (d.catchUp.cappedFrom)
    return (
      `\nThis digest covers the last ${covered.words}, ${more} and the most one digest covers: no digest was posted since ${ts(d.catchUp.cappedFrom, 'f')}, ` +
      `and what happened before ${ts(d.period.start, 'f')} is in no digest.`
    );
  return `\nThis digest covers ${covers}: no digest was posted since ${ts(d.period.start, 'f')}, so everything since is here.`;
}

export function isQuietWeek(d: DigestData): boolean {
  return (
    !d.newProjects.length &&
    !d.newPairs.length &&
    !d.challengesLogged &&
    !d.challengesSolved.length &&
    !d.takeaways.length
  );
}

/**
 * Tracks by name, then the projects on no track: the same order every week. Several learners announcing one
 * project on no track (the same normalised name) get a section of their own, like a track.
 */
function projectSections(d: DigestData): Array<[string, DigestData['newProjects']]> {
  const byTrack = new Map<string, DigestData['newProjects']>();
  const untracked: DigestData['newProjects'] = [];
  const sameProject = new Map<string, number>();
  for (const p of d.newProjects)
    if (p.track === null && p.sameAs) sameProject.set(p.sameAs, (sameProject.get(p.sameAs) ?? 0) + 1);
  for (const p of d.newProjects) {
    const group = p.track ?? (p.sameAs && sameProject.get(p.sameAs)! > 1 ? (p.sameAsLabel ?? p.name) : null);
    if (group === null) untracked.push(p);
    else byTrack.set(group, [...(byTrack.get(group) ?? []), p]);
  }
  const sections = [...byTrack.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || a.localeCompare(b))
    .map(([track, ps]): [string, DigestData['newProjects']] => [`New in ${escapeMarkdown(oneLine(track))}`, ps]);
  if (untracked.length) sections.push([sections.length ? 'Other projects' : 'New projects', untracked]);
  return sections;
}

/** "🙋 Can you help?" buttons: open each challenge (anyone may), the first few of the list. */
function openButtons(d: DigestData): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const shown = d.openChallenges.slice(0, OPEN_BUTTONS);
  if (!shown.length) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: shown.map((c) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `challenge:open:${c.id}`,
        label: truncate(`Open #${c.id} · ${oneLine(c.title)}`, 80),
      })),
    },
  ];
}

function chartEmbed(chart: DigestChart): APIEmbed {
  return {
    title: truncate(chart.title, LIMITS.title),
    color: 0x5865f2,
    description: fitLines(chart.lines, LIMITS.description, '`/nexus-admin stats`'),
    ...(chart.imageUrl ? { image: { url: chart.imageUrl } } : {}),
  };
}

export function buildDigest(
  d: DigestData,
  opts: { quietWeekNote: boolean; chart?: DigestChart | undefined },
): DigestMessage[] {
  const title = truncate(`Nexus weekly digest${d.guildName ? ` — ${oneLine(d.guildName)}` : ''}`, LIMITS.title);
  const range = d.since
    ? `Since the digest of ${ts(d.since, 'f')} (until ${ts(d.period.end, 'D')})`
    : dateRange(d.period.start, d.period.end);
  if (isQuietWeek(d)) {
    if (!opts.quietWeekNote) return [];
    const seekingNote = d.seeking.length
      ? `\n${d.seeking.length} learner${d.seeking.length === 1 ? ' is' : 's are'} still looking for a collaborator: \`/pair find\`.`
      : '';
    const quiet = d.catchUp ? `Quiet for ${withArticle(coveredSpan(d))}` : 'A quiet week';
    const embeds: APIEmbed[] = [
      {
        title,
        color: 0x99aab5,
        description: `${quiet} (${range}): no new projects, pairs, challenges or takeaways.${catchUpNote(d)}${seekingNote}\nShare what you are building with \`/project announce\`, or log what blocked you with \`/challenge log\`.`,
      },
    ];
    if (opts.chart) embeds.push(chartEmbed(opts.chart));
    return [{ embeds }];
  }
  const fields: APIEmbedField[] = [];
  const add = (n: string, lines: string[], pointer: string) => {
    if (lines.length)
      fields.push({ name: truncate(n, LIMITS.fieldName), value: fitLines(lines, LIMITS.fieldValue, pointer) });
  };
  for (const [section, ps] of projectSections(d)) {
    add(
      `🆕 ${section} (${ps.length})`,
      ps.map(
        (p) =>
          `#${p.id} **${name(p.name)}** by ${userMention(p.ownerId)}${p.role ? ` (${p.role})` : ''}${p.seekingRole ? ` · looking for a ${p.seekingRole}` : ''}`,
      ),
      '`/project list`',
    );
  }
  add(
    `🤝 New pairs (${d.newPairs.length})`,
    d.newPairs.map(
      (p) =>
        `${userMention(p.userA)} + ${userMention(p.userB)}${p.projectName ? ` on ${name(p.projectName)}` : ''}${p.ended ? ' (ended since)' : ''}`,
    ),
    '`/pair list`',
  );
  // Who still seeks, one line per project (its identity), so the other side can reach them.
  const seekingByProject = new Map<string, DigestData['seeking']>();
  for (const s of d.seeking) seekingByProject.set(s.project, [...(seekingByProject.get(s.project) ?? []), s]);
  const seekingGroups = [...seekingByProject.values()].sort((a, b) =>
    a[0]!.projectLabel.localeCompare(b[0]!.projectLabel, 'en', { sensitivity: 'base' }),
  );
  add(
    `🔎 Still looking for a collaborator (${d.seeking.length})`,
    seekingGroups.map(
      (ss) =>
        `**${name(ss[0]!.projectLabel)}**: ${ss.map((s) => `${userMention(s.ownerId)} (${s.role ?? '?'} → ${s.seekingRole})`).join(', ')}`,
    ),
    '`/pair find`',
  );
  if (d.lapsed.length) {
    add(
      `⌛ Seeking lapsed (${d.lapsed.length})`,
      d.lapsed.map((l) => `${userMention(l.ownerId)} on ${name(l.projectName)} — renew in \`/project mine\``),
      '`/project mine`',
    );
  }
  if (d.challengesLogged || d.challengesSolved.length)
    add(
      `🧩 Challenges: ${d.challengesLogged} logged, ${d.challengesSolved.length} solved`,
      d.challengesSolved.length
        ? d.challengesSolved.map((c) => `✅ #${c.id} ${written(c.title, 80)} — ${userMention(c.authorId)}`)
        : ['None solved yet.'],
      '`/challenge search`',
    );
  add(
    `${CAN_YOU_HELP} ${d.openChallenges.length} still open`,
    d.openChallenges.map((c) => `🟠 #${c.id} ${written(c.title, 80)} — ${userMention(c.authorId)}`),
    '`/challenge search query:… status:open`',
  );
  if (d.topHelped.length) {
    add(
      d.catchUp && !coveredSpan(d).one ? `💡 Most helpful these ${coveredSpan(d).words}` : '💡 Most helpful this week',
      d.topHelped.map(
        (c) =>
          `**#${c.id} ${written(c.title, 80)}** (${c.helped} helped)${c.solution ? `\n> ${written(c.solution, 180)}` : ''}`,
      ),
      '`/challenge show`',
    );
  }
  add(
    `📝 New takeaways (${d.takeaways.length})`,
    d.takeaways.map((t) => `${userMention(t.authorId)}: ${written(t.text, 150)}`),
    '`/takeaway list`',
  );
  if (d.topTags.length)
    fields.push({
      name: '🏷️ Top tags',
      value: fitLines(
        [d.topTags.map((t) => `${escapeMarkdown(t.tag)} (${t.count})`).join(' · ')],
        LIMITS.fieldValue,
        '`/challenge search`',
      ),
    });
  const t = d.totals;
  const p = d.previousTotals;
  fields.push({
    // Like with like: the same span of the schedule's previous period (or periods, after missed digests).
    name: comparisonTitle(d),
    value: `Projects ${t.projects} (${delta(t.projects, p.projects)}) · Pairs ${t.pairs} (${delta(t.pairs, p.pairs)}) · Challenges ${t.challenges} (${delta(t.challenges, p.challenges)}) · Solved ${t.solved} (${delta(t.solved, p.solved)}) · Takeaways ${t.takeaways} (${delta(t.takeaways, p.takeaways)})`,
  });
  const messages = packFields(title, `${range} · times in ${escapeMarkdown(d.timezone)}${catchUpNote(d)}`, fields);
  // The "Can you help?" buttons go on the message that lists the open challenges.
  const buttons = openButtons(d);
  if (buttons.length) {
    const holder =
      messages.find((m) => m.embeds.some((e) => e.fields?.some((f) => f.name.startsWith(CAN_YOU_HELP)))) ??
      messages[0]!;
    holder.components = buttons;
  }
  if (opts.chart) appendEmbed(messages, chartEmbed(opts.chart));
  return messages;
}

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Adds an embed to the last message when it fits there, else as a message of its own. */
function appendEmbed(messages: DigestMessage[], e: APIEmbed): void {
  const last = messages[messages.length - 1];
  const size = (m: DigestMessage) => m.embeds.reduce((n, x) => n + embedSize(x), 0);
  if (last && last.embeds.length < LIMITS.embedsPerMessage && size(last) + embedSize(e) <= LIMITS.charsPerMessage)
    last.embeds.push(e);
  else messages.push({ embeds: [e] });
}

/** Packs fields into embeds (≤ 25 fields) and embeds into messages (≤ 10 embeds, ≤ 6000 characters). */
function packFields(title: string, description: string, fields: APIEmbedField[]): DigestMessage[] {
  const embeds: APIEmbed[] = [];
  let cur: APIEmbed = { title, description, color: 0x5865f2, fields: [] };
  for (const f of fields) {
    const tooMany = cur.fields!.length >= LIMITS.fields;
    const tooBig = embedSize(cur) + f.name.length + f.value.length > LIMITS.charsPerMessage - 200;
    if (tooMany || tooBig) {
      embeds.push(cur);
      cur = { title: truncate(`${title} (continued)`, LIMITS.title), color: 0x5865f2, fields: [] };
    }
    cur.fields!.push(f);
  }
  embeds.push(cur);
  const messages: DigestMessage[] = [];
  let msg: DigestMessage = { embeds: [] };
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (msg.embeds.length && (msg.embeds.length >= LIMITS.embedsPerMessage || size + s > LIMITS.charsPerMessage)) {
      messages.push(msg);
      msg = { embeds: [] };
      size = 0;
    }
    msg.embeds.push(e);
    size += s;
  }
  messages.push(msg);
  return messages;
}
