import type { HostMessage, PageMessage } from '../src/dashboard/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type ClaimColumn = 'holder' | 'claim' | 'left' | 'reason';

/** What the page remembers across being hidden and across reloads (VS Code keeps it with the panel). */
export interface PageState {
  rootPath?: string;
  claimSort: { column: ClaimColumn; descending: boolean };
  selectedMessage?: string;
  expandedThreads: string[];
  hideRenewals: boolean;
}

// Renewals are hidden at first: every heartbeat renews its session's claims, and they would bury everything else.
const initialState: PageState = {
  claimSort: { column: 'left', descending: false },
  expandedThreads: [],
  hideRenewals: true,
};

/** The page's side of the protocol: typed posts to the host, and the page's saved state. */
export class Host {
  private readonly api = acquireVsCodeApi();
  private nextRequest = 1;
  readonly state: PageState;

  constructor() {
    this.state = { ...initialState, ...(asState(this.api.getState()) ?? {}) };
  }

  post(message: PageMessage): void {
    this.api.postMessage(message);
  }

  requestId(): number {
    return this.nextRequest++;
  }

  save(patch: Partial<PageState>): void {
    Object.assign(this.state, patch);
    this.api.setState(this.state);
  }

  onMessage(listener: (message: HostMessage) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { type?: unknown } | null;
      // The host is the only sender; anything without a known type is not from it.
      if (data && (data.type === 'snapshot' || data.type === 'delta' || data.type === 'actionResult'))
        listener(data as HostMessage);
    });
  }
}

function asState(value: unknown): Partial<PageState> | undefined {
  return value && typeof value === 'object' ? (value as Partial<PageState>) : undefined;
}
