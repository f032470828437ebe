// What a learner builds: the roles pairing is about.
export const ROLES = ['backend', 'frontend', 'fullstack'] as const;
export type Role = (typeof ROLES)[number];

/** The role to look for beside `role`: backend ↔ frontend; a fullstack builder fits anyone (seeks "fullstack" = any). */
export function roleToSeek(role: Role | null): Role | null {
  if (role === 'backend') return 'frontend';
  if (role === 'frontend') return 'backend';
  return role;
}
