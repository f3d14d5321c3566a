/** VS Code's language-model tool names share one namespace across extensions, so ours carry a prefix. */
export function lmToolName(name: string): string {
  return `coordination_${name}`;
}
