import { lmToolName } from './lmToolName';
import { agentTools } from './toolList';
import { toolJsonSchema } from './toolJsonSchema';

/**
 * package.json's `languageModelTools`, as the definitions say they should be: VS Code reads them before the
 * extension runs, so they are written there by scripts/build/agentToolsManifest.mjs and checked by a test.
 */
export function languageModelToolsManifest(): Record<string, unknown>[] {
  return agentTools.map((tool) => ({
    name: lmToolName(tool.name),
    displayName: tool.title,
    toolReferenceName: `coord_${tool.name}`,
    canBeReferencedInPrompt: true,
    icon: '$(organization)',
    tags: ['coordination'],
    userDescription: tool.title,
    modelDescription: tool.description,
    inputSchema: toolJsonSchema(tool),
  }));
}
