import { el, type Child } from './dom';

/** A titled panel of the dashboard; `actions` sit at the right of its header. */
export function section(
  id: string,
  title: string,
  count: HTMLElement,
  actions: Child[],
  ...body: Child[]
): HTMLElement {
  return el(
    'section',
    { class: `panel panel-${id}`, attrs: { 'aria-labelledby': `${id}-title` } },
    el(
      'header',
      { class: 'panel-header' },
      el('h2', { attrs: { id: `${id}-title` }, text: title }),
      count,
      el('span', { class: 'spacer' }),
      ...actions,
    ),
    ...body,
  );
}

/** A count badge for a panel header. */
export function countBadge(): HTMLElement {
  const badge = document.createElement('vscode-badge');
  badge.variant = 'counter';
  badge.textContent = '0';
  return badge;
}

export function button(
  label: string,
  onClick: () => void,
  options: { secondary?: boolean; title?: string; className?: string } = {},
): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.secondary) b.secondary = true;
  if (options.title) b.title = options.title;
  if (options.className) b.className = options.className;
  b.addEventListener('click', onClick);
  return b;
}
