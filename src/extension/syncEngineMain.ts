import { syncNow } from '../core/sync/syncNow';
import { confirmClaim, confirmReleases } from '../core/sync/claimConfirm';

/**
 * dist/syncEngine.js: what the window needs of git — sync rounds and claims confirmed on the remote — in a bundle
 * of its own, required when the first round or confirmation runs (loops start lazily, and dist/extension.js has a
 * size budget). Only plain values cross between the two bundles.
 */
export const syncEngine = { syncNow, confirmClaim, confirmReleases };
export type SyncEngine = typeof syncEngine;
