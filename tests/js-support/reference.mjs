// reference.mjs — the float64 reference every JS test compares the core against.
//
// Written from the math, not from the C++: inputs are first rounded to float32
// (Math.fround, what the core sees), then every step runs in float64. Functions
// that produce something a float32 kernel computes by summation also return the
// magnitude Σ|terms| the error bound is measured against (cancellation makes a
// bound relative to the result itself meaningless).

const { abs, exp, sqrt, atan2, max } = Math;

// Float32-rounded copy of a numeric array (number[] or typed array) in float64.
export function f32(values) {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.fround(values[i]);
  return out;
}

// Σ aᵢ bᵢ, and Σ |aᵢ bᵢ| as `magnitude`.
export function dotWithMagnitude(a, b) {
  if (a.length !== b.length) throw new Error('reference dot: length mismatch');
  const x = f32(a);
  const y = f32(b);
  let sum = 0;
  let magnitude = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i] * y[i];
    magnitude += abs(x[i] * y[i]);
  }
  return { value: sum, magnitude };
}

export function dot(a, b) {
  return dotWithMagnitude(a, b).value;
}

// √(Σ aᵢ²), scaled by max|aᵢ| so float32 values up to FLT_MAX do not overflow.
export function norm(a) {
  const x = f32(a);
  let largest = 0;
  for (const value of x) largest = max(largest, abs(value));
  if (largest === 0) return 0;
  let sum = 0;
  for (const value of x) sum += (value / largest) ** 2;
  return largest * sqrt(sum);
}

function requireNonZero(name, vector) {
  if (norm(vector) === 0) throw new Error(`reference: ${name} is the zero vector`);
}

// a·b / (|a||b|), clamped to [-1, 1]; `magnitude` is Σ|aᵢbᵢ| / (|a||b|).
export function cosineWithMagnitude(a, b) {
  if (a.length !== b.length) throw new Error('reference cosine: length mismatch');
  requireNonZero('a', a);
  requireNonZero('b', b);
  const na = norm(a);
  const nb = norm(b);
  const x = f32(a);
  const y = f32(b);
  let value = 0;
  let magnitude = 0;
  for (let i = 0; i < x.length; i++) {
    const product = (x[i] / na) * (y[i] / nb);
    value += product;
    magnitude += abs(product);
  }
  return { value: Math.min(1, Math.max(-1, value)), magnitude };
}

export function cosine(a, b) {
  return cosineWithMagnitude(a, b).value;
}

// θ = 2·atan2(‖ â − b̂ ‖, ‖ â + b̂ ‖) with unit vectors â, b̂: exact near 0 and π,
// where acos(cos θ) loses half its digits.
export function angle(a, b) {
  requireNonZero('a', a);
  requireNonZero('b', b);
  const na = norm(a);
  const nb = norm(b);
  const x = f32(a);
  const y = f32(b);
  let diff = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i] / na;
    const w = y[i] / nb;
    diff += (u - w) ** 2;
    sum += (u + w) ** 2;
  }
  return 2 * atan2(sqrt(diff), sqrt(sum));
}

// The projection of k onto q: (q·k / |q|²) q.
export function project(k, q) {
  requireNonZero('q', q);
  const x = f32(q);
  const nq = norm(q);
  const coefficient = dot(k, q) / nq / nq;
  return x.map((value) => coefficient * value);
}

// softmax(x / T) over the entries where visible[i] is truthy (all when omitted);
// hidden entries get exactly 0, and a row with nothing visible is all zeros.
export function softmax(x, { temperature = 1, visible = null } = {}) {
  return softmaxOf(f32(x), Math.fround(temperature), visible);
}

// The same on values already in float64 (attention's scaled scores are not rounded).
function softmaxOf(values, t, visible) {
  const out = new Float64Array(values.length);
  let largest = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!visible || visible[i]) largest = max(largest, values[i]);
  }
  if (largest === -Infinity) return out;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (visible && !visible[i]) continue;
    out[i] = exp((values[i] - largest) / t);
    total += out[i];
  }
  for (let i = 0; i < values.length; i++) out[i] /= total;
  return out;
}

// Row-major (n, m) visibility: 1 visible, 0 hidden.
export function maskMatrix(mask, n, m) {
  const visible = new Uint8Array(n * m);
  if (mask === undefined || mask === 'none') {
    visible.fill(1);
  } else if (mask === 'causal') {
    // query i sees keys 0..i
    for (let i = 0; i < n; i++) for (let j = 0; j < m && j <= i; j++) visible[i * m + j] = 1;
  } else {
    visible.set(mask);
  }
  return visible;
}

// Scaled dot-product attention, every intermediate in float64:
//   scores  = Q·Kᵀ (n, m); scaled = scores × scale (n, m);
//   weights = softmax(scaled / T) per row over visible keys (n, m); output = weights·V (n, dv).
// Also returns the error magnitudes: scoresMagnitude[i,j] = Σ_d |q_id k_jd| and
// outputMagnitude[i,c] = Σ_j w_ij |v_jc|.
export function attention({
  q, k, v, n, m = n, dk, dv = dk, scale = 1 / sqrt(dk), temperature = 1, mask = 'none',
}) {
  const Q = f32(q);
  const K = f32(k);
  const V = f32(v);
  if (Q.length !== n * dk || K.length !== m * dk || V.length !== m * dv) {
    throw new Error('reference attention: shape mismatch');
  }
  const s = Math.fround(scale);
  const visible = maskMatrix(mask, n, m);

  // Kᵀ (dk, m), so Q·Kᵀ is a plain row-major product.
  const Kt = new Float64Array(dk * m);
  for (let j = 0; j < m; j++) for (let d = 0; d < dk; d++) Kt[d * m + j] = K[j * dk + d];
  const { value: scores, magnitude: scoresMagnitude } = multiply(Q, Kt, n, dk, m);

  const scaled = scores.map((value) => value * s);
  const weights = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = scaled.subarray(i * m, (i + 1) * m);
    const rowVisible = visible.subarray(i * m, (i + 1) * m);
    weights.set(softmaxOf(row, Math.fround(temperature), rowVisible), i * m);
  }

  const { value: output, magnitude: outputMagnitude } = multiply(weights, V, n, m, dv);

  return { scores, scaled, weights, output, scoresMagnitude, outputMagnitude, visible, scale: s };
}

// C = A·B for row-major A (n, k) and B (k, m), with magnitude[i,j] = Σ_l |a_il b_lj|.
export function matmul(a, b, n, k, m) {
  return multiply(f32(a), f32(b), n, k, m);
}

// The product behind matmul and attention, on float64 arrays as given (no rounding).
function multiply(A, B, n, k, m) {
  const value = new Float64Array(n * m);
  const magnitude = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const x = A[i * k + l];
      for (let j = 0; j < m; j++) {
        value[i * m + j] += x * B[l * m + j];
        magnitude[i * m + j] += abs(x * B[l * m + j]);
      }
    }
  }
  return { value, magnitude };
}
