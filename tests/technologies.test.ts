import { describe, expect, it } from 'vitest';
import {
  SYNONYMS,
  TECHNOLOGIES,
  canonicalTag,
  conceptsOf,
  synonymsOf,
  technologyBySlug,
  technologyOf,
} from '../src/domain/technologies.js';
import { TAG_ALIASES, normalizeTag, parseTags } from '../src/domain/text.js';

describe('technology dictionary', () => {
  it('covers a backend + frontend curriculum with one entry per slug', () => {
    expect(TECHNOLOGIES.length).toBeGreaterThanOrEqual(80);
    expect(TECHNOLOGIES.length).toBeLessThanOrEqual(140);
    expect(new Set(TECHNOLOGIES.map((e) => e.slug)).size).toBe(TECHNOLOGIES.length);
    const names = (tags: string[]) => tags.map((t) => technologyOf(t)?.name);
    expect(
      names([
        'python',
        'django',
        'drf',
        'flask',
        'fastapi',
        'node',
        'express',
        'nestjs',
        'postgresql',
        'mysql',
        'mongodb',
        'redis',
        'celery',
        'rabbitmq',
        'kafka',
        'docker',
        'kubernetes',
        'github actions',
        'jenkins',
        'nginx',
        'aws',
        'graphql',
        'jwt',
        'oauth',
        'swagger',
        'pytest',
        'jest',
        'react',
        'next.js',
        'vue',
        'angular',
        'tailwind',
        'typescript',
        'javascript',
        'redux',
        'react native',
        'expo',
      ]),
    ).toEqual([
      'Python',
      'Django',
      'Django REST Framework',
      'Flask',
      'FastAPI',
      'Node.js',
      'Express',
      'NestJS',
      'PostgreSQL',
      'MySQL',
      'MongoDB',
      'Redis',
      'Celery',
      'RabbitMQ',
      'Apache Kafka',
      'Docker',
      'Kubernetes',
      'GitHub Actions',
      'Jenkins',
      'Nginx',
      'AWS',
      'GraphQL',
      'JWT',
      'OAuth 2.0',
      'Swagger / OpenAPI',
      'pytest',
      'Jest',
      'React',
      'Next.js',
      'Vue.js',
      'Angular',
      'Tailwind CSS',
      'TypeScript',
      'JavaScript',
      'Redux',
      'React Native',
      'Expo',
    ]);
    for (const c of [
      'database design',
      'caching',
      'authentication',
      'versioning',
      'pagination',
      'rate limiting',
      'testing',
      'ci/cd',
      'containerisation',
      'microservices',
      'system design',
      'security',
      'performance',
      'accessibility',
      'state management',
      'responsive design',
      'rest',
    ]) {
      expect(technologyOf(c)?.kind, c).toBe('concept');
    }
  });

  it('has a proper name and a one-sentence purpose for every entry', () => {
    for (const e of TECHNOLOGIES) {
      expect(e.name.trim(), e.slug).toBe(e.name);
      expect(e.purpose, e.slug).toMatch(/^[A-Z"'].{10,95}[.]$/);
      expect(e.purpose, e.slug).not.toMatch(/[*_`[\]<>|]/); // rendered as is in the README
      expect(e.purpose, `${e.slug}: "Name: purpose" reads badly with a second colon`).not.toContain(':');
      expect(e.name, e.slug).not.toMatch(/[*_`[\]<>|\\]/);
      for (const c of e.implies) expect(technologyBySlug(c)?.kind, `${e.slug} → ${c}`).toBe('concept');
    }
  });

  it('folds every name and synonym to its own entry, never to another one', () => {
    for (const e of TECHNOLOGIES) {
      for (const s of [e.slug, e.name, ...e.synonyms]) {
        expect(canonicalTag(s), `${s} (${e.slug})`).toBe(e.slug);
        expect(canonicalTag(s.toUpperCase()), s).toBe(e.slug);
        expect(canonicalTag(`  #${s.replace(/-/g, ' ')} `), s).toBe(e.slug);
      }
    }
  });

  it('keeps the slugs normalizeTag already stores, so existing data and searches still match', () => {
    for (const [alias, slug] of Object.entries(TAG_ALIASES)) {
      expect(canonicalTag(alias), alias).toBe(slug);
      expect(canonicalTag(slug), slug).toBe(slug);
    }
    for (const e of TECHNOLOGIES) {
      for (const s of [e.slug, e.name, ...e.synonyms, 'Some New Lib', 'ci/cd', 'Node JS']) {
        expect(canonicalTag(normalizeTag(s)), s).toBe(canonicalTag(s));
      }
      expect(normalizeTag(e.slug), 'a slug is already in stored tag form').toBe(e.slug);
    }
  });

  it('folds the common spellings learners type', () => {
    const fold = (xs: string[]) => [...new Set(xs.map(canonicalTag))];
    expect(fold(['postgres', 'PostgreSQL', 'pg', 'psql', 'Postgre'])).toEqual(['postgres']);
    expect(fold(['js', 'JavaScript', 'ES6'])).toEqual(['javascript']);
    expect(fold(['drf', 'django-rest-framework', 'Django REST Framework', 'djangorestframework'])).toEqual([
      'django-rest-framework',
    ]);
    expect(fold(['k8s', 'Kubernetes'])).toEqual(['kubernetes']);
    expect(fold(['Next.js', 'nextjs', 'next js', 'NEXT-JS'])).toEqual(['nextjs']);
    expect(fold(['Node.js', 'nodejs', 'node js', 'node'])).toEqual(['node']);
    expect(fold(['GitHub Actions', 'github-actions', 'gh actions'])).toEqual(['github-actions']);
    expect(fold(['Tailwind CSS', 'tailwind', 'tailwindcss'])).toEqual(['tailwindcss']);
    expect(fold(['CI/CD', 'cicd', 'ci-cd', 'continuous integration'])).toEqual(['ci-cd']);
    expect(fold(parseTags('PostgreSQL, pg, postgres'))).toEqual(['postgres']);
    // Distinct things stay distinct.
    expect(canonicalTag('unittest')).not.toBe(canonicalTag('unit testing'));
    expect(canonicalTag('react')).not.toBe(canonicalTag('react native'));
    expect(canonicalTag('java')).not.toBe(canonicalTag('javascript'));
  });

  it('keeps an unknown tag in its own (stored) spelling and is idempotent', () => {
    expect(canonicalTag('Chakra UI')).toBe('chakra-ui');
    expect(technologyOf('chakra-ui')).toBeUndefined();
    expect(canonicalTag('')).toBe('');
    for (const t of ['Chakra UI', 'postgresql', 'CI/CD', 'k8s', 'x']) {
      expect(canonicalTag(canonicalTag(t))).toBe(canonicalTag(t));
    }
  });

  it('tells technologies from concepts, and what a technology stands for', () => {
    expect(technologyOf('versioning')).toMatchObject({
      slug: 'api-versioning',
      name: 'API Versioning',
      kind: 'concept',
    });
    expect(technologyOf('postgresql')).toMatchObject({ slug: 'postgres', name: 'PostgreSQL', kind: 'technology' });
    expect(conceptsOf('redis')).toEqual(['caching']);
    expect(conceptsOf('caching')).toEqual(['caching']);
    expect(conceptsOf('celery')).toEqual(['background-jobs']);
    expect(conceptsOf('unknown-thing')).toEqual([]);
  });

  it('lists every spelling of a slug for search expansion', () => {
    const pg = synonymsOf('pg');
    expect(pg[0]).toBe('postgres');
    expect(pg).toEqual(expect.arrayContaining(['postgresql', 'pg']));
    expect(SYNONYMS.get('javascript')).toEqual(expect.arrayContaining(['javascript', 'js']));
    expect(synonymsOf('Chakra UI')).toEqual(['chakra-ui']);
    for (const [slug, spellings] of SYNONYMS) {
      for (const s of spellings) expect(canonicalTag(s), s).toBe(slug);
    }
  });
});
