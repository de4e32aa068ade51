// cases.mjs — random calls of the JS API for the WebAssembly fuzzers (differential, soak).
//
// validCall(rand) draws one call that the core must answer: a random method, a
// random shape (across the kernels' tile edges), values from one of several
// regimes (ordinary, spread over many decades, near overflow, denormal, special
// values), as Float32Array or number[]. badCall(rand) draws one of BAD_KINDS:
// a call that must throw a named TypeError or RangeError. compareResults()
// says whether two builds' answers to one call agree; checkInvariants() holds
// one answer to what every answer must satisfy. To cover a new API method, add
// an entry to VALID (and bad kinds for it to BAD_KINDS).

import {
  F32_MAX, F32_TRUE_MIN, absProduct, chainedOutput, chainedSoftmax, checkWeights, dim, f32, int, mask, pick, sameBits, scale,
  temperature, transpose, values, within,
} from './common.mjs';
import { BAD_KINDS_MORE, METHODS } from './methods.mjs';

export { int, values };

export const VALID = {
  attention(rand) {
    const n = dim(rand), m = rand() < 0.5 ? n : dim(rand), dk = dim(rand, 16), dv = rand() < 0.5 ? dk : dim(rand, 16);
    const options = { q: values(rand, n * dk), k: values(rand, m * dk), v: values(rand, m * dv), n, dk };
    if (m !== n || rand() < 0.3) options.m = m;
    if (dv !== dk || rand() < 0.3) options.dv = dv;
    const s = scale(rand, dk);
    if (s !== undefined) options.scale = s;
    if (rand() < 0.6) options.temperature = temperature(rand);
    const mk = mask(rand, n, m);
    if (mk !== undefined) options.mask = mk;
    return [options];
  },
  softmax(rand) {
    const x = values(rand, dim(rand, 40));
    return rand() < 0.5 ? [x] : [x, { temperature: temperature(rand) }];
  },
  matmul(rand) {
    const n = dim(rand), k = dim(rand), m = dim(rand);
    return [values(rand, n * k), values(rand, k * m), n, k, m];
  },
  dot: pair,
  cosine: pair,
  angle: pair,
  norm(rand) {
    return [values(rand, dim(rand, 40))];
  },
  project: pair,
};

function pair(rand) {
  const len = dim(rand, 40);
  return [values(rand, len), values(rand, len)];
}

// Every entry: the eight first methods above, then methods.mjs's (scores, attention by
// kind and with `outputs`, multiHead, positionalEncoding, sparse and linear attention, the
// softmax Jacobian, naive softmax, attentionBackward and the trainer).
export const VALID_METHODS = [...Object.keys(VALID), ...Object.keys(METHODS)];

// A call: { method, entry, args, invoke?, bad }. `entry` names the VALID or METHODS entry
// that drew it; `invoke(core)`, when present, runs a sequence of calls instead of core[method](...args).
function made(method, entry, drawn, bad) {
  return Array.isArray(drawn) ? { method, entry, args: drawn, bad } : { method, entry, args: drawn.args, invoke: drawn.invoke, bad };
}

export function validCall(rand) {
  const entry = pick(rand, VALID_METHODS);
  if (VALID[entry]) return made(entry, entry, VALID[entry](rand), null);
  return made(METHODS[entry].method, entry, METHODS[entry].valid(rand), null);
}

// ---- bad calls: each must throw the named error ----------------------------------------

const base = (rand) => VALID.attention(rand)[0];
const withOption = (rand, key, value) => [{ ...base(rand), [key]: value }];

// kind -> [error class, argument(s) the message must start with, args(rand)]
export const BAD_KINDS = {
  'attention: q too short': [RangeError, 'q', (r) => { const o = base(r); return [{ ...o, q: Array.from(o.q).slice(1) }]; }],
  'attention: NaN in k': [RangeError, 'k', (r) => { const o = base(r); const k = Float32Array.from(o.k); k[int(r, 0, k.length - 1)] = NaN; return [{ ...o, k }]; }],
  'attention: Infinity in v': [RangeError, 'v', (r) => { const o = base(r); const v = Array.from(o.v); v[int(r, 0, v.length - 1)] = -Infinity; return [{ ...o, v }]; }],
  'attention: n = 0': [RangeError, 'n', (r) => withOption(r, 'n', 0)],
  'attention: dk = 1.5': [RangeError, 'dk', (r) => withOption(r, 'dk', 1.5)],
  'attention: m = -1': [RangeError, 'm', (r) => withOption(r, 'm', -1)],
  'attention: n a string': [TypeError, 'n', (r) => withOption(r, 'n', '3')],
  'attention: temperature = 0': [RangeError, 'temperature', (r) => withOption(r, 'temperature', 0)],
  'attention: temperature NaN': [RangeError, 'temperature', (r) => withOption(r, 'temperature', NaN)],
  'attention: scale Infinity': [RangeError, 'scale', (r) => withOption(r, 'scale', Infinity)],
  'attention: mask too short': [RangeError, 'mask', (r) => { const o = base(r); return [{ ...o, mask: new Uint8Array(o.n * (o.m ?? o.n) + 1) }]; }],
  'attention: mask value 2': [RangeError, 'mask', (r) => { const o = base(r); const mk = new Uint8Array(o.n * (o.m ?? o.n)).fill(1); mk[int(r, 0, mk.length - 1)] = 2; return [{ ...o, mask: mk }]; }],
  'attention: unknown mask name': [RangeError, 'mask', (r) => withOption(r, 'mask', 'diagonal')],
  'attention: q null': [TypeError, 'q', (r) => withOption(r, 'q', null)],
  'attention: options null': [TypeError, 'attention options', () => [null]],
  'attention: a string inside q': [TypeError, 'q', (r) => { const o = base(r); const q = Array.from(o.q); q[int(r, 0, q.length - 1)] = '1'; return [{ ...o, q }]; }],
  'attention: n = 2^30 with small arrays': [RangeError, ['n', 'q'], (r) => withOption(r, 'n', 2 ** 30)],
  'attention: Q·Kᵀ overflows': [RangeError, 'scores', () => [{ q: [3e38, 3e38], k: [3e38, 3e38], v: [1], n: 1, dk: 2, dv: 1 }]],
  'softmax: empty': [RangeError, 'x', () => [new Float32Array(0)]],
  'softmax: NaN': [RangeError, 'x', (r) => { const x = Float32Array.from(values(r, int(r, 1, 20))); x[int(r, 0, x.length - 1)] = NaN; return [x]; }],
  'softmax: temperature -1': [RangeError, 'temperature', (r) => [values(r, 4), { temperature: -1 }]],
  'matmul: b too long': [RangeError, 'b', (r) => { const [a, b, n, k, m] = VALID.matmul(r); return [a, [...b, 1], n, k, m]; }],
  'matmul: k = 0': [RangeError, 'k', (r) => [[1], [1], 1, 0, 1]],
  'dot: lengths differ': [RangeError, 'b', (r) => { const [a] = pair(r); return [a, values(r, a.length + 1)]; }],
  'cosine: zero vector': [RangeError, 'a', (r) => { const [, b] = pair(r); return [new Float32Array(b.length), b]; }],
  'angle: Infinity': [RangeError, 'b', (r) => { const [a] = pair(r); const b = new Float32Array(a.length).fill(1); b[0] = Infinity; return [a, b]; }],
  'norm: an object': [TypeError, 'a', () => [{ length: 3 }]],
  'project: q zero': [RangeError, 'q', (r) => { const [k] = pair(r); return [k, new Array(k.length).fill(0)]; }],
  ...BAD_KINDS_MORE,
};

const BAD_METHOD = (kind) => kind.slice(0, kind.indexOf(':'));

export function badCall(rand) {
  const kind = pick(rand, Object.keys(BAD_KINDS));
  const [errorClass, name, make] = BAD_KINDS[kind];
  return made(BAD_METHOD(kind), kind, make(rand), { kind, errorClass, name });
}

// ---- running one call ---------------------------------------------------------------------

// { ok: true, value } or { ok: false, error }; never throws.
export function run(core, call) {
  try {
    return { ok: true, value: call.invoke ? call.invoke(core) : core[call.method](...call.args) };
  } catch (error) {
    return { ok: false, error };
  }
}

// A bad call threw its named error (class and leading argument name), or a string saying what went wrong.
export function checkBad(call, outcome) {
  const { kind, errorClass, name } = call.bad;
  if (outcome.ok) return `${kind}: returned instead of throwing`;
  const e = outcome.error;
  if (!(e instanceof errorClass)) return `${kind}: threw ${e?.constructor?.name} (${e?.message}), want ${errorClass.name}`;
  const names = Array.isArray(name) ? name : [name];
  const message = String(e.message).toLowerCase();
  if (!names.some((x) => message.startsWith(`${x.toLowerCase()}:`) || message.startsWith(`${x.toLowerCase()} `))) {
    return `${kind}: message "${e.message}" does not start with ${names.map((x) => `"${x}"`).join(' or ')}`;
  }
  return null;
}

// ---- comparing answers -------------------------------------------------------------------

function shapeOf(o) {
  const n = o.n, m = o.m ?? o.n, dk = o.dk, dv = o.dv ?? o.dk;
  const scale = o.scale ?? Math.fround(1 / Math.sqrt(dk));
  const T = o.temperature ?? 1;
  const visible = (i, j) => (o.mask === 'causal' ? j <= i : o.mask instanceof Uint8Array ? o.mask[i * m + j] === 1 : true);
  return { n, m, dk, dv, scale, T, visible };
}

// The largest magnitude the call's arithmetic meets (Σ|terms|, in float64): an
// overflow error is legitimate only if this reaches the float32 range.
export function magnitude(call) {
  if (METHODS[call.entry]) return METHODS[call.entry].magnitude(call);
  const a = call.args;
  switch (call.method) {
    case 'attention': {
      const o = a[0];
      const { n, m, dk, scale } = shapeOf(o);
      const mag = absProduct(f32(o.q), transpose(f32(o.k), m, dk), n, dk, m);
      const top = Math.max(...mag);
      return Math.max(top, top * Math.abs(scale), ...Array.from(o.v, Math.abs));
    }
    case 'matmul': return Math.max(...absProduct(f32(a[0]), f32(a[1]), a[2], a[3], a[4]));
    case 'dot': return f32(a[0]).reduce((s, x, i) => s + Math.abs(x * a[1][i]), 0);
    default: return 0;
  }
}

const nearOverflow = (call) => magnitude(call) >= F32_MAX * (1 - 1e-4);
const isOverflow = (e) => /overflow/i.test(String(e?.message));

// Two builds' outcomes of one call: null if they agree, else what differs.
export function compareOutcomes(call, x, y) {
  if (!x.ok || !y.ok) {
    if (!x.ok && !y.ok) {
      if (x.error.constructor === y.error.constructor && x.error.message === y.error.message) return null;
      if (isOverflow(x.error) && isOverflow(y.error) && nearOverflow(call)) return null;
      return `errors differ: ${x.error.constructor.name}("${x.error.message}") vs ${y.error.constructor.name}("${y.error.message}")`;
    }
    const [error] = [x, y].filter((o) => !o.ok).map((o) => o.error);
    if (isOverflow(error) && nearOverflow(call)) return null; // borderline: one order of sums overflowed
    return `one build threw ${error?.constructor?.name}("${error?.message}"), the other returned`;
  }
  return compareValues(call, x.value, y.value);
}

function compareValues(call, x, y) {
  if (METHODS[call.entry]) return METHODS[call.entry].compare(call, x, y);
  const a = call.args;
  switch (call.method) {
    case 'attention': {
      const o = a[0];
      const { n, m, dk, scale } = shapeOf(o);
      const mag = absProduct(f32(o.q), transpose(f32(o.k), m, dk), n, dk, m);
      const floor = 2 * (dk + 1) * F32_TRUE_MIN;
      return within('scores', x.scores, y.scores, (i) => 2e-5 * mag[i] + floor) ??
        within('scaled', x.scaled, y.scaled, (i) => 2e-5 * Math.abs(scale) * mag[i] + Math.abs(scale) * floor + 2 * F32_TRUE_MIN) ??
        // Weights and outputs are compared directly only where both builds had the same input
        // to that step; checkInvariants() holds each build to its own chained reference.
        (sameBits(x.scaled, y.scaled) ? within('weights', x.weights, y.weights, (i) => 2e-5 * Math.max(x.weights[i], y.weights[i]) + 2e-30) : null) ??
        (sameBits(x.weights, y.weights) ? within('output', x.output, y.output, outputBound(o, x.weights)) : null);
    }
    case 'softmax': return within('softmax', x, y, (i) => 2e-5 * Math.max(x[i], y[i]) + 2e-30);
    case 'matmul': {
      const mag = absProduct(f32(a[0]), f32(a[1]), a[2], a[3], a[4]);
      return within('matmul', x, y, (i) => 2e-5 * mag[i] + 2 * (a[3] + 1) * F32_TRUE_MIN);
    }
    case 'dot': return within('dot', [x], [y], () => 2e-5 * magnitude(call) + 2 * (a[0].length + 1) * F32_TRUE_MIN);
    case 'norm': return within('norm', [x], [y], () => 2e-12 * Math.abs(x));
    case 'cosine':
    case 'angle': return within(call.method, [x], [y], () => 2e-6);
    case 'project': {
      const len = Math.hypot(...f32(a[0]).map((v) => v / F32_MAX)) * F32_MAX;
      return within('project', x, y, () => 2e-9 * len);
    }
    default: return sameBits(Float32Array.from(x), Float32Array.from(y)) ? null : 'results differ';
  }
}

function outputBound(o, weights) {
  const { n, m, dv } = shapeOf(o);
  const terms = absProduct(Array.from(weights), f32(o.v), n, m, dv);
  return (i) => 2e-5 * terms[i] + 2 * (m + 1) * F32_TRUE_MIN;
}

// What every answer of a valid call must satisfy on its own: null, or what is wrong.
export function checkInvariants(call, outcome) {
  const entry = METHODS[call.entry];
  const zero = entry ? entry.refused?.(call) : zeroVector(call);
  if (zero) {
    if (outcome.ok || !(outcome.error instanceof RangeError) || !outcome.error.message.startsWith(`${zero}: `)) {
      return `${call.method} of a zero vector ${zero} did not throw a RangeError naming ${zero}`;
    }
    return null;
  }
  if (!outcome.ok) {
    if (isOverflow(outcome.error) && nearOverflow(call)) return null;
    return `valid call threw ${outcome.error?.constructor?.name}("${outcome.error?.message}")`;
  }
  const x = outcome.value;
  if (entry) return entry.invariants(call, x);
  if (call.method === 'softmax') return checkWeights('softmax', x, 1, x.length, () => true) ??
    chainedSoftmax('softmax', x, f32(call.args[0]), 1, x.length, call.args[1]?.temperature ?? 1, () => true);
  if (call.method !== 'attention') return null;
  const o = call.args[0];
  const { n, m, dv, T, visible } = shapeOf(o);
  const problem = checkWeights('weights', x.weights, n, m, visible) ??
    chainedSoftmax('weights', x.weights, Array.from(x.scaled), n, m, T, visible);
  if (problem) return problem;
  // output against this build's own weights · V, and inside the hull of the visible values
  return chainedOutput('output', x.output, x.weights, f32(o.v), n, m, dv, visible);
}

// The argument that is the zero vector where the result is undefined (cosine, angle: a or b; project: q).
function zeroVector(call) {
  const isZero = (x) => Array.from(x).every((v) => v === 0);
  if (call.method === 'cosine' || call.method === 'angle') {
    return isZero(call.args[0]) ? 'a' : isZero(call.args[1]) ? 'b' : null;
  }
  return call.method === 'project' && isZero(call.args[1]) ? 'q' : null;
}

// ---- fingerprints for the soak: bit-exact identity of an outcome --------------------------------

export function fingerprint(outcome) {
  if (!outcome.ok) return `${outcome.error?.constructor?.name}: ${outcome.error?.message}`;
  const v = outcome.value;
  if (typeof v === 'number') return `n:${v}`;
  let h = 0x811c9dc5;
  const mix = (word) => { h = Math.imul(h ^ word, 0x01000193) >>> 0; };
  const number = new Float64Array(1), halves = new Uint32Array(number.buffer);
  // typed arrays by their bits, numbers by their float64 bits, strings by their code units,
  // objects (a trainer's results) member by member
  const visit = (x) => {
    if (ArrayBuffer.isView(x)) {
      const words = new Uint32Array(x.buffer, x.byteOffset, x.byteLength >> 2);
      for (let i = 0; i < words.length; i++) mix(words[i]);
      mix(x.length);
    } else if (typeof x === 'number') {
      number[0] = x;
      mix(halves[0]);
      mix(halves[1]);
    } else if (typeof x === 'string') {
      for (let i = 0; i < x.length; i++) mix(x.charCodeAt(i));
    } else if (typeof x === 'boolean') {
      mix(x ? 1 : 2);
    } else if (x && typeof x === 'object') {
      for (const key of Object.keys(x)) { visit(key); visit(x[key]); }
    }
  };
  visit(v);
  return `h:${h}`;
}
