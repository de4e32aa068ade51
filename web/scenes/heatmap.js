// heatmap.js — renderer: an n×m matrix as a table of buttons. Colour plus the number in every
// cell, so colour is never the only cue: a sequential map (viridis/cividis) for weights, the
// diverging map centred on 0 for signed scores. Arrow keys move between cells (one tab stop).
// Keyboard focus and click report the cell (onFocus / onActivate); hovering only reports it to
// onHover, so a pointer passing over cells never moves the focus a click set. Hidden cells are
// hatched and show `hiddenText` (× for weights, −∞ for the scores softmax receives).
// Cells are built once per shape; update() sets values in place, setFocus() touches only the
// cells whose focus/row/column marking changes.
import { h, attr, text } from '../app/dom.js';
import { fmt } from '../app/format.js';
import { sample, css, ink } from '../app/palette.js';

export class Heatmap {
  constructor(container, { caption, name, onFocus, onActivate, onHover = null, corner = 'query ↓ key →' }) {
    // onHover: scene 4 passes one so that hovering never moves the focus a click set; without
    // it, hovering focuses the cell as before
    Object.assign(this, { name, onFocus, onActivate, onHover: onHover ?? onFocus, corner, cells: [], n: 0, m: 0, focus: null });
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.heatmap', { 'data-heatmap': name }, this.caption, this.head, this.body);
    container.append(this.box = h('div.table-scroll', {}, this.table));
    this.table.addEventListener('keydown', (ev) => this.key(ev));
  }

  build(rowLabels, colLabels) {
    const n = rowLabels.length; const m = colLabels.length;
    this.n = n; this.m = m; this.focus = null;
    this.colHeads = colLabels.map((c, j) => h('th', { scope: 'col', 'data-col': j }, c));
    // the corner names both axes on two lines of its own, whatever the first column's width: the
    // rows' name (query ↓) low, by the row labels, and the columns' name (key →) high, by the column
    // labels; the text still reads "query ↓ key →" in order
    const [rows, cols] = this.corner.includes('↓') ? [this.corner.slice(0, this.corner.indexOf('↓') + 1).trim(), this.corner.slice(this.corner.indexOf('↓') + 1).trim()] : [this.corner, ''];
    const corner = h('span.corner-in', {}, h('span.corner-rows', {}, rows), cols ? ' ' : '', cols ? h('span.corner-cols', {}, cols) : '');
    this.head.replaceChildren(h('tr', {}, h('td.corner', {}, corner), ...this.colHeads));
    this.cells = []; this.rowHeads = [];
    this.body.replaceChildren(...rowLabels.map((r, i) => {
      const th = h('th', { scope: 'row', 'data-row': i }, r); this.rowHeads.push(th);
      return h('tr', {}, th, ...colLabels.map((c, j) => {
        const b = h('button.cell', { type: 'button', tabindex: -1, 'data-i': i, 'data-j': j });
        b.addEventListener('focus', () => { if (!this.pointerDown) this.onFocus(i, j); });
        b.addEventListener('pointerdown', () => { this.pointerDown = true; });
        b.addEventListener('pointerenter', (ev) => { if (ev.pointerType === 'mouse') this.onHover(i, j); });
        b.addEventListener('click', () => { this.pointerDown = false; this.onActivate(i, j); });
        this.cells.push(b);
        return h('td', {}, b);
      }));
    }));
    this.values = null;
  }

  key(ev) {
    const b = ev.target.closest('button.cell'); if (!b) return;
    const d = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[ev.key];
    if (!d) return;
    ev.preventDefault(); this.pointerDown = false;
    const i = Math.min(this.n - 1, Math.max(0, Number(b.dataset.i) + d[0])); const j = Math.min(this.m - 1, Math.max(0, Number(b.dataset.j) + d[1]));
    this.cells[i * this.m + j].focus();
  }

  /** values row-major; hidden(i, j) -> bool; focus [i, j]; domain [lo, hi] for the colour scale. */
  update({ rowLabels, colLabels, values, hidden = () => false, hiddenText = '×', hiddenLabel = 'hidden by the mask', focus, palette, domain, digits = 2, describe, caption }) {
    if (caption !== undefined) text(this.caption, caption);
    // a new shape builds new cells; new words in the same shape only change the label texts
    if (rowLabels.length !== this.n || colLabels.length !== this.m) this.build(rowLabels, colLabels);
    rowLabels.forEach((r, i) => text(this.rowHeads[i], r)); colLabels.forEach((c, j) => text(this.colHeads[j], c));
    const [lo, hi] = domain;
    this.cells.forEach((b, idx) => {
      const i = Math.floor(idx / this.m); const j = idx % this.m; const v = values[idx];
      const off = hidden(i, j);
      const rgb = sample(palette, (v - lo) / (hi - lo || 1));
      b.classList.toggle('hidden-key', off);
      // compared with what was written last (the style reads back in another notation), so an
      // update that keeps a cell's colour and value writes nothing to it
      const bg = off ? '' : css(rgb);
      if (b.bg !== bg) { b.bg = bg; b.style.background = bg; b.style.color = off ? '' : ink(rgb); }
      if (b.dataset.value !== String(v)) b.dataset.value = String(v);
      text(b, off ? hiddenText : fmt(v, digits));
      attr(b, 'aria-label', `${describe(i, j)}: ${off ? hiddenLabel : fmt(v, digits)}`);
    });
    this.setFocus(focus, true);
  }

  /** Mark the focused cell, its row and its column; only cells whose marking changes are touched. */
  setFocus(focus, all = false) {
    const old = this.focus; this.focus = focus ? [...focus] : null;
    const mark = (i, j) => {
      const b = this.cells[i * this.m + j]; if (!b) return;
      const f = this.focus; const isF = Boolean(f && f[0] === i && f[1] === j);
      b.classList.toggle('focus-cell', isF);
      b.classList.toggle('in-line', Boolean(f && !isF && (f[0] === i || f[1] === j)));
      attr(b, 'tabindex', isF || (!f && i === 0 && j === 0) ? 0 : -1);
    };
    const lines = (f) => {
      if (!f) return;
      for (let j = 0; j < this.m; j++) mark(f[0], j);
      for (let i = 0; i < this.n; i++) mark(i, f[1]);
    };
    if (all) { for (let i = 0; i < this.n; i++) for (let j = 0; j < this.m; j++) mark(i, j); } else { lines(old); lines(this.focus); mark(0, 0); }
    this.rowHeads?.forEach((th, i) => th.classList.toggle('line-head', Boolean(this.focus && this.focus[0] === i)));
    this.colHeads?.forEach((th, j) => th.classList.toggle('line-head', Boolean(this.focus && this.focus[1] === j)));
  }
}
