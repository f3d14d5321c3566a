import { el } from './dom';

export interface VirtualListOptions<T> {
  /** Height of one row of items, gap included; every row has it, which is what makes scrolling O(visible). */
  rowHeight: number;
  /** With it, items flow into as many columns of at least this width as fit (cards); without, one column. */
  minColumnWidth?: number;
  gap?: number;
  className: string;
  label: string;
  create(): HTMLElement;
  update(element: HTMLElement, item: T, index: number): void;
  /** Identifies an item across updates, so its element stays with it. */
  key(item: T): string;
  /** Shown instead of the list when it has no items. */
  empty: string;
}

/** Rows drawn beyond the viewport, in pixels, so a fast scroll does not show blanks before the next frame. */
const overscanPx = 120;

/**
 * A list that builds elements only for the rows in view (plus a few): 10,000 items cost what 30 do. Row elements
 * are pooled and refilled as the list scrolls, positioned with transforms on a spacer as tall as the whole list.
 */
export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private items: readonly T[] = [];
  private columns = 1;
  private columnWidth = 0;
  private frame = 0;
  /** Which item each pooled element shows, by key and by index. */
  private keyOf = new Map<HTMLElement, string>();
  private indexOf = new Map<HTMLElement, number>();
  // Sizes come from the ResizeObserver and the scroll event, never read back from the DOM in render():
  // a read after the page changed something forces a layout, once per list per update.
  private width = 0;
  private height = 0;
  private scrollTop = 0;

  constructor(private readonly options: VirtualListOptions<T>) {
    this.spacer = el('div', { class: 'vl-spacer' });
    this.emptyNote = el('div', { class: 'vl-empty', text: options.empty });
    this.element = el(
      'div',
      { class: `vl ${options.className}`, attrs: { role: 'list', 'aria-label': options.label, tabindex: '-1' } },
      this.spacer,
      this.emptyNote,
    );
    this.element.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.element.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      if (width === this.width && height === this.height) return;
      this.width = width;
      this.height = height;
      this.layout();
    }).observe(this.element);
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.emptyNote.hidden = items.length > 0;
    this.layout();
  }

  get length(): number {
    return this.items.length;
  }

  /** Fills the visible rows again from their items (for ticking clocks and changed rows). */
  refresh(): void {
    this.render();
  }

  scrollToIndex(index: number): void {
    const row = Math.floor(index / this.columns);
    const top = row * this.options.rowHeight;
    if (top < this.scrollTop) this.element.scrollTop = top;
    else if (top + this.options.rowHeight > this.scrollTop + this.height)
      this.element.scrollTop = top + this.options.rowHeight - this.height;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private layout(): void {
    const width = this.width;
    const gap = this.options.gap ?? 0;
    const min = this.options.minColumnWidth;
    this.columns = min && width > 0 ? Math.max(1, Math.floor((width + gap) / (min + gap))) : 1;
    this.columnWidth = this.columns > 1 || min ? (width - gap * (this.columns - 1)) / this.columns : 0;
    const rows = Math.ceil(this.items.length / this.columns);
    this.spacer.style.height = `${rows * this.options.rowHeight}px`;
    this.render();
  }

  private render(): void {
    const { rowHeight, key } = this.options;
    const gap = this.options.gap ?? 0;
    // Before the first resize report the viewport has no size; assume a screenful so a first render shows something.
    const viewHeight = this.height || 800;
    const overscanRows = Math.ceil(overscanPx / rowHeight);
    const firstRow = Math.max(0, Math.floor(this.scrollTop / rowHeight) - overscanRows);
    const rowCount = Math.ceil(viewHeight / rowHeight) + 2 * overscanRows;
    const first = firstRow * this.columns;
    const end = Math.min(this.items.length, first + rowCount * this.columns);
    // An item still in view keeps the element that showed it: when a new item pushes the others down, they only
    // move, and only the new one gets new text to lay out.
    const shown = new Map<string, HTMLElement>();
    const wanted = new Set<string>();
    for (let index = first; index < end; index++) wanted.add(key(this.items[index]!));
    const free: HTMLElement[] = [];
    for (const node of this.pool) {
      const k = this.keyOf.get(node);
      if (k !== undefined && wanted.has(k) && !shown.has(k)) shown.set(k, node);
      else free.push(node);
    }
    const indexOf = new Map<HTMLElement, number>();
    for (let index = first; index < end; index++) {
      const item = this.items[index]!;
      const k = key(item);
      let node = shown.get(k);
      if (!node) {
        node = free.pop() ?? this.createNode();
        shown.set(k, node);
        this.keyOf.set(node, k);
      }
      indexOf.set(node, index);
      if (node.hidden) node.hidden = false;
      const row = Math.floor(index / this.columns);
      const col = index % this.columns;
      const x = col * (this.columnWidth + gap);
      const transform = `translate(${x}px, ${row * rowHeight}px)`;
      if (node.style.transform !== transform) node.style.transform = transform;
      if (this.columnWidth) {
        const w = `${this.columnWidth}px`;
        if (node.style.width !== w) node.style.width = w;
      }
      this.options.update(node, item, index);
    }
    for (const node of free) {
      if (indexOf.has(node)) continue;
      this.keyOf.delete(node);
      if (!node.hidden) node.hidden = true;
    }
    this.indexOf = indexOf;
  }

  private createNode(): HTMLElement {
    const node = this.options.create();
    node.classList.add('vl-item');
    node.setAttribute('role', 'listitem');
    this.pool.push(node);
    this.element.appendChild(node);
    return node;
  }

  /** The item shown by a row element, for event handlers on the list. */
  itemAt(node: Element): T | undefined {
    const index = this.indexOf.get(node as HTMLElement);
    return index === undefined ? undefined : this.items[index];
  }
}
