// scenes-sum.test.mjs — scene 3: dragging q moves the output (core.attention), typed q,
// the formula, reduced motion runs no tween, axe, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR, injectAxe } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 }, reducedMotion: 'reduce' });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/#scene=sum`);
  await page.waitForFunction(() => document.querySelector('ae-scene-sum [data-readout="out-x"]')?.dataset.value);
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function compare() {
  return page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const el = document.querySelector('ae-scene-sum');
    const q = [0, 1].map((i) => Number(el.querySelector(`input[data-vec="q3"][data-i="${i}"]`).value));
    const { K, V } = el.model(); // the element's own K and V (made by core.matmul)
    const r = core.attention({ q, k: K, v: V, n: 1, m: 3, dk: 2 });
    const read = (n) => Number(el.querySelector(`[data-readout="${n}"]`).dataset.value);
    return { q, shown: [read('alpha-0'), read('alpha-1'), read('alpha-2'), read('out-x'), read('out-y')], core: [...r.weights, ...r.output], formula: el.querySelector('[data-formula="sum"] annotation')?.textContent ?? '' };
  });
}

test('scene 3 loads without console errors; numbers equal core.attention', async () => {
  // KaTeX loads once the page scrolls to the scene (web/app/tex.js): wait for the formula
  await page.waitForFunction(() => document.querySelector('ae-scene-sum [data-formula="sum"] annotation'));
  const r = await compare();
  assert.deepEqual(r.shown, r.core);
  assert.match(r.formula, /\\text\{The\}.*\\text\{cat\}.*\\text\{sat\}/s);
  assert.deepEqual(errors.all(), []);
});

test('with reduced motion no tweening runs, even when play is pressed', async () => {
  await page.locator('ae-scene-sum').scrollIntoViewIfNeeded();
  await page.locator('ae-scene-sum [data-control="play-sum"]').click();
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => attentionExplorer.motion.frames), 0);
  assert.equal(await page.evaluate(() => document.querySelector('ae-scene-sum').dataset.tweening), 'false');
});

test('dragging q (mouse, keys) and typing q move the output; values equal the core', async () => {
  const a = await compare();
  const handle = page.locator('ae-scene-sum [data-handle="q"]');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox(); const x = box.x + box.width / 2; const y = box.y + box.height / 2;
  await page.mouse.move(x, y); await page.mouse.down(); await page.mouse.move(x - 60, y - 70, { steps: 5 }); await page.mouse.up(); await settle();
  const b = await compare();
  assert.notDeepEqual(b.q, a.q); assert.deepEqual(b.shown, b.core); assert.notDeepEqual(b.shown, a.shown);
  await handle.focus(); await page.keyboard.press('ArrowLeft'); await settle();
  const c = await compare();
  assert.ok(Math.abs(c.q[0] - (b.q[0] - 0.1)) < 1e-9); assert.deepEqual(c.shown, c.core);
  await page.locator('ae-scene-sum input[data-vec="q3"][data-i="1"]').fill('-2'); await settle();
  const d = await compare();
  assert.equal(d.q[1], -2); assert.deepEqual(d.shown, d.core);
});

test('axe-core finds no violations in scene 3; screenshot', async () => {
  await injectAxe(page);
  const result = await page.evaluate(() => axe.run('#scene-sum', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.locator('#scene-sum').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-3-weighted-sum.png') });
  assert.deepEqual(errors.all(), []);
});
