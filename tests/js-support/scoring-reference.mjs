// scoring-reference.mjs — float64 reference of core.scores, core.attention
// with `kind`, and core.multiHead, for the JS tests.
//
// Written from the formulas in the issue, pair by pair and head by head, with
// Math.tanh; inputs rounded to float32 first (what the core sees). Each score
// comes with the magnitude its float32 error is measured against: the sum of
// |terms| (reference.mjs explains why), divided by the lengths for cosine, and
// for additive Σ|u|(|tanh| + |Wq q| + |Wk k|) (tanh passes an input error on
// with slope ≤ 1).

import { f32, maskMatrix, softmax } from './reference.mjs';

const { abs, sqrt, tanh } = Math;

function row(X, i, cols) {
  return X.subarray(i * cols, (i + 1) * cols);
}

function dotAbs(a, b) {
  let value = 0;
  let magnitude = 0;
  for (let l = 0; l < a.length; l++) {
    value += a[l] * b[l];
    magnitude += abs(a[l] * b[l]);
  }
  return { value, magnitude };
}

function length(a) {
  let sum = 0;
  for (const x of a) sum += x * x;
  return sqrt(sum);
}

// M (rows, cols) · x (cols): value and Σ|terms| per row.
function apply(M, rows, cols, x) {
  const value = new Float64Array(rows);
  const magnitude = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const { value: v, magnitude: a } = dotAbs(row(M, r, cols), x);
    value[r] = v;
    magnitude[r] = a;
  }
  return { value, magnitude };
}

/** { value, magnitude }: Float64Array(n·m) each. */
export function scores({ q, k, n, m = n, dk, dq = dk, kind = 'dot', w, wq, wk, u, dh = u?.length }) {
  const Q = f32(q);
  const K = f32(k);
  const value = new Float64Array(n * m);
  const magnitude = new Float64Array(n * m);
  const W = w && f32(w);
  const Wq = wq && f32(wq);
  const Wk = wk && f32(wk);
  const U = u && f32(u);
  // additive: Wq q_i and Wk k_j once each
  const A = kind === 'additive' ? Array.from({ length: n }, (_, i) => apply(Wq, dh, dq, row(Q, i, dq))) : null;
  const B = kind === 'additive' ? Array.from({ length: m }, (_, j) => apply(Wk, dh, dk, row(K, j, dk))) : null;
  for (let i = 0; i < n; i++) {
    const qi = row(Q, i, dq);
    // bilinear: q_iᵀ W as a row (dk), with Σ|terms|
    let qW = null;
    if (kind === 'bilinear') {
      qW = new Float64Array(dk);
      for (let a = 0; a < dq; a++) for (let b = 0; b < dk; b++) qW[b] += qi[a] * W[a * dk + b];
    }
    for (let j = 0; j < m; j++) {
      const kj = row(K, j, dk);
      const at = i * m + j;
      if (kind === 'dot') {
        ({ value: value[at], magnitude: magnitude[at] } = dotAbs(qi, kj));
      } else if (kind === 'cosine') {
        const lengths = length(qi) * length(kj);
        const d = dotAbs(qi, kj);
        value[at] = d.value / lengths;
        magnitude[at] = d.magnitude / lengths;
      } else if (kind === 'bilinear') {
        let v = 0;
        let mag = 0;
        for (let a = 0; a < dq; a++) {
          for (let b = 0; b < dk; b++) {
            v += qi[a] * W[a * dk + b] * kj[b];
            mag += abs(qi[a] * W[a * dk + b] * kj[b]);
          }
        }
        value[at] = v;
        magnitude[at] = mag;
      } else if (kind === 'additive') {
        let v = 0;
        let mag = 0;
        for (let l = 0; l < dh; l++) {
          const h = tanh(A[i].value[l] + B[j].value[l]);
          v += U[l] * h;
          mag += abs(U[l]) * (abs(h) + A[i].magnitude[l] + B[j].magnitude[l]);
        }
        value[at] = v;
        magnitude[at] = mag;
      } else {
        throw new Error(`reference scores: unknown kind ${kind}`);
      }
    }
  }
  return { value, magnitude };
}

/** The default scale of core.attention for a kind. */
export function defaultScale(kind, dk) {
  return kind === 'dot' ? 1 / sqrt(dk) : 1;
}

// (rows, d) · W (d, d), with Σ|terms|.
function times(X, rows, d, W) {
  const value = new Float64Array(rows * d);
  const magnitude = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let l = 0; l < d; l++) {
      const x = X[i * d + l];
      for (let j = 0; j < d; j++) {
        value[i * d + j] += x * W[l * d + j];
        magnitude[i * d + j] += abs(x * W[l * d + j]);
      }
    }
  }
  return { value, magnitude };
}

/**
 * Multi-head attention in float64. With `from` (the core's reported q, k, v,
 * weights, concat), each step starts from the core's own input to that step,
 * so an error is blamed on the step that made it.
 */
export function multiHead({ x, n, dModel, heads, wq, wk, wv, wo, mask = 'none', source, m }, from = null) {
  const d = dModel;
  const dh = d / heads;
  const X = f32(x);
  const S = source === undefined ? X : f32(source);
  const rows = source === undefined ? n : m ?? source.length / dModel;
  const q = times(X, n, d, f32(wq));
  const k = times(S, rows, d, f32(wk));
  const v = times(S, rows, d, f32(wv));
  const Q = from ? Float64Array.from(from.q) : q.value;
  const K = from ? Float64Array.from(from.k) : k.value;
  const V = from ? Float64Array.from(from.v) : v.value;
  const visible = maskMatrix(mask, n, rows);
  const weights = new Float64Array(heads * n * rows);
  const scoresMagnitude = new Float64Array(heads * n * rows);
  const concat = new Float64Array(n * d);
  const concatMagnitude = new Float64Array(n * d);
  for (let h = 0; h < heads; h++) {
    const c0 = h * dh;
    for (let i = 0; i < n; i++) {
      const scaled = new Float64Array(rows);
      for (let j = 0; j < rows; j++) {
        let s = 0;
        let mag = 0;
        for (let c = c0; c < c0 + dh; c++) {
          s += Q[i * d + c] * K[j * d + c];
          mag += abs(Q[i * d + c] * K[j * d + c]);
        }
        scaled[j] = s / sqrt(dh);
        scoresMagnitude[(h * n + i) * rows + j] = mag / sqrt(dh);
      }
      weights.set(softmaxOf64(scaled, visible.subarray(i * rows, (i + 1) * rows)), (h * n + i) * rows);
    }
    const Wh = from ? Float64Array.from(from.weights) : weights;
    for (let i = 0; i < n; i++) {
      for (let c = c0; c < c0 + dh; c++) {
        let s = 0;
        let mag = 0;
        for (let j = 0; j < rows; j++) {
          s += Wh[(h * n + i) * rows + j] * V[j * d + c];
          mag += abs(Wh[(h * n + i) * rows + j] * V[j * d + c]);
        }
        concat[i * d + c] = s;
        concatMagnitude[i * d + c] = mag;
      }
    }
  }
  const output = times(from ? Float64Array.from(from.concat) : concat, n, d, f32(wo));
  return {
    q: q.value, k: k.value, v: v.value, weights, concat, output: output.value,
    magnitude: { q: q.magnitude, k: k.magnitude, v: v.magnitude, scores: scoresMagnitude, concat: concatMagnitude, output: output.magnitude },
  };
}

// softmax of float64 values over the visible entries (reference.mjs's softmax rounds to float32 first).
function softmaxOf64(values, visible) {
  const out = new Float64Array(values.length);
  let largest = -Infinity;
  for (let j = 0; j < values.length; j++) if (visible[j]) largest = Math.max(largest, values[j]);
  if (largest === -Infinity) return out;
  let total = 0;
  for (let j = 0; j < values.length; j++) {
    if (!visible[j]) continue;
    out[j] = Math.exp(values[j] - largest);
    total += out[j];
  }
  for (let j = 0; j < values.length; j++) out[j] /= total;
  return out;
}

export { softmax };
