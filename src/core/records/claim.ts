import * as z from 'zod/mini';
import { header, line, slug, timestamp } from './common';
import { isNormalPathGlob } from './pathGlob';

/** claims/<type>/<name>.json — a lease with the Kubernetes Lease fields; written only by its holder. */
export const claimSchema = z.object({
  ...header('claim'),
  type: slug,
  name: slug,
  holder: slug,
  acquiredAt: timestamp,
  renewedAt: timestamp,
  /** Lease length in seconds, counted from renewedAt. */
  ttl: z.int().check(z.minimum(1), z.maximum(30 * 86400)),
  transitions: z.int().check(z.minimum(0)),
  reason: z.optional(line(500)),
  /** Path claims (type `path`): the files claimed, as a glob relative to the repository root; the name is its key. */
  glob: z.optional(line(500).check(z.refine(isNormalPathGlob, 'is not a valid path glob'))),
  /** Path claims: held alongside other shared claims of overlapping files (never alongside an exclusive one). */
  shared: z.optional(z.boolean()),
});
export type Claim = z.infer<typeof claimSchema>;
