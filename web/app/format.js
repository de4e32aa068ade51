// format.js — how numbers are shown. Displayed text is rounded; the exact value rides in data-value.
export const fmt = (x, digits = 2) => (Number.isFinite(x) ? (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits) : '—');
export const deg = (rad) => (rad * 180) / Math.PI;
export const fmtDeg = (rad) => `${fmt(deg(rad), 1)}°`;

/** Write a number into an <output>: exact value for tests and tools, rounded text for people. */
export function show(el, value, text = fmt(value)) {
  el.dataset.value = Number.isFinite(value) ? String(value) : '';
  if (el.textContent !== text) el.textContent = text;
}

/** A TeX-safe number (minus sign as TeX expects). */
export const tnum = (x, digits = 2) => fmt(x, digits);

/** Names from a link are the link author's text: show a few, each cut short, and count the rest. */
export function summarise(names, { count = 5, length = 24 } = {}) {
  const cut = (n) => { const cps = Array.from(n); return cps.length > length ? `${cps.slice(0, length - 1).join('')}…` : n; };
  const shown = [...new Set(names)].map((n) => cut(n) || '(empty)');
  const rest = shown.length - count;
  return shown.slice(0, count).join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}
