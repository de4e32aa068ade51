// reference-cost.mjs — float64 references for the cheaper attention variants and
// softmax's stability (issue 10), written from the definitions, not from the C++.

import { f32, softmax } from './reference.mjs';

// The sparse pattern read literally: |i − j| ≤ window, or i or j global, or
// stride > 0 and (i − j) mod stride = 0; and j ≤ i when causal. As (n, n) 0/1.
export function sparseMask({ n, window = 1, globals = [], stride = 0, causal = false }) {
  const global = new Set(globals);
  const out = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (causal && j > i) continue;
      const visible = Math.abs(i - j) <= window || global.has(i) || global.has(j) ||
        (stride > 0 && (i - j) % stride === 0);
      out[i * n + j] = visible ? 1 : 0;
    }
  }
  return out;
}

const phi = (x) => (x > 0 ? x + 1 : Math.exp(x));

// Linear attention as its quadratic form: out_i = Σ_j a_ij v_j / Σ_j a_ij with
// a_ij = φ(q_i)·φ(k_j) (j ≤ i when causal). magnitude[i,d] = Σ_j a_ij |v_jd| / Σ_j a_ij.
export function linearAttention({ q, k, v, n, m = n, dk, dv = dk, causal = false }) {
  const Q = f32(q).map(phi);
  const K = f32(k).map(phi);
  const V = f32(v);
  const output = new Float64Array(n * dv);
  const magnitude = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) {
    let total = 0;
    const last = causal ? i : m - 1;
    for (let j = 0; j <= last; j++) {
      let a = 0;
      for (let c = 0; c < dk; c++) a += Q[i * dk + c] * K[j * dk + c];
      total += a;
      for (let d = 0; d < dv; d++) {
        output[i * dv + d] += a * V[j * dv + d];
        magnitude[i * dv + d] += a * Math.abs(V[j * dv + d]);
      }
    }
    for (let d = 0; d < dv; d++) {
      output[i * dv + d] /= total;
      magnitude[i * dv + d] /= total;
    }
  }
  return { output, magnitude };
}

// J_ij = p_i (δ_ij − p_j) / T, p = softmax(x / T).
export function softmaxJacobian(x, { temperature = 1 } = {}) {
  const p = softmax(x, { temperature });
  const t = Math.fround(temperature);
  const len = p.length;
  const J = new Float64Array(len * len);
  for (let i = 0; i < len; i++) {
    // the diagonal as p_i Σ_{j≠i} p_j: p_i (1 − p_i) cancels away every digit when p_i ≈ 1
    let others = 0;
    for (let j = 0; j < len; j++) if (j !== i) others += p[j];
    for (let j = 0; j < len; j++) J[i * len + j] = (i === j ? p[i] * others : -p[i] * p[j]) / t;
  }
  return J;
}

// Where the float32 naive softmax must break: e^(x_i/T) above the largest float32.
export function naiveOverflows(x, { temperature = 1 } = {}) {
  const t = Math.fround(temperature);
  return Array.from(f32(x), (value) => Math.exp(Math.fround(value / t)) > 3.4028234663852886e38);
}
