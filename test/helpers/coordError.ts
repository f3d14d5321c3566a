import { CoordError } from '../../src/core/store/errors';

/** An `assert.throws` matcher: a CoordError with this code, and a message matching `pattern` when given. */
export function coordError(code: string, pattern?: RegExp) {
  return (e: unknown) => e instanceof CoordError && e.code === code && (!pattern || pattern.test(e.message));
}
