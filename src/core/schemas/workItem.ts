import * as z from 'zod/mini';
import { header, line, slug, timestamp } from './common';

export const workStatuses = ['open', 'done'] as const;
export type WorkStatus = (typeof workStatuses)[number];

/** work/<id>.json — the queue. Who works on an item is not stored here: it is the claim `work/<id>`. */
export const workItemSchema = z.object({
  ...header('work'),
  id: slug,
  title: line(300),
  priority: z.int().check(z.minimum(0), z.maximum(100)),
  status: z.enum(workStatuses),
  dependsOn: z.array(slug).check(z.maxLength(100)),
  createdAt: timestamp,
  createdBy: z.optional(slug),
  updatedAt: timestamp,
  doneBy: z.optional(slug),
});
export type WorkItem = z.infer<typeof workItemSchema>;
