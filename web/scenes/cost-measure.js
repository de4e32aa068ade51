// cost-measure.js — times core calls on random inputs (shared by the worker and the main-thread
// fallback). Every call is the core's; this file only makes inputs, reads the clock and records
// how much the core's WebAssembly memory grew.
import { mulberry32 } from '../app/rng.js';

const uniform = (rand, len) => { const x = new Float32Array(len); for (let i = 0; i < len; i++) x[i] = rand() * 2 - 1; return x; };

/** The first g token indices spread evenly over 0..n−1 (g ≤ n). */
export function globalIndices(n, g) {
  return Array.from({ length: Math.min(g, n) }, (_, i) => Math.floor((i * n) / Math.min(g, n)));
}

/** One call of a method at length n, d = dk = dv. Returns what the core returned. */
export function callMethod(core, method, { q, k, v, n, d, window, globals }) {
  switch (method) {
    case 'materialised': return core.attention({ q, k, v, n, dk: d });
    case 'tiled': return core.attention({ q, k, v, n, dk: d, outputs: ['output'] });
    case 'sparse': return core.sparseAttention({ q, k, v, n, dk: d, window, globals: globalIndices(n, globals) });
    case 'linear': return core.linearAttention({ q, k, v, n, dk: d });
    default: throw new RangeError(`method: unknown ${method}`);
  }
}

/** Times `method` for each n; onPoint({ method, n, ms, reps, nnz, grown }). yieldFn lets the
 *  main-thread fallback breathe between calls (and stop when cancelled). */
export async function measure(core, { method, ns, d, window, globals }, onPoint, yieldFn = async () => true) {
  const start = core.memoryBytes();
  for (const n of ns) {
    const rand = mulberry32(n * 131 + d);
    const args = { q: uniform(rand, n * d), k: uniform(rand, n * d), v: uniform(rand, n * d), n, d, window, globals };
    if (!(await yieldFn())) return;
    const warm = callMethod(core, method, args); // warm-up, and the memory it needs
    // batches of r calls, r doubled until a batch takes ≥ 5 ms (the clock is coarse in browsers)
    let r = 1;
    const batch = () => { const t0 = performance.now(); for (let i = 0; i < r; i++) callMethod(core, method, args); return performance.now() - t0; };
    let first = batch();
    while (first < 5 && r < 4096) { r *= 2; if (!(await yieldFn())) return; first = batch(); }
    const times = [first / r];
    // slow calls (n = 4096 materialised takes seconds) are timed once; quick ones five times, and
    // the fastest batch is kept: other work on the machine only ever adds time
    for (let b = 0; b < 4 && first < 150; b++) { if (!(await yieldFn())) return; times.push(batch() / r); }
    onPoint({ method, n, ms: Math.min(...times), reps: times.length * r, nnz: warm.cols ? warm.cols.length : n * n, grown: core.memoryBytes() - start });
  }
}
