import * as z from 'zod/mini';
import { header, line } from './common';

export const serviceSchema = z.object({
  name: line(100),
  url: z.url({ protocol: /^https?$/ }),
  expectStatus: z.optional(z.int().check(z.minimum(100), z.maximum(599))),
  timeoutMs: z.optional(z.int().check(z.minimum(1), z.maximum(120000))),
  degradedAboveMs: z.optional(z.int().check(z.minimum(1), z.maximum(120000))),
});
export type Service = z.infer<typeof serviceSchema>;

/** services.json — endpoints the health-check loop watches. */
export const servicesFileSchema = z.object({
  ...header('services'),
  services: z.array(serviceSchema).check(z.maxLength(500)),
});
export type ServicesFile = z.infer<typeof servicesFileSchema>;
