import { fstatSync, readFileSync } from 'node:fs';
import { parseAgentHookInput, type AgentHookRead } from '../core/agents/agentHookInput';

/**
 * Reads the hook's JSON input from stdin — never from a terminal (a person trying the command would otherwise wait
 * on their keyboard).
 */
export function readAgentHookInput(): AgentHookRead {
  // A character device is a terminal (or /dev/null): nobody is handing JSON over. Asked of fstat, not of
  // process.stdin or node:tty, which load the network modules: a few ms of every hook run, after every tool call.
  if (stdinIsCharacterDevice()) return { input: {} };
  let raw: string;
  try {
    raw = readFileSync(0, 'utf8');
  } catch {
    return { input: {}, problem: 'could not read the hook input on stdin' };
  }
  return parseAgentHookInput(raw);
}

function stdinIsCharacterDevice(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}
