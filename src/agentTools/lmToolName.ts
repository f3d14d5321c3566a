/** VS Code's language-model tool names share one namespace across extensions, so ours carry a prefix. */
export function lmToolName(name: string): string {
  return `coordination_${name}`;
}

/** The id of the MCP server definition provider, as package.json's `mcpServerDefinitionProviders` declares it. */
export const mcpProviderId = 'coordination.coord';
