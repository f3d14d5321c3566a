import { cleanText } from '../src/dashboard/protocol';

/**
 * The page's only way to make elements. Strings become text nodes or textContent, never markup: every string the
 * page shows may have come from a file someone else wrote. Each passes `shown` on its way in.
 */
/**
 * Text as the page shows it: the cleaning every front end uses, so right-to-left overrides and zero-width
 * characters in a name, subject or body show as `\u202E`, not as a disguise. Imported from the core directly
 * (as time.ts imports formatDuration): a value import of src/dashboard/protocol.ts would bundle its zod schemas.
 */
export function shown(text: string): string {
  return cleanText(text);
}

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes; values are set with setAttribute, which never parses markup. */
  attrs?: Record<string, string | undefined>;
  text?: string;
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.title !== undefined) node.title = shown(props.title);
  for (const [name, value] of Object.entries(props.attrs ?? {}))
    if (value !== undefined) node.setAttribute(name, value);
  if (props.text !== undefined) node.textContent = shown(props.text);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(shown(String(child))) : child,
    );
  }
}

/** Sets text only when it differs: rows are refreshed every second and most of their text stays the same. */
export function setText(node: Node, value: string): void {
  const text = shown(value);
  if (node.textContent !== text) node.textContent = text;
}

/** A tooltip, cleaned as text is. */
export function setTitle(node: HTMLElement, value: string): void {
  const title = shown(value);
  if (node.title !== title) node.title = title;
}

export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

export function toggleClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}
