// scenes-dot.test.mjs — scene 1 in headless Chromium: drag (mouse, keyboard), typed values,
// readouts equal to the core's numbers, hash round-trip, axe, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, guardOrigin, REPO_ROOT, SCREENSHOT_DIR, injectAxe } from '../browser-support/index.mjs';

let server; let browser; let page; let errors; let origin;

before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
  origin = await guardOrigin(browser.context, server.origin);
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => ['simd', 'baseline', 'unavailable'].includes(document.documentElement.dataset.core));
});
after(async () => { await browser?.close(); await server?.close(); });

/** Readouts from the DOM next to the core's own numbers for the vectors the inputs show. */
async function compare() {
  return page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const scene = document.querySelector('ae-scene-dot');
    const dim = Number(scene.querySelector('#dim-range').value);
    const vec = (id) => Array.from({ length: dim }, (_, i) => Number(scene.querySelector(`input[data-vec="${id}"][data-i="${i}"]`).value));
    const q = vec('q'); const k = vec('k');
    const read = (name) => Number(scene.querySelector(`[data-readout="${name}"]`).dataset.value);
    return { q, k, shown: { dot: read('dot'), cos: read('cos'), theta: read('theta') }, core: { dot: core.dot(q, k), cos: core.cosine(q, k), theta: core.angle(q, k) } };
  });
}
const same = (r) => { for (const key of ['dot', 'cos', 'theta']) assert.equal(r.shown[key], r.core[key], `${key}: shown ${r.shown[key]} vs core ${r.core[key]} for q=${r.q} k=${r.k}`); };
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('scene 1 loads with the core and no console errors', async () => {
  assert.ok(['simd', 'baseline'].includes(await page.evaluate(() => document.documentElement.dataset.core)));
  await page.locator('ae-scene-dot [data-readout="dot"]').waitFor();
  same(await compare());
  assert.deepEqual(errors.all(), []);
});

test('dragging q with the mouse changes q, and readouts equal the core', async () => {
  const before = await compare();
  const handle = page.locator('ae-scene-dot [data-handle="q"]');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  const x = box.x + box.width / 2; const y = box.y + box.height / 2;
  await page.mouse.move(x, y); await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(x - 12 * i, y - 15 * i);
  await page.mouse.up(); await settle();
  const after = await compare();
  assert.notDeepEqual(after.q, before.q, 'q moved');
  same(after);
});

test('arrow keys move the focused tip, and readouts equal the core', async () => {
  const before = await compare();
  await page.locator('ae-scene-dot [data-handle="q"]').focus();
  await page.keyboard.press('ArrowRight'); await page.keyboard.press('Shift+ArrowDown'); await settle();
  const after = await compare();
  assert.ok(Math.abs(after.q[0] - before.q[0] - 0.1) < 1e-9 && Math.abs(after.q[1] - before.q[1] + 0.5) < 1e-9, `q ${before.q} -> ${after.q}`);
  same(after);
});

test('typed values move q and k in up to 8 dimensions', async () => {
  await page.locator('ae-scene-dot #dim-range').fill('5');
  await page.locator('ae-scene-dot input[data-vec="q"][data-i="0"]').fill('-1.5');
  await page.locator('ae-scene-dot input[data-vec="k"][data-i="4"]').fill('2.25');
  await page.keyboard.press('Tab'); await settle();
  const r = await compare();
  assert.equal(r.q.length, 5); assert.equal(r.q[0], -1.5); assert.equal(r.k[4], 2.25);
  same(r);
  const bars = await page.locator('ae-scene-dot svg.bars .bar-row:visible').count();
  assert.equal(bars, 6, 'five per-dimension bars and the total');
});

test('stretching k changes q·k but not cos θ', async () => {
  const a = await compare();
  await page.locator('ae-scene-dot [data-control="k-length"]').fill('5'); await settle();
  const b = await compare();
  assert.notEqual(b.shown.dot, a.shown.dot);
  assert.ok(Math.abs(b.shown.cos - a.shown.cos) < 2e-3, `cos ${a.shown.cos} -> ${b.shown.cos}`);
  same(b);
});

test('the URL hash round-trips: reload reproduces the view', async () => {
  await page.locator('ae-scene-dot input[value="cos"]').check();
  await page.waitForFunction(() => /mode=cos/.test(location.hash)); // hash writes are coalesced (at most about one a second while changes continue)
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /mode=cos/); assert.match(hash, /dim=5/);
  const before = await compare();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('ae-scene-dot [data-readout="dot"]')?.dataset.value);
  assert.equal(await page.evaluate(() => location.hash), hash);
  const after = await compare();
  assert.deepEqual(after.q, before.q); assert.deepEqual(after.k, before.k); assert.deepEqual(after.shown, before.shown);
  assert.equal(await page.locator('ae-scene-dot input[value="cos"]').isChecked(), true);
});

test('axe-core finds no violations in scene 1 and the page header', async () => {
  await injectAxe(page);
  const result = await page.evaluate(() => axe.run({ include: [['#scene-dot'], ['.site-header']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
});

test('nothing requested from another origin; screenshots', async () => {
  await page.locator('#scene-dot').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-1-dot-product.png') });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.locator('#scene-dot').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-1-dot-product-375.png') });
  assert.deepEqual(origin.foreignOf(), []);
  assert.deepEqual(errors.all(), []);
});
