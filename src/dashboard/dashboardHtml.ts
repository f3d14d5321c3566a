/** Where the page's files are, as URIs the webview may load, and the nonce of this load. */
export interface DashboardHtmlOptions {
  /** The webview's own origin (`webview.cspSource`): the only place styles and fonts may come from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** New for every load, so no script the page did not ship can run. */
  nonce: string;
}

/**
 * The dashboard page. Nothing from the coordination tree is in it: data arrives later by message and is
 * rendered as text, so the page itself is the same for every tree.
 */
export function dashboardHtml({ cspSource, scriptUri, styleUri, nonce }: DashboardHtmlOptions): string {
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Coordination Dashboard</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
