// smoke.test.mjs — the page loads its core in Chromium, offline, without errors,
// and the core computes in the browser what the float64 reference computes.
//
// Run from the repo root: node --test tests/browser/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { startServer, launchBrowser, collectConsoleErrors, guardOrigin, screenshot } from '../browser-support/index.mjs';
import * as ref from '../js-support/reference.mjs';
import { assertClose, assertWeightsClose, assertRowSums } from '../js-support/check.mjs';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

// A small cross-attention example (n=3 queries, m=4 keys, dk=2, dv=3) with an explicit mask.
const EXAMPLE = {
  q: [1, 0, 0.5, 0.5, -1, 2],
  k: [1, 0, 0, 1, -1, 0, 0.3, -0.7],
  v: [1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -2, -3],
  n: 3, m: 4, dk: 2, dv: 3, temperature: 0.8,
  mask: [1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0],
};

// Runs in the page: imports the core (optionally the baseline build) and computes EXAMPLE.
async function computeInPage({ example, options }) {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore(options);
  const result = core.attention({ ...example, mask: Uint8Array.from(example.mask) });
  const plain = Object.fromEntries(Object.entries(result).map(([key, value]) => [key, {
    type: Object.prototype.toString.call(value),
    values: Array.from(value),
  }]));
  let error = null;
  try {
    core.attention({ ...example, k: example.k.slice(0, 7), mask: undefined });
  } catch (e) {
    error = { isError: e instanceof Error, message: e.message };
  }
  return {
    simd: core.simd,
    result: plain,
    dot: core.dot([1, 2, 3], [4, 5, 6]),
    softmax: Array.from(core.softmax([0, Math.log(3)])),
    error,
  };
}

function checkAgainstReference(got, label) {
  const args = { ...EXAMPLE, mask: Uint8Array.from(EXAMPLE.mask) };
  const want = ref.attention(args);
  for (const key of ['scores', 'scaled', 'weights', 'output']) {
    assert.equal(got.result[key].type, '[object Float32Array]', `${label}: ${key} type`);
  }
  const { scores, scaled, weights, output } = Object.fromEntries(Object.entries(got.result).map(([key, { values }]) => [key, values]));
  assertClose(scores, want.scores, { magnitude: want.scoresMagnitude, label: `${label}: scores` });
  assertClose(scaled, want.scaled, { magnitude: want.scoresMagnitude.map((x) => x * want.scale), label: `${label}: scaled` });
  assertWeightsClose(weights, want.weights, `${label}: weights`);
  assertRowSums(weights, EXAMPLE.n, EXAMPLE.m, { visible: want.visible, label: `${label}: weights` });
  for (let i = 0; i < weights.length; i++) {
    if (!EXAMPLE.mask[i]) assert.equal(weights[i], 0, `${label}: hidden weight ${i}`);
  }
  assertClose(output, want.output, { magnitude: want.outputMagnitude, label: `${label}: output` });
  assert.equal(got.dot, 32, `${label}: dot`);
  assertWeightsClose(got.softmax, [0.25, 0.75], `${label}: softmax`);
  assert.ok(got.error?.isError, `${label}: a bad call should throw an Error, got ${JSON.stringify(got.error)}`);
  assert.match(got.error.message, /(^|: )k\b/, `${label}: error message ${JSON.stringify(got.error.message)}`);
}

describe('browser smoke test (Chromium)', () => {
  let server;
  let browser;
  let page;
  let errors;
  let origin;
  let core;

  before(async () => {
    server = await startServer(WEB);
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    origin = await guardOrigin(browser.context, server.origin);
    page = browser.page;
    errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
    core = await page.waitForFunction(
      () => ['simd', 'baseline', 'unavailable'].includes(document.documentElement.dataset.core)
        && document.documentElement.dataset.core,
      null, { timeout: 20_000 },
    ).then((handle) => handle.jsonValue());
  });

  after(async () => {
    if (page) await screenshot(page, 'smoke-index').catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it('the page loads the SIMD core', () => {
    assert.notEqual(core, 'unavailable', `the page could not load its core; errors: ${JSON.stringify(errors.all(), null, 2)}`);
    assert.equal(core, 'simd', 'Chromium supports WebAssembly SIMD, so the page should run the SIMD build');
  });

  it('in-page core matches the reference, and core.simd is true', async () => {
    const got = await page.evaluate(computeInPage, { example: EXAMPLE, options: undefined });
    assert.equal(got.simd, true);
    checkAgainstReference(got, 'loadCore()');
  });

  it('loadCore({ simd: false }) works in the browser', async () => {
    const got = await page.evaluate(computeInPage, { example: EXAMPLE, options: { simd: false } });
    assert.equal(got.simd, false);
    checkAgainstReference(got, 'loadCore({ simd: false })');
  });

  it('no console errors, no page errors, no failed requests', async () => {
    await page.waitForLoadState('networkidle');
    assert.deepEqual(errors.all(), []);
  });

  it('no requests leave the server\'s origin', () => {
    assert.deepEqual(origin.foreign, [], 'blocked requests to other origins');
    assert.deepEqual(origin.foreignOf(), [], 'requests to other origins');
    assert.ok(origin.all.length > 0, 'the page made no requests at all?');
  });

  it('the server served everything it was asked for, with the right types', () => {
    const failed = server.requests.filter((r) => r.status >= 400);
    assert.deepEqual(failed, [], 'requests the server answered with an error');
    const wasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
    assert.ok(wasm.length > 0, 'no .wasm was requested');
    for (const r of wasm) assert.equal(r.type, 'application/wasm', r.path);
    for (const r of server.requests.filter((x) => /\.m?js$/.test(x.path))) assert.match(r.type, /^text\/javascript/, r.path);
  });

  it('saves a screenshot', async () => {
    const file = await screenshot(page, 'smoke-index');
    assert.ok(file.endsWith('smoke-index.png'));
  });
});
