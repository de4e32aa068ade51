// cost-variants.mjs — issue 10's rows: exact attention materialised and tiled (outputs:
// ['output']), sparse attention (window 16, 2 global tokens) and linear attention (φ = elu + 1),
// all through the public JS API of the SIMD build, with the memory each must hold.
//
// Each result is checked before it is timed, on sampled rows in float64 written from the
// definitions: exact and tiled against softmax attention, sparse against softmax over the
// pattern's keys (the pattern itself from its predicate), linear against its quadratic form.
// Error measure as in data.mjs: |x − ref| / Σ_j w_ij |v_jd|.

export const SPARSE = Object.freeze({ window: 16, globals: 2 });
const round8 = (x) => Math.ceil(x / 8) * 8;

/** The first g token indices spread over 0..n−1 (as scene 7 chooses them). */
export const globalIndices = (n, g) => Array.from({ length: g }, (_, i) => Math.floor((i * n) / g));

/** Bytes each variant must hold at (n, d): inputs, outputs and its own buffers (scene 7's formula). */
export function heldBytes(variant, n, d, nnz = 0) {
  const io = 4 * n * d * 4;
  switch (variant) {
    case 'materialised': return io + 4 * 3 * n * n;
    case 'tiled': return io + 4 * (Math.ceil(n / 64) * 64 * (d + round8(d)) + 32 * (64 + d + 1)) + 16 * 32;
    case 'sparse': return io + 4 * (n + 1) + 8 * nnz;
    case 'linear': return io + 4 * (2 * n * d + d * d + d);
    default: return NaN;
  }
}

function visible(i, j, n, globals) {
  return Math.abs(i - j) <= SPARSE.window || globals.includes(i) || globals.includes(j);
}

/** float64 output row i of softmax attention over the keys `keep(j)`, with Σ w|v| per column. */
function referenceRow({ n, d, q, k, v }, i, keep, weigh) {
  const w = new Float64Array(n); let max = -Infinity;
  for (let j = 0; j < n; j += 1) {
    if (!keep(j)) { w[j] = NaN; continue; }
    let s = 0; for (let c = 0; c < d; c += 1) s += q[i * d + c] * k[j * d + c];
    w[j] = weigh ? weigh(s, j) : s / Math.sqrt(d); if (!weigh && w[j] > max) max = w[j];
  }
  let sum = 0;
  for (let j = 0; j < n; j += 1) if (keep(j)) sum += (w[j] = weigh ? w[j] : Math.exp(w[j] - max));
  const out = new Float64Array(d); const mag = new Float64Array(d);
  for (let j = 0; j < n; j += 1) {
    if (!keep(j)) continue;
    for (let c = 0; c < d; c += 1) { out[c] += (w[j] / sum) * v[j * d + c]; mag[c] += Math.abs((w[j] / sum) * v[j * d + c]); }
  }
  return { out, mag };
}

const phi = (x) => (x > 0 ? x + 1 : Math.exp(x));

/** Largest error over a few sampled rows. */
function rowsError(inputs, output, rowOf) {
  const { n, d } = inputs; let err = 0;
  for (const i of [0, 1, n >> 1, n - 2, n - 1]) {
    const { out, mag } = rowOf(i);
    for (let c = 0; c < d; c += 1) err = Math.max(err, Math.abs(output[i * d + c] - out[c]) / Math.max(mag[c], 1e-30));
  }
  return err;
}

/** { variant: () => bench } for the harness's prepare(): run, result, free, plus heldBytes. */
export function costBenches(api, inputs) {
  const { n, d, q, k, v } = inputs;
  const globals = globalIndices(n, SPARSE.globals);
  const exactRow = (i) => referenceRow(inputs, i, () => true);
  const make = (call, rowOf) => () => ({
    run: call,
    result: () => ({ output: call().output, rowOf }),
    free: () => {},
  });
  return {
    materialised: make(() => api.attention({ q, k, v, n, dk: d }), exactRow),
    tiled: make(() => api.attention({ q, k, v, n, dk: d, outputs: ['output'] }), exactRow),
    sparse: make(() => api.sparseAttention({ q, k, v, n, dk: d, window: SPARSE.window, globals }),
      (i) => referenceRow(inputs, i, (j) => visible(i, j, n, globals))),
    linear: make(() => api.linearAttention({ q, k, v, n, dk: d }),
      (i) => referenceRow(inputs, i, () => true, (_, j) => { let a = 0; for (let c = 0; c < d; c += 1) a += phi(q[i * d + c]) * phi(k[j * d + c]); return a; })),
  };
}

/** The error the harness checks: sampled float64 rows (see the header). */
export const costError = (inputs) => ({ output, rowOf }) => rowsError(inputs, output, rowOf);

/** Pairs the sparse pattern keeps at n (for its memory). */
export const sparsePairs = (api, n) => api.sparseAttention({ q: new Float32Array(n), k: new Float32Array(n), v: new Float32Array(n), n, dk: 1, window: SPARSE.window, globals: globalIndices(n, SPARSE.globals) }).cols.length;
