// token-lines.js — renderer: queries on the left, keys on the right, one line per pair whose
// width and opacity follow the attention weight. The focused query's lines are drawn strongly
// and labelled with their weights; the rest stay faint. Text alternative lists the focused row.
import { s, attr } from '../app/dom.js';
import { fmt } from '../app/format.js';

const W = 360; const ROW = 24; const LX = 96; const RX = 250;

export class TokenLines {
  constructor(container, { label }) {
    this.label = label;
    this.svg = s('svg', { class: 'token-lines', role: 'img', 'aria-label': label });
    container.append(this.svg);
  }
  update({ tokens, weights, hidden, focusRow }) {
    const n = tokens.length; const H = n * ROW + 28;
    attr(this.svg, 'viewBox', `0 0 ${W} ${H}`);
    const kids = [s('text', { x: LX, y: 14, class: 'col-head end' }, 'query'), s('text', { x: RX, y: 14, class: 'col-head' }, 'key')];
    const y = (i) => 30 + i * ROW;
    const lines = []; const strong = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (hidden(i, j)) continue;
      const w = weights[i * n + j]; const f = i === focusRow;
      const el = s('line', { x1: LX + 6, y1: y(i) - 4, x2: RX - 6, y2: y(j) - 4, class: f ? 'tl strong' : 'tl', 'stroke-width': (0.5 + 7 * w).toFixed(2), 'stroke-opacity': ((f ? 0.25 : 0.06) + (f ? 0.75 : 0.3) * w).toFixed(3) });
      (f ? strong : lines).push(el);
    }
    kids.push(...lines, ...strong);
    tokens.forEach((t, i) => {
      kids.push(s('text', { x: LX, y: y(i), class: i === focusRow ? 'tok end focus' : 'tok end' }, t));
      kids.push(s('text', { x: RX, y: y(i), class: 'tok' }, t));
      const w = weights[focusRow * n + i];
      kids.push(s('text', { x: W - 4, y: y(i), class: 'tl-w' }, hidden(focusRow, i) ? 'hidden' : fmt(w, 2)));
    });
    this.svg.replaceChildren(...kids);
    const row = tokens.map((t, j) => `${t} ${hidden(focusRow, j) ? 'hidden' : fmt(weights[focusRow * n + j], 2)}`).join(', ');
    attr(this.svg, 'aria-label', `${this.label}. “${tokens[focusRow]}” attends to: ${row}.`);
  }
}
