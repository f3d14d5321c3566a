import { syncNow } from '../core/sync/syncNow';
import { confirmClaim } from '../core/sync/claimConfirm';
import { claimWork } from '../core/operations/claimWork';
import { claimNextWork } from '../core/operations/claimNextWork';
import { completeWork } from '../core/operations/completeWork';
import { releaseWork } from '../core/operations/releaseWork';
import { stopSession } from '../core/operations/stopSession';

/**
 * dist/syncEngine.js: what the window needs of git — sync rounds, and the operations layer (src/core/operations)
 * that claims, releases, finishes work and ends sessions with their confirmation on the remote, as `coord` and the
 * agent tools do — in a bundle of its own, required on first use (loops start lazily, and dist/extension.js has a
 * size budget). Only plain values cross between the two bundles.
 */
export const syncEngine = { syncNow, confirmClaim, claimWork, claimNextWork, completeWork, releaseWork, stopSession };
export type SyncEngine = typeof syncEngine;
