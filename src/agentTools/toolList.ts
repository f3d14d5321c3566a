import type { AgentTool } from './agentTool';
import { claimNextWorkTool } from './claimNextWorkTool';
import { claimTool } from './claimTool';
import { claimsCoveringTool } from './claimsCoveringTool';
import { completeWorkTool } from './completeWorkTool';
import { heartbeatTool } from './heartbeatTool';
import { inboxTool } from './inboxTool';
import { readTool } from './readTool';
import { registerTool } from './registerTool';
import { releaseTool } from './releaseTool';
import { renewTool } from './renewTool';
import { sendTool } from './sendTool';
import { statusTool } from './statusTool';

/** Every agent tool, in an agent's order: look, register, claim, beat, finish, message, release. */
export const agentTools: readonly AgentTool[] = [
  statusTool,
  registerTool,
  claimsCoveringTool,
  claimNextWorkTool,
  claimTool,
  heartbeatTool,
  renewTool,
  completeWorkTool,
  releaseTool,
  sendTool,
  inboxTool,
  readTool,
];
