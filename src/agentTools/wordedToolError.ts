/**
 * A failed tool call as the tools bundle throws it to the window: its message is the whole answer for the model,
 * what to do included. Told by its name, not `instanceof`: the window and the tools are separate bundles, each with
 * its own copy of every class.
 */
export class WordedToolError extends Error {
  override readonly name = 'WordedToolError';
}

export function isWordedToolError(error: unknown): boolean {
  return error instanceof Error && error.name === 'WordedToolError';
}
