// figures.mjs — geometry checks of the page's SVG figures, from what the browser laid out:
// text that overlaps other text or a drawn vector, and text drawn below a size on screen.

/**
 * Collisions inside every visible SVG matching `sel`: each visible <text> box against every other
 * text box, and against every vector drawn in a plane — an arrow's shaft (a segment as thick as its
 * stroke), its head (a triangle), the projection band, the draggable tips' rings and the output dot.
 * Returns readable strings ('k × θ 36.9°', 'θ 36.9° × arrow k'); [] when nothing collides.
 * `slack` (px) forgives anti-aliasing-sized touches.
 */
export const figureCollisions = (page, sel, { slack = 0.5 } = {}) => page.evaluate(({ sel, slack }) => {
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden], [display="none"], [style*="display: none"]')
    && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
  const toScreen = (el, pts) => { const m = el.getScreenCTM(); return pts.map(([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; }); };
  const scaleOf = (el) => { const m = el.getScreenCTM(); return Math.hypot(m.a, m.b); };
  // distance from point to segment, and segment to axis-aligned rectangle (0 when they cross)
  const ptSeg = ([px, py], [ax, ay], [bx, by]) => {
    const dx = bx - ax; const dy = by - ay; const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  };
  const inRect = ([x, y], r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  const cross = (a, b, c, d) => {
    const o = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
    return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
  };
  const segRect = (a, b, r) => {
    if (inRect(a, r) || inRect(b, r)) return 0;
    const c = [[r.left, r.top], [r.right, r.top], [r.right, r.bottom], [r.left, r.bottom]];
    for (let i = 0; i < 4; i++) if (cross(a, b, c[i], c[(i + 1) % 4])) return 0;
    return Math.min(...c.map((p) => ptSeg(p, a, b)), ...[a, b].map(([x, y]) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom))));
  };
  const inTri = (p, [a, b, c]) => {
    const s = (u, v, w) => (v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0]);
    const d1 = s(a, b, p); const d2 = s(b, c, p); const d3 = s(c, a, p);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
  const bad = [];
  for (const svg of document.querySelectorAll(sel)) {
    if (!shown(svg)) continue;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() && shown(t))
      .map((t) => { const r = t.getBoundingClientRect(); const m = t.getScreenCTM(); return { el: t, m, angle: Math.atan2(m.b, m.a), name: t.textContent, r: { left: r.left + slack, right: r.right - slack, top: r.top + slack, bottom: r.bottom - slack } }; })
      .filter((t) => t.r.right > t.r.left);
    // two texts turned by the same angle (slanted column names) are compared in their own frame, where
    // their boxes are upright; the screen boxes of slanted text overlap even when the glyphs do not
    const sameTurn = (p, q) => {
      const b = q.el.getBBox(); const into = p.m.inverse().multiply(q.m); const a = p.el.getBBox();
      const c = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(into));
      const s0 = slack / Math.hypot(p.m.a, p.m.b);
      return a.x + s0 < Math.max(...c.map((o) => o.x)) - s0 && Math.min(...c.map((o) => o.x)) + s0 < a.x + a.width - s0
        && a.y + s0 < Math.max(...c.map((o) => o.y)) - s0 && Math.min(...c.map((o) => o.y)) + s0 < a.y + a.height - s0;
    };
    const vectors = [];
    for (const g of svg.querySelectorAll('.arrow')) {
      if (!shown(g)) continue;
      const name = `arrow ${g.querySelector('text')?.textContent || g.getAttribute('class')}`;
      const line = g.querySelector('line'); const head = g.querySelector('polygon');
      const [a, b] = toScreen(line, [['x1', 'y1'], ['x2', 'y2']].map(([x, y]) => [Number(line.getAttribute(x)), Number(line.getAttribute(y))]));
      vectors.push({ name, hit: (r) => segRect(a, b, r) < (parseFloat(getComputedStyle(line).strokeWidth) * scaleOf(line)) / 2 });
      const tri = toScreen(head, head.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number)));
      const area = tri.length === 3 ? Math.abs((tri[1][0] - tri[0][0]) * (tri[2][1] - tri[0][1]) - (tri[2][0] - tri[0][0]) * (tri[1][1] - tri[0][1])) / 2 : 0;
      if (area > 0.5) vectors.push({ name: `${name} (head)`, hit: (r) => inTri([(r.left + r.right) / 2, (r.top + r.bottom) / 2], tri) || [0, 1, 2].some((i) => segRect(tri[i], tri[(i + 1) % 3], r) === 0) });
    }
    for (const line of svg.querySelectorAll('line.proj')) {
      if (!shown(line)) continue;
      const [a, b] = toScreen(line, [['x1', 'y1'], ['x2', 'y2']].map(([x, y]) => [Number(line.getAttribute(x)), Number(line.getAttribute(y))]));
      vectors.push({ name: 'projection band', hit: (r) => segRect(a, b, r) < (parseFloat(getComputedStyle(line).strokeWidth) * scaleOf(line)) / 2 });
    }
    for (const c of svg.querySelectorAll('.handle .ring, circle.out-dot')) {
      if (!shown(c) || !(Number(c.getAttribute('r')) > 0)) continue;
      const r0 = c.getBoundingClientRect(); const ctr = [(r0.left + r0.right) / 2, (r0.top + r0.bottom) / 2]; const rad = r0.width / 2;
      const name = c.classList.contains('ring') ? `tip ${c.closest('.handle').dataset.handle}` : 'output dot';
      vectors.push({ name, hit: (r) => Math.hypot(Math.max(r.left - ctr[0], 0, ctr[0] - r.right), Math.max(r.top - ctr[1], 0, ctr[1] - r.bottom)) < rad });
    }
    const where = svg.closest('[data-scene-el]')?.localName ?? 'page';
    for (let i = 0; i < texts.length; i++) {
      const p = texts[i].r;
      for (let j = i + 1; j < texts.length; j++) {
        const q = texts[j].r;
        const turned = Math.abs(texts[i].angle) > 1e-3 && Math.abs(texts[i].angle - texts[j].angle) < 1e-3;
        if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom && (!turned || sameTurn(texts[i], texts[j]))) bad.push(`${where}: ${texts[i].name} × ${texts[j].name}`);
      }
      for (const v of vectors) if (v.hit(p)) bad.push(`${where}: ${texts[i].name} × ${v.name}`);
    }
  }
  return bad;
}, { sel, slack });

/** Visible SVG text inside `sel` drawn smaller than `px` CSS pixels on screen: [scene, text, px]. */
export const smallFigureText = (page, sel, px) => page.evaluate(({ sel, px }) => [...document.querySelectorAll(`${sel} svg text`)]
  .filter((t) => t.textContent.trim() && t.getClientRects().length && t.getBoundingClientRect().width > 0 && !t.closest('[hidden]')
    && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).display !== 'none' && !t.closest('[display="none"], [style*="display: none"]'))
  .map((t) => [t.closest('[data-scene-el]')?.localName ?? 'page', t.textContent.slice(0, 20), +(parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a).toFixed(1)])
  .filter(([, , size]) => size < px), { sel, px });

/**
 * Figure parts drawn with too little contrast against what is behind them (WCAG 2 ratios): SVG text
 * below 4.5:1 (3:1 when large), and chart lines, curves and chosen-item frames below 3:1. The
 * background is the first opaque background-color from the SVG (or element) up. Returns
 * [scene, what, ratio] for each failure.
 */
export const lowContrast = (page, sel) => page.evaluate((sel) => {
  const rgb = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const behind = (el) => { for (let e = el; e; e = e.parentElement || e.getRootNode()?.host) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255 }; };
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden], [display="none"], [style*="display: none"]') && getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  const scene = (el) => el.closest('[data-scene-el]')?.localName ?? 'page';
  for (const t of document.querySelectorAll(`${sel} svg text`)) {
    if (!t.textContent.trim() || !shown(t)) continue;
    const st = getComputedStyle(t); const fill = rgb(st.fill); if (!fill) continue;
    const px = parseFloat(st.fontSize) * t.ownerSVGElement.getScreenCTM().a; const large = px >= 24 || (px >= 18.66 && Number(st.fontWeight) >= 700);
    const r = ratio(fill, behind(t.ownerSVGElement)) * (Number(st.fillOpacity) >= 1 ? 1 : 0);
    if (r < (large ? 3 : 4.5)) out.push([scene(t), t.textContent.slice(0, 20), +r.toFixed(2)]);
  }
  for (const l of document.querySelectorAll(`${sel} :is(.series .line, .loss-line, .acc-line, .tanh-curve)`)) {
    if (!shown(l)) continue;
    const c = rgb(getComputedStyle(l).stroke); if (!c) continue;
    const r = ratio(c, behind(l.ownerSVGElement));
    if (r < 3) out.push([scene(l), `line ${l.getAttribute('class')}`, +r.toFixed(2)]);
  }
  for (const f of document.querySelectorAll(`${sel} :is(figure.multiple.chosen, .head-map.chosen)`)) {
    if (!shown(f)) continue;
    const r = ratio(rgb(getComputedStyle(f).borderTopColor), behind(f.parentElement));
    if (r < 3) out.push([scene(f), `frame of ${f.className}`, +r.toFixed(2)]);
  }
  return out;
}, sel);
