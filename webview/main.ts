// Each component is imported on its own, so the bundle carries only the ones the page uses.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './dashboard.css';
import { App } from './app';
import { Host } from './host';

const container = document.getElementById('app');
if (container) {
  const host = new Host();
  const app = new App(container, host);
  host.onMessage((message) => app.handle(message));
  host.post({ type: 'ready', ...(host.state.rootPath ? { rootPath: host.state.rootPath } : {}) });
}
