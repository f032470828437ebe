// Option rules JSON cannot say (see options.ts): one-line names, non-blank or trimmed texts, web URLs.
import { z } from 'zod';
import { oneLine } from '../domain/text.js';

export const oneLineName = (base: z.ZodType) => base.transform((v) => oneLine(v as string)).pipe(z.string().min(1));
export const nonBlank = (base: z.ZodType) => (base as z.ZodString).trim().min(1);
export const trimmed = (base: z.ZodType) => (base as z.ZodString).trim();
/** An http(s) URL with a host and no spaces. */
export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !/\s/.test(v);
  } catch {
    return false;
  }
}

export const webUrl = (base: z.ZodType) =>
  (base as z.ZodString).trim().refine(isHttpUrl, {
    message: 'must be an http:// or https:// URL, e.g. https://github.com/you/alx-airbnb-backend',
  });
