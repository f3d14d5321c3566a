import type { BroadcastRecipient, MessageRow, SessionRow } from '../src/dashboard/protocol';
import type { Priority } from '../src/dashboard/protocol';
import { el, setText, shown } from './dom';
import type { Host } from './host';
import { button } from './section';
import type { DashboardStore } from './store';
import { byName } from './time';

const everyone: BroadcastRecipient = 'broadcast';
const priorities: Priority[] = ['normal', 'high', 'critical', 'low'];

/** Writing a message or a reply. The host sends it through the palette's command and reports any refusal. */
export class ComposeView {
  readonly element: HTMLElement;
  private readonly to = document.createElement('vscode-single-select');
  private readonly subject = document.createElement('vscode-textfield');
  private readonly body = document.createElement('vscode-textarea');
  private readonly priority = document.createElement('vscode-single-select');
  private readonly replying = el('div', { class: 'replying' });
  private readonly replyingText = el('span');
  private readonly send: HTMLElementTagNameMap['vscode-button'];
  private readonly note = el('div', { class: 'compose-note' });
  private replyTo: string | undefined;
  /**
   * Who the message goes to. Kept here, not read back from the select: the select learns of options it is given
   * only after its slot updates, and a value set before that would quietly fall back to its first option — everyone.
   */
  private recipient: string = everyone;
  private pending: number | undefined;
  private recipients = '';
  /** Live sessions not yet put into the select; see `render`. */
  private unlisted: SessionRow[] | undefined;
  private hasSession = false;

  constructor(private readonly host: Host) {
    this.to.setAttribute('aria-label', 'To');
    this.to.addEventListener('change', () => {
      this.recipient = this.to.value || everyone;
    });
    this.to.appendChild(option(everyone, 'Everyone (broadcast)'));
    for (const event of ['pointerdown', 'focusin']) this.to.addEventListener(event, () => this.listRecipients());
    this.subject.placeholder = 'Subject';
    this.subject.maxLength = 200;
    this.subject.setAttribute('aria-label', 'Subject');
    this.body.placeholder = 'Message';
    this.body.rows = 4;
    // Its resize grip is a data: image, which the page's CSP (img-src: none) refuses; no grip, no request.
    this.body.resize = 'none';
    this.body.setAttribute('aria-label', 'Message');
    this.priority.setAttribute('aria-label', 'Priority');
    for (const p of priorities) this.priority.appendChild(option(p, p));
    this.priority.value = 'normal';
    this.send = button('Send', () => this.submit(), {
      className: 'compose-send',
    }) as HTMLElementTagNameMap['vscode-button'];
    const cancel = button('Cancel reply', () => this.clearReply(), { secondary: true });
    this.replying.append(this.replyingText, cancel);
    this.replying.hidden = true;
    this.element = el(
      'form',
      { class: 'compose', attrs: { 'aria-label': 'New message' } },
      el('h3', { text: 'New message' }),
      this.replying,
      el(
        'div',
        { class: 'compose-row' },
        el('label', { text: 'To' }),
        this.to,
        el('label', { text: 'Priority' }),
        this.priority,
      ),
      this.subject,
      this.body,
      el('div', { class: 'compose-actions' }, this.note, this.send),
    );
    this.element.addEventListener('submit', (e) => e.preventDefault());
  }

  render(store: DashboardStore): void {
    this.hasSession = store.selfId !== undefined;
    const live = [...store.sessions.values()].filter(
      (s) => s.id !== store.selfId && (s.state === 'active' || s.state === 'stale'),
    );
    const ids = live.map((s) => s.id).join('\n');
    if (ids !== this.recipients) {
      this.recipients = ids;
      // The select reads every option's laid-out text when its options change, a forced layout per option; with
      // hundreds of sessions that is most of a frame. So the list is filled when someone is about to use it.
      this.unlisted = live;
      if (this.to.matches(':focus-within')) this.listRecipients();
    }
    setText(this.note, this.hasSession ? '' : 'Register this window as a session to send messages.');
    this.send.disabled = !this.hasSession || this.pending !== undefined;
  }

  /** Starts a reply to `m`: to its sender, subject "Re: …", threaded by replyTo. */
  startReply(m: MessageRow, senderName: string): void {
    this.replyTo = m.id;
    this.recipient = m.from;
    this.ensureRecipient(m.from, senderName);
    this.showRecipient();
    const subject = m.subject.startsWith('Re: ') ? m.subject : `Re: ${m.subject}`;
    this.subject.value = subject.slice(0, 200);
    setText(this.replyingText, `Replying to ${senderName}: ${m.subject}`);
    this.replying.hidden = false;
    this.body.focus();
  }

  settle(requestId: number, ok: boolean): void {
    if (requestId !== this.pending) return;
    this.pending = undefined;
    this.send.disabled = !this.hasSession;
    if (!ok) return;
    this.subject.value = '';
    this.body.value = '';
    this.clearReply();
    setText(this.note, 'Sent.');
  }

  private submit(): void {
    if (!this.hasSession || this.pending !== undefined) return;
    const subject = this.subject.value.trim();
    if (!subject) {
      setText(this.note, 'Write a subject first.');
      this.subject.focus();
      return;
    }
    this.pending = this.host.requestId();
    this.send.disabled = true;
    setText(this.note, 'Sending…');
    this.host.post({
      type: 'send',
      requestId: this.pending,
      to: this.recipient,
      subject,
      body: this.body.value,
      priority: (this.priority.value as Priority) || 'normal',
      ...(this.replyTo ? { replyTo: this.replyTo } : {}),
    });
  }

  private clearReply(): void {
    this.replyTo = undefined;
    this.replying.hidden = true;
  }

  private listRecipients(): void {
    const live = this.unlisted;
    if (!live) return;
    this.unlisted = undefined;
    this.to.replaceChildren(
      option(everyone, 'Everyone (broadcast)'),
      ...live.sort((a, b) => byName(a.name, b.name)).map((s) => option(s.id, `${s.name} — ${s.id}`)),
    );
    // A chosen recipient that is no longer live stays chosen and listed; the host refuses the send and says why.
    if (this.recipient !== everyone) this.ensureRecipient(this.recipient, this.recipient);
    this.showRecipient();
  }

  private showRecipient(): void {
    this.to.value = this.recipient;
    // Again once the select has taken in options added in this turn.
    window.setTimeout(() => {
      if (this.to.value !== this.recipient) this.to.value = this.recipient;
    }, 0);
  }

  /** A reply may go to a sender that is no longer listed as live; the host's command decides whether it can. */
  private ensureRecipient(id: string, name: string): void {
    if (
      ![...this.to.querySelectorAll('vscode-option')].some(
        (o) => (o as HTMLElementTagNameMap['vscode-option']).value === id,
      )
    ) {
      this.to.appendChild(option(id, `${name} — ${id}`));
    }
  }
}

function option(value: string, label: string): HTMLElement {
  const o = document.createElement('vscode-option');
  o.value = value;
  o.textContent = shown(label);
  return o;
}
