import type * as http from 'node:http';
import type { Diagnostic } from '../store/diagnostics';
import type { TreeLayout } from '../store/layout';
import { readRecord } from '../records/recordReader';
import type { Service } from '../records/services';
import { servicesFileSchema } from '../records/services';

export const serviceStates = ['online', 'degraded', 'offline', 'timeout', 'error'] as const;
export type ServiceState = (typeof serviceStates)[number];

/** Used when services.json leaves them out. */
export const defaultTimeoutMs = 5000;
export const defaultDegradedAboveMs = 2000;

export interface ServiceCheck {
  name: string;
  /** The URL without any user:password part, safe to show in reports and on the forge. */
  url: string;
  state: ServiceState;
  /** Until the response headers arrived (online, degraded, error by status) or until the failure. */
  responseMs: number;
  status?: number;
  /** Why it is not online, in words: "HTTP 500, expected 200", "connection refused", "no answer within 500 ms". */
  detail?: string;
  checkedAt: number;
}

export interface ServicesFileResult {
  services: Service[];
  /** A services.json that is present but unreadable or invalid. */
  problem?: Diagnostic;
}

/** services.json; a missing file is no services, a bad one is reported (never a crash). */
export function readServicesFile(layout: TreeLayout): ServicesFileResult {
  const result = readRecord(layout.servicesFile, servicesFileSchema, 'services');
  if (result.ok) return { services: result.value.services };
  if (result.missing) return { services: [] };
  return { services: [], problem: { path: layout.servicesFile, reason: result.reason } };
}

const offlineCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * One GET, bounded by the service's timeout from the first byte sent to the response headers; the body is never
 * read. Never rejects: every outcome is a state. Redirects are not followed — a 3xx is the answer.
 */
export async function checkService(service: Service, now: () => number = Date.now): Promise<ServiceCheck> {
  // Loaded on first use: every coord command shares one bundle, and https pulls in TLS and crypto, which a
  // heartbeat or a claim must not pay for.
  // require, not import(): the CLI may run from a compile cache, where a dynamic import has no loader to call.
  const client: Pick<typeof http, 'request'> = service.url.startsWith('https:')
    ? (require('node:https') as typeof import('node:https'))
    : (require('node:http') as typeof import('node:http'));
  const timeoutMs = service.timeoutMs ?? defaultTimeoutMs;
  const degradedAboveMs = service.degradedAboveMs ?? defaultDegradedAboveMs;
  const url = redactedUrl(service.url);
  const started = performance.now();
  const checkedAt = now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (check: Omit<ServiceCheck, 'name' | 'url' | 'checkedAt'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ name: service.name, url, checkedAt, ...check });
    };
    let request: http.ClientRequest;
    try {
      const target = new URL(service.url);
      // agent: false — a fresh connection each time, so a check measures the service, not a pooled socket.
      request = client.request(target, {
        method: 'GET',
        agent: false,
        headers: { 'user-agent': 'session-coordination-health/1', accept: '*/*' },
      });
    } catch (error) {
      resolve({
        name: service.name,
        url,
        checkedAt,
        state: 'error',
        responseMs: 0,
        detail: `bad URL (${error instanceof Error ? error.message : String(error)})`,
      });
      return;
    }
    const timer = setTimeout(() => {
      finish({ state: 'timeout', responseMs: timeoutMs, detail: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response) => {
      const responseMs = elapsed();
      const status = response.statusCode ?? 0;
      response.destroy();
      const expected = service.expectStatus;
      const statusOk = expected !== undefined ? status === expected : status >= 200 && status < 400;
      if (!statusOk) {
        finish({ state: 'error', responseMs, status, detail: `HTTP ${status}, expected ${expected ?? '2xx or 3xx'}` });
      } else if (responseMs > degradedAboveMs) {
        finish({
          state: 'degraded',
          responseMs,
          status,
          detail: `answered in ${responseMs} ms, slower than ${degradedAboveMs} ms`,
        });
      } else {
        finish({ state: 'online', responseMs, status });
      }
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (offlineCodes.has(code))
        finish({
          state: 'offline',
          responseMs: elapsed(),
          detail: code === 'ECONNREFUSED' ? 'connection refused' : `unreachable (${code})`,
        });
      else
        finish({ state: 'error', responseMs: elapsed(), detail: code ? `${code}: ${error.message}` : error.message });
    });
    request.end();
  });
}

/**
 * Every service at once (at most `concurrency` connections open), so a round takes as long as the slowest check,
 * which its timeout bounds — never the sum.
 */
export async function checkServices(
  services: readonly Service[],
  options: { concurrency?: number; now?: () => number } = {},
): Promise<ServiceCheck[]> {
  const limit = Math.max(1, options.concurrency ?? 64);
  const results: ServiceCheck[] = new Array(services.length);
  let next = 0;
  const worker = async () => {
    while (next < services.length) {
      const index = next++;
      const service = services[index];
      if (service) results[index] = await checkService(service, options.now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, services.length) }, worker));
  return results;
}

/** `https://user:secret@host/x` → `https://host/x`: services.json may carry credentials; reports never do. */
export function redactedUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}
