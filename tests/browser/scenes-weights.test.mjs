// scenes-weights.test.mjs — scene 2: weights from the core, temperature/scaling/d_k controls,
// the saturation example shows core.softmax's real values, axe, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR, injectAxe } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/#scene=weights`);
  await page.waitForFunction(() => document.querySelector('ae-scene-weights [data-readout="entropy"]')?.dataset.value);
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const read = (name) => page.evaluate((n) => Number(document.querySelector(`ae-scene-weights [data-readout="${n}"]`).dataset.value), name);

test('scene 2 loads without console errors; weights sum to 1', async () => {
  assert.ok(Math.abs(await read('weight-sum') - 1) < 1e-5);
  assert.deepEqual(errors.all(), []);
});

test('the saturation example shows core.softmax values', async () => {
  const r = await page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const shown = [...document.querySelectorAll('ae-scene-weights .sat-block .bar-value')].map((t) => t.textContent);
    return { shown, big: [...core.softmax(Float32Array.from([20, 18, 19]))], small: [...core.softmax(Float32Array.from([2, 1.8, 1.9]))] };
  });
  assert.deepEqual(r.shown, [...r.big, ...r.small].map((x) => x.toFixed(3)));
  assert.ok(r.big[0] > 0.6 && r.small[0] < 0.4);
});

test('larger d_k spreads unscaled scores and sharpens softmax; scaling undoes it', async () => {
  await page.locator('ae-scene-weights [data-control="dk"]').fill('4'); await settle();
  const sd4 = await read('sd');
  await page.locator('ae-scene-weights [data-control="dk"]').fill('400'); await settle();
  const sd400 = await read('sd');
  assert.ok(Math.abs(sd400 / sd4 - 1) < 0.5, `scaled spread stays put: ${sd4} vs ${sd400}`);
  await page.locator('ae-scene-weights [data-control="scaling"]').uncheck(); await settle();
  const raw400 = await read('sd'); const maxw = await read('maxw');
  assert.ok(raw400 > 10, `raw spread grows like √d_k: ${raw400}`);
  assert.ok(maxw > 0.5, `softmax nearly one-hot without scaling: ${maxw}`);
  await page.locator('ae-scene-weights [data-control="temp"]').fill('3'); await settle();
  assert.ok(await read('maxw') < maxw, 'higher temperature flattens');
  await page.waitForFunction(() => /dk=400/.test(location.hash)); // hash writes are coalesced
});

test('axe-core finds no violations in scene 2; screenshot', async () => {
  await injectAxe(page);
  const result = await page.evaluate(() => axe.run('#scene-weights', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.locator('ae-scene-weights [data-control="scaling"]').check();
  await page.locator('ae-scene-weights [data-control="temp"]').fill('1');
  await page.locator('ae-scene-weights [data-control="dk"]').fill('64'); await settle();
  await page.locator('#scene-weights').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-2-scores-to-weights.png') });
  assert.deepEqual(errors.all(), []);
});
