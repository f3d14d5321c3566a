import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { languageModelToolsManifest } from '../../src/agentTools/lmToolManifest';
import { lmToolName, mcpProviderId } from '../../src/agentTools/lmToolName';
import { agentTools } from '../../src/agentTools/toolList';
import { toolJsonSchema } from '../../src/agentTools/toolJsonSchema';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));
const regenerate =
  'run `npm run compile && node scripts/build/agentToolsManifest.mjs` to write them from src/agentTools';

/** VS Code reads the tools from package.json before the extension runs: they must say what the definitions say. */
describe('agent tools: package.json declares the shared definitions', () => {
  it('declares exactly the language-model tools the definitions make, names, descriptions and input schemas alike', () => {
    assert.deepEqual(
      pkg.contributes.languageModelTools,
      languageModelToolsManifest(),
      `package.json's languageModelTools differ from src/agentTools; ${regenerate}`,
    );
  });

  it("each declared tool carries its definition's name, description and input schema", () => {
    const declared = pkg.contributes.languageModelTools as {
      name: string;
      modelDescription: string;
      inputSchema: unknown;
    }[];
    assert.deepEqual(
      declared.map((t) => t.name),
      agentTools.map((t) => lmToolName(t.name)),
    );
    for (const tool of agentTools) {
      const entry = declared.find((t) => t.name === lmToolName(tool.name))!;
      assert.equal(entry.modelDescription, tool.description, tool.name);
      assert.deepEqual(entry.inputSchema, toolJsonSchema(tool), tool.name);
    }
  });

  it('declares the MCP server definition provider the extension registers', () => {
    assert.deepEqual(
      pkg.contributes.mcpServerDefinitionProviders.map((p: { id: string }) => p.id),
      [mcpProviderId],
    );
  });

  it('every input schema is a closed object whose required fields exist', () => {
    for (const tool of agentTools) {
      const schema = toolJsonSchema(tool) as {
        type: string;
        properties: Record<string, unknown>;
        required?: string[];
        additionalProperties: boolean;
      };
      assert.equal(schema.type, 'object', tool.name);
      assert.equal(schema.additionalProperties, false, tool.name);
      for (const name of schema.required ?? []) assert.ok(schema.properties[name], `${tool.name}.${name}`);
      for (const [name, property] of Object.entries(schema.properties))
        assert.ok((property as { description?: string }).description, `${tool.name}.${name} has a description`);
    }
  });
});
