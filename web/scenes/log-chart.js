// log-chart.js — renderer: series of (x, y) points on log–log (or log–linear) axes. Each series
// has its own marker shape and dash pattern and is named at its last point, so colour is never
// the only cue; role="img" with a summary as text alternative. It only draws what it is given.
// On a narrow screen the chart is drawn about 1:1 with its viewBox (so its text keeps its CSS size)
// and the series are named in a key under it, each with its line and marker, instead of at the
// line ends, where long names would leave the plot no room.
import { s, h, attr, text } from '../app/dom.js';

const LAYOUTS = {
  wide: { W: 500, H: 280, L: 64, R: 140, T: 14, B: 40 },
  narrow: { W: 340, H: 300, L: 64, R: 24, T: 16, B: 46 },
};
const NARROW = '(max-width: 600px)';
const MARKERS = {
  circle: (x, y) => s('circle', { cx: x, cy: y, r: 4 }),
  square: (x, y) => s('rect', { x: x - 4, y: y - 4, width: 8, height: 8 }),
  triangle: (x, y) => s('polygon', { points: `${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}` }),
  diamond: (x, y) => s('polygon', { points: `${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}` }),
};
const log10 = (v) => Math.log10(v);

/** Powers of ten (and 2·, 5· when the span is short) inside [lo, hi]. */
function ticks(lo, hi) {
  const out = [];
  const span = log10(hi) - log10(lo);
  const steps = span < 1.5 ? [1, 2, 5] : [1];
  for (let e = Math.floor(log10(lo)); e <= Math.ceil(log10(hi)); e++) {
    for (const m of steps) { const v = m * 10 ** e; if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v); }
  }
  return out;
}

export class LogChart {
  /** empty: lines of text drawn in the frame while there is nothing to plot (what to do to fill it). */
  constructor(container, { label, xLabel, yLabel, xFormat = String, yFormat = String, logY = true, cls = '', empty = [] }) {
    Object.assign(this, { label, xFormat, yFormat, logY, empty });
    this.svg = s('svg', { class: `log-chart ${cls}`, role: 'img', 'aria-label': label });
    this.axes = s('g', { class: 'axes', 'aria-hidden': 'true' });
    this.plot = s('g', { 'aria-hidden': 'true' });
    this.xLabel = s('text', { class: 'axis-label' }, xLabel); this.yLabel = s('text', { class: 'axis-label' }, yLabel);
    this.svg.append(this.axes, this.plot, this.xLabel, this.yLabel);
    // the key repeats the names the chart draws: hidden from assistive tech, which reads the summary
    this.key = h('ul.legend.series-key', { 'aria-hidden': 'true', hidden: true });
    container.append(this.svg, this.key);
    this.media = typeof matchMedia === 'function' ? matchMedia(NARROW) : null;
    this.media?.addEventListener('change', () => { if (this.last) this.update(...this.last); else this.layout(); });
    this.layout();
  }

  /** The geometry for the screen's width: sets the viewBox and the axis names; returns it. */
  layout() {
    const g = LAYOUTS[this.media?.matches ? 'narrow' : 'wide'];
    if (this.g === g) return g;
    this.g = g; const { W, H, L, R, T, B } = g;
    attr(this.svg, 'viewBox', `0 0 ${W} ${H}`);
    attr(this.xLabel, 'x', L + (W - L - R) / 2); attr(this.xLabel, 'y', H - 6);
    attr(this.yLabel, 'x', 16); attr(this.yLabel, 'y', T + (H - T - B) / 2); attr(this.yLabel, 'transform', `rotate(-90 16 ${T + (H - T - B) / 2})`);
    return g;
  }

  /** series: [{ name, points: [[x, y]], marker, cls }]; mark: [x, y] highlighted (optional). */
  update(series, options = {}) {
    this.last = [series, options];
    const { summary, mark, xDomain, yDomain } = options;
    const { W, H, L, R, T, B } = this.layout(); const narrow = this.g === LAYOUTS.narrow;
    const pts = series.flatMap((se) => se.points).filter(([x, y]) => x > 0 && Number.isFinite(y) && (!this.logY || y > 0));
    this.drawKey(narrow && pts.length ? series : []);
    if (!pts.length) {
      this.axes.replaceChildren();
      this.plot.replaceChildren(...(this.empty.length ? [s('rect', { class: 'frame', x: L, y: T, width: W - L - R, height: H - T - B }),
        ...this.empty.map((line, i) => s('text', { class: 'empty-note', x: L + (W - L - R) / 2, y: T + (H - T - B) / 2 + (i - (this.empty.length - 1) / 2) * 24 }, line))] : []));
      attr(this.svg, 'aria-label', `${this.label}. ${summary ?? this.empty.join(' ')}`);
      return;
    }
    const [x0, x1] = xDomain ?? [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    let [y0, y1] = yDomain ?? [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
    if (this.logY) { if (y1 <= y0 * 1.5) { y0 /= 2; y1 *= 2; } } else if (y1 === y0) { y1 = y0 + 1; }
    const fx = (v) => L + ((log10(v) - log10(x0)) / (log10(x1) - log10(x0) || 1)) * (W - L - R);
    const fy = this.logY
      ? (v) => H - B - ((log10(v) - log10(y0)) / (log10(y1) - log10(y0) || 1)) * (H - T - B)
      : (v) => H - B - ((v - y0) / (y1 - y0)) * (H - T - B);
    const axes = [s('rect', { class: 'frame', x: L, y: T, width: W - L - R, height: H - T - B })];
    for (const v of ticks(x0, x1)) axes.push(s('line', { class: 'gridline', x1: fx(v), x2: fx(v), y1: T, y2: H - B }), s('text', { class: 'tick', x: fx(v), y: H - B + 14 }, this.xFormat(v)));
    const yt = this.logY ? ticks(y0, y1) : [y0, (y0 + y1) / 2, y1];
    for (const v of yt) axes.push(s('line', { class: 'gridline', x1: L, x2: W - R, y1: fy(v), y2: fy(v) }), s('text', { class: 'tick end', x: L - 6, y: fy(v) + 4 }, this.yFormat(v)));
    this.axes.replaceChildren(...axes);
    const labels = [];
    const groups = series.map((se, i) => {
      const ok = se.points.filter(([x, y]) => x > 0 && Number.isFinite(y) && (!this.logY || y > 0));
      const g = s('g', { class: `series series-${i} ${se.cls ?? ''}`, 'data-series': se.name });
      if (ok.length > 1) g.append(s('polyline', { class: 'line', points: ok.map(([x, y]) => `${fx(x).toFixed(1)},${fy(y).toFixed(1)}`).join(' ') }));
      for (const [x, y] of ok) g.append(MARKERS[se.marker ?? 'circle'](fx(x).toFixed(1), fy(y).toFixed(1)));
      if (ok.length && !narrow) {
        const [x, y] = ok[ok.length - 1];
        const label = s('text', { class: 'series-label', x: fx(x) + 8, y: fy(y) + 4 }, se.name);
        labels.push({ label, y: fy(y) + 4 });
        g.append(label);
      }
      return g;
    });
    // names at the line ends never overlap: push them apart by a line of their largest text (16
    // units in presentation mode), so that switching modes never needs a redraw
    const gap = 20;
    labels.sort((a, b) => a.y - b.y);
    labels.forEach((l, i) => { if (i && l.y - labels[i - 1].y < gap) l.y = labels[i - 1].y + gap; attr(l.label, 'y', l.y.toFixed(1)); });
    if (mark) groups.push(s('line', { class: 'mark', x1: fx(mark[0]), x2: fx(mark[0]), y1: T, y2: H - B }));
    this.plot.replaceChildren(...groups);
    attr(this.svg, 'aria-label', `${this.label}. ${summary ?? ''}`);
  }

  /** The key under the chart (narrow screens): each series' line and marker, then its name. */
  drawKey(series) {
    this.key.hidden = !series.length;
    const names = series.map((se) => se.name).join('|');
    if (this.keyNames === names) return;
    this.keyNames = names;
    this.key.replaceChildren(...series.map((se, i) => h('li', {},
      s('svg', { viewBox: '0 0 30 12' }, s('g', { class: `series series-${i} ${se.cls ?? ''}` },
        s('polyline', { class: 'line', points: '1,6 29,6' }), MARKERS[se.marker ?? 'circle'](15, 6))), se.name)));
  }
}

/** Least-squares slope of log y against log x: the exponent p in y ∝ xᵖ. */
export function logSlope(points) {
  const ok = points.filter(([x, y]) => x > 0 && y > 0);
  if (ok.length < 2) return NaN;
  const X = ok.map(([x]) => Math.log(x)); const Y = ok.map(([, y]) => Math.log(y));
  const mx = X.reduce((a, b) => a + b, 0) / X.length; const my = Y.reduce((a, b) => a + b, 0) / Y.length;
  let sxy = 0; let sxx = 0;
  for (let i = 0; i < X.length; i++) { sxy += (X[i] - mx) * (Y[i] - my); sxx += (X[i] - mx) ** 2; }
  return sxy / sxx;
}

export { text };
