/** The README written into every new tree, so a person browsing the repository knows what these files are. */
export const treeReadme = `# Coordination tree (protocol v1)

This folder is written by Session Coordination (the \`coord\` CLI and the VS Code extension). It lets several
coding sessions — AI agents and people — work in one repository without doing the same work twice.

| Path | What it holds |
|---|---|
| \`protocol.json\` | protocol version and shared thresholds (heartbeat interval, gone-after, default lease) |
| \`sessions/<session-id>.json\` | one per session, written only by that session |
| \`claims/<type>/<name>.json\` | one per claimed work item: a lease (holder, acquiredAt, renewedAt, ttl, transitions) |
| \`messages/<to>/<message-id>.json\` | one per message, written once by its sender; \`<to>\` is a session id or \`broadcast\` |
| \`work/<item-id>.json\` | the work queue: title, priority 0–100, status, depends-on |
| \`milestones/<name>.md\` | checklists; progress = checked / all |
| \`services.json\` | endpoints for the health-check loop |
| \`reports/\` | generated health reports (Markdown) |
| \`STATUS.md\` | generated board: live sessions, open work, milestones, services, insights |
| \`.local/\` | this computer only (read markers, locks, logs); never committed |

Do not edit these files by hand while sessions run: use \`coord\` (\`coord --help\`). \`coord doctor\` checks
every file and names each problem with its path.
`;
