// harness.mjs — timing: calls per sample calibrated to a minimum duration,
// candidates interleaved within each round (order rotated), median and IQR of
// the per-call times across rounds.

export function quantile(sorted, p) {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function summarize(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    medianMs: quantile(s, 0.5),
    iqrMs: quantile(s, 0.75) - quantile(s, 0.25),
    minMs: s[0],
    rounds: s.length,
  };
}

// Calls per sample so that one sample lasts at least minMs (after a warm-up).
function calibrate(fn, minMs) {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i += 1) fn();
    const ms = performance.now() - t0;
    if (ms >= minMs || reps >= 1 << 24) return reps;
    reps = ms <= 0.01 ? reps * 10 : Math.max(reps * 2, Math.ceil((reps * minMs * 1.2) / ms));
  }
}

/**
 * bodies: { name: () => void }. Returns { name: summary } with per-call times.
 * Warm-up: each body runs for warmupMs first (tier-up under default flags).
 */
export function timeInterleaved(bodies, { minMs, rounds, warmupMs }) {
  const names = Object.keys(bodies);
  for (const name of names) {
    const t0 = performance.now();
    do bodies[name](); while (performance.now() - t0 < warmupMs);
  }
  const reps = Object.fromEntries(names.map((name) => [name, calibrate(bodies[name], minMs)]));
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(j + r) % names.length];
      const fn = bodies[name];
      const n = reps[name];
      const t0 = performance.now();
      for (let i = 0; i < n; i += 1) fn();
      samples[name].push((performance.now() - t0) / n);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { ...summarize(samples[name]), callsPerSample: reps[name] }]));
}
