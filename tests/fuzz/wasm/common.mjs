// common.mjs — what the WebAssembly fuzzers' case files share: drawing numbers and
// shapes (value regimes across the float32 range, dimensions across the kernels'
// tile edges) and comparing float32 results against float64 bounds.

export const F32_MAX = 3.4028234663852886e38;
export const F32_TRUE_MIN = 1.401298464324817e-45;

// ---- drawing numbers -------------------------------------------------------------

export function int(rand, lo, hi) {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

export function signedPower(rand, lo, hi) {
  const x = Math.fround((1 + rand()) * 2 ** int(rand, lo, hi));
  const finite = Number.isFinite(x) ? x : F32_MAX;
  return rand() < 0.5 ? -finite : finite;
}

export const SPECIALS = [0, -0, F32_MAX, -F32_MAX, 1.1754943508222875e-38, -1.1754943508222875e-38,
  F32_TRUE_MIN, -F32_TRUE_MIN, 1, -1];

// One regime per array, weighted towards ordinary values so most calls reach the math.
export const REGIMES = {
  unit: (rand) => Math.fround(rand() * 2 - 1),
  wide: (rand) => signedPower(rand, -40, 40),
  huge: (rand) => signedPower(rand, 100, 127),
  tiny: (rand) => signedPower(rand, -149, -100),
  special: (rand) => pick(rand, SPECIALS),
  small: (rand) => Math.fround(Math.round((rand() * 8 - 4) * 4) / 4), // repeated values, exact ties
};
export const REGIME_WEIGHTS = [['unit', 6], ['wide', 3], ['huge', 1], ['tiny', 1], ['special', 2], ['small', 2]];

export function regime(rand) {
  let x = rand() * REGIME_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [name, w] of REGIME_WEIGHTS) {
    if ((x -= w) < 0) return name;
  }
  return 'unit';
}

// count float32 values of one regime, as a Float32Array or (sometimes) a number[].
export function values(rand, count, name = regime(rand)) {
  const out = new Float32Array(count);
  const draw = REGIMES[name];
  for (let i = 0; i < count; i++) out[i] = draw(rand);
  return rand() < 0.25 ? Array.from(out) : out;
}

// A dimension: small mostly, sometimes past several tile edges.
export function dim(rand, max = 12) {
  return rand() < 0.85 ? int(rand, 1, max) : int(rand, 1, 70);
}

export function temperature(rand) {
  return pick(rand, [1, 1, 0.5, 2.7, 0.05, 20, Math.fround(1e-30), Math.fround(3e38), F32_TRUE_MIN,
    Math.fround(rand() * 4 + 0.01)]);
}

export function scale(rand, dk) {
  return pick(rand, [undefined, undefined, 0, -0.7, 3.5, Math.fround(1 / Math.sqrt(dk)),
    signedPower(rand, -40, 40), Math.fround(rand() * 6 - 3)]);
}

export function mask(rand, n, m) {
  const r = rand();
  if (r < 0.4) return undefined;
  if (r < 0.5) return 'none';
  if (r < 0.7) return 'causal';
  const p = rand();
  const out = new Uint8Array(n * m);
  for (let i = 0; i < out.length; i++) out[i] = rand() < p ? 1 : 0;
  return out;
}

// ---- valid calls --------------------------------------------------------------------

// ---- comparing ----------------------------------------------------------------------------

export function f32(x) {
  return Array.from(x, Number);
}

// Per cell of A (n, k) · B (k, m): Σ |a||b|, the scale a float32 sum of products is accurate to.
export function absProduct(a, b, n, k, m) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += Math.abs(a[i * k + l] * b[l * m + j]);
      out[i * m + j] = s;
    }
  }
  return out;
}

export function transpose(x, rows, cols) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
  return out;
}

export function within(what, a, b, bound) {
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (!(e <= bound(i)) || !Number.isFinite(a[i]) || !Number.isFinite(b[i])) {
      return `${what}[${i}]: ${a[i]} vs ${b[i]} (|difference| ${e} > ${bound(i)})`;
    }
  }
  return a.length === b.length ? null : `${what}: lengths ${a.length} vs ${b.length}`;
}

export function sameBits(a, b) {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length), y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function checkWeights(what, w, rows, cols, visible) {
  for (let i = 0; i < rows; i++) {
    let sum = 0, any = false;
    for (let j = 0; j < cols; j++) {
      const x = w[i * cols + j];
      if (!(x >= 0 && x <= 1)) return `${what}[${i}, ${j}] = ${x} is outside [0, 1]`;
      if (!visible(i, j)) {
        if (x !== 0) return `${what}[${i}, ${j}] = ${x} for a hidden key`;
        continue;
      }
      any = true;
      sum += x;
    }
    if (!(Math.abs(sum - (any ? 1 : 0)) <= 1e-6)) return `${what} row ${i} sums to ${sum}`;
  }
  return null;
}

// Each weight within 1e-5 relative (+ 1e-30) of the float64 softmax of the scores this build reported.
export function chainedSoftmax(what, w, x, rows, cols, T, visible) {
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (visible(i, j)) max = Math.max(max, x[i * cols + j]);
    if (max === -Infinity) continue;
    const e = new Float64Array(cols);
    let sum = 0;
    for (let j = 0; j < cols; j++) if (visible(i, j)) sum += (e[j] = Math.exp((x[i * cols + j] - max) / T));
    for (let j = 0; j < cols; j++) {
      const want = e[j] / sum, got = w[i * cols + j];
      if (!(Math.abs(got - want) <= 1e-5 * want + 1e-30)) {
        return `${what}[${i}, ${j}] = ${got}, want ${want} (float64 softmax of the reported scores / ${T})`;
      }
    }
  }
  return null;
}

// output (n, dv) within 1e-5 · |W||V| (+ the underflow floor) of this answer's own
// weights · V, inside the hull of the visible values, exactly 0 in a row with every
// key hidden. null, or what is wrong.
export function chainedOutput(what, output, weights, v, n, m, dv, visible, extra = () => 0) {
  const terms = absProduct(Array.from(weights), v, n, m, dv);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dv; c++) {
      let want = 0, lo = Infinity, hi = -Infinity;
      for (let j = 0; j < m; j++) {
        want += weights[i * m + j] * v[j * dv + c];
        if (visible(i, j)) { lo = Math.min(lo, v[j * dv + c]); hi = Math.max(hi, v[j * dv + c]); }
      }
      const got = output[i * dv + c];
      const slack = 1e-5 * terms[i * dv + c] + (m + 1) * F32_TRUE_MIN + extra(i, c);
      if (!(Math.abs(got - want) <= slack)) return `${what}[${i}, ${c}] = ${got}, want ${want} ± ${slack}`;
      if (lo === Infinity) {
        if (got !== 0) return `${what}[${i}, ${c}] = ${got} in a row with every key hidden`;
      } else if (got < lo - slack - 1e-6 * Math.max(Math.abs(lo), Math.abs(hi)) ||
                 got > hi + slack + 1e-6 * Math.max(Math.abs(lo), Math.abs(hi))) {
        return `${what}[${i}, ${c}] = ${got} is outside the hull [${lo}, ${hi}]`;
      }
    }
  }
  return null;
}
