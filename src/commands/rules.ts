// Option rules JSON cannot say (see options.ts): one-line names, non-blank or trimmed texts, web URLs.
import { z } from 'zod';
import { oneLine } from '../domain/text.js';

export const oneLineName = (base: z.ZodType) => base.transform((v) => oneLine(v as string)).pipe(z.string().min(1));
export const nonBlank = (base: z.ZodType) => (base as z.ZodString).trim().min(1);
export const trimmed = (base: z.ZodType) => (base as z.ZodString).trim();
/**
 * Characters a URL is shown without: they would make Discord markdown of it (a masked link "[x](…)", an
 * <autolink>, a code span, a spoiler) or break out of quotes. Repository URLs never need them.
 */
export const URL_MARKUP = /[\s[\]()<>`"'\\{}|^]/;

/** An http(s) URL with a host and none of the characters that would turn it into markdown (URL_MARKUP). */
function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !URL_MARKUP.test(v);
  } catch {
    return false;
  }
}

export const webUrl = (base: z.ZodType) =>
  (base as z.ZodString).trim().refine(isHttpUrl, {
    message:
      'must be an http:// or https:// URL without spaces, brackets, parentheses or quotes, e.g. https://github.com/you/alx-airbnb-backend',
  });
