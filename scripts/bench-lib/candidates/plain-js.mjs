// plain-js.mjs — attention in plain JavaScript, written the way a careful JS
// programmer would: Float32Array storage, i-k-j loop order (the inner loop
// walks contiguous rows of B), Kᵀ formed once so Q·Kᵀ is i-k-j too, Math.exp.

// C (n, m) = A (n, kk) · B (kk, m), all row-major; C is overwritten.
function matmulIKJ(a, b, c, n, kk, m) {
  c.fill(0);
  for (let i = 0; i < n; i += 1) {
    const ci = i * m;
    for (let p = 0; p < kk; p += 1) {
      const aip = a[i * kk + p];
      const bp = p * m;
      for (let j = 0; j < m; j += 1) c[ci + j] += aip * b[bp + j];
    }
  }
}

function softmaxRows(x, y, rows, cols) {
  for (let r = 0; r < rows; r += 1) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j += 1) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j += 1) {
      const e = Math.exp(x[o + j] - max);
      y[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j += 1) y[o + j] *= inv;
  }
}

/** Fills out.{scores, scaled, weights, output}; kt is scratch (d, n). */
export function attentionJs(q, k, v, n, d, out, kt) {
  for (let j = 0; j < n; j += 1) for (let c = 0; c < d; c += 1) kt[c * n + j] = k[j * d + c];
  matmulIKJ(q, kt, out.scores, n, d, n);
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < n * n; i += 1) out.scaled[i] = out.scores[i] * scale;
  softmaxRows(out.scaled, out.weights, n, n);
  matmulIKJ(out.weights, v, out.output, n, n, d);
  return out;
}

function buffers(n, d) {
  return {
    scores: new Float32Array(n * n), scaled: new Float32Array(n * n),
    weights: new Float32Array(n * n), output: new Float32Array(n * d),
  };
}

export function createPlainJs() {
  return {
    attentionKernel({ n, d, q, k, v }) {
      const out = buffers(n, d);
      const kt = new Float32Array(n * d);
      return { run: () => attentionJs(q, k, v, n, d, out, kt), result: () => out, free() {} };
    },
    softmaxKernel(x, rows, cols) {
      const y = new Float32Array(rows * cols);
      return { run: () => softmaxRows(x, y, rows, cols), result: () => y, free() {} };
    },
    /** End to end like the public API: arrays in (any kind), four new arrays out. */
    attentionApi({ n, d, q, k, v }) {
      const call = () => {
        const f = (a) => (a instanceof Float32Array ? a : Float32Array.from(a));
        return attentionJs(f(q), f(k), f(v), n, d, buffers(n, d), new Float32Array(n * d));
      };
      return { run: call, result: call, free() {} };
    },
  };
}
