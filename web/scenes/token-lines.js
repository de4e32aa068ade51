// token-lines.js — renderer: queries on the left, keys on the right, one line per pair whose
// width and opacity follow the attention weight. The focused query's lines are drawn strongly
// and labelled with their weights; the rest stay faint. Text alternative lists the focused row.
// Lines and labels are built once per sentence length and then updated in place.
import { s, attr, text } from '../app/dom.js';
import { fmt } from '../app/format.js';

const W = 360; const ROW = 24; const LX = 96; const RX = 250;
const y = (i) => 30 + i * ROW;

export class TokenLines {
  constructor(container, { label }) {
    this.label = label; this.n = -1;
    this.svg = s('svg', { class: 'token-lines', role: 'img', 'aria-label': label });
    container.append(this.svg);
  }
  build(n) {
    this.n = n;
    attr(this.svg, 'viewBox', `0 0 ${W} ${n * ROW + 28}`);
    this.faint = s('g'); this.strong = s('g');
    this.lines = []; this.left = []; this.right = []; this.wlabels = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const el = s('line', { x1: LX + 6, y1: y(i) - 4, x2: RX - 6, y2: y(j) - 4, class: 'tl' });
      this.lines.push(el); this.faint.append(el);
    }
    const labels = [];
    for (let i = 0; i < n; i++) {
      labels.push(this.left[i] = s('text', { x: LX, y: y(i), class: 'tok end' }), this.right[i] = s('text', { x: RX, y: y(i), class: 'tok' }),
        this.wlabels[i] = s('text', { x: W - 4, y: y(i), class: 'tl-w' }));
    }
    this.svg.replaceChildren(s('text', { x: LX, y: 14, class: 'col-head end' }, 'query'), s('text', { x: RX, y: 14, class: 'col-head' }, 'key'), this.faint, this.strong, ...labels);
  }
  update({ tokens, weights, hidden, focusRow }) {
    const n = tokens.length;
    if (n !== this.n) this.build(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const el = this.lines[i * n + j]; const off = hidden(i, j); const w = weights[i * n + j]; const f = i === focusRow;
      el.style.display = off ? 'none' : '';
      if (off) continue;
      attr(el, 'class', f ? 'tl strong' : 'tl');
      attr(el, 'stroke-width', (0.5 + 7 * w).toFixed(2));
      attr(el, 'stroke-opacity', ((f ? 0.25 : 0.06) + (f ? 0.75 : 0.3) * w).toFixed(3));
      if (f && el.parentNode !== this.strong) this.strong.append(el); else if (!f && el.parentNode !== this.faint) this.faint.append(el);
    }
    tokens.forEach((t, i) => {
      text(this.left[i], t); attr(this.left[i], 'class', i === focusRow ? 'tok end focus' : 'tok end');
      text(this.right[i], t);
      text(this.wlabels[i], hidden(focusRow, i) ? 'hidden' : fmt(weights[focusRow * n + i], 2));
    });
    const row = tokens.map((t, j) => `${t} ${hidden(focusRow, j) ? 'hidden' : fmt(weights[focusRow * n + j], 2)}`).join(', ');
    attr(this.svg, 'aria-label', `${this.label}. “${tokens[focusRow]}” attends to: ${row}.`);
  }
}
