import { CoordError, remedyOf, type CoordErrorCode } from '../core/store/errors';
import type { Remedy } from '../core/store/remedy';
import { cliHint } from './remedyHint';

/** The one failure shape of every command's `--json`: `{ "ok": false, "error": ErrorJson }`. */
export interface ErrorJson {
  code: CoordErrorCode;
  message: string;
  /** For a person: the CLI's wording of `remedy` (or the error's own hint; see `cliHint`). */
  hint: string;
  /** For a program: what to do, in no front end's words. */
  remedy: Remedy;
  /** Facts (who holds a refused claim, until when); `{}` when there are none, so readers need no check. */
  details: Record<string, unknown>;
}

/** Any error as that shape; one that is not a CoordError is `io` (its remedy: see `remedyOf`). */
export function errorJson(error: unknown, command?: string): ErrorJson {
  const remedy = remedyOf(error);
  const hint = cliHint(error, command);
  if (error instanceof CoordError) {
    return { code: error.code, message: error.message, hint, remedy, details: error.details ?? {} };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'io', message, hint, remedy, details: {} };
}
