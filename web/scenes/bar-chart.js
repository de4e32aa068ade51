// bar-chart.js — renderer: horizontal bars around a zero line, each with its number written
// beside it (never colour alone). role="img" with a summary as the text alternative.
import { s, attr, text } from '../app/dom.js';

export class BarChart {
  constructor(container, { label, labelWidth = 70, width = 320, rowHeight = 24, cls = '' } = {}) {
    Object.assign(this, { label, labelWidth, width, rowHeight, rows: [] });
    this.svg = s('svg', { class: `bars ${cls}`, role: 'img', 'aria-label': label });
    this.zero = s('line', { class: 'zero' });
    this.svg.append(this.zero);
    container.append(this.svg);
  }

  /** rows: [{ label, value, text?, cls? }]; domain: [lo, hi] (defaults to fit, always including 0). */
  update(rows, { domain, summary } = {}) {
    const vals = rows.map((r) => (Number.isFinite(r.value) ? r.value : 0));
    const [lo, hi] = domain ?? [Math.min(0, ...vals), Math.max(0, ...vals, 1e-9)];
    const plotW = this.width - this.labelWidth - 56; const H = rows.length * this.rowHeight + 6;
    const X = (v) => this.labelWidth + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo || 1)) * plotW;
    attr(this.svg, 'viewBox', `0 0 ${this.width} ${H}`);
    attr(this.zero, 'x1', X(0)); attr(this.zero, 'x2', X(0)); attr(this.zero, 'y1', 2); attr(this.zero, 'y2', H - 2);
    while (this.rows.length < rows.length) {
      const r = { g: s('g'), name: s('text', { class: 'bar-name' }), rect: s('rect', { class: 'bar' }), val: s('text', { class: 'bar-value' }) };
      r.g.append(r.name, r.rect, r.val); this.svg.append(r.g); this.rows.push(r);
    }
    this.rows.forEach((r, i) => {
      const row = rows[i]; r.g.style.display = row ? '' : 'none'; if (!row) return;
      const y = 3 + i * this.rowHeight; const v = vals[i];
      const x0 = Math.min(X(0), X(v)); const w = Math.max(1, Math.abs(X(v) - X(0)));
      attr(r.g, 'class', `bar-row ${row.cls ?? ''} ${v < 0 ? 'neg' : 'pos'}`);
      attr(r.name, 'x', this.labelWidth - 6); attr(r.name, 'y', y + this.rowHeight * 0.62); text(r.name, row.label);
      attr(r.rect, 'x', x0.toFixed(1)); attr(r.rect, 'y', y + 3); attr(r.rect, 'width', w.toFixed(1)); attr(r.rect, 'height', this.rowHeight - 8);
      attr(r.val, 'x', (Math.max(X(0), X(v)) + 4).toFixed(1)); attr(r.val, 'y', y + this.rowHeight * 0.62); text(r.val, row.text ?? String(v));
    });
    attr(this.svg, 'aria-label', `${this.label}: ${summary ?? rows.map((r) => `${r.label} ${r.text ?? r.value}`).join('; ')}`);
  }
}
