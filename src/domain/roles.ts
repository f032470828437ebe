// What a learner builds: the roles pairing is about.
export const ROLES = ['backend', 'frontend', 'fullstack'] as const;
export type Role = (typeof ROLES)[number];
