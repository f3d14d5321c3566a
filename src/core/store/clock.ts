/** Time comes through a Clock so liveness and lease logic can be tested with controlled time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function parseIsoTime(text: string): number {
  return Date.parse(text);
}
