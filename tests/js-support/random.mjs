// random.mjs — a tiny seeded PRNG so every random test can be replayed.
//
// One seed per run, printed by each test file; rerun with AX_SEED=<seed> to get
// the same inputs. Each test draws from its own stream (seed mixed with the test
// name), so a single test rerun with --test-name-pattern sees the same numbers.

import { randomInt } from 'node:crypto';

import { mulberry32 } from '../../web/app/rng.js'; // the page's seeded generator

let runSeed;

// The run's seed: AX_SEED if set (decimal or 0x hex), otherwise a fresh one.
export function runSeedValue() {
  if (runSeed === undefined) {
    const fromEnv = process.env.AX_SEED;
    runSeed = fromEnv ? Number(fromEnv) >>> 0 : randomInt(2 ** 32 - 1) >>> 0;
  }
  return runSeed;
}

// Prints the seed once per test file, in a form that can be pasted back.
export function announceSeed(file) {
  const seed = runSeedValue();
  console.log(`# ${file}: AX_SEED=${seed}`);
  return seed;
}


// FNV-1a, to give each named test its own stream.
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function makeRandom(streamName, seed = runSeedValue()) {
  const next = mulberry32(seed ^ hash(streamName));
  const random = {
    seed,
    // "seed 123 stream foo": where a failing case came from
    tag: `AX_SEED=${seed} stream "${streamName}"`,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (items) => items[Math.floor(next() * items.length)],
    vector(length, lo = -1, hi = 1) {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = random.uniform(lo, hi);
      return out;
    },
    // Explicit (n, m) mask, each key visible with probability p.
    mask(n, m, p = 0.7) {
      const out = new Uint8Array(n * m);
      for (let i = 0; i < out.length; i++) out[i] = next() < p ? 1 : 0;
      return out;
    },
  };
  return random;
}
