import { describe, expect, it } from 'vitest';
import { escapeMarkdown, normalizeProjectName, parseTags, splitMessage, truncate } from '../src/domain/text.js';

describe('text', () => {
  it('escapes markdown and defuses mass mentions', () => {
    expect(escapeMarkdown('**bold** _x_ `code` [link](http://x)')).toBe(
      '\\*\\*bold\\*\\* \\_x\\_ \\`code\\` \\[link\\](http://x)',
    );
    expect(escapeMarkdown('# title\n> quote\n- item\nweekdays 18-22')).toBe(
      '\\# title\n\\> quote\n\\- item\nweekdays 18-22',
    );
    expect(escapeMarkdown('@everyone @here')).not.toMatch(/@everyone|@here/);
    expect(escapeMarkdown('<@&123456789012345678>')).not.toContain('<@&1');
  });

  it('truncates with an ellipsis within the limit', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('x'.repeat(5000), 1024)).toHaveLength(1024);
  });

  it('normalises tags with aliases, case, spacing and duplicates', () => {
    expect(parseTags(' PostgreSQL, drf,Django , postgres, Node JS ')).toEqual([
      'postgres',
      'django-rest-framework',
      'django',
      'node-js',
    ]);
    expect(parseTags('')).toEqual([]);
  });

  it('normalises project names so spelling variants match', () => {
    const n = normalizeProjectName('Airbnb clone');
    expect(normalizeProjectName('airbnb-clone')).toBe(n);
    expect(normalizeProjectName('AirBnB Clone ')).toBe(n);
    expect(normalizeProjectName('Airbnb_Clone!')).toBe(n);
    expect(normalizeProjectName('E-commerce API')).not.toBe(n);
  });

  it('splits long text under the message limit', () => {
    const parts = splitMessage('line of text\n'.repeat(500), 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    const squash = (t: string) => t.replace(/\n+/g, '\n').replace(/\n$/, '');
    expect(squash(parts.join('\n'))).toBe(squash('line of text\n'.repeat(500)));
  });
});
