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
