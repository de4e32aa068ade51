// matrix-table.js — renderer: a labelled numeric matrix as an HTML table (readable by everyone).
// Cells are built once per shape and updated in place (text and data-value only).
import { h, text } from '../app/dom.js';
import { fmt } from '../app/format.js';

export class MatrixTable {
  constructor(container, { caption, name }) {
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.matrix', { 'data-matrix': name }, this.caption, this.head, this.body);
    container.append(this.box = h('div.table-scroll', { tabindex: 0, role: 'region', 'aria-label': caption }, this.table));
    this.shape = '';
  }
  /** values row-major (rows × cols); labels are plain text. */
  update({ rowLabels, colLabels, values, digits = 2, caption }) {
    if (caption) text(this.caption, caption);
    const cols = colLabels.length; const shape = `${rowLabels.length}×${cols}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.colHeads = colLabels.map(() => h('th', { scope: 'col' }));
      this.head.replaceChildren(h('tr', {}, h('td'), ...this.colHeads));
      this.rowHeads = []; this.cells = [];
      this.body.replaceChildren(...rowLabels.map(() => {
        const th = h('th', { scope: 'row' }); this.rowHeads.push(th);
        const tds = colLabels.map(() => h('td')); this.cells.push(...tds);
        return h('tr', {}, th, ...tds);
      }));
    }
    colLabels.forEach((c, j) => text(this.colHeads[j], c));
    rowLabels.forEach((r, i) => text(this.rowHeads[i], r));
    this.cells.forEach((td, idx) => {
      const v = values[idx]; const s = String(v);
      if (td.dataset.value !== s) { td.dataset.value = s; text(td, fmt(v, digits)); }
    });
  }
}
