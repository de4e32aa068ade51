// check.mjs — tolerances and assertions shared by the JS tests.
//
// The core computes in float32; the reference in float64 from the same
// float32-rounded inputs. Sums and matrix products are judged against the sum
// of |terms| (cancellation), weights relative to themselves, rows against 1.

import assert from 'node:assert/strict';

export const TOLERANCE = Object.freeze({
  rel: 1e-5,          // relative error of every float32 result
  rowSum: 1e-6,       // |Σ weights − 1| per row
  weightFloor: 1e-12, // absolute floor for tiny weights (float32 underflow)
  floor: 1e-30,       // absolute floor for products that underflow float32
});

// |actual − expected| ≤ rel · magnitude + abs, element by element.
// magnitude: a number, an array of per-element magnitudes, or omitted (|expected|).
export function assertClose(actual, expected, { rel = TOLERANCE.rel, abs = TOLERANCE.floor, magnitude, label = '' } = {}) {
  const scalar = typeof expected === 'number';
  const a = scalar ? [actual] : actual;
  const e = scalar ? [expected] : expected;
  assert.equal(a.length, e.length, `${label}: length ${a.length}, expected ${e.length}`);
  let worst = null;
  for (let i = 0; i < e.length; i++) {
    const mag = magnitude === undefined ? Math.abs(e[i])
      : typeof magnitude === 'number' ? magnitude : magnitude[i];
    const allowed = rel * mag + abs;
    const error = Math.abs(a[i] - e[i]);
    if (!(error <= allowed)) {
      const ratio = error / allowed;
      if (!worst || !(ratio <= worst.ratio)) worst = { i, actual: a[i], expected: e[i], error, allowed, ratio };
    }
  }
  if (worst) {
    const where = scalar ? '' : `[${worst.i}]`;
    assert.fail(`${label}${where}: got ${worst.actual}, expected ${worst.expected} ` +
      `(error ${worst.error.toExponential(3)} > allowed ${worst.allowed.toExponential(3)}, ` +
      `${Number.isFinite(worst.ratio) ? worst.ratio.toFixed(1) : worst.ratio}× over)`);
  }
}

// Softmax weights: relative to each weight, with a tiny absolute floor.
export function assertWeightsClose(actual, expected, label) {
  assertClose(actual, expected, { rel: TOLERANCE.rel, abs: TOLERANCE.weightFloor, label });
}

// Every row of an (n, m) weight matrix sums to 1 (or is all zeros when every key is hidden).
export function assertRowSums(weights, n, m, { visible = null, label = '' } = {}) {
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let anyVisible = !visible;
    for (let j = 0; j < m; j++) {
      sum += weights[i * m + j];
      if (visible && visible[i * m + j]) anyVisible = true;
    }
    if (anyVisible) {
      assert.ok(Math.abs(sum - 1) <= TOLERANCE.rowSum,
        `${label}: row ${i} sums to ${sum} (|Σ−1| = ${Math.abs(sum - 1).toExponential(2)} > ${TOLERANCE.rowSum})`);
    } else {
      assert.equal(sum, 0, `${label}: row ${i} has every key hidden but sums to ${sum}`);
    }
  }
}

export function assertAllFinite(values, label) {
  for (let i = 0; i < values.length; i++) {
    assert.ok(Number.isFinite(values[i]), `${label}[${i}] = ${values[i]} is not finite`);
  }
}

// Bit-for-bit equality of two Float32Arrays (or numbers).
export function assertSameBits(actual, expected, label) {
  if (typeof expected === 'number') {
    assert.ok(Object.is(actual, expected), `${label}: ${actual} differs from ${expected}`);
    return;
  }
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${label}[${i}]: ${actual[i]} differs from ${expected[i]}`);
    }
  }
}

// A message "names the argument" when it leads with it ("k: expected …",
// "attention: k: …"), tags it ("k[3] …", "k: …", "k must …") or quotes it.
// Plain \bname\b is not enough: "expected a number" would name `a`, and
// "q: expected 12 values (n × dk)" would name `n`.
function namesArgument(message, names) {
  const alt = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const patterns = [
    new RegExp(`^\\s*(?:[\\w.]+(?:\\(\\))?:\\s*)*(?:${alt})(?![\\w])`),
    new RegExp(`(?:^|[^\\w.])(?:${alt})(?:\\[[^\\]]*\\])?\\s*(?::|\\b(?:must|is|has|should|was|contains|cannot|needs)\\b)`),
    new RegExp(`['"\`‘“](?:${alt})['"\`’”]`),
  ];
  return patterns.some((pattern) => pattern.test(message));
}

// fn() throws an Error whose message names `name` (a string or a list of
// acceptable names) and matches every regex in `also`.
export function assertThrowsNaming(fn, name, { also = [], label = '' } = {}) {
  const names = Array.isArray(name) ? name : [name];
  let thrown;
  let threw = false;
  try {
    fn();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  const context = label ? `${label}: ` : '';
  assert.ok(threw, `${context}expected a throw naming ${names.join(' or ')}, but the call returned`);
  assert.ok(thrown instanceof Error,
    `${context}expected an Error, got ${typeof thrown} ${String(thrown)} (a bare number means a C++ exception escaped)`);
  const message = String(thrown.message);
  assert.ok(namesArgument(message, names),
    `${context}message does not name ${names.join(' or ')}: ${JSON.stringify(message)}`);
  assert.ok(message.length > names[0].length + 8,
    `${context}message does not say what was wrong: ${JSON.stringify(message)}`);
  for (const pattern of also) {
    assert.match(message, pattern, `${context}message ${JSON.stringify(message)} should match ${pattern}`);
  }
  return thrown;
}
