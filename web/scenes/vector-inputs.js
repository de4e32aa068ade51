// vector-inputs.js — typed entry for vectors (the non-drag way to move an arrow).
// A small table: one row per vector, one number input per component. Reports edits; draws values.
import { h, hide, isFocused } from '../app/dom.js';

export class VectorInputs {
  /** rows: [{ id, label }]; onInput(id, index, number); get(id) -> the vector now in state, used to
   *  tell the user when a typed value was clamped or not understood. */
  constructor(container, { rows, max = 8, min = -5, maxValue = 5, caption, onInput, get }) {
    this.rows = new Map();
    const range = `${min} to ${maxValue}`.replace(/-/g, '−');
    const head = h('tr', {}, h('th', { scope: 'col' }, 'vector'), ...Array.from({ length: max }, (_, i) => h('th', { scope: 'col', 'data-col': i }, `${i + 1}`)));
    const body = h('tbody');
    for (const { id, label } of rows) {
      const inputs = Array.from({ length: max }, (_, i) => {
        const inp = h('input', { type: 'number', step: 0.1, min, max: maxValue, inputmode: 'decimal', 'aria-label': `${label}, component ${i + 1}`, 'data-vec': id, 'data-i': i });
        inp.addEventListener('input', () => { const v = inp.valueAsNumber; if (Number.isFinite(v)) onInput(id, i, v); });
        inp.addEventListener('change', () => {
          const typed = inp.valueAsNumber; const now = get?.(id)?.[i];
          const where = `${label}, component ${i + 1}`;
          if (!Number.isFinite(typed)) this.tell(`${where}: that is not a number, so it stays ${now}. Use a point for decimals (2.5).`);
          else if (now !== undefined && typed !== now) this.tell(typed < min || typed > maxValue ? `${where}: ${typed} is outside ${range}, so it was set to ${now}. Use a point for decimals (2.5).` : `${where}: ${typed} was rounded to ${now}.`);
          else this.tell('');
          this.sync(true);
        });
        return inp;
      });
      body.append(h('tr', {}, h('th', { scope: 'row' }, label), ...inputs.map((inp, i) => h('td', { 'data-col': i }, inp))));
      this.rows.set(id, inputs);
    }
    this.table = h('table.vector-inputs', {}, h('caption', {}, caption), h('thead', {}, head), body);
    this.note = h('p.note.input-note', { 'aria-live': 'polite', 'data-input-note': '' });
    this.scrollHint = h('p.note.scroll-hint', {}, 'The table is wider than the screen: scroll it sideways to see every component.');
    this.scroller = h('div.table-scroll', { tabindex: 0, role: 'region', 'aria-label': caption }, this.table);
    container.append(this.scroller, this.scrollHint, this.note);
    this.values = new Map();
  }

  /** Show `values` (id -> array) with `dim` columns; a field being typed in is left alone. */
  update(values, dim) {
    if (values) this.values = values;
    this.dim = dim ?? this.dim;
    if (this.shownDim !== this.dim) { this.shownDim = this.dim; for (const el of this.table.querySelectorAll('[data-col]')) hide(el, Number(el.dataset.col) >= this.dim); }
    this.sync();
    const layout = `${this.dim}/${innerWidth}`; // measuring forces layout: only when it can change
    if (layout !== this.layout) { this.layout = layout; this.scrollHint.hidden = !(this.scroller.scrollWidth > this.scroller.clientWidth + 1); }
  }
  tell(message) { if (this.note.textContent !== message) this.note.textContent = message; }

  /** Leaves the focused field alone unless forced (its text may be half-typed). */
  sync(force = false) {
    for (const [id, inputs] of this.rows) {
      const v = this.values.get(id) ?? [];
      inputs.forEach((inp, i) => {
        if (!force && isFocused(inp)) return;
        const want = String(v[i] ?? 0);
        if (inp.value !== want) inp.value = want;
      });
    }
  }
}
