// matrix-input.js — renderer: a labelled matrix whose entries can be typed (scene 4's X and W).
// One <input type="number"> per entry, built once per shape; update() writes values in place and
// never overwrites the box being typed into. onInput(i, j, value) receives finite numbers only.
import { h, text, isFocused } from '../app/dom.js';

export class MatrixInput {
  constructor(container, { caption, name, onInput, min = -9, max = 9, step = 0.01 }) {
    Object.assign(this, { name, onInput, min, max, step, shape: '' });
    this.caption = h('caption', {}, caption);
    this.head = h('thead'); this.body = h('tbody');
    this.table = h('table.matrix.matrix-input', { 'data-matrix-input': name }, this.caption, this.head, this.body);
    container.append(h('div.table-scroll', {}, this.table));
  }
  update({ rowLabels, colLabels, values, edited = () => false, caption }) {
    if (caption) text(this.caption, caption);
    const cols = colLabels.length; const shape = `${rowLabels.length}×${cols}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.colHeads = colLabels.map(() => h('th', { scope: 'col' }));
      this.head.replaceChildren(h('tr', {}, h('td'), ...this.colHeads));
      this.rowHeads = []; this.inputs = [];
      this.body.replaceChildren(...rowLabels.map((_, i) => {
        const th = h('th', { scope: 'row' }); this.rowHeads.push(th);
        const tds = colLabels.map((__, j) => {
          const inp = h('input', { type: 'number', min: this.min, max: this.max, step: this.step, 'data-i': i, 'data-j': j });
          inp.addEventListener('input', () => { const v = inp.valueAsNumber; if (Number.isFinite(v)) this.onInput(i, j, v); });
          this.inputs.push(inp);
          return h('td', {}, inp);
        });
        return h('tr', {}, th, ...tds);
      }));
    }
    colLabels.forEach((c, j) => text(this.colHeads[j], c));
    rowLabels.forEach((r, i) => text(this.rowHeads[i], r));
    this.inputs.forEach((inp, idx) => {
      const i = Math.floor(idx / cols); const j = idx % cols;
      const label = `${this.name} row ${rowLabels[i]}, column ${colLabels[j]}`;
      if (inp.getAttribute('aria-label') !== label) inp.setAttribute('aria-label', label);
      const v = String(Number(values[idx].toFixed(4)));
      if (!isFocused(inp) && inp.value !== v) inp.value = v;
      inp.classList.toggle('edited', Boolean(edited(i, j)));
    });
  }
}
