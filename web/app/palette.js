// palette.js — colour-blind-safe sequential maps (viridis, cividis), a diverging map for signed
// values (PuOr, centred on 0) and a readable text colour.
// Anchors sampled from matplotlib's maps at even steps; linear interpolation between them.
const MAPS = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  cividis: ['#00224e', '#414d6b', '#7c7b78', '#bcaf6f', '#fee838'],
  // signed values: ColorBrewer PuOr (colour-blind safe), orange below 0, white at 0, purple above
  diverging: ['#b35806', '#e08214', '#fdb863', '#fee0b6', '#f7f7f7', '#d8daeb', '#b2abd2', '#8073ac', '#542788'],
};

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** t in [0, 1] -> [r, g, b] */
export function sample(name, t) {
  const stops = MAPS[name] ?? MAPS.viridis;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = rgb(stops[i]); const b = rgb(stops[i + 1]); const f = x - i;
  return a.map((c, k) => Math.round(c + (b[k] - c) * f));
}

export const css = ([r, g, b]) => `rgb(${r} ${g} ${b})`;

const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };

/** Black or white, whichever contrasts more with the background (always >= 4.5:1). */
export const ink = (c) => ((lum(c) + 0.05) / 0.05 > 1.05 / (lum(c) + 0.05) ? '#000' : '#fff');

/** CSS gradient for legends. */
export const gradient = (name) => `linear-gradient(to right, ${(MAPS[name] ?? MAPS.viridis).join(', ')})`;
