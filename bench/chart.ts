// `npx tsx bench/chart.ts [--n 30] [--json] [--out /tmp/cohort.png]`
//
// The cohort chart's cost: the first render in a fresh process (module load, font metrics), then the median
// of n renders of a busy 12-week chart, a 4-week one and the empty state, each split into the part that
// blocks the event loop (ECharts layout to SVG) and the whole render (the PNG is rasterised off the main
// thread); with the PNG's size.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CohortChartData } from '../src/charts/cohort.js';
import { fmtMs, r3, summarize, table } from './stats.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function weeks(n: number, busy: boolean): CohortChartData['weeks'] {
  return Array.from({ length: n }, (_, i) => ({
    weekStart: new Date(Date.UTC(2026, 8, 7 + i * 7)).toISOString().slice(0, 10),
    projects: busy ? 3 + ((i * 7) % 9) : 0,
    pairs: busy ? (i * 3) % 5 : 0,
    challenges: busy ? 5 + ((i * 5) % 11) : 0,
    solved: busy ? (i * 2) % 7 : 0,
  }));
}

const TAGS = ['docker', 'postgresql', 'react', 'django-rest-framework', 'cors', 'typescript'].map((tag, i) => ({
  tag,
  count: 12 - 2 * i,
}));

const CASES: Array<{ name: string; data: CohortChartData }> = [
  {
    name: '12 weeks, 6 tags',
    data: { weeks: weeks(12, true), topTags: TAGS, timezone: 'Africa/Lagos', weekStartsOn: 1 },
  },
  { name: '4 weeks, 3 tags', data: { weeks: weeks(4, true), topTags: TAGS.slice(0, 3) } },
  { name: 'no activity yet', data: { weeks: weeks(2, false), topTags: [] } },
];

async function main(): Promise<void> {
  const n = Number(arg('n') ?? 30);
  const json = process.argv.includes('--json');
  const out = arg('out');
  const t0 = performance.now();
  const { renderCohortChart } = await import('../src/charts/cohort.js');
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  const first = await renderCohortChart(CASES[0]!.data);
  const firstMs = performance.now() - t1;
  if (out) writeFileSync(out, first.png);
  const results = [];
  for (const c of CASES) {
    const blocking: number[] = [];
    const total: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const pending = renderCohortChart(c.data);
      blocking.push(performance.now() - s);
      bytes = (await pending).png.length;
      total.push(performance.now() - s);
    }
    results.push({
      case: c.name,
      blockingMs: r3(summarize(blocking).p50),
      totalMs: r3(summarize(total).p50),
      totalP95Ms: r3(summarize(total).p95),
      pngBytes: bytes,
    });
  }
  if (json) {
    console.log(JSON.stringify({ n, size: '800×450', moduleLoadMs: r3(loadMs), firstRenderMs: r3(firstMs), results }));
    return;
  }
  console.log(`cohort chart, 800×450, n=${n}: module load ${fmtMs(loadMs)} ms, first render ${fmtMs(firstMs)} ms`);
  console.log(
    table([
      ['case', 'blocking p50 ms', 'total p50 ms', 'total p95 ms', 'PNG KiB'],
      ...results.map((r) => [
        r.case,
        fmtMs(r.blockingMs),
        fmtMs(r.totalMs),
        fmtMs(r.totalP95Ms),
        (r.pngBytes / 1024).toFixed(1),
      ]),
    ]),
  );
}

await main();
