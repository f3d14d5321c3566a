import type { Remedy } from './remedy';

/**
 * Every failure the core reports is a CoordError with a code that maps to one of the CLI's stable exit codes,
 * so front ends never have to parse messages to decide what happened, and a remedy that says what to do about it.
 */
export type CoordErrorCode = 'refused' | 'usage' | 'bad-tree' | 'io';

export class CoordError extends Error {
  /** What to do, for a program; every error has one (by its code when the thrower named none). */
  readonly remedy: Remedy;

  constructor(
    readonly code: CoordErrorCode,
    message: string,
    /**
     * What to do, in words every front end can show as they are: thrown by the core, plain English with no front
     * end's syntax (no flag, no command; test/core/store/errorWording.test.ts holds it so), given only where the
     * remedy's own wording would say less. A front end shows it instead of its wording of `remedy`.
     */
    readonly hint?: string,
    /** Machine-readable facts for `--json` (e.g. who holds a refused claim). */
    readonly details?: Record<string, unknown>,
    remedy?: Remedy,
  ) {
    super(message);
    this.name = 'CoordError';
    this.remedy = remedy ?? defaultRemedy(code, details);
  }
}

/**
 * The remedy of an error whose thrower named none (src/core/sync's, for one): a refusal that names a holder is
 * the holder's to settle; another refusal is a state that may change.
 */
function defaultRemedy(code: CoordErrorCode, details: Record<string, unknown> | undefined): Remedy {
  switch (code) {
    case 'usage':
      return { action: 'fix-input' };
    case 'bad-tree':
      return { action: 'repair-tree' };
    case 'io':
      return { action: 'check-file-system' };
    case 'refused':
      return typeof details?.holder === 'string'
        ? { action: 'ask-holder', holder: details.holder }
        : { action: 'retry-later' };
  }
}

export const exitCodes: Record<CoordErrorCode, number> = {
  refused: 1,
  usage: 2,
  'bad-tree': 3,
  io: 3,
};

export function refused(
  message: string,
  hint?: string,
  details?: Record<string, unknown>,
  remedy?: Remedy,
): CoordError {
  return new CoordError('refused', message, hint, details, remedy);
}

export function usageError(message: string, hint?: string, remedy?: Remedy): CoordError {
  return new CoordError('usage', message, hint, undefined, remedy);
}

export function badTree(
  message: string,
  hint?: string,
  details?: Record<string, unknown>,
  remedy?: Remedy,
): CoordError {
  return new CoordError('bad-tree', message, hint, details, remedy);
}

/** Wraps an unexpected file-system error so it names the path and the operation. */
export function ioError(operation: string, path: string, cause: unknown): CoordError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CoordError('io', `could not ${operation} ${path}: ${reason}`, undefined, undefined, {
    action: 'check-file-system',
    path,
  });
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * The remedy of any error, for every front end alike: a CoordError's own; an error from node:fs (it has an errno
 * code) is the file system's; anything else is a bug.
 */
export function remedyOf(error: unknown): Remedy {
  if (error instanceof CoordError) return error.remedy;
  if (!errnoCode(error)) return { action: 'report-bug' };
  const path = (error as { path?: unknown }).path;
  return { action: 'check-file-system', ...(typeof path === 'string' ? { path } : {}) };
}
