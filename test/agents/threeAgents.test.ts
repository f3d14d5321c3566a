import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentWorkspace } from './lib/agentWorkspace';
import { killClaudeAgents, runClaudePrint } from './lib/claudeAgent';
import { runCodexExec, writeCodexUserConfig } from './lib/codexAgent';
import { runGeminiPrompt, writeGeminiUserSettings } from './lib/geminiAgent';
import { assertInitWroteReadmeBlocks } from './lib/readmeConfig';
import { ScriptedModelServer, type LoggedRequest } from './lib/scriptedModelServer';
import { waitFor } from './lib/waitFor';
import { anthropicMessages, mainLoopRequests, messagesText, toolResultsOf } from './models/anthropicMessages';
import { contentsText, functionResponsesOf, geminiApi, geminiRequests } from './models/geminiApi';
import { functionOutputsOf, inputText, openaiResponses, responsesRequests } from './models/openaiResponses';

type Kind = 'claude' | 'codex' | 'gemini';
const kinds: Kind[] = ['claude', 'codex', 'gemini'];
const queueSize = 9;
/** More than any agent needs: hello, go, two per item were it to do all, and a few polls. */
const maxSteps = 2 * queueSize + 20;

/** What one agent's conversation says, whatever its API: the last shell command it ran, its output, all the text. */
interface Seen {
  step: number;
  lastCommand?: string;
  lastOutput?: string;
  text: string;
}

/** The hello each agent broadcasts; the others must each hear it exactly once. */
const hello = (kind: Kind) => `hello from ${kind}`;

/**
 * One agent's script, the same for all three kinds: broadcast hello, wait for the test's go (all three started),
 * then `work next` / `work done` until nothing is ready, then poll (a harmless tool call, after which the hook
 * delivers) until both other hellos have arrived. The step comes from the conversation alone.
 */
function nextCommand(kind: Kind, seen: Seen, coord: string, go: string): string | undefined {
  const session = /You are (?:still )?coordination session (\S+) /.exec(seen.text)?.[1];
  if (!session) throw new Error(`${kind}: no greeting in what the model received`);
  const as = `--session ${session}`;
  const command = seen.lastCommand ?? '';
  // A bound, so that a queue that never empties (a broken `work done`) ends the turn and fails on the records.
  if (seen.step > maxSteps) return undefined;
  if (!seen.lastCommand) return `${coord} send broadcast '${hello(kind)}' 'working the queue' ${as}`;
  if (command.includes(' send broadcast ')) {
    return `for i in $(seq 1200); do test -e ${go} && break; sleep 0.1; done; test -e ${go} && echo go`;
  }
  if (command.includes(' && echo go') || command.includes(' work done ')) return `${coord} work next ${as}`;
  const claimed = /Claimed work\/(\S+):/.exec(seen.lastOutput ?? '')?.[1];
  if (command.includes(' work next ') && claimed) return `${coord} work done ${claimed} ${as}`;
  const heard = kinds.filter((k) => k !== kind).every((k) => seen.text.includes(hello(k)));
  if (heard) return undefined;
  return 'sleep 0.5';
}

/** How often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * Three real agents at once — Claude Code, Codex and Gemini CLI, each in its own worktree of one repository,
 * configured by one `coord init --agents claude,codex,gemini` — work one queue with `coord work next` / `work done`
 * through their shell tools. Checked on coord's records and on what each model received: every item done exactly
 * once by the agent that claimed it, no item claimed by two, every broadcast delivered to each other agent once.
 */
describe('Three agents at once (Claude Code, Codex, Gemini CLI) on one queue', function () {
  this.timeout(240_000);
  let ws: AgentWorkspace;
  let server: ScriptedModelServer;
  afterEach(async function () {
    await killClaudeAgents();
    if (this.currentTest?.state === 'failed') {
      console.error(`      the models' requests: ${server.saveRequests('three')}`);
    }
    await server?.close();
    ws?.cleanup();
  });

  it('every item done exactly once, no item claimed twice, every broadcast heard once by each other agent', async () => {
    ws = AgentWorkspace.create();
    server = await ScriptedModelServer.start();
    const homes = { claude: ws.agentHome('claude'), codex: ws.agentHome('codex'), gemini: ws.agentHome('gemini') };
    writeCodexUserConfig(homes.codex, server.baseUrl('/codex'));
    writeGeminiUserSettings(homes.gemini);
    const init = ws.coord(['init', '--agents', 'claude,codex,gemini', '--json'], {
      env: { CODEX_HOME: homes.codex.codexHome, PATH: ws.path() },
    });
    assert.equal(init.code, 0, init.stdout + init.stderr);
    // What the agents run is what the README shows (Claude Code's and Gemini CLI's blocks, to the letter).
    assertInitWroteReadmeBlocks(ws.repo, ['claude', 'gemini']);
    ws.commitAll('agents: hooks and MCP for Claude Code, Codex and Gemini CLI (coord init --agents)');
    const items: string[] = [];
    for (let i = 1; i <= queueSize; i++) {
      const added = ws.coord(['work', 'add', `task ${i}`, '--json']);
      assert.equal(added.code, 0, added.stdout + added.stderr);
      items.push(added.json.item.id as string);
    }
    const worktrees = {
      claude: ws.addWorktree('claude'),
      codex: ws.addWorktree('codex'),
      gemini: ws.addWorktree('gemini'),
    };
    const signals = join(ws.dir, 'signals');
    mkdirSync(signals);
    const go = join(signals, 'go');
    const coord = ws.coordBin;

    server.mount(
      '/claude',
      anthropicMessages((turn) => {
        const last = turn.toolResults.at(-1);
        const command = nextCommand(
          'claude',
          {
            step: turn.step,
            text: turn.text,
            lastOutput: last?.text,
            ...(last ? { lastCommand: String((last.input as { command?: string })?.command ?? '') } : {}),
          },
          coord,
          go,
        );
        return command ? { toolUses: [{ name: 'Bash', input: { command } }] } : { text: 'The queue is done.' };
      }),
    );
    server.mount(
      '/codex',
      openaiResponses((turn) => {
        const last = turn.outputs.at(-1);
        const command = nextCommand(
          'codex',
          {
            step: turn.step,
            text: turn.text,
            lastOutput: last?.output,
            ...(last ? { lastCommand: String(last.args?.cmd ?? '') } : {}),
          },
          coord,
          go,
        );
        return command ? { shell: command } : { text: 'The queue is done.' };
      }),
    );
    server.mount(
      '/gemini',
      geminiApi((turn) => {
        const last = turn.responses.at(-1);
        const command = nextCommand(
          'gemini',
          {
            step: turn.step,
            text: turn.text,
            lastOutput: last?.output,
            ...(last ? { lastCommand: String(last.args?.command ?? '') } : {}),
          },
          coord,
          go,
        );
        return command ? { call: { name: 'run_shell_command', args: { command } } } : { text: 'The queue is done.' };
      }),
    );

    const started = Date.now();
    const prompt = 'Work the coordination queue until it is empty.';
    const runs = {
      claude: runClaudePrint({
        ws,
        cwd: worktrees.claude,
        home: homes.claude,
        baseUrl: server.baseUrl('/claude'),
        prompt,
        timeoutMs: 200_000,
      }),
      codex: runCodexExec({ ws, cwd: worktrees.codex, home: homes.codex, prompt, timeoutMs: 200_000 }),
      gemini: runGeminiPrompt({
        ws,
        cwd: worktrees.gemini,
        home: homes.gemini,
        baseUrl: server.baseUrl('/gemini'),
        prompt,
        timeoutMs: 200_000,
      }),
    };
    // All three have said hello (so all three are registered and mid-turn): they start on the queue together.
    const broadcasts = join(ws.repo, 'docs', 'coordination', 'messages', 'broadcast');
    await waitFor(
      'three hellos',
      () => existsSync(broadcasts) && readdirSync(broadcasts).filter((f) => f.endsWith('.json')).length === 3,
      120_000,
    );
    writeFileSync(go, '');
    const results = { claude: await runs.claude, codex: await runs.codex, gemini: await runs.gemini };
    const ms = Date.now() - started;
    for (const kind of kinds)
      assert.equal(results[kind].code, 0, `${kind} exited ${results[kind].code}: ${results[kind].stderr.slice(-2000)}`);

    // What each model received, last request (the whole conversation) first.
    const conversations: Record<
      Kind,
      { last: LoggedRequest; text: string; commands: { command: string; output: string }[] }
    > = {
      claude: (() => {
        const last = mainLoopRequests(server.requestsOf('/claude')).at(-1)!;
        const commands = toolResultsOf(last.body).map((r) => ({
          command: String((r.input as { command?: string })?.command ?? ''),
          output: r.text,
        }));
        return { last, text: messagesText(last.body), commands };
      })(),
      codex: (() => {
        const last = responsesRequests(server.requestsOf('/codex')).at(-1)!;
        const commands = functionOutputsOf(last.body).map((o) => ({
          command: String(o.args?.cmd ?? ''),
          output: o.output,
        }));
        return { last, text: inputText(last.body), commands };
      })(),
      gemini: (() => {
        const last = geminiRequests(server.requestsOf('/gemini')).at(-1)!;
        const commands = functionResponsesOf(last.body).map((r) => ({
          command: String(r.args?.command ?? ''),
          output: r.output,
        }));
        return { last, text: contentsText(last.body), commands };
      })(),
    };

    // The queue: each item claimed by exactly one agent (as its tool results say), and done by that agent (as the
    // records say); every `work done` answered in the agent's shell.
    const claimedBy = new Map<string, Kind[]>();
    for (const kind of kinds) {
      for (const { command, output } of conversations[kind].commands) {
        const claimed = command.includes(' work next ') ? /Claimed work\/(\S+):/.exec(output)?.[1] : undefined;
        if (claimed) claimedBy.set(claimed, [...(claimedBy.get(claimed) ?? []), kind]);
        if (command.includes(' work done ')) assert.match(output, /Done: /, `${kind}: ${command} → ${output}`);
      }
    }
    const sessions = Object.fromEntries(
      kinds.map((k) => [k, /You are (?:still )?coordination session (\S+) /.exec(conversations[k].text)?.[1]]),
    ) as Record<Kind, string>;
    const duplicated = [...claimedBy].filter(([, by]) => by.length > 1);
    const perAgent = Object.fromEntries(kinds.map((k) => [k, [...claimedBy].filter(([, by]) => by[0] === k).length]));
    // Printed before it is judged: the bench (scripts/bench/agents.mjs) reads this line, a failing run's too.
    console.log(
      `      three agents: ${queueSize} items ${JSON.stringify(perAgent)}, ${claimedBy.size} claimed, ${duplicated.length} duplicated, ${ms} ms`,
    );
    assert.deepEqual(duplicated, [], 'no item claimed by two agents');
    assert.deepEqual([...claimedBy.keys()].sort(), [...items].sort(), 'every item claimed once');
    for (const id of items) {
      const record = JSON.parse(readFileSync(join(ws.repo, 'docs', 'coordination', 'work', `${id}.json`), 'utf8'));
      assert.equal(record.status, 'done', `${id} done`);
      assert.equal(record.doneBy, sessions[claimedBy.get(id)![0]!], `${id} done by the agent that claimed it`);
    }
    for (const kind of kinds)
      assert.ok(perAgent[kind]! >= 1, `${kind} did at least one item (${JSON.stringify(perAgent)})`);

    // Sessions named after their agents, each registered once; all ended at the end, nothing left claimed.
    const status = ws.coord(['status', '--json']).json;
    const agentSessions = status.sessions.filter((s: any) => s.kind === 'agent');
    assert.deepEqual(agentSessions.map((s: any) => s.name.split(' ')[0]).sort(), [...kinds].sort());
    assert.ok(
      agentSessions.every((s: any) => s.endedAt),
      'every agent session ended',
    );
    assert.deepEqual(status.claims, []);

    // Every hello reached each other agent's model exactly once (the hooks mark what they deliver read).
    for (const kind of kinds) {
      for (const other of kinds.filter((k) => k !== kind)) {
        assert.equal(occurrences(conversations[kind].text, hello(other)), 1, `${kind} heard "${hello(other)}" once`);
      }
    }
    // Nothing the agents asked went unanswered (last: a broken run's long loop makes side requests, less telling).
    assert.deepEqual(
      server.unrouted.map((r) => `${r.mount} ${r.method} ${r.path}`),
      [],
    );
    assert.deepEqual(
      server.failures.map((f) => String(f.error)),
      [],
    );
  });
});
