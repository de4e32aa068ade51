// methods.mjs — the JS API methods added after the first eight, for the WebAssembly fuzzers.
//
// Each entry of METHODS draws valid calls of one method (or one mode of a method:
// attention with a scoring kind, attention with `outputs`, softmax with `naive`) and
// says how to judge them:
//   valid(rand)            -> the arguments, or { args, invoke(core) } for a sequence of
//                             calls (the trainer: create, step, evaluate, parameters, dispose)
//   compare(call, x, y)    -> null, or how the SIMD and baseline answers differ beyond
//                             the float32 tolerance of each step
//   invariants(call, x)    -> null, or what one answer gets wrong against a float64
//                             reference (chained on the answer's own intermediates
//                             where the method reports them)
//   magnitude(call)        -> the largest Σ|terms| the call's arithmetic meets, in
//                             float64: an overflow error is legitimate only past FLT_MAX
//   refused(call)          -> the argument a valid-looking call must be refused for
//                             (a zero row for cosine), or null
// BAD_KINDS_MORE adds bad calls of these methods: [error class, name(s), make(rand)].
import {
  F32_MAX, F32_TRUE_MIN, absProduct, chainedOutput, chainedSoftmax, checkWeights, dim, f32, int, mask, pick,
  sameBits, scale, signedPower, temperature, transpose, values, within,
} from './common.mjs';

const TM = F32_TRUE_MIN;
const maxAbs = (x) => { let t = 0; for (const v of x) t = Math.max(t, Math.abs(v)); return t; };
const coin = (rand) => rand() < 0.5;
const visibleOf = (maskValue, m) => (maskValue === 'causal' ? (i, j) => j <= i
  : maskValue instanceof Uint8Array ? (i, j) => maskValue[i * m + j] === 1 : () => true);

// A · B for row-major A (n, k), B (k, m), in float64.
function product(a, b, n, k, m) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let l = 0; l < k; l++) {
    const x = a[i * k + l];
    if (x === 0) continue;
    for (let j = 0; j < m; j++) out[i * m + j] += x * b[l * m + j];
  }
  return out;
}

// Columns [c0, c0 + w) of a (rows, stride) matrix.
function columns(x, rows, stride, c0, w) {
  const out = new Float64Array(rows * w);
  for (let i = 0; i < rows; i++) for (let j = 0; j < w; j++) out[i * w + j] = x[i * stride + c0 + j];
  return out;
}

// Float64 softmax of z (rows, cols) / T over visible entries (max subtracted first).
function softmaxRows(z, rows, cols, T, visible) {
  const w = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < cols; j++) if (visible(i, j)) top = Math.max(top, z[i * cols + j]);
    if (top === -Infinity) continue;
    let sum = 0;
    for (let j = 0; j < cols; j++) if (visible(i, j)) sum += (w[i * cols + j] = Math.exp((z[i * cols + j] - top) / T));
    for (let j = 0; j < cols; j++) w[i * cols + j] /= sum;
  }
  return w;
}

// Float64 log-softmax of z (rows, cols) / T over visible entries (−Infinity for hidden ones):
// weights far below 1e-308 keep their size here, where softmaxRows gives 0.
function logSoftmaxRows(z, rows, cols, T, visible) {
  const lw = new Float64Array(rows * cols).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < cols; j++) if (visible(i, j)) top = Math.max(top, z[i * cols + j]);
    if (top === -Infinity) continue;
    let sum = 0;
    for (let j = 0; j < cols; j++) if (visible(i, j)) sum += Math.exp((z[i * cols + j] - top) / T);
    const log = Math.log(sum);
    for (let j = 0; j < cols; j++) if (visible(i, j)) lw[i * cols + j] = (z[i * cols + j] - top) / T - log;
  }
  return lw;
}

// How far each weight may be from the float64 one when every score of its row is off by at
// most delta[i]: the weight lies within a factor e^(±2δ/T) of it (at most 1), plus softmax's
// own 1e-5 relative and 1e-30. Worked in logs, so a weight that underflows in float64 still
// gets the room its row's error allows.
function weightSlack(lw, rows, cols, T, delta, factor = 1) {
  const slack = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const spread = 2 * factor * delta[i] / T;
    for (let j = 0; j < cols; j++) {
      const l = lw[i * cols + j];
      if (l === -Infinity) continue;
      const up = Math.exp(l + spread); // NaN for −∞ + ∞: no bound then
      const w = Math.exp(l), hi = Number.isNaN(up) ? 1 : Math.min(1, up), lo = Math.exp(l - spread);
      slack[i * cols + j] = factor * (Math.max(hi - w, w - lo) + 1e-5 * w + 1e-30);
    }
  }
  return slack;
}

// Weights in [0, 1], hidden ones 0, rows summing to 1 or 0, each within weightSlack of want.
function widenedWeights(what, got, want, slack, rows, cols, visible) {
  const problem = checkWeights(what, got, rows, cols, visible);
  if (problem) return problem;
  for (let i = 0; i < rows * cols; i++) {
    if (!(Math.abs(got[i] - want[i]) <= slack[i] + 1e-30)) {
      return `${what}[${Math.floor(i / cols)}, ${i % cols}] = ${got[i]}, want ${want[i]} ± ${slack[i]} (float64 softmax, widened by the scores' float32 error)`;
    }
  }
  return null;
}

// The float32 error bound of each row's scaled scores: 1e-5 · |scale| · max Σ|q||k| + floors.
function rowDelta(mag, rows, cols, scaleAbs, dk, visible) {
  const delta = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let top = 0;
    for (let j = 0; j < cols; j++) if (visible(i, j)) top = Math.max(top, mag[i * cols + j]);
    delta[i] = 1e-5 * scaleAbs * top + scaleAbs * (dk + 1) * TM + TM;
  }
  return delta;
}

const memo = (call, key, make) => (call[key] ??= make());

// ---- scoring kinds --------------------------------------------------------------------------

const KINDS = ['dot', 'cosine', 'bilinear', 'additive'];

function scoreOptions(rand, kind) {
  const small = kind === 'additive';
  const n = dim(rand, small ? 8 : 12), m = coin(rand) ? n : dim(rand, small ? 8 : 12);
  const dk = dim(rand, 16), dq = kind === 'dot' || kind === 'cosine' ? dk : dim(rand, 16);
  const o = { q: values(rand, n * dq), k: values(rand, m * dk), n, dk };
  if (kind !== 'dot' || rand() < 0.7) o.kind = kind;
  if (m !== n || rand() < 0.3) o.m = m;
  if (dq !== dk || rand() < 0.3) o.dq = dq;
  if (kind === 'bilinear') o.w = values(rand, dq * dk);
  if (kind === 'additive') {
    const dh = dim(rand, 12);
    o.wq = values(rand, dh * dq);
    o.wk = values(rand, dh * dk);
    o.u = values(rand, dh);
    if (rand() < 0.4) o.dh = dh;
  }
  return o;
}

const scoreShape = (o) => {
  const n = o.n, m = o.m ?? o.n, dk = o.dk, dq = o.dq ?? o.dk, kind = o.kind ?? 'dot';
  return { n, m, dk, dq, kind, dh: kind === 'additive' ? o.u.length : 0 };
};

// Float64 scores of every pair, with each score's error scale (magnitude), the denormal
// steps its float32 steps may lose (floor) and the largest intermediate Σ|terms| (inner).
function referenceScores(o) {
  const { n, m, dk, dq, kind, dh } = scoreShape(o);
  const q = f32(o.q), k = f32(o.k);
  const value = new Float64Array(n * m), magnitude = new Float64Array(n * m), floor = new Float64Array(n * m);
  let inner = 0;
  if (kind === 'dot' || kind === 'cosine') {
    const qn = [], kn = [];
    for (let i = 0; i < n; i++) qn.push(Math.sqrt(q.slice(i * dk, i * dk + dk).reduce((s, x) => s + x * x, 0)));
    for (let j = 0; j < m; j++) kn.push(Math.sqrt(k.slice(j * dk, j * dk + dk).reduce((s, x) => s + x * x, 0)));
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let s = 0, a = 0;
      for (let l = 0; l < dk; l++) { s += q[i * dk + l] * k[j * dk + l]; a += Math.abs(q[i * dk + l] * k[j * dk + l]); }
      const len = kind === 'cosine' ? qn[i] * kn[j] : 1;
      value[i * m + j] = s / len;
      magnitude[i * m + j] = a / len;
      floor[i * m + j] = (kind === 'cosine' ? 3 : 1) * (dk + 1) * TM;
    }
  } else if (kind === 'bilinear') {
    const w = f32(o.w);
    const qw = product(q, w, n, dq, dk), qwSize = absProduct(q, w, n, dq, dk);
    inner = maxAbs(qwSize);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let s = 0, a = 0, kAbs = 0;
      for (let l = 0; l < dk; l++) {
        s += qw[i * dk + l] * k[j * dk + l];
        a += qwSize[i * dk + l] * Math.abs(k[j * dk + l]);
        kAbs += Math.abs(k[j * dk + l]);
      }
      value[i * m + j] = s;
      magnitude[i * m + j] = a;
      floor[i * m + j] = (dk + 1) * TM + (dq + 1) * TM * kAbs;
    }
  } else {
    const wq = f32(o.wq), wk = f32(o.wk), u = f32(o.u);
    const a = product(q, transpose(wq, dh, dq), n, dq, dh), aSize = absProduct(q, transpose(wq, dh, dq), n, dq, dh);
    const b = product(k, transpose(wk, dh, dk), m, dk, dh), bSize = absProduct(k, transpose(wk, dh, dk), m, dk, dh);
    const uSum = u.reduce((s, x) => s + Math.abs(x), 0);
    inner = Math.max(maxAbs(aSize), maxAbs(bSize), uSum);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let s = 0, size = 0;
      for (let l = 0; l < dh; l++) {
        const h = Math.tanh(a[i * dh + l] + b[j * dh + l]);
        s += u[l] * h;
        size += Math.abs(u[l]) * (Math.abs(h) + aSize[i * dh + l] + bSize[j * dh + l]);
      }
      value[i * m + j] = s;
      magnitude[i * m + j] = size;
      floor[i * m + j] = uSum * (dq + dk + 2) * TM + (dh + 1) * TM;
    }
  }
  return { value, magnitude, floor, inner };
}

function zeroRow(x, rows, cols) {
  for (let i = 0; i < rows; i++) {
    let zero = true;
    for (let j = 0; j < cols && zero; j++) zero = x[i * cols + j] === 0;
    if (zero) return true;
  }
  return false;
}

function cosineRefused(o) {
  const { n, m, dk, kind } = scoreShape(o);
  if (kind !== 'cosine') return null;
  return zeroRow(f32(o.q), n, dk) ? 'q' : zeroRow(f32(o.k), m, dk) ? 'k' : null;
}

function checkScores(what, got, ref, kind, factor = 1) {
  const problem = within(what, got, ref.value, (i) => factor * (1e-5 * ref.magnitude[i] + ref.floor[i]));
  if (problem || kind !== 'cosine') return problem;
  for (let i = 0; i < got.length; i++) if (!(got[i] >= -1 && got[i] <= 1)) return `${what}[${i}] = ${got[i]} is outside [-1, 1]`;
  return null;
}

// ---- attention, generic pieces ----------------------------------------------------------------

function attentionOptions(rand, dims = {}) {
  const n = dims.n ?? dim(rand), m = dims.m ?? (coin(rand) ? n : dim(rand)), dk = dims.dk ?? dim(rand, 16);
  const dv = coin(rand) ? dk : dim(rand, 16);
  const o = { q: values(rand, n * dk), k: values(rand, m * dk), v: values(rand, m * dv), n, dk };
  if (m !== n || rand() < 0.3) o.m = m;
  if (dv !== dk || rand() < 0.3) o.dv = dv;
  const s = scale(rand, dk);
  if (s !== undefined) o.scale = s;
  if (rand() < 0.6) o.temperature = temperature(rand);
  const mk = mask(rand, n, m);
  if (mk !== undefined) o.mask = mk;
  return o;
}

function attentionShape(o, defaultScale) {
  const n = o.n, m = o.m ?? o.n, dk = o.dk, dv = o.dv ?? o.dk;
  return {
    n, m, dk, dv, scale: o.scale ?? defaultScale ?? Math.fround(1 / Math.sqrt(dk)), T: o.temperature ?? 1,
    visible: visibleOf(o.mask, m),
  };
}

// Exact (float64) attention of plain dot-product options, with the scores' error scale.
function referenceAttention(o) {
  const { n, m, dk, dv, scale: s, T, visible } = attentionShape(o);
  const q = f32(o.q), kT = transpose(f32(o.k), m, dk), v = f32(o.v);
  const scores = product(q, kT, n, dk, m), mag = absProduct(q, kT, n, dk, m);
  const z = scores.map((x) => x * s);
  const weights = softmaxRows(z, n, m, T, visible);
  const output = product(weights, v, n, m, dv);
  const delta = rowDelta(mag, n, m, Math.abs(s), dk, visible);
  const lw = logSoftmaxRows(z, n, m, T, visible);
  return { scores, mag, weights, output, delta, v, lw, T, slack: (factor = 1) => weightSlack(lw, n, m, T, delta, factor) };
}

function attentionMagnitude(o) {
  const { n, m, dk, dv, scale: s } = attentionShape(o);
  const q = f32(o.q), kT = transpose(f32(o.k), m, dk);
  const top = maxAbs(absProduct(q, kT, n, dk, m));
  const r = referenceAttention(o);
  return Math.max(top, top * Math.abs(s), maxAbs(absProduct(Array.from(r.weights), f32(o.v).map(Math.abs), n, m, dv)));
}

// The widened bound of an output computed from weights that carry the scores' error:
// Σ_j (how far w_ij may be off) · |v_jc| plus the underflow floor.
function widenedOutputBound(r, n, m, dv, factor = 1) {
  const slack = r.slack(factor), bound = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dv; c++) {
      let b = factor * (m + 1) * TM;
      for (let j = 0; j < m; j++) b += (slack[i * m + j] + factor * 1e-5 * r.weights[i * m + j]) * Math.abs(r.v[j * dv + c]);
      bound[i * dv + c] = b;
    }
  }
  return bound;
}

function hull(what, output, v, n, m, dv, visible, slack) {
  for (let i = 0; i < n; i++) for (let c = 0; c < dv; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < m; j++) if (visible(i, j)) { lo = Math.min(lo, v[j * dv + c]); hi = Math.max(hi, v[j * dv + c]); }
    const got = output[i * dv + c];
    if (lo === Infinity) {
      if (got !== 0) return `${what}[${i}, ${c}] = ${got} in a row with every key hidden`;
      continue;
    }
    const s = slack[i * dv + c] + 1e-6 * Math.max(Math.abs(lo), Math.abs(hi));
    if (!(got >= lo - s && got <= hi + s)) return `${what}[${i}, ${c}] = ${got} is outside the hull [${lo}, ${hi}] ± ${s}`;
  }
  return null;
}

// Head h of a multiHead answer: float64 softmax(Q_h·K_hᵀ/√dh) from the reported q and k,
// and each row's bound on the float32 error of those scores.
function headSoftmax(x, h, n, m, d, dh, visible, factor = 1) {
  const s = Math.fround(1 / Math.sqrt(dh));
  const qh = columns(x.q, n, d, h * dh, dh), khT = transpose(columns(x.k, m, d, h * dh, dh), m, dh);
  const z = product(qh, khT, n, dh, m).map((v) => v * s);
  const delta = rowDelta(absProduct(qh, khT, n, dh, m), n, m, s, dh, visible);
  return { want: softmaxRows(z, n, m, 1, visible), slack: weightSlack(logSoftmaxRows(z, n, m, 1, visible), n, m, 1, delta, factor) };
}

// ---- attention backward ------------------------------------------------------------------------

// The float64 chain rule on the forward weights W the build reported, with the bounds of
// fuzz_attention_backward.cpp: dV = Wᵀ·dO, dS = (scale/T) W ⊙ (dO·Vᵀ − rowsum), dQ = dS·K, dK = dSᵀ·Q.
function chainedBackward(o, W) {
  const { n, m, dk, dv, scale: s, T } = attentionShape(o);
  const q = f32(o.q), k = f32(o.k), v = f32(o.v), dO = f32(o.dOutput);
  const factor = Math.abs(s / T), signed = s / T;
  const vT = transpose(v, m, dv);
  const dW = product(dO, vT, n, dv, m), dwSize = absProduct(dO, vT, n, dv, m);
  const dS = new Float64Array(n * m), dsErr = new Float64Array(n * m), dsAbs = new Float64Array(n * m);
  const floorDv = (dv + 1) * TM;
  for (let i = 0; i < n; i++) {
    let row = 0, rowSize = 0;
    for (let j = 0; j < m; j++) { row += W[i * m + j] * dW[i * m + j]; rowSize += W[i * m + j] * dwSize[i * m + j]; }
    for (let j = 0; j < m; j++) {
      dS[i * m + j] = signed * W[i * m + j] * (dW[i * m + j] - row);
      dsAbs[i * m + j] = Math.abs(dS[i * m + j]);
      dsErr[i * m + j] = factor * W[i * m + j] * (1e-5 * (dwSize[i * m + j] + rowSize) + 2 * floorDv) + 4 * TM;
    }
  }
  const WT = transpose(Array.from(W), n, m), dST = transpose(dS, n, m), dsErrT = transpose(dsErr, n, m);
  const kAbs = k.map(Math.abs), qAbs = q.map(Math.abs);
  const dvWant = product(WT, dO, m, n, dv), dvBound = absProduct(WT, dO, m, n, dv).map((x) => 1e-5 * x + (n + 1) * TM);
  const dqWant = product(dS, k, n, m, dk), dqErr = product(dsErr, kAbs, n, m, dk), dqSize = product(dsAbs, kAbs, n, m, dk);
  const dkWant = product(dST, q, m, n, dk), dkErr = product(dsErrT, qAbs, m, n, dk),
    dkSize = product(transpose(dsAbs, n, m), qAbs, m, n, dk);
  return {
    dv: dvWant, dvBound,
    dq: dqWant, dqBound: dqErr.map((x, i) => x + 1e-5 * dqSize[i] + (m + 1) * TM),
    dk: dkWant, dkBound: dkErr.map((x, i) => x + 1e-5 * dkSize[i] + (n + 1) * TM),
  };
}

function backwardMagnitude(o) {
  const { n, m, dk, dv, scale: s, T, visible } = attentionShape(o);
  const r = referenceAttention(o);
  const factor = Math.abs(s / T);
  const dO = f32(o.dOutput), v = f32(o.v);
  const dwSize = absProduct(dO, transpose(v, m, dv), n, dv, m);
  const dsSize = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < m; j++) row += r.weights[i * m + j] * dwSize[i * m + j];
    for (let j = 0; j < m; j++) dsSize[i * m + j] = factor * r.weights[i * m + j] * (dwSize[i * m + j] + row);
  }
  void visible;
  return Math.max(attentionMagnitude(o), maxAbs(dwSize), maxAbs(dsSize),
    maxAbs(product(dsSize, f32(o.k).map(Math.abs), n, m, dk)),
    maxAbs(product(transpose(dsSize, n, m), f32(o.q).map(Math.abs), m, n, dk)),
    maxAbs(absProduct(transpose(Array.from(r.weights), n, m), dO, m, n, dv)));
}

// ---- sparse and linear attention ---------------------------------------------------------------

function sparseVisible(o) {
  const window = o.window ?? 1, stride = o.stride ?? 0, causal = o.causal ?? false;
  const globals = new Set(Array.from(o.globals ?? []));
  return (i, j) => {
    if (causal && j > i) return false;
    return Math.abs(i - j) <= window || globals.has(i) || globals.has(j) || (stride > 0 && Math.abs(i - j) % stride === 0);
  };
}

function linearReference(o) {
  const n = o.n, m = o.m ?? o.n, dk = o.dk, dv = o.dv ?? o.dk, causal = o.causal ?? false;
  const phi = (x) => (x > 0 ? x + 1 : Math.exp(x));
  const Q = f32(o.q).map(phi), K = f32(o.k).map(phi), v = f32(o.v);
  const want = new Float64Array(n * dv), bound = new Float64Array(n * dv), tiny = [];
  let magnitude = 0;
  const colSum = new Float64Array(dk);
  for (let j = 0; j < m; j++) for (let l = 0; l < dk; l++) colSum[l] += K[j * dk + l];
  magnitude = Math.max(magnitude, maxAbs(colSum));
  const S = absProduct(transpose(K, m, dk), v.map(Math.abs), dk, m, dv);
  magnitude = Math.max(magnitude, maxAbs(S), maxAbs(product(Q, S, n, dk, dv)));
  for (let i = 0; i < n; i++) {
    const a = new Float64Array(m);
    let den = 0, qSum = 0, full = 0;
    for (let l = 0; l < dk; l++) { qSum += Q[i * dk + l]; full += Q[i * dk + l] * colSum[l]; }
    for (let j = 0; j < (causal ? Math.min(i + 1, m) : m); j++) {
      let s = 0;
      for (let l = 0; l < dk; l++) s += Q[i * dk + l] * K[j * dk + l];
      a[j] = s;
      den += s;
      magnitude = Math.max(magnitude, s);
    }
    magnitude = Math.max(magnitude, full);
    // Known limitation (docs/RELIABILITY.md): a row whose denominator is below 2^-100, or whose
    // output leans on a key of weight below 2^-100 (its features deep in exp's underflow, held
    // by float32 with few digits), is not checked.
    let lean = false;
    for (let c = 0; c < dv && !lean; c++) {
      let b = 0, small = 0;
      for (let j = 0; j < m; j++) {
        const part = a[j] / den * Math.abs(v[j * dv + c]);
        b += part;
        if (a[j] / den < 2 ** -100) small += part;
      }
      lean = small > 1e-6 * b;
    }
    tiny.push(!(den >= 2 ** -100) || lean);
    for (let c = 0; c < dv; c++) {
      let w = 0, b = 0;
      for (let j = 0; j < m; j++) { w += a[j] / den * v[j * dv + c]; b += a[j] / den * Math.abs(v[j * dv + c]); }
      want[i * dv + c] = w;
      bound[i * dv + c] = 1e-5 * b + (m + dk + 1) * TM * (1 + qSum / full);
      magnitude = Math.max(magnitude, b);
    }
  }
  return { want, bound, tiny, magnitude, dv };
}

// ---- the trainer -------------------------------------------------------------------------------

function trainerOptionsDraw(rand) {
  const o = { task: pick(rand, ['copy', 'previous', 'reverse', 'max']) };
  if (rand() < 0.7) o.length = rand() < 0.9 ? int(rand, 2, 8) : pick(rand, [2, 16]);
  if (rand() < 0.7) o.vocab = rand() < 0.9 ? int(rand, 2, 12) : pick(rand, [2, 64]);
  if (rand() < 0.7) o.dModel = rand() < 0.9 ? int(rand, 4, 12) : pick(rand, [4, 64]);
  if (rand() < 0.7) o.positions = pick(rand, ['learned', 'sinusoidal', 'none']);
  if (rand() < 0.8) o.seed = pick(rand, [0, 1, 2 ** 32 - 1, int(rand, 0, 2 ** 32 - 1)]);
  o.batch = rand() < 0.9 ? int(rand, 1, 8) : pick(rand, [1, 32]);
  if (rand() < 0.7) o.lr = pick(rand, [0.01, 0.1, 1, 1e-4, Math.fround(1e-30), 1e30, F32_MAX]);
  return o;
}

function trainerRun(o, count, tokens) {
  return (core) => {
    const live = core.trainersLive();
    const a = core.createTrainer(o);
    let b = null;
    try {
      b = core.createTrainer(o);
      const p0 = a.parameters();
      const ev0 = a.evaluate(tokens(a.options));
      const first = a.step(1), firstB = b.step(1);
      let last = first, lastB = firstB;
      if (count > 1) {
        last = a.step(count - 1);
        for (let s = 1; s < count; s++) lastB = b.step(1);
      }
      const result = {
        options: a.options, p0, ev0, first, firstB, last, lastB, pA: a.parameters(), pB: b.parameters(),
      };
      a.dispose();
      a.dispose(); // twice is harmless
      b.dispose();
      let afterDispose = 'returned';
      try { a.step(1); } catch (error) { afterDispose = `${error.constructor.name}: ${error.message}`; }
      result.afterDispose = afterDispose;
      result.disposed = a.disposed && b.disposed;
      result.liveDelta = core.trainersLive() - live;
      return result;
    } finally {
      a.dispose();
      b?.dispose();
    }
  };
}

function trainerEvaluateCheck(what, ev, params, options, tokens, other = null, factor = 1) {
  const { length: L, dModel: d, vocab } = options;
  const h = new Float64Array(L * d);
  for (let i = 0; i < L; i++) for (let j = 0; j < d; j++) {
    h[i * d + j] = params.embed[tokens[i] * d + j] + (params.pos.length ? params.pos[i * d + j] : 0);
  }
  const Q = product(h, params.wq, L, d, d), K = product(h, params.wk, L, d, d);
  const z = product(Q, transpose(K, L, d), L, d, L).map((x) => x / Math.sqrt(d));
  const want = other ?? softmaxRows(z, L, L, 1, () => true);
  // the scores' float32 error: 3e-5 · Σ (|h||W_Q|)(|h||W_K|) / √d (as in fuzz_trainer.cpp)
  const hAbs = h.map(Math.abs);
  const size = absProduct(absProduct(hAbs, params.wq, L, d, d), transpose(absProduct(hAbs, params.wk, L, d, d), L, d), L, d, L)
    .map((x) => x / Math.sqrt(d));
  const delta = Array.from({ length: L }, (_, i) => 3e-5 * maxAbs(size.subarray(i * L, i * L + L)));
  const problem = checkWeights(what, ev.weights, L, L, () => true) ??
    within(what, ev.weights, want, (i) => factor * (want[i] * ((1 + 1e-5) * Math.exp(2 * factor * delta[Math.floor(i / L)]) - 1) + 1e-7));
  if (problem) return problem;
  for (const p of ev.predicted) if (!(p >= 0 && p < vocab)) return `${what}: predicted token ${p} outside [0, ${vocab})`;
  return null;
}

const PARAMETER_NAMES = ['wq', 'wk', 'wv', 'wo', 'embed', 'pos', 'unembed'];
const sameParameters = (a, b) => PARAMETER_NAMES.every((name) => sameBits(a[name], b[name]));
const finiteParameters = (p) => PARAMETER_NAMES.every((name) => p[name].every(Number.isFinite));
const sameStep = (a, b) => Object.is(a.loss, b.loss) && a.accuracy === b.accuracy && a.step === b.step;
const fixedTokens = (seed) => (options) => Array.from({ length: options.length }, (_, i) => (seed + 7 * i) % options.vocab);

// ---- the methods -------------------------------------------------------------------------------

export const METHODS = {
  scores: {
    method: 'scores',
    valid: (rand) => [scoreOptions(rand, pick(rand, KINDS))],
    ref: (call) => memo(call, '_ref', () => referenceScores(call.args[0])),
    compare(call, x, y) {
      const r = this.ref(call);
      return within('scores', x, y, (i) => 2 * (1e-5 * r.magnitude[i] + r.floor[i]));
    },
    invariants(call, x) {
      return checkScores('scores', x, this.ref(call), scoreShape(call.args[0]).kind);
    },
    magnitude(call) {
      const r = this.ref(call);
      return scoreShape(call.args[0]).kind === 'cosine' ? 0 : Math.max(maxAbs(r.magnitude), r.inner);
    },
    refused: (call) => cosineRefused(call.args[0]),
  },

  attentionKind: {
    method: 'attention',
    valid(rand) {
      const kind = pick(rand, KINDS);
      const o = scoreOptions(rand, kind);
      o.kind = kind;
      const { n, m, dk } = scoreShape(o);
      const dv = coin(rand) ? dk : dim(rand, 16);
      o.v = values(rand, m * dv);
      if (dv !== dk || rand() < 0.3) o.dv = dv;
      const s = kind === 'dot' ? scale(rand, dk) : pick(rand, [undefined, undefined, 1, 0.5, -2, 0, signedPower(rand, -20, 20)]);
      if (s !== undefined) o.scale = s;
      if (rand() < 0.6) o.temperature = temperature(rand);
      const mk = mask(rand, n, m);
      if (mk !== undefined) o.mask = mk;
      return [o];
    },
    ref: (call) => memo(call, '_ref', () => referenceScores(call.args[0])),
    shape: (call) => attentionShape(call.args[0], scoreShape(call.args[0]).kind === 'dot' ? undefined : 1),
    compare(call, x, y) {
      const r = this.ref(call), { n, m, dv, scale: s } = this.shape(call);
      const v = f32(call.args[0].v);
      const terms = () => absProduct(Array.from(x.weights), v.map(Math.abs), n, m, dv);
      return within('scores', x.scores, y.scores, (i) => 2 * (1e-5 * r.magnitude[i] + r.floor[i])) ??
        within('scaled', x.scaled, y.scaled, (i) => 2 * Math.abs(s) * (1e-5 * r.magnitude[i] + r.floor[i]) + 2 * TM) ??
        (sameBits(x.scaled, y.scaled) ? within('weights', x.weights, y.weights, (i) => 2e-5 * Math.max(x.weights[i], y.weights[i]) + 2e-30) : null) ??
        (sameBits(x.weights, y.weights) ? ((t) => within('output', x.output, y.output, (i) => 2e-5 * t[i] + 2 * (m + 1) * TM))(terms()) : null);
    },
    invariants(call, x) {
      const r = this.ref(call), { n, m, dv, scale: s, T, visible } = this.shape(call);
      const kind = scoreShape(call.args[0]).kind;
      const scores = Array.from(x.scores);
      return checkScores('scores', x.scores, r, kind) ??
        within('scaled', x.scaled, scores.map((v) => v * s), (i) => 1e-6 * Math.abs(scores[i] * s) + TM) ??
        checkWeights('weights', x.weights, n, m, visible) ??
        chainedSoftmax('weights', x.weights, Array.from(x.scaled), n, m, T, visible) ??
        chainedOutput('output', x.output, x.weights, f32(call.args[0].v), n, m, dv, visible);
    },
    magnitude(call) {
      const r = this.ref(call), { n, m, dv, scale: s, T, visible } = this.shape(call);
      const kind = scoreShape(call.args[0]).kind;
      const top = kind === 'cosine' ? 1 : Math.max(maxAbs(r.magnitude), r.inner);
      const w = softmaxRows(r.value.map((x) => x * s), n, m, T, visible);
      return Math.max(top, top * Math.abs(s), maxAbs(absProduct(Array.from(w), f32(call.args[0].v).map(Math.abs), n, m, dv)));
    },
    refused: (call) => cosineRefused(call.args[0]),
  },

  attentionOutputs: {
    method: 'attention',
    valid(rand) {
      const o = attentionOptions(rand, rand() < 0.2 ? { m: int(rand, 60, 150) } : {});
      o.outputs = pick(rand, [['output'], ['output'], ['weights'], ['scores', 'output'], ['output', 'weights', 'scaled', 'scores'], ['scaled']]);
      return [o];
    },
    ref: (call) => memo(call, '_ref', () => referenceAttention(call.args[0])),
    compare(call, x, y) {
      const o = call.args[0], r = this.ref(call), { n, m, dk, dv, scale: s, T, visible } = attentionShape(o);
      const floor = (dk + 1) * TM;
      let problem = null;
      if (o.outputs.includes('scores')) problem ??= within('scores', x.scores, y.scores, (i) => 2e-5 * r.mag[i] + 2 * floor);
      if (o.outputs.includes('scaled')) problem ??= within('scaled', x.scaled, y.scaled, (i) => Math.abs(s) * (2e-5 * r.mag[i] + 2 * floor) + 2 * TM);
      if (o.outputs.includes('weights')) problem ??= widenedWeights('weights (simd vs baseline)', x.weights, Array.from(y.weights), r.slack(2), n, m, visible);
      if (o.outputs.includes('output')) {
        const bound = widenedOutputBound(r, n, m, dv, 2);
        problem ??= within('output', x.output, y.output, (i) => bound[i]);
      }
      return problem;
    },
    invariants(call, x) {
      const o = call.args[0], r = this.ref(call), { n, m, dk, dv, scale: s, T, visible } = attentionShape(o);
      const keys = Object.keys(x).sort().join(','), want = [...o.outputs].sort().join(',');
      if (keys !== want) return `outputs ${want} returned ${keys}`;
      const floor = (dk + 1) * TM;
      let problem = null;
      if (x.scores) problem ??= within('scores', x.scores, r.scores, (i) => 1e-5 * r.mag[i] + floor);
      if (x.scaled) problem ??= within('scaled', x.scaled, r.scores.map((v) => v * s), (i) => Math.abs(s) * (1e-5 * r.mag[i] + floor) + TM);
      if (x.weights) problem ??= widenedWeights('weights', x.weights, r.weights, r.slack(), n, m, visible);
      if (x.output) {
        const bound = widenedOutputBound(r, n, m, dv);
        problem ??= within('output', x.output, r.output, (i) => bound[i]) ?? hull('output', x.output, r.v, n, m, dv, visible, bound);
      }
      return problem;
    },
    magnitude: (call) => attentionMagnitude(call.args[0]),
  },

  multiHead: {
    method: 'multiHead',
    valid(rand) {
      const heads = pick(rand, [1, 1, 2, 2, 4, int(rand, 1, 8)]);
      const d = heads * dim(rand, 6), n = dim(rand), cross = coin(rand);
      const m = cross ? dim(rand) : n;
      const o = { x: values(rand, n * d), n, dModel: d, heads };
      for (const w of ['wq', 'wk', 'wv', 'wo']) o[w] = values(rand, d * d);
      if (cross) {
        o.source = values(rand, m * d);
        if (coin(rand)) o.m = m;
      } else if (rand() < 0.2) {
        o.m = n;
      }
      const mk = mask(rand, n, m);
      if (mk !== undefined) o.mask = mk;
      return [o];
    },
    shape(call) {
      const o = call.args[0], d = o.dModel, n = o.n, m = o.source ? o.source.length / d : n;
      return { d, n, m, heads: o.heads, dh: d / o.heads, visible: visibleOf(o.mask, m) };
    },
    compare(call, x, y) {
      const o = call.args[0], { d, n, m, heads, dh, visible } = this.shape(call);
      const X = f32(o.x), S = o.source ? f32(o.source) : X;
      const floor = 2 * (d + 1) * TM;
      const bound = (a, w, rows) => { const t = absProduct(a, f32(w), rows, d, d); return (i) => 2e-5 * t[i] + floor; };
      let problem = within('q', x.q, y.q, bound(X, o.wq, n)) ?? within('k', x.k, y.k, bound(S, o.wk, m)) ??
        within('v', x.v, y.v, bound(S, o.wv, m));
      if (problem) return problem;
      if (sameBits(x.q, y.q) && sameBits(x.k, y.k)) {
        for (let h = 0; h < heads && !problem; h++) {
          const { slack } = headSoftmax(x, h, n, m, d, dh, visible, 2);
          problem = widenedWeights(`weights of head ${h} (simd vs baseline)`, x.weights.subarray(h * n * m, (h + 1) * n * m),
            Array.from(y.weights.subarray(h * n * m, (h + 1) * n * m)), slack, n, m, visible);
        }
      }
      if (problem) return problem;
      if (sameBits(x.weights, y.weights) && sameBits(x.v, y.v)) {
        problem = within('concat', x.concat, y.concat, (i) => {
          const r = Math.floor(i / d), c = i % d, h = Math.floor(c / dh);
          let t = 0;
          for (let j = 0; j < m; j++) t += x.weights[h * n * m + r * m + j] * Math.abs(x.v[j * d + c]);
          return 2e-5 * t + 2 * (m + 1) * TM;
        });
      }
      if (problem) return problem;
      if (sameBits(x.concat, y.concat)) problem = within('output', x.output, y.output, bound(Array.from(x.concat), o.wo, n));
      return problem;
    },
    invariants(call, x) {
      const o = call.args[0], { d, n, m, heads, dh, visible } = this.shape(call);
      const X = f32(o.x), S = o.source ? f32(o.source) : X;
      const floor = (d + 1) * TM;
      const project = (what, got, a, w, rows) => {
        const t = absProduct(a, f32(w), rows, d, d), want = product(a, f32(w), rows, d, d);
        return within(what, got, want, (i) => 1e-5 * t[i] + floor);
      };
      let problem = project('q', x.q, X, o.wq, n) ?? project('k', x.k, S, o.wk, m) ?? project('v', x.v, S, o.wv, m);
      for (let h = 0; h < heads && !problem; h++) {
        const w = x.weights.subarray(h * n * m, (h + 1) * n * m);
        const { want, slack } = headSoftmax(x, h, n, m, d, dh, visible);
        problem = widenedWeights(`weights of head ${h}`, w, want, slack, n, m, visible) ??
          chainedOutput(`concat (head ${h})`, columns(x.concat, n, d, h * dh, dh), w, columns(x.v, m, d, h * dh, dh), n, m, dh, visible);
      }
      if (problem) return problem;
      return project('output', x.output, Array.from(x.concat), o.wo, n);
    },
    magnitude(call) {
      const o = call.args[0], { d, n, m, heads, dh } = this.shape(call);
      const X = f32(o.x), S = o.source ? f32(o.source) : X;
      const Q = product(X, f32(o.wq), n, d, d), K = product(S, f32(o.wk), m, d, d);
      let top = Math.max(maxAbs(absProduct(X, f32(o.wq), n, d, d)), maxAbs(absProduct(S, f32(o.wk), m, d, d)),
        maxAbs(absProduct(S, f32(o.wv), m, d, d)));
      for (let h = 0; h < heads; h++) {
        top = Math.max(top, maxAbs(absProduct(columns(Q, n, d, h * dh, dh), transpose(columns(K, m, d, h * dh, dh), m, dh), n, dh, m)));
      }
      // concat is a mean of V's columns: |concat| ≤ max |V|
      const vMax = maxAbs(absProduct(S, f32(o.wv), m, d, d));
      const wo = f32(o.wo);
      for (let c = 0; c < d; c++) { let s = 0; for (let l = 0; l < d; l++) s += vMax * Math.abs(wo[l * d + c]); top = Math.max(top, s); }
      return top;
    },
  },

  positionalEncoding: {
    method: 'positionalEncoding',
    valid(rand) {
      if (rand() < 0.1) return [{ n: int(rand, 100, 3000), d: int(rand, 1, 8) }];
      return [{ n: dim(rand, 70), d: dim(rand, 70) }];
    },
    ref(call) {
      return memo(call, '_ref', () => {
        const { n, d } = call.args[0];
        const out = new Float64Array(n * d);
        for (let p = 0; p < n; p++) for (let i = 0; 2 * i < d; i++) {
          const angle = p / 10000 ** ((2 * i) / d);
          out[p * d + 2 * i] = Math.sin(angle);
          if (2 * i + 1 < d) out[p * d + 2 * i + 1] = Math.cos(angle);
        }
        return out;
      });
    },
    compare: (call, x, y) => within('positionalEncoding', x, y, (i) => 2e-7 * Math.abs(x[i]) + 2e-9),
    invariants(call, x) {
      const want = this.ref(call);
      const problem = within('positionalEncoding', x, want, (i) => 1e-7 * Math.abs(want[i]) + 1e-9);
      if (problem) return problem;
      for (let j = 0; j < call.args[0].d; j++) if (x[j] !== (j % 2 ? 1 : 0)) return `row 0, column ${j} = ${x[j]}`;
      return null;
    },
    magnitude: () => 0,
  },

  sparseAttention: {
    method: 'sparseAttention',
    valid(rand) {
      const n = dim(rand, 24), dk = dim(rand, 16), dv = coin(rand) ? dk : dim(rand, 16);
      const o = { q: values(rand, n * dk), k: values(rand, n * dk), v: values(rand, n * dv), n, dk };
      if (dv !== dk || rand() < 0.3) o.dv = dv;
      const w = pick(rand, [undefined, 0, 1, 2, int(rand, 0, n), n + 5]);
      if (w !== undefined) o.window = w;
      const st = pick(rand, [undefined, undefined, 0, int(rand, 1, n + 1)]);
      if (st !== undefined) o.stride = st;
      if (coin(rand)) {
        const count = int(rand, 0, Math.min(3, n));
        const all = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
        o.globals = all.slice(0, count);
      }
      const causal = pick(rand, [undefined, true, false]);
      if (causal !== undefined) o.causal = causal;
      const s = scale(rand, dk);
      if (s !== undefined) o.scale = s;
      if (rand() < 0.6) o.temperature = temperature(rand);
      return [o];
    },
    ref(call) {
      return memo(call, '_ref', () => {
        const o = call.args[0];
        const dense = { ...o, m: o.n, mask: undefined };
        // attention with the pattern as the mask
        const visible = sparseVisible(o);
        const pattern = new Uint8Array(o.n * o.n);
        for (let i = 0; i < o.n; i++) for (let j = 0; j < o.n; j++) pattern[i * o.n + j] = visible(i, j) ? 1 : 0;
        return { ...referenceAttention({ ...dense, mask: pattern }), visible };
      });
    },
    dense(x, n) {
      const w = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let e = x.rowStart[i]; e < x.rowStart[i + 1]; e++) w[i * n + x.cols[e]] = x.weights[e];
      return w;
    },
    compare(call, x, y) {
      const o = call.args[0], n = o.n, dv = o.dv ?? o.dk, r = this.ref(call);
      if (!sameBits(new Float32Array(x.rowStart.buffer), new Float32Array(y.rowStart.buffer)) ||
          !sameBits(new Float32Array(x.cols.buffer), new Float32Array(y.cols.buffer))) return 'the CSR patterns differ';
      const bound = widenedOutputBound(r, n, n, dv, 2);
      return widenedWeights('weights (simd vs baseline)', this.dense(x, n), this.dense(y, n), r.slack(2), n, n, r.visible) ??
        within('output', x.output, y.output, (i) => bound[i]);
    },
    invariants(call, x) {
      const o = call.args[0], n = o.n, dv = o.dv ?? o.dk, r = this.ref(call);
      if (x.rowStart.length !== n + 1 || x.rowStart[0] !== 0 || x.rowStart[n] !== x.cols.length || x.weights.length !== x.cols.length) {
        return `CSR sizes: rowStart ${x.rowStart.length}, cols ${x.cols.length}, weights ${x.weights.length}`;
      }
      for (let i = 0; i < n; i++) {
        const want = [];
        for (let j = 0; j < n; j++) if (r.visible(i, j)) want.push(j);
        const got = Array.from(x.cols.subarray(x.rowStart[i], x.rowStart[i + 1]));
        if (got.join() !== want.join()) return `row ${i} holds keys ${got.join()} instead of ${want.join()}`;
      }
      const bound = widenedOutputBound(r, n, n, dv);
      return widenedWeights('weights', this.dense(x, n), r.weights, r.slack(), n, n, r.visible) ??
        within('output', x.output, r.output, (i) => bound[i]) ?? hull('output', x.output, r.v, n, n, dv, r.visible, bound);
    },
    magnitude(call) {
      const o = call.args[0], r = this.ref(call), dv = o.dv ?? o.dk;
      const s = Math.abs(o.scale ?? Math.fround(1 / Math.sqrt(o.dk)));
      const top = maxAbs(r.mag);
      return Math.max(top, top * s, maxAbs(absProduct(Array.from(r.weights), r.v.map(Math.abs), o.n, o.n, dv)));
    },
  },

  linearAttention: {
    method: 'linearAttention',
    valid(rand) {
      const causal = pick(rand, [undefined, false, true]);
      const n = dim(rand), m = causal || coin(rand) ? n : dim(rand), dk = dim(rand, 16), dv = coin(rand) ? dk : dim(rand, 16);
      const o = { q: values(rand, n * dk), k: values(rand, m * dk), v: values(rand, m * dv), n, dk };
      if (m !== n || rand() < 0.3) o.m = m;
      if (dv !== dk || rand() < 0.3) o.dv = dv;
      if (causal !== undefined) o.causal = causal;
      return [o];
    },
    ref: (call) => memo(call, '_ref', () => linearReference(call.args[0])),
    compare(call, x, y) {
      const r = this.ref(call);
      return within('output', x.output, y.output, (i) => (r.tiny[Math.floor(i / r.dv)] ? Infinity : 2 * r.bound[i]));
    },
    invariants(call, x) {
      const r = this.ref(call);
      const want = r.want.map((w, i) => (r.tiny[Math.floor(i / r.dv)] ? x.output[i] : w));
      return within('output', x.output, want, (i) => (r.tiny[Math.floor(i / r.dv)] ? Infinity : r.bound[i]));
    },
    magnitude: (call) => { const r = linearReference(call.args[0]); return r.tiny.some(Boolean) ? Infinity : r.magnitude; },
  },

  softmaxJacobian: {
    method: 'softmaxJacobian',
    valid(rand) {
      const x = values(rand, dim(rand, 24));
      return coin(rand) ? [x] : [x, { temperature: temperature(rand) }];
    },
    ref(call) {
      return memo(call, '_ref', () => {
        const x = f32(call.args[0]), T = call.args[1]?.temperature ?? 1, len = x.length;
        const p = softmaxRows(x, 1, len, T, () => true);
        const J = new Float64Array(len * len), bound = new Float64Array(len * len);
        for (let i = 0; i < len; i++) {
          let rest = 0;
          for (let j = 0; j < len; j++) if (j !== i) rest += p[j];
          for (let j = 0; j < len; j++) {
            J[i * len + j] = (i === j ? p[i] * rest : -p[i] * p[j]) / T;
            bound[i * len + j] = 2e-5 * Math.abs(J[i * len + j]) + 1e-30 * (p[i] + p[j] + (i === j ? 1 : 0) + 1e-30) / T + 1e-30;
          }
        }
        return { J, bound };
      });
    },
    compare(call, x, y) { const r = this.ref(call); return within('jacobian', x, y, (i) => 2 * r.bound[i]); },
    invariants(call, x) { const r = this.ref(call); return within('jacobian', x, r.J, (i) => r.bound[i]); },
    magnitude(call) { return maxAbs(this.ref(call).J); },
  },

  softmaxNaive: {
    method: 'softmax',
    valid(rand) {
      const x = values(rand, dim(rand, 40));
      const o = { naive: true };
      if (coin(rand)) o.temperature = temperature(rand);
      return [x, o];
    },
    inRange(call) {
      const T = call.args[1].temperature ?? 1;
      return f32(call.args[0]).every((x) => x / T >= -80 && x / T <= 88);
    },
    compare(call, x, y) {
      return this.inRange(call) ? within('softmax naive', x, y, (i) => 2e-5 * Math.max(x[i], y[i]) + 2e-9) : null;
    },
    invariants(call, x) {
      if (!this.inRange(call)) return null; // may hold ±Infinity or NaN by design
      const want = softmaxRows(f32(call.args[0]), 1, x.length, call.args[1].temperature ?? 1, () => true);
      return within('softmax naive', x, want, (i) => 1e-5 * want[i] + 1e-9);
    },
    magnitude: () => 0,
  },

  attentionBackward: {
    method: 'attentionBackward',
    valid(rand) {
      const o = attentionOptions(rand);
      o.dOutput = values(rand, o.n * (o.dv ?? o.dk));
      const { dOutput, ...forward } = o;
      void dOutput;
      return { args: [o], invoke: (core) => ({ grads: core.attentionBackward(o), weights: core.attention(forward).weights }) };
    },
    compare(call, x, y) {
      if (!sameBits(x.weights, y.weights)) return null; // each held to its own chain by invariants()
      const r = chainedBackward(call.args[0], Array.from(x.weights));
      return within('dv', x.grads.dv, y.grads.dv, (i) => 2 * r.dvBound[i]) ??
        within('dq', x.grads.dq, y.grads.dq, (i) => 2 * r.dqBound[i]) ??
        within('dk', x.grads.dk, y.grads.dk, (i) => 2 * r.dkBound[i]);
    },
    invariants(call, x) {
      const o = call.args[0], { n, m, dk, dv, visible } = attentionShape(o);
      const r = chainedBackward(o, Array.from(x.weights));
      const problem = within('dv', x.grads.dv, r.dv, (i) => r.dvBound[i]) ??
        within('dq', x.grads.dq, r.dq, (i) => r.dqBound[i]) ?? within('dk', x.grads.dk, r.dk, (i) => r.dkBound[i]);
      if (problem) return problem;
      for (let i = 0; i < n; i++) {
        let any = false;
        for (let j = 0; j < m; j++) any ||= visible(i, j);
        if (!any) for (let l = 0; l < dk; l++) if (x.grads.dq[i * dk + l] !== 0) return `dq row ${i} (every key hidden) is not 0`;
      }
      for (let j = 0; j < m; j++) {
        let seen = false;
        for (let i = 0; i < n; i++) seen ||= visible(i, j);
        if (seen) continue;
        for (let l = 0; l < dk; l++) if (x.grads.dk[j * dk + l] !== 0) return `dk row ${j} (a key no query sees) is not 0`;
        for (let l = 0; l < dv; l++) if (x.grads.dv[j * dv + l] !== 0) return `dv row ${j} (a key no query sees) is not 0`;
      }
      return null;
    },
    magnitude: (call) => backwardMagnitude(call.args[0]),
  },

  trainer: {
    method: 'createTrainer',
    valid(rand) {
      const o = trainerOptionsDraw(rand), count = int(rand, 1, 3), seed = int(rand, 0, 1000);
      return { args: [o, { count, tokens: seed }], invoke: trainerRun(o, count, fixedTokens(seed)) };
    },
    compare(call, x, y) {
      const rows = x.options.batch * x.options.length;
      if (!sameParameters(x.p0, y.p0)) return 'the initial parameters differ between builds (one seed)';
      // each build is held to the float64 softmax by invariants(); here both within twice that bound
      const problem = trainerEvaluateCheck('evaluate weights (simd vs baseline)', x.ev0, x.p0, x.options,
        fixedTokens(call.args[1].tokens)(x.options), y.ev0.weights, 2);
      if (problem) return problem;
      if (!(Math.abs(x.first.loss - y.first.loss) <= 1e-4 * Math.abs(y.first.loss))) {
        return `first step's loss ${x.first.loss} vs ${y.first.loss}`;
      }
      if (!(Math.abs(x.first.accuracy - y.first.accuracy) <= 1 / rows + 1e-12)) {
        return `first step's accuracy ${x.first.accuracy} vs ${y.first.accuracy}`;
      }
      return null;
    },
    invariants(call, x) {
      const count = call.args[1].count;
      if (!sameStep(x.first, x.firstB) || !sameStep(x.last, x.lastB)) return 'one seed, two trainers: the losses differ';
      if (!sameParameters(x.pA, x.pB)) return 'one seed, stepped at once or one by one: the parameters differ';
      for (const r of [x.first, x.last]) {
        if (!(Number.isFinite(r.loss) && r.loss >= 0)) return `loss ${r.loss}`;
        if (!(r.accuracy >= 0 && r.accuracy <= 1)) return `accuracy ${r.accuracy}`;
      }
      if (x.last.step !== count) return `step count ${x.last.step}, want ${count}`;
      if (!finiteParameters(x.pA)) return 'a step returned but left non-finite parameters';
      if (!finiteParameters(x.p0)) return 'the initial parameters are not finite';
      const problem = trainerEvaluateCheck('evaluate weights', x.ev0, x.p0, x.options, fixedTokens(call.args[1].tokens)(x.options));
      if (problem) return problem;
      if (!x.disposed || x.liveDelta !== 0) return `after dispose: disposed ${x.disposed}, trainersLive() moved by ${x.liveDelta}`;
      if (!x.afterDispose.startsWith('Error: trainer.step:')) return `step after dispose: ${x.afterDispose}`;
      return null;
    },
    // lr of 10 or more may diverge within three steps: its overflow is then legitimate
    magnitude: (call) => ((call.args[0].lr ?? 0.01) >= 10 ? Infinity : 0),
  },
};

// ---- bad calls of these methods ---------------------------------------------------------------

const scoreBase = (r, kind) => scoreOptions(r, kind ?? pick(r, KINDS));
// attention by kind, without a zero row for cosine (that error would come first)
const kindBase = (r) => {
  let o;
  do o = METHODS.attentionKind.valid(r)[0]; while (cosineRefused(o));
  return o;
};
const mhBase = (r) => METHODS.multiHead.valid(r)[0];
const bwBase = (r) => {
  const o = attentionOptions(r);
  return { ...o, dOutput: values(r, o.n * (o.dv ?? o.dk)) };
};
const withNaN = (x, r) => { const y = Float32Array.from(x); y[int(r, 0, y.length - 1)] = NaN; return y; };
const trainerBad = (options, then) => (r) => {
  const o = { task: 'copy', length: 4, vocab: 5, dModel: 8, batch: 2, ...options };
  return {
    args: [o],
    invoke: (core) => {
      const t = core.createTrainer(o);
      try { return then ? then(t, r) : t; } finally { t.dispose(); }
    },
  };
};

export const BAD_KINDS_MORE = {
  'scores: unknown kind': [RangeError, 'kind', (r) => [{ ...scoreBase(r, 'dot'), kind: 'sine' }]],
  'scores: kind a number': [TypeError, 'kind', (r) => [{ ...scoreBase(r, 'dot'), kind: 2 }]],
  'scores: dq ≠ dk for dot': [RangeError, 'dq', (r) => { const o = scoreBase(r, 'dot'); return [{ ...o, kind: 'dot', dq: o.dk + 1, q: values(r, o.n * (o.dk + 1)) }]; }],
  'scores: w with cosine': [RangeError, 'w', (r) => { const o = scoreBase(r, 'cosine'); return [{ ...o, kind: 'cosine', w: values(r, o.dk * o.dk) }]; }],
  'scores: bilinear without w': [TypeError, 'w', (r) => { const { w, ...o } = scoreBase(r, 'bilinear'); void w; return [o]; }],
  'scores: additive u too short': [RangeError, 'u', (r) => { const o = scoreBase(r, 'additive'); return [{ ...o, dh: o.u.length, u: Array.from(o.u).slice(1) }]; }],
  'scores: dh with cosine': [RangeError, 'dh', (r) => [{ ...scoreBase(r, 'cosine'), kind: 'cosine', dh: 3 }]],
  'scores: NaN in wk': [RangeError, 'wk', (r) => { const o = scoreBase(r, 'additive'); return [{ ...o, wk: withNaN(o.wk, r) }]; }],
  'scores: cosine zero row of k': [RangeError, 'k', (r) => { const o = scoreBase(r, 'cosine'); const k = Float32Array.from(o.k).fill(1); k.fill(0, 0, o.dk); return [{ ...o, kind: 'cosine', q: Float32Array.from(o.q).fill(1), k }]; }],
  'scores: additive wq · q overflows': [RangeError, 'scores', () => [{ kind: 'additive', q: [3e38, 3e38], k: [1, 1], n: 1, dk: 2, wq: [3e38, 3e38], wk: [1, 1], u: [1] }]],
  'attention: kind with v too short': [RangeError, 'v', (r) => { const o = kindBase(r); return [{ ...o, v: Array.from(o.v).slice(1) }]; }],
  'attention: kind with temperature 0': [RangeError, 'temperature', (r) => [{ ...kindBase(r), temperature: 0 }]],
  'attention: kind with mask value 3': [RangeError, 'mask', (r) => { const o = kindBase(r); const { n, m } = scoreShape(o); const mk = new Uint8Array(n * m).fill(1); mk[int(r, 0, mk.length - 1)] = 3; return [{ ...o, mask: mk }]; }],
  'attention: outputs empty': [RangeError, 'outputs', (r) => [{ ...attentionOptions(r), outputs: [] }]],
  'attention: outputs unknown name': [RangeError, 'outputs', (r) => [{ ...attentionOptions(r), outputs: ['output', 'logits'] }]],
  'attention: outputs a string': [TypeError, 'outputs', (r) => [{ ...attentionOptions(r), outputs: 'output' }]],
  'attention: outputs repeated': [RangeError, 'outputs', (r) => [{ ...attentionOptions(r), outputs: ['output', 'output'] }]],
  'attention: tiled with NaN in q': [RangeError, 'q', (r) => { const o = attentionOptions(r); return [{ ...o, q: withNaN(o.q, r), outputs: ['output'] }]; }],
  'multiHead: heads do not divide dModel': [RangeError, 'heads', (r) => { const o = mhBase(r); return [{ ...o, heads: o.dModel + 1 }]; }],
  'multiHead: m ≠ n without source': [RangeError, 'm', (r) => { const { source, ...o } = mhBase(r); void source; return [{ ...o, m: o.n + 1 }]; }],
  'multiHead: source not a multiple of dModel': [RangeError, 'source', (r) => {
    let o;
    do o = mhBase(r); while (o.dModel < 2); // every length is a multiple of 1
    const { m, ...rest } = o;
    void m;
    return [{ ...rest, source: values(r, o.dModel * 2 + 1) }];
  }],
  'multiHead: wo too short': [RangeError, 'wo', (r) => { const o = mhBase(r); return [{ ...o, wo: Array.from(o.wo).slice(1) }]; }],
  'multiHead: NaN in x': [RangeError, 'x', (r) => { const o = mhBase(r); return [{ ...o, x: withNaN(o.x, r) }]; }],
  'multiHead: heads = 0': [RangeError, 'heads', (r) => [{ ...mhBase(r), heads: 0 }]],
  'multiHead: x · wq overflows': [RangeError, 'q', () => [{ x: [3e38, 3e38], n: 1, dModel: 2, heads: 1, wq: [3e38, 0, 3e38, 0], wk: [1, 0, 0, 1], wv: [1, 0, 0, 1], wo: [1, 0, 0, 1] }]],
  'positionalEncoding: n = 0': [RangeError, 'n', () => [{ n: 0, d: 4 }]],
  'positionalEncoding: d = 1.5': [RangeError, 'd', () => [{ n: 4, d: 1.5 }]],
  // n or d alone past 2^24 is refused naming it, before the product is looked at
  'positionalEncoding: n × d too large': [RangeError, ['n × d', 'n', 'd'], (r) => {
    const [n, d] = pick(r, [[2 ** 26, 2], [2 ** 20, 1025], [65537, 1025], [2 ** 13, 2 ** 13 + 1], [2 ** 26 + 1, 1]]);
    return [{ n, d }];
  }],
  'positionalEncoding: options null': [TypeError, 'positionalEncoding options', () => [null]],
  'positionalEncoding: n a string': [TypeError, 'n', () => [{ n: '8', d: 4 }]],
  'sparseAttention: window -1': [RangeError, 'window', (r) => [{ ...METHODS.sparseAttention.valid(r)[0], window: -1 }]],
  'sparseAttention: globals repeated': [RangeError, 'globals', (r) => { const o = METHODS.sparseAttention.valid(r)[0]; return [{ ...o, globals: [0, 0] }]; }],
  'sparseAttention: global out of range': [RangeError, 'globals', (r) => { const o = METHODS.sparseAttention.valid(r)[0]; return [{ ...o, globals: [o.n] }]; }],
  'sparseAttention: stride 1.5': [RangeError, 'stride', (r) => [{ ...METHODS.sparseAttention.valid(r)[0], stride: 1.5 }]],
  'sparseAttention: causal a string': [TypeError, 'causal', (r) => [{ ...METHODS.sparseAttention.valid(r)[0], causal: 'yes' }]],
  'sparseAttention: NaN in k': [RangeError, 'k', (r) => { const o = METHODS.sparseAttention.valid(r)[0]; return [{ ...o, k: withNaN(o.k, r) }]; }],
  'linearAttention: causal with m ≠ n': [RangeError, 'causal', (r) => { const o = METHODS.linearAttention.valid(r)[0]; const m = o.n + 1; return [{ ...o, causal: true, m, k: values(r, m * o.dk), v: values(r, m * (o.dv ?? o.dk)) }]; }],
  'linearAttention: dk = 0': [RangeError, 'dk', (r) => [{ ...METHODS.linearAttention.valid(r)[0], dk: 0 }]],
  'linearAttention: Infinity in v': [RangeError, 'v', (r) => { const o = METHODS.linearAttention.valid(r)[0]; const v = Float32Array.from(o.v); v[0] = Infinity; return [{ ...o, v }]; }],
  'softmaxJacobian: empty': [RangeError, 'x', () => [[]]],
  'softmaxJacobian: temperature -1': [RangeError, 'temperature', (r) => [values(r, 4), { temperature: -1 }]],
  'softmaxJacobian: NaN': [RangeError, 'x', (r) => [withNaN(values(r, int(r, 1, 10)), r)]],
  'softmax: naive not a boolean': [TypeError, 'naive', (r) => [values(r, 4), { naive: 'yes' }]],
  'attentionBackward: dOutput too short': [RangeError, 'dOutput', (r) => { const o = bwBase(r); return [{ ...o, dOutput: Array.from(o.dOutput).slice(1) }]; }],
  'attentionBackward: NaN in dOutput': [RangeError, 'dOutput', (r) => { const o = bwBase(r); return [{ ...o, dOutput: withNaN(o.dOutput, r) }]; }],
  'attentionBackward: temperature -2': [RangeError, 'temperature', (r) => [{ ...bwBase(r), temperature: -2 }]],
  'attentionBackward: Q·Kᵀ overflows': [RangeError, 'scores', () => [{ q: [3e38, 3e38], k: [3e38, 3e38], v: [1], dOutput: [1], n: 1, dk: 2, dv: 1 }]],
  'createTrainer: length 1': [RangeError, 'length', trainerBad({ length: 1 })],
  'createTrainer: vocab 65': [RangeError, 'vocab', trainerBad({ vocab: 65 })],
  'createTrainer: dModel 3': [RangeError, 'dModel', trainerBad({ dModel: 3 })],
  'createTrainer: batch 0': [RangeError, 'batch', trainerBad({ batch: 0 })],
  'createTrainer: lr 0': [RangeError, 'lr', trainerBad({ lr: 0 })],
  'createTrainer: lr NaN': [RangeError, 'lr', trainerBad({ lr: NaN })],
  'createTrainer: lr a string': [TypeError, 'lr', trainerBad({ lr: '0.1' })],
  'createTrainer: task sort': [RangeError, 'task', trainerBad({ task: 'sort' })],
  'createTrainer: positions rope': [RangeError, 'positions', trainerBad({ positions: 'rope' })],
  'createTrainer: seed -1': [RangeError, 'seed', trainerBad({ seed: -1 })],
  'createTrainer: unknown option': [RangeError, 'createTrainer options', trainerBad({ heads: 2 })],
  'createTrainer: step(0)': [RangeError, 'count', trainerBad({}, (t) => t.step(0))],
  'createTrainer: evaluate a token = vocab': [RangeError, 'tokens', trainerBad({}, (t) => t.evaluate([0, 1, 2, 5]))],
  'createTrainer: evaluate too short': [RangeError, 'tokens', trainerBad({}, (t) => t.evaluate([0, 1, 2]))],
  'createTrainer: step after dispose': [Error, 'trainer.step', trainerBad({}, (t) => { t.dispose(); return t.step(1); })],
};
