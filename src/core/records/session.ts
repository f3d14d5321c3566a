import * as z from 'zod/mini';
import { header, line, slug, timestamp } from './common';

export const sessionKinds = ['agent', 'human'] as const;
export type SessionKind = (typeof sessionKinds)[number];

export const heartbeatSchema = z.object({
  action: z.optional(line(200)),
  target: z.optional(line(400)),
  phase: z.optional(line(100)),
  progress: z.optional(z.int().check(z.minimum(0), z.maximum(100))),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** sessions/<id>.json — written only by that session. */
export const sessionSchema = z.object({
  ...header('session'),
  id: slug,
  name: line(100),
  role: z.optional(line(100)),
  kind: z.enum(sessionKinds),
  host: line(255),
  pid: z.int().check(z.minimum(0)),
  startedAt: timestamp,
  heartbeatAt: timestamp,
  beats: z.int().check(z.minimum(0)),
  heartbeat: z.optional(heartbeatSchema),
  endedAt: z.optional(timestamp),
});
export type Session = z.infer<typeof sessionSchema>;
