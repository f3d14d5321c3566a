/**
 * Every failure the core reports is a CoordError with a code that maps to one of the CLI's stable exit codes,
 * so front ends never have to parse messages to decide what happened.
 */
export type CoordErrorCode = 'refused' | 'usage' | 'bad-tree' | 'io';

export class CoordError extends Error {
  constructor(
    readonly code: CoordErrorCode,
    message: string,
    /** What the user can do about it, shown after the message. */
    readonly hint?: string,
    /** Machine-readable facts for `--json` (e.g. who holds a refused claim). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CoordError';
  }
}

export const exitCodes: Record<CoordErrorCode, number> = {
  refused: 1,
  usage: 2,
  'bad-tree': 3,
  io: 3,
};

export function refused(message: string, hint?: string, details?: Record<string, unknown>): CoordError {
  return new CoordError('refused', message, hint, details);
}

export function usageError(message: string, hint?: string): CoordError {
  return new CoordError('usage', message, hint);
}

export function badTree(message: string, hint?: string, details?: Record<string, unknown>): CoordError {
  return new CoordError('bad-tree', message, hint, details);
}

/** Wraps an unexpected file-system error so it names the path and the operation. */
export function ioError(operation: string, path: string, cause: unknown): CoordError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CoordError('io', `could not ${operation} ${path}: ${reason}`, 'check the permissions and free space of the folder');
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}
