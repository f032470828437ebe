// Links: only absolute http(s) URLs, and the learner's alx-project-nexus repository.
import { sortedProjects, type ReadmeInput } from './model.js';

/** Only absolute http(s) URLs become links; the href is percent-encoded so it cannot break out of "(...)". */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw.trim();
  if (!/^https?:\/\//i.test(t) || t.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(
    /[()<>\s"'\\`|[\]]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * The learner's alx-project-nexus repository: a project repository with that name, else the same name
 * under the one GitHub account all their project repositories live in; null when neither is known.
 */
export function nexusRepositoryUrl(input: ReadmeInput): string | null {
  const owners = new Set<string>();
  for (const p of sortedProjects(input)) {
    const href = safeHttpUrl(p.repoUrl);
    if (!href) continue;
    const url = new URL(href);
    if (url.hostname !== 'github.com' && url.hostname !== 'www.github.com') continue;
    const [owner, repo] = url.pathname.split('/').filter((s) => s.length > 0);
    if (!owner || !GITHUB_OWNER.test(owner)) continue;
    if (repo && repo.replace(/\.git$/, '').toLowerCase() === 'alx-project-nexus') {
      return `https://github.com/${owner}/alx-project-nexus`;
    }
    owners.add(owner);
  }
  const distinct = new Set([...owners].map((o) => o.toLowerCase()));
  const [owner] = owners;
  return distinct.size === 1 && owner ? `https://github.com/${owner}/alx-project-nexus` : null;
}
