// The weekly digest: a pure function from the period's rows to Discord messages within Discord's limits
// (≤ 10 embeds and ≤ 6000 embed characters per message, ≤ 25 fields per embed, ≤ 1024 per field value,
// ≤ 256 per title/field name, ≤ 4096 per description, ≤ 2000 content).
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { escapeMarkdown, escapeTruncatedKeepCode, oneLine, stripBidi, truncate } from './text.js';

export interface DigestData {
  guildName: string | null;
  period: { start: Date; end: Date };
  timezone: string;
  newProjects: Array<{
    id: number;
    name: string;
    track: string | null;
    ownerId: string;
    role: string | null;
    seekingRole: string | null;
  }>;
  newPairs: Array<{ userA: string; userB: string; projectName: string | null }>;
  seeking: Array<{ projectName: string; projectId: number; ownerId: string; role: string | null; seekingRole: string }>;
  lapsed: Array<{ projectName: string; projectId: number; ownerId: string }>;
  challengesLogged: number;
  challengesSolved: Array<{ id: number; title: string; authorId: string }>;
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

const mention = (id: string) => `<@${id}>`;
const name = (s: string, max = 80) => escapeMarkdown(truncate(oneLine(s), max));
/** What learners wrote, on one line: code spans kept (`npm run build`), the rest escaped, cut before escaping. */
const written = (s: string, max: number) => escapeTruncatedKeepCode(stripBidi(s), max, { inline: true });

/** Lines joined under the field limit; what does not fit becomes "… and N more (pointer)". */
export function fitLines(lines: string[], pointer: string, max: number = LIMITS.fieldValue): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const rest = lines.length - i - 1;
    const tail = rest > 0 ? `\n… and ${rest} more — ${pointer}` : '';
    if (used + line.length + 1 + tail.length > max) {
      const more = `… and ${lines.length - i} more — ${pointer}`;
      out.push(more.length <= max - used ? more : truncate(more, Math.max(1, max - used)));
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return truncate(out.join('\n'), max) || '—';
}

function delta(now: number, before: number): string {
  const d = now - before;
  return d === 0 ? '±0' : d > 0 ? `+${d}` : `${d}`;
}

function dateRange(start: Date, end: Date): string {
  return `<t:${Math.floor(start.getTime() / 1000)}:D> – <t:${Math.floor(end.getTime() / 1000)}:D>`;
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

export function buildDigest(d: DigestData, opts: { quietWeekNote: boolean }): DigestMessage[] {
  const title = truncate(`Nexus weekly digest${d.guildName ? ` — ${oneLine(d.guildName)}` : ''}`, LIMITS.title);
  if (isQuietWeek(d)) {
    if (!opts.quietWeekNote) return [];
    const seekingNote = d.seeking.length
      ? `\n${d.seeking.length} learner${d.seeking.length === 1 ? ' is' : 's are'} still looking for a collaborator: \`/pair find\`.`
      : '';
    return [
      {
        embeds: [
          {
            title,
            color: 0x99aab5,
            description: `A quiet week (${dateRange(d.period.start, d.period.end)}): no new projects, pairs, challenges or takeaways.${seekingNote}\nShare what you are building with \`/project announce\`, or log what blocked you with \`/challenge log\`.`,
          },
        ],
      },
    ];
  }
  const fields: APIEmbedField[] = [];
  const add = (n: string, lines: string[], pointer: string) => {
    if (lines.length) fields.push({ name: truncate(n, LIMITS.fieldName), value: fitLines(lines, pointer) });
  };
  // New projects, grouped by track.
  const byTrack = new Map<string, DigestData['newProjects']>();
  for (const p of d.newProjects) {
    const k = p.track ?? 'Other projects';
    byTrack.set(k, [...(byTrack.get(k) ?? []), p]);
  }
  const onlyUntracked = byTrack.size === 1 && byTrack.has('Other projects');
  for (const [track, ps] of [...byTrack.entries()].sort((a, b) => b[1].length - a[1].length)) {
    add(
      `🆕 ${onlyUntracked ? 'New projects' : track === 'Other projects' ? track : `New in ${oneLine(track)}`} (${ps.length})`,
      ps.map(
        (p) =>
          `#${p.id} **${name(p.name)}** by ${mention(p.ownerId)}${p.role ? ` (${p.role})` : ''}${p.seekingRole ? ` · looking for a ${p.seekingRole}` : ''}`,
      ),
      '`/project list`',
    );
  }
  add(
    `🤝 New pairs (${d.newPairs.length})`,
    d.newPairs.map(
      (p) => `${mention(p.userA)} + ${mention(p.userB)}${p.projectName ? ` on ${name(p.projectName)}` : ''}`,
    ),
    '`/pair list`',
  );
  // Who still seeks, per project, so the other side can reach them.
  const seekingByProject = new Map<string, DigestData['seeking']>();
  for (const s of d.seeking) seekingByProject.set(s.projectName, [...(seekingByProject.get(s.projectName) ?? []), s]);
  add(
    `🔎 Still looking for a collaborator (${d.seeking.length})`,
    [...seekingByProject.entries()].map(
      ([proj, ss]) =>
        `**${name(proj)}**: ${ss.map((s) => `${mention(s.ownerId)} (${s.role ?? '?'} → ${s.seekingRole})`).join(', ')}`,
    ),
    '`/pair find`',
  );
  if (d.lapsed.length) {
    add(
      `⌛ Seeking lapsed (${d.lapsed.length})`,
      d.lapsed.map((l) => `${mention(l.ownerId)} on ${name(l.projectName)} — renew in \`/project mine\``),
      '`/project mine`',
    );
  }
  add(
    `🧩 Challenges: ${d.challengesLogged} logged, ${d.challengesSolved.length} solved`,
    d.challengesSolved.map((c) => `✅ #${c.id} ${written(c.title, 80)} — ${mention(c.authorId)}`),
    '`/challenge search`',
  );
  if (d.topHelped.length) {
    add(
      '💡 Most helpful this week',
      d.topHelped.map(
        (c) =>
          `**#${c.id} ${written(c.title, 80)}** (${c.helped} helped)${c.solution ? `\n> ${written(c.solution, 180)}` : ''}`,
      ),
      '`/challenge show`',
    );
  }
  add(
    `📝 New takeaways (${d.takeaways.length})`,
    d.takeaways.map((t) => `${mention(t.authorId)}: ${written(t.text, 150)}`),
    '`/takeaway list`',
  );
  if (d.topTags.length)
    fields.push({
      name: '🏷️ Top tags',
      value: fitLines(
        [d.topTags.map((t) => `${escapeMarkdown(t.tag)} (${t.count})`).join(' · ')],
        '`/challenge search`',
      ),
    });
  const t = d.totals;
  const p = d.previousTotals;
  fields.push({
    name: '📈 This week vs last week',
    value: `Projects ${t.projects} (${delta(t.projects, p.projects)}) · Pairs ${t.pairs} (${delta(t.pairs, p.pairs)}) · Challenges ${t.challenges} (${delta(t.challenges, p.challenges)}) · Solved ${t.solved} (${delta(t.solved, p.solved)}) · Takeaways ${t.takeaways} (${delta(t.takeaways, p.takeaways)})`,
  });
  return packFields(
    title,
    `${dateRange(d.period.start, d.period.end)} · times in ${escapeMarkdown(d.timezone)}`,
    fields,
  );
}

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Packs fields into embeds (≤ 25 fields) and embeds into messages (≤ 10 embeds, ≤ 6000 characters). */
export function packFields(title: string, description: string, fields: APIEmbedField[]): DigestMessage[] {
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
