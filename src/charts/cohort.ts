// "The cohort at a glance": one PNG with the cohort's weekly activity (projects announced, pairs formed,
// challenges logged and solved) and the last week's top tags, plus the same numbers as text and as alt text.
// ECharts lays the chart out as SVG (server-side, no DOM), resvg draws it with the bundled DejaVu Sans and
// no system fonts, so the same data gives the same bytes on every machine.
import * as echarts from 'echarts/core';
// Only the parts drawn here (each registers itself on import): 'echarts/charts' and 'echarts/components'
// would load every chart and component at start-up.
import 'echarts/lib/chart/bar.js';
import 'echarts/lib/component/gridSimple.js';
import 'echarts/lib/component/legendPlain.js';
import 'echarts/lib/component/title.js';
import 'echarts/lib/component/graphic.js';
import { SVGRenderer } from 'echarts/renderers';
import { renderAsync } from '@resvg/resvg-js';
import type { CohortChartData, CohortTag, CohortWeekCounts } from '../domain/cohort.js';
import { FONT_FAMILY, fontFiles, measureText } from './fonts.js';
import { plural } from '../domain/text.js';

export type { CohortChartData, CohortTag, CohortWeekCounts };

export interface CohortChartOptions {
  width?: number;
  height?: number;
  title?: string;
}

export interface CohortChart {
  png: Buffer;
  width: number;
  height: number;
  /** Alt text: the chart's numbers in a sentence or two, at most 1024 characters. */
  description: string;
}

const SERIES = [
  { key: 'projects', name: 'Projects announced', short: 'projects' },
  { key: 'pairs', name: 'Pairs formed', short: 'pairs' },
  { key: 'challenges', name: 'Challenges logged', short: 'challenges logged' },
  { key: 'solved', name: 'Challenges solved', short: 'challenges solved' },
] as const;

// Okabe–Ito colours: told apart with the common colour-vision deficiencies.
const COLORS = ['#0072B2', '#E69F00', '#CC79A7', '#009E73'];
const TAG_COLOR = '#56B4E9';
const TEXT = '#1f2328';
const MUTED = '#57606a';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DESCRIPTION_MAX = 1024;
const MAX_TAGS = 6;
const TAG_LABEL_CHARS = 14;

/** "2026-11-30" → "Nov 30" (no locale data involved, so the same everywhere). */
export function weekLabel(weekStart: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(weekStart);
  if (!m) return weekStart;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
}

/** Shortens to max characters (code points: an emoji is never cut in half). */
function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** "Top tags, week of Nov 23": the last week shown may be this week or the last complete one. */
function tagsHeading(data: CohortChartData): string {
  const last = data.weeks[data.weeks.length - 1];
  return last ? `Top tags, week of ${weekLabel(last.weekStart)}` : 'Top tags';
}

function hasActivity(data: CohortChartData): boolean {
  return data.topTags.length > 0 || data.weeks.some((w) => w.projects + w.pairs + w.challenges + w.solved > 0);
}

let ready = false;
function setup(): void {
  if (ready) return;
  echarts.use([SVGRenderer]);
  // Without a DOM, ECharts guesses text widths from a Helvetica-like table; DejaVu Sans is wider.
  echarts.setPlatformAPI({ measureText });
  ready = true;
}

function chartOption(data: CohortChartData, width: number, height: number, title: string): echarts.EChartsCoreOption {
  const weeks = data.weeks;
  const tags = data.topTags.slice(0, MAX_TAGS);
  const active = hasActivity(data);
  // Sizes are for 800×450 and grow with the image. Discord shows images at about half that width, so the
  // text is larger than a web chart's.
  const k = Math.min(width / 800, height / 450);
  const px = (n: number) => Math.round(n * k);
  const font = { fontFamily: FONT_FAMILY };
  const text = (size: number, bold = false) => ({
    ...font,
    fontSize: px(size),
    fontWeight: bold ? ('bold' as const) : ('normal' as const),
  });
  // The weekly grid takes the left ~62%, the tag list the rest.
  const split = Math.round(width * 0.62);
  const top = px(118);
  // The tag list starts below the legend, which may run across the whole width.
  const tagsTop = top + px(34);
  const many = weeks.length > 6;
  const sub: string[] = [];
  if (weeks.length) sub.push(plural(weeks.length, 'week'));
  if (data.weekStartsOn !== undefined) sub.push(`weeks start on ${DAYS[data.weekStartsOn] ?? 'Monday'}`);
  if (data.timezone) sub.push(data.timezone);
  const graphic: object[] = [];
  if (!active) {
    const note = 'No activity yet';
    const w = measureText(note, `bold ${px(20)}px ${FONT_FAMILY}`).width;
    graphic.push({
      type: 'text',
      left: Math.round(split / 2 - w / 2),
      top: Math.round((top + height) / 2) - px(24),
      style: { text: note, fill: MUTED, ...text(20, true) },
    });
  }
  if (!tags.length) {
    graphic.push({
      type: 'text',
      left: split + px(20),
      top: tagsTop + px(8),
      style: { text: 'No tags that week', fill: MUTED, ...text(15) },
    });
  }
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: COLORS,
    textStyle: { ...font, color: TEXT },
    title: [
      {
        text: title,
        subtext: sub.join(' · '),
        left: px(16),
        top: px(10),
        itemGap: px(8),
        textStyle: { ...text(23, true), color: TEXT },
        subtextStyle: { ...text(15), color: MUTED },
      },
      {
        text: tagsHeading(data),
        left: split + px(16),
        top: tagsTop - px(34),
        textStyle: { ...text(16, true), color: TEXT },
      },
    ],
    legend: {
      top: px(76),
      left: px(12),
      itemWidth: px(18),
      itemHeight: px(14),
      itemGap: px(14),
      selectedMode: false,
      textStyle: { ...text(15), color: TEXT },
      data: SERIES.map((s) => s.name),
    },
    grid: [
      {
        left: px(16),
        right: width - split + px(16),
        top,
        bottom: px(14),
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      {
        left: split + px(16),
        right: px(44),
        top: tagsTop,
        // Rows of a readable height, not a few bars stretched over the whole panel.
        height: Math.min(height - tagsTop - px(14), Math.max(tags.length, 3) * px(44)),
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
    ],
    xAxis: [
      {
        type: 'category',
        gridIndex: 0,
        data: weeks.map((w) => weekLabel(w.weekStart)),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: MUTED } },
        axisLabel: {
          ...text(14),
          color: TEXT,
          interval: 0,
          // Many weeks: the month above the day keeps every label without overlap. This week's is bold.
          formatter: (v: string, i: number) => {
            const label = many ? v.replace(' ', '\n') : v;
            return i === weeks.length - 1 ? `{now|${label}}` : `{week|${label}}`;
          },
          // Rich text throughout: plain segments beside a rich one fall back to ECharts' default size.
          rich: { week: { ...text(14), color: TEXT }, now: { ...text(14, true), color: TEXT } },
        },
      },
      { type: 'value', gridIndex: 1, show: false, minInterval: 1, max: tags.length ? undefined : 1 },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        minInterval: 1,
        max: active ? undefined : 1,
        splitLine: { lineStyle: { color: '#d0d7de' } },
        axisLabel: { ...text(14), color: MUTED },
      },
      {
        type: 'category',
        gridIndex: 1,
        inverse: true,
        data: tags.map((t) => clip(t.tag, TAG_LABEL_CHARS)),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { ...text(15), color: TEXT },
      },
    ],
    series: [
      ...SERIES.map((s) => ({
        type: 'bar',
        name: s.name,
        xAxisIndex: 0,
        yAxisIndex: 0,
        barGap: '8%',
        barCategoryGap: many ? '22%' : '35%',
        barMaxWidth: px(48),
        silent: true,
        data: weeks.map((w) => w[s.key]),
      })),
      {
        type: 'bar',
        name: 'Tags',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: '62%',
        barMaxWidth: px(30),
        silent: true,
        itemStyle: { color: TAG_COLOR },
        label: { show: true, position: 'right', ...text(15), color: TEXT },
        data: tags.map((t) => t.count),
      },
    ],
    graphic,
  };
}

/** The chart as an SVG document (exported for debugging and tests; the PNG is what gets posted). */
export function renderCohortSvg(data: CohortChartData, width: number, height: number, title: string): string {
  setup();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(data, width, height, title));
    // Hover-style class names carry a process-wide counter; number them per image so equal data gives equal bytes.
    const names = new Map<string, string>();
    return chart.renderToSVGString().replace(/\bzr\d+-cls-\d+\b/g, (c) => {
      let name = names.get(c);
      if (name === undefined) {
        name = `c${names.size}`;
        names.set(c, name);
      }
      return name;
    });
  } finally {
    chart.dispose();
  }
}

/** Renders the chart to a PNG (rasterised off the main thread), with its alt text. */
export async function renderCohortChart(data: CohortChartData, opts: CohortChartOptions = {}): Promise<CohortChart> {
  const width = Math.round(opts.width ?? 800);
  const height = Math.round(opts.height ?? 450);
  if (!(width >= 400 && width <= 2000 && height >= 250 && height <= 1200)) {
    throw new RangeError(`chart size out of range: ${width}×${height}`);
  }
  const svg = renderCohortSvg(data, width, height, opts.title ?? 'The cohort at a glance');
  const files = fontFiles();
  const image = await renderAsync(svg, {
    font: { fontFiles: [files.regular, files.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
    logLevel: 'off',
  });
  return { png: image.asPng(), width: image.width, height: image.height, description: cohortChartDescription(data) };
}

function trend(data: CohortChartData, key: (typeof SERIES)[number]['key']): string {
  const first = data.weeks[0]![key];
  const last = data.weeks[data.weeks.length - 1]![key];
  const total = data.weeks.reduce((n, w) => n + w[key], 0);
  return data.weeks.length === 1 ? `${last}` : `${first}→${last} (${total} in all)`;
}

function tagList(tags: CohortTag[], budget: number): string {
  let out = '';
  for (const t of tags) {
    const item = `${clip(t.tag, 40)} (${t.count})`;
    const next = out ? `${out}, ${item}` : item;
    if (next.length > budget) break;
    out = next;
  }
  return out;
}

/** The alt text: first week → last week for each series, then the last week's top tags (≤ 1024 characters). */
export function cohortChartDescription(data: CohortChartData): string {
  const weeks = data.weeks;
  let head: string;
  if (!hasActivity(data)) {
    head = weeks.length
      ? `Weekly activity, ${plural(weeks.length, 'week')} from the week of ${weekLabel(weeks[0]!.weekStart)}: no activity yet.`
      : 'Weekly activity: no activity yet.';
  } else if (!weeks.length) {
    head = 'Weekly activity: no weeks to show.';
  } else {
    const span =
      weeks.length === 1
        ? `the week of ${weekLabel(weeks[0]!.weekStart)}`
        : `${weeks.length} weeks, ${weekLabel(weeks[0]!.weekStart)} to the week of ${weekLabel(weeks[weeks.length - 1]!.weekStart)}`;
    head = `Weekly activity, ${span}: ${SERIES.map((s) => `${s.short} ${trend(data, s.key)}`).join(', ')}.`;
  }
  const prefix = ` ${tagsHeading(data)}: `;
  const tags = tagList(data.topTags, DESCRIPTION_MAX - head.length - prefix.length - 1);
  const out = tags ? `${head}${prefix}${tags}.` : head;
  return clip(out, DESCRIPTION_MAX);
}

/** The chart's numbers as plain text, one line per week (oldest first), then the last week's top tags. */
export function cohortChartText(data: CohortChartData): string[] {
  const lines = data.weeks.map(
    (w) =>
      `Week of ${weekLabel(w.weekStart)}: ${plural(w.projects, 'project')} announced · ` +
      `${plural(w.pairs, 'pair')} formed · ${plural(w.challenges, 'challenge')} logged · ` +
      `${w.solved} solved`,
  );
  if (!hasActivity(data)) lines.push('No activity yet.');
  if (data.topTags.length) {
    lines.push(
      `${tagsHeading(data)}: ${data.topTags
        .slice(0, 10)
        .map((t) => `${t.tag} (${t.count})`)
        .join(' · ')}`,
    );
  }
  return lines;
}
