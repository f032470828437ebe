// Attachments in `npm run try` output: text as text, binary (e.g. a PNG chart) as base64 in --json, and every
// attachment written under NEXUS_DATA_DIR/files/ in the human-readable output.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentType, fileJson, renderHuman, toJson, type LineResult } from '../src/cli/try.js';

// The PNG signature and the start of an IHDR chunk: not UTF-8, has NUL bytes.
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0,
]);

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const result = (files: LineResult['files']): LineResult => ({ line: '/x', response: null, posted: [], files });

describe('try attachments', () => {
  it('--json: text files as {name, text}, binary ones as {name, contentType, base64}', () => {
    const out = JSON.parse(
      toJson(
        result([
          { name: 'README.md', data: '# Hi\n' },
          { name: 'export.csv', data: Buffer.from('id,name\n1,Ada\n') },
          { name: 'chart.png', data: PNG, contentType: 'image/png' },
          { name: 'chart-no-type.png', data: PNG },
          { name: 'blob', data: PNG },
          { name: 'notes', data: Buffer.from('plain words') },
        ]),
      ),
    );
    expect(out.files).toEqual([
      { name: 'README.md', text: '# Hi\n' },
      { name: 'export.csv', text: 'id,name\n1,Ada\n' },
      { name: 'chart.png', contentType: 'image/png', base64: PNG.toString('base64') },
      { name: 'chart-no-type.png', contentType: 'image/png', base64: PNG.toString('base64') },
      { name: 'blob', contentType: 'application/octet-stream', base64: PNG.toString('base64') },
      { name: 'notes', text: 'plain words' },
    ]);
    expect(Buffer.from(out.files[2].base64, 'base64').equals(PNG)).toBe(true);
  });

  it('a text type whose bytes are not UTF-8 stays base64 rather than being mangled', () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
    expect(fileJson({ name: 'x.csv', data: latin1, contentType: 'text/csv' })).toEqual({
      name: 'x.csv',
      contentType: 'text/csv',
      base64: latin1.toString('base64'),
    });
    expect(attachmentType({ name: 'data.json', data: '{}' })).toBe('application/json');
    expect(fileJson({ name: 'data.json', data: Buffer.from('{"a":1}') })).toEqual({
      name: 'data.json',
      text: '{"a":1}',
    });
  });

  it('human output says what each REST call did: posted, edited, deleted', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-files-'));
    dirs.push(dir);
    const text = renderHuman(
      {
        ...result([]),
        posted: [
          { method: 'POST', path: '/channels/800000000000000001/messages', body: { content: 'hi' }, files: [] },
          { method: 'PATCH', path: '/channels/800000000000000001/messages/7', body: { content: 'hey' }, files: [] },
          { method: 'DELETE', path: '/channels/800000000000000001/messages/8', body: undefined, files: [] },
        ],
      },
      path.join(dir, 'files'),
    );
    expect(text).toContain('→ posted to channel 800000000000000001:');
    expect(text).toContain('→ edited in channel 800000000000000001:');
    expect(text).toContain('→ deleted message 8 in channel 800000000000000001');
    expect(text).not.toMatch(/edited in channel 800000000000000001:\n\s*$/);
  });

  it('human output writes every attachment byte for byte under the files dir and prints its path', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-files-'));
    dirs.push(dir);
    const filesDir = path.join(dir, 'files');
    const text = renderHuman(
      result([
        { name: 'chart.png', data: PNG, contentType: 'image/png' },
        { name: 'README.md', data: '# Hi\n' },
        { name: 'README.md', data: '# Again\n' },
        { name: '../../escape.txt', data: 'x' },
        { name: '..', data: 'y' },
      ]),
      filesDir,
    );
    const png = path.join(filesDir, 'chart.png');
    expect(readFileSync(png).equals(PNG)).toBe(true);
    expect(text).toContain(`attachment chart.png (image/png, 20 B) written to ${png}`);
    expect(readFileSync(path.join(filesDir, 'README.md'), 'utf8')).toBe('# Hi\n');
    expect(readFileSync(path.join(filesDir, 'README-2.md'), 'utf8')).toBe('# Again\n');
    expect(text).toContain(
      `attachment README.md (text/markdown, 8 B) written to ${path.join(filesDir, 'README-2.md')}`,
    );
    expect(readdirSync(filesDir).sort()).toEqual(['README-2.md', 'README.md', 'attachment', 'chart.png', 'escape.txt']);
    expect(existsSync(path.join(dir, 'escape.txt'))).toBe(false);
  });
});
