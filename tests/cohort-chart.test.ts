// The cohort chart: a real PNG of the asked size, byte-identical for equal data, drawn with the bundled font,
// with alt text and plain-text numbers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  cohortChartDescription,
  cohortChartText,
  DESCRIPTION_MAX,
  renderCohortChart,
  renderCohortSvg,
  weekLabel,
  type CohortChartData,
} from '../src/charts/cohort.js';
import { fontFiles, measureText } from '../src/charts/fonts.js';

function sample(): CohortChartData {
  return {
    weeks: [
      { weekStart: '2026-11-02', projects: 3, pairs: 1, challenges: 4, solved: 0 },
      { weekStart: '2026-11-09', projects: 2, pairs: 0, challenges: 6, solved: 2 },
      { weekStart: '2026-11-16', projects: 4, pairs: 2, challenges: 5, solved: 3 },
      { weekStart: '2026-11-23', projects: 5, pairs: 2, challenges: 7, solved: 4 },
    ],
    topTags: [
      { tag: 'docker', count: 4 },
      { tag: 'django', count: 3 },
      { tag: 'react', count: 1 },
    ],
    timezone: 'Africa/Lagos',
    weekStartsOn: 1,
  };
}

function empty(): CohortChartData {
  return {
    weeks: [
      { weekStart: '2026-11-16', projects: 0, pairs: 0, challenges: 0, solved: 0 },
      { weekStart: '2026-11-23', projects: 0, pairs: 0, challenges: 0, solved: 0 },
    ],
    topTags: [],
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk (the first chunk, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes a PNG to RGBA pixels by drawing it with resvg (no PNG decoder among the dependencies). */
function decode(png: Buffer, width: number, height: number): Buffer {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">` +
    `<image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
}

/** Pixels in a rectangle darker than light grey: text drawn in the dark text colour. */
function darkPixels(rgba: Buffer, width: number, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * width + x) * 4;
      if (rgba[i]! + rgba[i + 1]! + rgba[i + 2]! < 3 * 120 && rgba[i + 3]! > 200) n++;
    }
  }
  return n;
}

describe('cohort chart', () => {
  it('is a PNG of the asked size, on an opaque white background', async () => {
    const chart = await renderCohortChart(sample());
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 450 });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: 800, height: 450 });
    const big = await renderCohortChart(sample(), { width: 1000, height: 500 });
    expect(pngSize(big.png)).toEqual({ width: 1000, height: 500 });
    const px = decode(chart.png, 800, 450);
    expect([...px.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // readable on Discord's dark theme too
    expect(px.length).toBe(800 * 450 * 4);
  });

  it('gives the same bytes for the same data, and different bytes for different data', async () => {
    const a = await renderCohortChart(sample());
    const b = await renderCohortChart(sample());
    expect(a.png.equals(b.png)).toBe(true);
    const changed = sample();
    changed.weeks[3]!.solved = 1;
    const c = await renderCohortChart(changed);
    expect(c.png.equals(a.png)).toBe(false);
    const retagged = sample();
    retagged.topTags[0]!.tag = 'kubernetes';
    expect((await renderCohortChart(retagged)).png.equals(a.png)).toBe(false);
    // The SVG too: ECharts' per-instance class names are renumbered per image.
    expect(renderCohortSvg(sample(), 800, 450, 't')).toBe(renderCohortSvg(sample(), 800, 450, 't'));
  });

  it('draws text with the bundled DejaVu Sans (no system fonts are loaded)', async () => {
    const files = fontFiles();
    expect(existsSync(files.regular) && existsSync(files.bold)).toBe(true);
    expect(files.regular.split(path.sep)).toContain('dejavu-fonts-ttf');
    // The title's area holds nothing but the title: with no font it would stay white.
    const titled = await renderCohortChart(sample(), { title: 'WWWWWWWWWW' });
    const untitled = await renderCohortChart(sample(), { title: ' ' });
    const titleBox = { x: 16, y: 10, w: 300, h: 28 };
    const withText = darkPixels(decode(titled.png, 800, 450), 800, titleBox);
    expect(withText).toBeGreaterThan(500);
    expect(darkPixels(decode(untitled.png, 800, 450), 800, titleBox)).toBe(0);
  });

  it('lays text out with the advances resvg draws with', () => {
    const files = fontFiles();
    // Eleven glyphs' ink minus one glyph's ink: ten advances, as resvg places them.
    const advance = (ch: string, weight: string) => {
      const ink = (text: string) =>
        new Resvg(
          `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="60"><text x="10" y="40" font-family="DejaVu Sans" font-weight="${weight}" font-size="20">${text}</text></svg>`,
          { font: { fontFiles: [files.regular, files.bold], loadSystemFonts: false } },
        ).getBBox()!.width;
      return (ink(ch.repeat(11)) - ink(ch)) / 10;
    };
    for (const ch of ['W', 'i', 'a', '7', '—']) {
      expect(measureText(ch, '20px DejaVu Sans').width).toBeCloseTo(advance(ch, 'normal'), 2);
      expect(measureText(ch, 'bold 20px DejaVu Sans').width).toBeCloseTo(advance(ch, 'bold'), 2);
    }
    // A character the font lacks counts as 1 em (ECharts measures line heights with one).
    expect(measureText('国', '14px DejaVu Sans').width).toBe(14);
  });

  it('renders the "no activity yet" state and a chart with no weeks at all', async () => {
    const quiet = await renderCohortChart(empty());
    expect(pngSize(quiet.png)).toEqual({ width: 800, height: 450 });
    expect(quiet.description).toBe('Weekly activity, 2 weeks from the week of Nov 16: no activity yet.');
    const none = await renderCohortChart({ weeks: [], topTags: [] });
    expect(pngSize(none.png)).toEqual({ width: 800, height: 450 });
    expect(none.description).toBe('Weekly activity: no activity yet.');
    // The note is drawn: the middle of the weekly grid is not blank.
    const px = decode(quiet.png, 800, 450);
    expect(darkPixels(px, 800, { x: 150, y: 250, w: 200, h: 40 })).toBeGreaterThan(100);
    expect(cohortChartText(empty())).toContain('No activity yet.');
  });

  it('draws tags with markup characters as text', async () => {
    const data = sample();
    data.topTags = [{ tag: '<b>&"c#\'</b>', count: 2 }];
    const chart = await renderCohortChart(data);
    expect(pngSize(chart.png).width).toBe(800);
    expect(chart.description).toContain('<b>&"c#\'</b> (2)');
    expect(renderCohortSvg(data, 800, 450, 't')).toContain('&lt;b&gt;&amp;&quot;c#');
  });

  it('refuses sizes nobody can read', async () => {
    await expect(renderCohortChart(sample(), { width: 100 })).rejects.toThrow(RangeError);
    await expect(renderCohortChart(sample(), { height: 5000 })).rejects.toThrow(RangeError);
  });
});

describe('cohort chart text', () => {
  it('alt text: first week → this week for each series, totals, and the top tags', () => {
    expect(cohortChartDescription(sample())).toBe(
      'Weekly activity, 4 weeks, Nov 2 to the week of Nov 23: projects 3→5 (14 in all), pairs 1→2 (5 in all), ' +
        'challenges logged 4→7 (22 in all), challenges solved 0→4 (9 in all). Top tags, week of Nov 23: docker (4), django (3), react (1).',
    );
    const one = sample();
    one.weeks = one.weeks.slice(3);
    expect(cohortChartDescription(one)).toMatch(/^Weekly activity, the week of Nov 23: projects 5, pairs 2, /);
  });

  it('alt text stays within 1024 characters, keeping whole tags', () => {
    const data = sample();
    data.topTags = Array.from({ length: 200 }, (_, i) => ({ tag: `a-rather-long-tag-name-${i}`, count: 200 - i }));
    const d = cohortChartDescription(data);
    expect(d.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(d).toMatch(/a-rather-long-tag-name-\d+ \(\d+\)\.$/);
    expect(d).toContain('a-rather-long-tag-name-0 (200)');
  });

  it('plain text: one line per week with every number, then the tags', () => {
    expect(cohortChartText(sample())).toEqual([
      'Week of Nov 2: 3 projects announced · 1 pair formed · 4 challenges logged · 0 solved',
      'Week of Nov 9: 2 projects announced · 0 pairs formed · 6 challenges logged · 2 solved',
      'Week of Nov 16: 4 projects announced · 2 pairs formed · 5 challenges logged · 3 solved',
      'Week of Nov 23: 5 projects announced · 2 pairs formed · 7 challenges logged · 4 solved',
      'Top tags, week of Nov 23: docker (4) · django (3) · react (1)',
    ]);
  });

  it('week labels need no locale data', () => {
    expect(weekLabel('2026-01-05')).toBe('Jan 5');
    expect(weekLabel('2026-12-28')).toBe('Dec 28');
  });
});
