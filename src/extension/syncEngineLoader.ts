import { join } from 'node:path';
import type { SyncEngine } from './syncEngineMain';

let engine: SyncEngine | undefined;

/** The sync engine bundle (dist/syncEngine.js), loaded on first use. */
export function syncEngine(): SyncEngine {
  engine ??= (require(join(__dirname, 'syncEngine.js')) as { syncEngine: SyncEngine }).syncEngine;
  return engine;
}
