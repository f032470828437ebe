// Types of launch.js (plain JavaScript so that node runs it without a TypeScript loader).

export const ROOT: string;

export class NotCacheable extends Error {}

export interface PrepareOptions {
  /** The project root (default: this checkout). */
  root?: string;
  /** Default root/src. */
  srcDir?: string;
  cacheDir: string;
  /** Default index.ts. */
  entry?: string;
  /** Directories next to src/ that compiled code reaches relative to itself, e.g. { drizzle: root/drizzle }. */
  links?: Record<string, string>;
}

/** Brings cacheDir/src up to date with srcDir; entry is the compiled entry file, compiled how many files were (re)compiled. */
export function prepare(opts: PrepareOptions): Promise<{ entry: string; compiled: number }>;

/** Runs src/index.ts with process.argv as it is, from the cache or through tsx. */
export function launch(): Promise<void>;
