import type { ClaimOptions } from '../../core/claims/claims';
import type { ClaimAnswer } from '../../core/operations/claimWork';
import type { ReleaseAnswer } from '../../core/operations/releaseWork';
import type { CoordinationRoot } from '../coordinationRoot';
import { syncEngine } from '../syncEngineLoader';
import type { CommandDeps } from './commandDeps';

/**
 * A claim taken by this window, through the operations layer every front end uses (as `coord claim`): the remote
 * answers before the command does, a claim another computer won is refused naming the winner, and a pending one is
 * said to be pending. Where the window may not run git (Restricted Mode, sync off) the tree alone decides.
 */
export async function claimThroughAuthority(
  deps: CommandDeps,
  root: CoordinationRoot,
  session: string,
  type: string,
  name: string,
  options: ClaimOptions,
): Promise<ClaimAnswer> {
  const answer = await syncEngine().claimWork(root.ctx, deps.syncSettings(root), session, type, name, options);
  deps.log.info(
    `Claim ${answer.claim.type}/${answer.claim.name}: ${answer.outcome}${answer.confirmation ? `, ${answer.confirmation.confirmation}${answer.confirmation.confirmation === 'pending' ? ` (${answer.confirmation.reason})` : ''}` : ''}`,
  );
  return answer;
}

/** A release (or force-release) by this window, its ref deleted on the remote before the command returns. */
export async function releaseThroughAuthority(
  deps: CommandDeps,
  root: CoordinationRoot,
  session: string,
  type: string,
  name: string,
  force: boolean,
): Promise<ReleaseAnswer> {
  const answer = await syncEngine().releaseWork(root.ctx, deps.syncSettings(root), session, type, name, force);
  deps.log.info(`Released ${type}/${name}${force ? ' (force)' : ''}: remote ${answer.remote}`);
  return answer;
}
