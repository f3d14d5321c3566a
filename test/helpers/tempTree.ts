import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/store/clock';
import { openContext, type CoordContext } from '../../src/core/records/context';
import { initTree } from '../../src/core/operations/init';
import { defaultProtocolConfig, type ProtocolConfig } from '../../src/core/records/protocolConfig';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-11-21T12:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TempTree {
  root: string;
  ctx: CoordContext;
  clock: ManualClock;
  cleanup(): void;
}

/** A fresh, initialized tree in a temporary folder (a real file system, removed by cleanup()). */
export function makeTempTree(options: { config?: Partial<ProtocolConfig>; init?: boolean } = {}): TempTree {
  const root = mkdtempSync(join(tmpdir(), 'coord-test-'));
  if (options.init !== false) initTree(root);
  const clock = new ManualClock();
  const ctx = openContext(root, { clock, config: { ...defaultProtocolConfig, ...options.config } });
  return { root, ctx, clock, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function makeTempDir(prefix = 'coord-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
