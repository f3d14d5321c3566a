import * as z from 'zod/mini';

/**
 * Input fields several tools share. Names are checked by the core (with messages that say what is wrong), so
 * here they are only strings with a bound; the descriptions tell a model what to pass.
 */
const slugText = 'a slug: a-z, 0-9, ".", "_", "-"; at most 64 characters';

export const sessionField = z.optional(
  z
    .string()
    .check(
      z.maxLength(64),
      z.describe('Act as this session id instead of your own (the one `register` made or resumed). Rarely needed.'),
    ),
);

export const ttlField = z.optional(
  z.string().check(z.maxLength(20), z.describe('Lease length, e.g. "30m", "2h", "1d" (default: the tree\'s, 2h).')),
);

export const claimTypeField = z
  .string()
  .check(
    z.maxLength(64),
    z.describe(`What kind of thing, e.g. "issue", "module", "file", "work", "path" (${slugText}).`),
  );

export const claimNameField = z
  .string()
  .check(
    z.maxLength(500),
    z.describe(
      `Which one within the type, e.g. "42" or "auth" (${slugText}); for type "path", a glob of files such as "src/auth/**".`,
    ),
  );
