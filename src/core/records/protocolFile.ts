import * as z from 'zod/mini';
import { header } from './common';

export const protocolFileSchema = z.object({
  ...header('protocol'),
  heartbeatIntervalSeconds: z.optional(z.int().check(z.minimum(1), z.maximum(86400))),
  goneAfterSeconds: z.optional(z.int().check(z.minimum(1), z.maximum(30 * 86400))),
  defaultTtlSeconds: z.optional(z.int().check(z.minimum(1), z.maximum(30 * 86400))),
});
export type ProtocolFile = z.infer<typeof protocolFileSchema>;
