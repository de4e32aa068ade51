// data.mjs — seeded inputs and the float64 reference every result is checked against.

import { mulberry32 as rng } from '../../web/app/rng.js'; // seeded, reproducible

export function uniform(count, seed, lo = -1, hi = 1) {
  const next = rng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 1) out[i] = lo + (hi - lo) * next();
  return out;
}

export function attentionInputs(n, d, seed = 1) {
  return { n, d, q: uniform(n * d, seed), k: uniform(n * d, seed + 1), v: uniform(n * d, seed + 2) };
}

// softmax(q kᵀ / √d) v in float64, with the size of each output's terms (Σ|w||v|).
export function attentionReference({ n, d, q, k, v }) {
  const scale = 1 / Math.sqrt(d);
  const weights = new Float64Array(n * n);
  const output = new Float64Array(n * d);
  const magnitude = new Float64Array(n * d);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let max = -Infinity;
    for (let j = 0; j < n; j += 1) {
      let s = 0;
      for (let c = 0; c < d; c += 1) s += q[i * d + c] * k[j * d + c];
      row[j] = s * scale;
      if (row[j] > max) max = row[j];
    }
    let sum = 0;
    for (let j = 0; j < n; j += 1) sum += (row[j] = Math.exp(row[j] - max));
    for (let j = 0; j < n; j += 1) {
      const w = row[j] / sum;
      weights[i * n + j] = w;
      for (let c = 0; c < d; c += 1) {
        output[i * d + c] += w * v[j * d + c];
        magnitude[i * d + c] += Math.abs(w * v[j * d + c]);
      }
    }
  }
  return { weights, output, magnitude };
}

export function softmaxReference(x, rows, cols) {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r += 1) {
    let max = -Infinity;
    for (let j = 0; j < cols; j += 1) max = Math.max(max, x[r * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j += 1) sum += (y[r * cols + j] = Math.exp(x[r * cols + j] - max));
    for (let j = 0; j < cols; j += 1) y[r * cols + j] /= sum;
  }
  return y;
}

// Largest error of a float32 result, in the README's measure: |x − ref| / (term size),
// and for weights / softmax, relative to the value with an absolute floor of 1e-3/len.
export function attentionError(ref, { weights, output }) {
  let err = 0;
  for (let i = 0; i < ref.output.length; i += 1) {
    err = Math.max(err, Math.abs(output[i] - ref.output[i]) / Math.max(ref.magnitude[i], 1e-30));
  }
  return Math.max(err, probabilityError(ref.weights, weights, Math.sqrt(ref.weights.length)));
}

export function probabilityError(ref, got, rowLength) {
  const floor = 1e-3 / rowLength;
  let err = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const e = Math.abs(got[i] - ref[i]) / Math.max(ref[i], floor);
    if (!(e <= err)) err = Number.isNaN(e) ? Infinity : e;
  }
  return err;
}

// Relative tolerance: float32 arithmetic (2⁻²⁴ ≈ 6e-8) accumulated over long sums,
// a polynomial exp (≤ 2 ulp), and tfjs' own exp.
export const TOLERANCE = 1e-4;
