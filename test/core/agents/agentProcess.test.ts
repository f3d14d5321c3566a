import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { agentProcessAbove, isSameProcess } from '../../../src/core/agents/agentProcess';
import { agentIdentityOf, hookRegisteredSession, linkAgentProcess } from '../../../src/core/agents/agentProcessLink';
import { startAgentSession } from '../../../src/core/agents/agentSessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

const compiled = resolve(__dirname, '../../../src/core/agents/agentProcess.js');

/** What agentProcessAbove() says in a real child started through `sh -c` (kept alive by a second command). */
function agentSeenThroughShell(): { pid: number; start?: string } | undefined {
  const script = `console.log(JSON.stringify(require(${JSON.stringify(compiled)}).agentProcessAbove() ?? null))`;
  const run = spawnSync('/bin/sh', ['-c', `${JSON.stringify(process.execPath)} -e '${script}'; true`], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) ?? undefined;
}

describe('agentProcess: the agent process a hook and an MCP server have in common', () => {
  it('a command run through sh -c finds the process that ran the shell, as a direct child finds its parent', () => {
    const seen = agentSeenThroughShell();
    assert.equal(seen?.pid, process.pid, 'the shell is skipped');
    const self = agentProcessAbove(process.pid);
    assert.equal(self?.pid, process.pid);
    assert.equal(seen?.start, self?.start, 'the same start time: the same process');
  });

  it('tells a pid given to another process since (or gone) from the one recorded', () => {
    const self = agentProcessAbove(process.pid)!;
    assert.equal(isSameProcess(self), true);
    if (self.start !== undefined) assert.equal(isSameProcess({ pid: self.pid, start: `${self.start}1` }), false);
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    assert.equal(isSameProcess({ pid: Number(gone.stdout.trim()) }), false);
  });
});

describe("agentIdentityOf: who an agent's child process is", () => {
  it('the agent session id Claude Code gives its children, and the agent process above this one', () => {
    const agent = agentProcessAbove();
    assert.ok(agent, 'a mocha run has a process above it');
    assert.deepEqual(agentIdentityOf({ CLAUDE_CODE_SESSION_ID: 'abc' }), { agentSessionId: 'abc', agent });
    assert.deepEqual(agentIdentityOf({ CLAUDE_CODE_SESSION_ID: '' }), { agent });
  });
});

describe("agentProcessLink: the session an agent process's hook registered", () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('is found by the agent process, replaced by its later registration, and by agent session id as a fallback', () => {
    const agent = agentProcessAbove(process.pid)!;
    const first = startAgentSession(tree.ctx, 'agent-one', {}).session.id;
    linkAgentProcess(tree.ctx, 'agent-one', agent);
    assert.equal(hookRegisteredSession(tree.ctx, { agent }), first);
    const second = startAgentSession(tree.ctx, 'agent-two', {}).session.id;
    linkAgentProcess(tree.ctx, 'agent-two', agent);
    assert.equal(
      hookRegisteredSession(tree.ctx, { agent, agentSessionId: 'agent-one' }),
      second,
      "the process's latest wins",
    );
    assert.equal(hookRegisteredSession(tree.ctx, { agentSessionId: 'agent-one' }), first);
    assert.equal(hookRegisteredSession(tree.ctx, {}), undefined);
  });

  it("a link of a reused pid (another start time) is not this agent's", () => {
    const agent = agentProcessAbove(process.pid)!;
    if (agent.start === undefined) return;
    startAgentSession(tree.ctx, 'agent-old', {});
    linkAgentProcess(tree.ctx, 'agent-old', { pid: agent.pid, start: `${agent.start}9` });
    assert.equal(hookRegisteredSession(tree.ctx, { agent }), undefined);
  });

  it('a registration removes the links of agent processes that have ended, and keeps the live ones', () => {
    const dir = join(tree.ctx.layout.localDir, 'agent-processes');
    const ended = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout);
    const self = agentProcessAbove(process.pid)!;
    const parent = agentProcessAbove(process.ppid);
    linkAgentProcess(tree.ctx, 'agent-ended', { pid: ended });
    if (parent) linkAgentProcess(tree.ctx, 'agent-parent', parent);
    writeFileSync(join(dir, 'notes.txt'), 'not a link');
    linkAgentProcess(tree.ctx, 'agent-self', self);
    const left = readdirSync(dir).sort();
    assert.ok(!left.includes(`${ended}.json`), `the ended process's link is gone: ${left.join(', ')}`);
    assert.ok(left.includes(`${self.pid}.json`));
    if (parent) assert.ok(left.includes(`${parent.pid}.json`), 'a live agent keeps its link');
    assert.ok(left.includes('notes.txt'), 'what is not a link is left alone');
  });
});
