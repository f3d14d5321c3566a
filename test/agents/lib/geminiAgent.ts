import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentHome, AgentWorkspace } from './agentWorkspace';
import { agentBin } from './claudeAgent';
import { runToEnd, type AgentRun } from './codexAgent';

/**
 * The user's settings of Gemini CLI (`$GEMINI_CLI_HOME/.gemini/settings.json`): an API key as the way in, no folder
 * trust prompt (an untrusted folder's project settings — coord's hooks — would be ignored), no telemetry or
 * updates.
 */
export function writeGeminiUserSettings(home: AgentHome): void {
  mkdirSync(join(home.geminiHome, '.gemini'), { recursive: true });
  writeFileSync(
    join(home.geminiHome, '.gemini', 'settings.json'),
    JSON.stringify(
      {
        security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
        telemetry: { enabled: false },
        privacy: { usageStatisticsEnabled: false },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
      },
      null,
      2,
    ),
  );
}

export function geminiEnv(ws: AgentWorkspace, home: AgentHome, baseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: ws.path(),
    HOME: home.home,
    LANG: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    GEMINI_CLI_HOME: home.geminiHome,
    GOOGLE_GEMINI_BASE_URL: baseUrl,
    GEMINI_API_KEY: 'scripted-key',
  };
}

/** `gemini -p` to the end of its turn; `-m` spares it a routing classifier that retries for ~95 s offline. */
export async function runGeminiPrompt(options: {
  ws: AgentWorkspace;
  cwd: string;
  home: AgentHome;
  baseUrl: string;
  prompt: string;
  timeoutMs?: number;
}): Promise<AgentRun> {
  const bin = await agentBin('gemini');
  const args = [bin, '-p', options.prompt, '--approval-mode', 'yolo', '-m', 'gemini-2.5-flash'];
  return runToEnd(process.execPath, args, {
    cwd: options.cwd,
    env: geminiEnv(options.ws, options.home, options.baseUrl),
    timeoutMs: options.timeoutMs ?? 90_000,
    what: 'gemini -p',
  });
}
