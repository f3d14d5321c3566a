import * as z from 'zod/mini';
import { header, line, slug, timestamp } from './common';

export const workStatuses = ['open', 'done'] as const;
export type WorkStatus = (typeof workStatuses)[number];

/**
 * work/<id>.json — the queue. Who works on an item is not stored here: it is the claim `work/<id>`. Fields added
 * after v1's first files are optional, so every earlier file stays valid.
 */
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
  /** Delegation (`coord work assign`): the session this item is meant for; `work next` offers it to them first. */
  assignee: z.optional(slug),
  assignedBy: z.optional(slug),
  /** The role this item is for (matched against a session's role); sessions of that role are offered it first. */
  role: z.optional(line(100)),
});
export type WorkItem = z.infer<typeof workItemSchema>;
