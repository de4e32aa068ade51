// histogram.js — renderer: counts of samples in bins over a range. The range follows the data
// (a "nice" bound just past 4 s.d.), so a narrow spread still has a visible shape; the tick
// numbers say how wide the axis is. Samples outside the range pile into the end bins.
import { s, attr, text } from '../app/dom.js';

const W = 360; const H = 150; const PAD = 22;

export class Histogram {
  constructor(container, { label, range = [-60, 60], bins = 48 } = {}) {
    Object.assign(this, { label, range, bins });
    this.svg = s('svg', { class: 'histogram', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
    this.bars = Array.from({ length: bins }, () => s('rect', { class: 'hist-bar' }));
    this.axis = s('line', { x1: PAD, x2: W - PAD, y1: H - PAD, y2: H - PAD, class: 'axis' });
    this.ticks = [0, 1, 2, 3, 4].map(() => s('text', { class: 'tick', y: H - 6 }));
    this.setRange(range);
    this.band = s('rect', { class: 'hist-band' });
    this.bandLabel = s('text', { class: 'hist-band-label' });
    this.svg.append(this.band, ...this.bars, this.axis, ...this.ticks, this.bandLabel);
    container.append(this.svg);
  }
  X(v) { return PAD + ((v - this.range[0]) / (this.range[1] - this.range[0])) * (W - 2 * PAD); }

  setRange(range) {
    this.range = range;
    const vals = [range[0], range[0] / 2, 0, range[1] / 2, range[1]];
    this.ticks.forEach((t, i) => { attr(t, 'x', this.X(vals[i]).toFixed(1)); text(t, String(Number(vals[i].toPrecision(3)))); });
  }

  /** samples: numbers; sd: spread to mark as a ±1 s.d. band; summary: text alternative. */
  update(samples, { sd, summary, range }) {
    if (range) this.setRange(range);
    const [lo, hi] = this.range; const width = (hi - lo) / this.bins;
    const counts = new Array(this.bins).fill(0);
    for (const v of samples) counts[Math.min(this.bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
    const max = Math.max(1, ...counts); const bw = (W - 2 * PAD) / this.bins;
    counts.forEach((c, i) => {
      const h = (c / max) * (H - 2 * PAD - 10);
      attr(this.bars[i], 'x', (PAD + i * bw + 0.5).toFixed(1)); attr(this.bars[i], 'width', Math.max(0.5, bw - 1).toFixed(1));
      attr(this.bars[i], 'y', (H - PAD - h).toFixed(1)); attr(this.bars[i], 'height', h.toFixed(1));
    });
    const b0 = this.X(Math.max(lo, -sd)); const b1 = this.X(Math.min(hi, sd));
    attr(this.band, 'x', b0.toFixed(1)); attr(this.band, 'width', Math.max(1, b1 - b0).toFixed(1)); attr(this.band, 'y', 8); attr(this.band, 'height', H - PAD - 8);
    attr(this.bandLabel, 'x', Math.min(W - 70, b1 + 4).toFixed(1)); attr(this.bandLabel, 'y', 18); text(this.bandLabel, `±1 s.d. = ${sd.toFixed(1)}`);
    attr(this.svg, 'aria-label', `${this.label}. ${summary}`);
  }
}
