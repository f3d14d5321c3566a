import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { lmToolName } from '../../src/agentTools/lmToolName';
import { agentTools } from '../../src/agentTools/toolList';
import { toolJsonSchema } from '../../src/agentTools/toolJsonSchema';
import { api, coord, ensureSession, workspaceRoot } from './extensionHarness';

function invoke(name: string, input: object): Thenable<vscode.LanguageModelToolResult> {
  // No toolInvocationToken: not called from a chat request, so VS Code asks in a modal dialog, not in a chat.
  return vscode.lm.invokeTool(lmToolName(name), { input, toolInvocationToken: undefined });
}

/** The result's two parts: the sentence, and the structured facts as JSON. */
function partsOf(result: vscode.LanguageModelToolResult): { text: string; json: any } {
  const texts = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : ''));
  return { text: texts[0] ?? '', json: JSON.parse(texts[1] ?? 'null') };
}

const claimFile = (type: string, name: string) =>
  join(workspaceRoot(), 'docs', 'coordination', 'claims', type, `${name}.json`);

describe('agent tools: language-model tools and the MCP server in VS Code', function () {
  this.timeout(120_000);
  let self = '';

  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    self = await ensureSession();
  });

  it("every tool is registered with the shared definition's description and input schema", async () => {
    await api();
    for (const tool of agentTools) {
      const info = vscode.lm.tools.find((t) => t.name === lmToolName(tool.name));
      assert.ok(info, `${lmToolName(tool.name)} is in vscode.lm.tools`);
      assert.equal(info.description, tool.description);
      assert.deepEqual(info.inputSchema, toolJsonSchema(tool));
      assert.ok(info.tags.includes('coordination'));
    }
  });

  it("status (read-only) runs without asking and shows this window's session and an agent of the CLI", async () => {
    const agent = coord(['start', '--name', 'lm-agent']).json.session.id as string;
    const { text, json } = partsOf(await invoke('status', {}));
    assert.match(text, new RegExp(`You: ${self}`));
    assert.equal(json.self.id, self);
    assert.ok(
      json.sessions.some((s: { id: string }) => s.id === agent),
      'the CLI agent is listed',
    );
  });

  it("inbox (read-only) lists a message the CLI sent to this window's session", async () => {
    const agent = coord(['start', '--name', 'lm-sender']).json.session.id as string;
    const sent = coord(['send', self, 'from the terminal', 'hello chat'], agent);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const { json } = partsOf(await invoke('inbox', { unread: true }));
    assert.ok(
      json.messages.some((m: { id: string; from: string }) => m.id === sent.json.message.id && m.from === agent),
    );
  });

  it('prepareInvocation of the registered tools: changes ask for confirmation, reads do not', async () => {
    const coordination = await api();
    const token = new vscode.CancellationTokenSource().token;
    const claim = coordination.languageModelTool(lmToolName('claim'));
    assert.ok(claim?.prepareInvocation);
    const prepared = await claim.prepareInvocation(
      { input: { type: 'issue', name: 'lm-1', reason: 'from chat' } },
      token,
    );
    assert.equal(prepared?.confirmationMessages?.title, 'Claim work');
    const message = prepared?.confirmationMessages?.message;
    const text = typeof message === 'string' ? message : (message?.value ?? '');
    assert.equal(
      text,
      `Claim issue/lm-1 — from chat, as session ${self} in ${vscode.workspace.workspaceFolders![0]!.name}. Other sessions see it in docs/coordination.`,
    );
    const reads: [string, Record<string, unknown>][] = [
      ['status', {}],
      ['claims_covering', { paths: ['src/auth/login.ts'] }],
      ['inbox', {}],
      ['read', {}],
    ];
    for (const [name, input] of reads) {
      const readOnly = await coordination.languageModelTool(lmToolName(name))!.prepareInvocation!({ input }, token);
      assert.equal(readOnly?.confirmationMessages, undefined, `${name} asks nothing`);
    }
    for (const tool of agentTools.filter((t) => t.mutating)) {
      const asked = await coordination.languageModelTool(lmToolName(tool.name))!.prepareInvocation!(
        { input: {} },
        token,
      );
      assert.ok(asked?.confirmationMessages, `${tool.name} asks first`);
    }
  });

  it("claim (mutating) claims as this window's session; the files and the CLI show it", async () => {
    // Outside a chat VS Code asks in a modal dialog, which a workbench running extension tests answers "yes"
    // by itself (its DialogService skips dialogs there): the path through prepareInvocation and invoke is real.
    const { text, json } = partsOf(await invoke('claim', { type: 'issue', name: 'lm-1', reason: 'from chat' }));
    assert.match(text, /issue\/lm-1: claimed/);
    assert.equal(json.claim.holder, self);
    assert.equal(JSON.parse(readFileSync(claimFile('issue', 'lm-1'), 'utf8')).holder, self);
    const claims = coord(['claims']).json.claims as { type: string; name: string; holder: string }[];
    assert.ok(
      claims.some((c) => c.type === 'issue' && c.name === 'lm-1' && c.holder === self),
      'the CLI sees the claim',
    );
    const released = partsOf(await invoke('release', { type: 'issue', name: 'lm-1' }));
    assert.equal(released.json.released.name, 'lm-1');
    assert.equal(existsSync(claimFile('issue', 'lm-1')), false);
  });

  it('a claim another session holds is refused with the holder and when its lease ends', async () => {
    const agent = coord(['start', '--name', 'lm-holder']).json.session.id as string;
    const held = coord(['claim', 'issue', 'lm-2', '--ttl', '1h'], agent);
    assert.equal(held.code, 0, held.stdout + held.stderr);
    await assert.rejects(Promise.resolve(invoke('claim', { type: 'issue', name: 'lm-2' })), (error: Error) => {
      assert.match(error.message, new RegExp(`held by ${agent}`));
      // Said once, in the tools' words: not followed by a second "What to do" calling the refusal a bug.
      assert.equal(error.message.match(/What to do:/g)?.length, 1, error.message);
      assert.match(error.message, /What to do: pick other work, or ask/);
      assert.doesNotMatch(error.message, /unexpected failure/);
      assert.match(error.message, new RegExp(`"holder":"${agent}"`));
      assert.match(error.message, new RegExp(`"expiresAt":"${held.json.expiresAt}"`));
      return true;
    });
  });

  it('bad input is refused naming the field, before anything is asked or done', async () => {
    // Read-only, so nothing is asked: the refusal itself comes back.
    await assert.rejects(Promise.resolve(invoke('read', {})), (error: Error) => {
      assert.match(error.message, /read: missing id\nWhat to do: correct the call/);
      assert.equal(error.message.match(/What to do:/g)?.length, 1, error.message);
      return true;
    });
  });

  it("the MCP server definition runs this extension's coord mcp for the folder, and it serves the tools", async () => {
    const definitions = (await api()).mcpServerDefinitions();
    assert.equal(definitions.length, 1);
    const [definition] = definitions as [vscode.McpStdioServerDefinition];
    assert.equal(definition.command, process.execPath);
    assert.deepEqual(definition.args.slice(1), ['mcp']);
    assert.match(definition.args[0]!, /dist[\\/]cli\.js$/);
    assert.equal(definition.env.COORD_ROOT, workspaceRoot());
    assert.equal(definition.env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(definition.cwd?.fsPath, workspaceRoot());
    // Started as VS Code would start it, and asked as an MCP client would ask.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'COORD_SESSION') env[k] = v;
    for (const [k, v] of Object.entries(definition.env)) if (v !== null) env[k] = String(v);
    const client = new Client({ name: 'vscode-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: definition.command,
        args: definition.args,
        env,
        cwd: definition.cwd?.fsPath,
        stderr: 'pipe',
      }),
    );
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, agentTools.length);
      const status = (await client.callTool({ name: 'status', arguments: {} })) as { structuredContent: any };
      assert.equal(status.structuredContent.dir, join(workspaceRoot(), 'docs', 'coordination'));
      assert.ok(status.structuredContent.sessions.some((s: { id: string }) => s.id === self));
    } finally {
      await client.close();
    }
  });
});

// Runs only in the untrusted pass (npm run test:extension:untrusted, which greps for "untrusted").
describe('agent tools in an untrusted workspace', function () {
  this.timeout(60_000);

  before(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    await api();
    if (!existsSync(join(workspaceRoot(), 'docs', 'coordination', 'protocol.json')))
      await vscode.commands.executeCommand('coordination.initialize');
  });

  it('offers no MCP server (it would run git), still answers read-only tools, and refuses changes without asking', async () => {
    assert.deepEqual((await api()).mcpServerDefinitions(), []);
    const { json } = partsOf(await invoke('status', {}));
    assert.ok(Array.isArray(json.sessions));
    // "Who has these files?" is a read: it answers here too, with nothing asked.
    const covering = partsOf(await invoke('claims_covering', { paths: ['src/untrusted.ts'] }));
    assert.equal(covering.json.outcome, 'free');
    // No dialog comes (nothing answers one here): the refusal is immediate.
    await assert.rejects(
      Promise.resolve(invoke('claim', { type: 'issue', name: 'untrusted-1' })),
      /untrusted workspace[\s\S]*trust this workspace/,
    );
    await assert.rejects(Promise.resolve(invoke('register', { name: 'chat' })), /untrusted workspace/);
    assert.equal(existsSync(claimFile('issue', 'untrusted-1')), false);
  });
});
