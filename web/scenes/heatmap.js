// heatmap.js — renderer: an n×m matrix as a table of buttons. Colour (viridis/cividis) plus the
// number in every cell, so colour is never the only cue. Arrow keys move between cells (one tab
// stop); focus or hover reports the cell, Enter/click activates it. Hidden cells are hatched.
import { h, attr, text } from '../app/dom.js';
import { fmt } from '../app/format.js';
import { sample, css, ink } from '../app/palette.js';

export class Heatmap {
  constructor(container, { caption, name, onFocus, onActivate, corner = 'query ↓ key →' }) {
    Object.assign(this, { name, onFocus, onActivate, corner, cells: [], n: 0, m: 0 });
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.heatmap', { 'data-heatmap': name }, this.caption, this.head, this.body);
    container.append(h('div.table-scroll', {}, this.table));
    this.table.addEventListener('keydown', (ev) => this.key(ev));
  }

  build(rowLabels, colLabels) {
    const n = rowLabels.length; const m = colLabels.length;
    this.n = n; this.m = m;
    this.head.replaceChildren(h('tr', {}, h('td.corner', {}, this.corner), ...colLabels.map((c, j) => h('th', { scope: 'col', 'data-col': j }, c))));
    this.cells = [];
    this.body.replaceChildren(...rowLabels.map((r, i) => h('tr', {}, h('th', { scope: 'row', 'data-row': i }, r), ...colLabels.map((c, j) => {
      const b = h('button.cell', { type: 'button', tabindex: -1, 'data-i': i, 'data-j': j });
      b.addEventListener('focus', () => this.onFocus(i, j));
      b.addEventListener('pointerenter', (ev) => { if (ev.pointerType === 'mouse') this.onFocus(i, j); });
      b.addEventListener('click', () => this.onActivate(i, j));
      this.cells.push(b);
      return h('td', {}, b);
    }))));
    this.labels = [rowLabels.join('\u0000'), colLabels.join('\u0000')].join('\u0001');
  }

  key(ev) {
    const b = ev.target.closest('button.cell'); if (!b) return;
    const d = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[ev.key];
    if (!d) return;
    ev.preventDefault();
    const i = Math.min(this.n - 1, Math.max(0, Number(b.dataset.i) + d[0])); const j = Math.min(this.m - 1, Math.max(0, Number(b.dataset.j) + d[1]));
    this.cells[i * this.m + j].focus();
  }

  /** values row-major; hidden(i, j) -> bool; focus [i, j]; domain [lo, hi] for the colour scale. */
  update({ rowLabels, colLabels, values, hidden = () => false, focus, palette, domain, digits = 2, describe, caption }) {
    if (caption !== undefined) text(this.caption, caption);
    if ([rowLabels.join('\u0000'), colLabels.join('\u0000')].join('\u0001') !== this.labels || rowLabels.length * colLabels.length !== this.cells.length) this.build(rowLabels, colLabels);
    const [lo, hi] = domain;
    this.cells.forEach((b, idx) => {
      const i = Math.floor(idx / this.m); const j = idx % this.m; const v = values[idx];
      const off = hidden(i, j);
      const rgb = sample(palette, (v - lo) / (hi - lo || 1));
      b.classList.toggle('hidden-key', off);
      b.style.background = off ? '' : css(rgb); b.style.color = off ? '' : ink(rgb);
      b.dataset.value = String(v);
      text(b, off ? '×' : fmt(v, digits));
      attr(b, 'aria-label', `${describe(i, j)}: ${off ? 'hidden by the mask' : fmt(v, digits)}`);
      const isF = focus && focus[0] === i && focus[1] === j;
      b.classList.toggle('focus-cell', Boolean(isF));
      b.classList.toggle('in-line', Boolean(focus && !isF && (focus[0] === i || focus[1] === j)));
      attr(b, 'tabindex', isF || (!focus && idx === 0) ? 0 : -1);
    });
    for (const th of this.table.querySelectorAll('th[data-row]')) th.classList.toggle('line-head', Boolean(focus && Number(th.dataset.row) === focus[0]));
    for (const th of this.table.querySelectorAll('th[data-col]')) th.classList.toggle('line-head', Boolean(focus && Number(th.dataset.col) === focus[1]));
  }
}
