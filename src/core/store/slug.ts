import { usageError } from './errors';

/**
 * Names that become path segments (session ids, claim types and names, work ids, message ids) are slugs, so that
 * nothing from a user or a file can form a path outside the tree or look like an option to git.
 */
export const slugPattern = /^[a-z0-9][a-z0-9._-]*$/;
export const maxSlugLength = 64;

export function isSlug(value: string): boolean {
  return value.length <= maxSlugLength && slugPattern.test(value) && !value.includes('..');
}

export function slugProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > maxSlugLength) return `is longer than ${maxSlugLength} characters`;
  // A character that is never allowed is named first: "É42" is not a slug because of "É", not because of where it is.
  const bad = value.match(/[^a-z0-9._-]/u);
  if (bad)
    return `is not a slug: it contains ${JSON.stringify(bad[0])} (a slug has only lowercase letters a–z, digits, ".", "_" and "-")`;
  if (!/^[a-z0-9]/.test(value))
    return `is not a slug: it must start with a letter a–z or a digit, not ${JSON.stringify(value[0])}`;
  if (value.includes('..')) return 'must not contain ".."';
  return undefined;
}

/** Throws a usage error naming the argument when `value` is not a slug. */
export function assertSlug(what: string, value: string): string {
  const problem = slugProblem(value);
  if (problem) throw usageError(`${what} ${JSON.stringify(value)} ${problem}`);
  return value;
}

/** Turns free text (a display name, a title) into a slug fragment; never empty. */
export function slugify(text: string, maxLength = 40, fallback = 'x'): string {
  const slug = text
    .normalize('NFKD')
    // NFKD splits "é" into "e" and a combining accent; dropping the accent keeps the word whole.
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : fallback;
}
