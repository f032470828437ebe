// The charts' one font, DejaVu Sans, from the pinned dejavu-fonts-ttf package: resolved through Node's module
// resolution so it is found from src/ (tsx), from dist/ and in the Docker image alike, never from the system.
// ECharts lays text out with our measurements of the same font resvg draws with, so labels and legends fit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const FONT_FAMILY = 'DejaVu Sans';

let fontDir: string | undefined;
function dejavuDir(): string {
  fontDir ??= path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return fontDir;
}

/** The regular and bold font files, for resvg. */
export function fontFiles(): { regular: string; bold: string } {
  return { regular: path.join(dejavuDir(), 'DejaVuSans.ttf'), bold: path.join(dejavuDir(), 'DejaVuSans-Bold.ttf') };
}

/** Advance widths from a TrueType font's cmap (format 4, the Basic Multilingual Plane) and hmtx tables. */
class FontMetrics {
  private readonly widths = new Map<number, number>();
  private readonly unitsPerEm: number;
  private readonly advances: number[];
  private readonly cmap: DataView | null;

  constructor(buf: Uint8Array) {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const tables = new Map<string, number>();
    const numTables = view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + i * 16;
      const tag = String.fromCharCode(buf[rec]!, buf[rec + 1]!, buf[rec + 2]!, buf[rec + 3]!);
      tables.set(tag, view.getUint32(rec + 8));
    }
    const head = tables.get('head');
    const hhea = tables.get('hhea');
    const hmtx = tables.get('hmtx');
    const cmap = tables.get('cmap');
    if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
      throw new Error('not a TrueType font with head, hhea, hmtx and cmap tables');
    }
    this.unitsPerEm = view.getUint16(head + 18);
    const numberOfHMetrics = view.getUint16(hhea + 34);
    this.advances = [];
    for (let i = 0; i < numberOfHMetrics; i++) this.advances.push(view.getUint16(hmtx + i * 4));
    this.cmap = null;
    const subtables = view.getUint16(cmap + 2);
    for (let i = 0; i < subtables; i++) {
      const rec = cmap + 4 + i * 8;
      const platform = view.getUint16(rec);
      const encoding = view.getUint16(rec + 2);
      const offset = cmap + view.getUint32(rec + 4);
      const unicodeBmp = (platform === 3 && encoding === 1) || (platform === 0 && encoding <= 3);
      if (unicodeBmp && view.getUint16(offset) === 4) {
        this.cmap = new DataView(buf.buffer, buf.byteOffset + offset, view.getUint16(offset + 2));
        break;
      }
    }
  }

  private glyph(code: number): number {
    const t = this.cmap;
    if (!t || code > 0xffff) return 0;
    const segCount = t.getUint16(6) / 2;
    const ends = 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      if (t.getUint16(ends + s * 2) < code) continue;
      const start = t.getUint16(starts + s * 2);
      if (start > code) return 0;
      const delta = t.getInt16(deltas + s * 2);
      const ro = t.getUint16(rangeOffsets + s * 2);
      if (ro === 0) return (code + delta) & 0xffff;
      const at = rangeOffsets + s * 2 + ro + (code - start) * 2;
      const g = t.getUint16(at);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  }

  /**
   * The advance of one code point in em units. A code point the font lacks counts as 1 em, as ECharts'
   * own fallback does: it measures the line height with a CJK character.
   */
  private advance(code: number): number {
    let w = this.widths.get(code);
    if (w === undefined) {
      const g = this.glyph(code);
      w = g === 0 ? 1 : (this.advances[Math.min(g, this.advances.length - 1)] ?? 0) / this.unitsPerEm;
      this.widths.set(code, w);
    }
    return w;
  }

  /** The width in px of a single line of text at fontSize px (no kerning: close enough for layout). */
  width(text: string, fontSize: number): number {
    let em = 0;
    for (const ch of text) em += this.advance(ch.codePointAt(0)!);
    return em * fontSize;
  }
}

let metrics: { regular: FontMetrics; bold: FontMetrics } | undefined;
function loadMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  if (!metrics) {
    const f = fontFiles();
    metrics = { regular: new FontMetrics(readFileSync(f.regular)), bold: new FontMetrics(readFileSync(f.bold)) };
  }
  return metrics;
}

/** Measures text for a CSS font shorthand as ECharts writes it ("bold 14px DejaVu Sans"). */
export function measureText(text: string, font: string | undefined): { width: number } {
  const m = loadMetrics();
  const size = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  const bold = /\b(bold|bolder|[6-9]00)\b/.test(font ?? '');
  return { width: (bold ? m.bold : m.regular).width(text, size ? Number(size[1]) : 12) };
}
