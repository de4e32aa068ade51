// matrix-table.js — renderer: a labelled numeric matrix as an HTML table (readable by everyone).
// Cells are built once and updated in place (text and data-value only); rows come and go at the end.
import { h, text } from '../app/dom.js';
import { fmt } from '../app/format.js';

export class MatrixTable {
  constructor(container, { caption, name }) {
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.matrix', { 'data-matrix': name }, this.caption, this.head, this.body);
    container.append(this.box = h('div.table-scroll', { tabindex: 0, role: 'region', 'aria-label': caption }, this.table));
    this.cols = -1; this.rowHeads = []; this.cells = [];
  }
  /** values row-major (rows × cols); labels are plain text. A change in the number of rows adds or
   *  removes rows at the end and keeps the others' cells (a word typed adds one row). */
  update({ rowLabels, colLabels, values, digits = 2, caption }) {
    if (caption) text(this.caption, caption);
    const cols = colLabels.length; const rows = rowLabels.length;
    if (cols !== this.cols) {
      this.cols = cols;
      this.colHeads = colLabels.map(() => h('th', { scope: 'col' }));
      this.head.replaceChildren(h('tr', {}, h('td'), ...this.colHeads));
      this.rowHeads = []; this.cells = [];
      this.body.replaceChildren();
    }
    while (this.rowHeads.length > rows) {
      this.rowHeads.pop().parentNode.remove();
      this.cells.length -= cols;
    }
    if (this.rowHeads.length < rows) {
      const add = [];
      while (this.rowHeads.length < rows) {
        const th = h('th', { scope: 'row' }); const tds = colLabels.map(() => h('td'));
        this.rowHeads.push(th); this.cells.push(...tds);
        add.push(h('tr', {}, th, ...tds));
      }
      this.body.append(...add);
    }
    colLabels.forEach((c, j) => text(this.colHeads[j], c));
    rowLabels.forEach((r, i) => text(this.rowHeads[i], r));
    this.cells.forEach((td, idx) => {
      const v = values[idx]; const s = String(v);
      if (td.dataset.value !== s) { td.dataset.value = s; text(td, fmt(v, digits)); }
    });
  }
}
