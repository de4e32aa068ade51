// matrix-table.js — renderer: a labelled numeric matrix as an HTML table (readable by everyone).
import { h, text } from '../app/dom.js';
import { fmt } from '../app/format.js';

export class MatrixTable {
  constructor(container, { caption, name }) {
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.matrix', { 'data-matrix': name }, this.caption, this.head, this.body);
    container.append(h('div.table-scroll', { tabindex: 0, role: 'region', 'aria-label': caption }, this.table));
  }
  /** values row-major (rows × cols); labels are plain text. */
  update({ rowLabels, colLabels, values, digits = 2, caption }) {
    if (caption) text(this.caption, caption);
    const cols = colLabels.length;
    this.head.replaceChildren(h('tr', {}, h('td'), ...colLabels.map((c) => h('th', { scope: 'col' }, c))));
    this.body.replaceChildren(...rowLabels.map((r, i) => h('tr', {}, h('th', { scope: 'row' }, r),
      ...colLabels.map((_, j) => h('td', { 'data-value': String(values[i * cols + j]) }, fmt(values[i * cols + j], digits))))));
  }
}
