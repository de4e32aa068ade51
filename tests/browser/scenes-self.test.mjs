// scenes-self.test.mjs — scene 4: stepping reaches the output (equal to the core's), the mask
// painter hides a key and the row renormalises, causal mask, hash round-trip, axe, screenshots.
// Also: tweening does run when motion is allowed, and a page without the core says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR, injectAxe } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/#scene=self`);
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-readout="step"]')?.textContent);
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The core's answer for the sentence on screen, with the mask on screen. */
const coreAnswer = () => page.evaluate(async () => {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
  const m = await import('/app/toy-model.js');
  const el = document.querySelector('ae-scene-self');
  const { tokens } = m.tokenize(el.querySelector('[data-control="sentence"]').value); const n = tokens.length;
  const { X } = m.embed(tokens);
  const [Q, K, V] = [m.W_Q, m.W_K, m.W_V].map((W) => core.matmul(X, m.flat(W), n, 4, 2));
  const mask = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mask[i * n + j] = el.querySelector(`[data-heatmap="weights"] button[data-i="${i}"][data-j="${j}"]`).classList.contains('hidden-key') ? 0 : 1;
  const r = core.attention({ q: Q, k: K, v: V, n, dk: 2, mask });
  const cells = (sel) => [...el.querySelectorAll(sel)].map((c) => Number(c.dataset.value));
  return { n, weights: [...r.weights], output: [...r.output], shownW: cells('[data-heatmap="weights"] button.cell'), shownOut: cells('[data-matrix="output"] tbody td'), shownScores: cells('[data-heatmap="scores"] button.cell'), scores: [...r.scores] };
});

test('scene 4 loads without console errors at step 1', async () => {
  assert.match(await page.locator('ae-scene-self [data-readout="step"]').textContent(), /Step 1 of 7/);
  assert.equal(await page.locator('ae-scene-self [data-matrix="output"]').isVisible(), false);
  assert.deepEqual(errors.all(), []);
});

test('next, next, … reaches the output, which equals the core', async () => {
  await page.locator('ae-scene-self [data-control="sentence"]').fill('The cat sat on the mat');
  for (let i = 0; i < 6; i++) await page.locator('ae-scene-self [data-control="next"]').click();
  await settle();
  assert.match(await page.locator('ae-scene-self [data-readout="step"]').textContent(), /Step 7 of 7/);
  assert.equal(await page.locator('ae-scene-self [data-matrix="output"]').isVisible(), true);
  const r = await coreAnswer();
  assert.equal(r.n, 6);
  assert.deepEqual(r.shownOut, r.output); assert.deepEqual(r.shownW, r.weights); assert.deepEqual(r.shownScores, r.scores);
  await page.locator('ae-scene-self [data-control="prev"]').click(); await settle();
  assert.match(await page.locator('ae-scene-self [data-readout="step"]').textContent(), /Step 6 of 7/);
  await page.locator('ae-scene-self [data-control="next"]').click();
});

test('focusing a cell shows that pair’s geometry from the core', async () => {
  await page.mouse.move(1, 1); // hover also focuses a pair: keep the pointer out of the way
  await page.locator('ae-scene-self [data-heatmap="scores"] button[data-i="2"][data-j="1"]').focus(); await settle();
  const r = await page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const el = document.querySelector('ae-scene-self');
    const row = (name, i) => [...el.querySelectorAll(`[data-matrix="${name}"] tbody tr`)][i].querySelectorAll('td');
    const q = [...row('Q', 2)].map((td) => Number(td.dataset.value)); const k = [...row('K', 1)].map((td) => Number(td.dataset.value));
    const read = (n) => Number(el.querySelector(`[data-readout="pair-${n}"]`).dataset.value);
    return { shown: [read('dot'), read('cos'), read('theta')], core: [core.dot(q, k), core.cosine(q, k), core.angle(q, k)], title: el.querySelector('aside.pair h4').textContent };
  });
  assert.deepEqual(r.shown, r.core);
  assert.match(r.title, /“sat”.*“cat”/);
  await page.keyboard.press('ArrowRight'); await settle();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.j), '2');
  await page.waitForFunction(() => /fk=2/.test(location.hash));
});

test('the mask painter hides a key; that row renormalises over the rest', async () => {
  await page.locator('ae-scene-self [data-control="paint"]').click();
  await page.locator('ae-scene-self [data-heatmap="weights"] button[data-i="2"][data-j="1"]').click(); await settle();
  const r = await coreAnswer();
  const row = r.shownW.slice(2 * r.n, 3 * r.n);
  assert.equal(row[1], 0, 'hidden key gets weight 0');
  assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row sums to 1: ${row}`);
  assert.deepEqual(r.shownW, r.weights);
  assert.ok(Math.abs(Number(await page.locator('ae-scene-self [data-readout="row-sum"]').getAttribute('data-value')) - 1) < 1e-5);
  await page.waitForFunction(() => /mask=2\.1/.test(location.hash));
});

test('causal mask hides later words', async () => {
  await page.locator('ae-scene-self [data-control="causal"]').check(); await settle();
  const r = await coreAnswer();
  for (let i = 0; i < r.n; i++) for (let j = i + 1; j < r.n; j++) assert.equal(r.shownW[i * r.n + j], 0);
  assert.deepEqual(r.shownW, r.weights);
});

test('the URL hash round-trips for scene 4', async () => {
  await page.waitForTimeout(300);
  const hash = await page.evaluate(() => location.hash);
  const before = await coreAnswer();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-matrix="output"] td'));
  assert.equal(await page.evaluate(() => location.hash), hash);
  const after = await coreAnswer();
  assert.deepEqual(after.shownW, before.shownW); assert.deepEqual(after.shownOut, before.shownOut);
  assert.equal(await page.locator('ae-scene-self [data-control="causal"]').isChecked(), true);
});

test('sentence text is rendered as text, never as HTML', async () => {
  await page.locator('ae-scene-self [data-control="sentence"]').fill('<img src=x onerror=alert(1)> cat <b>sat</b>'); await settle();
  assert.equal(await page.locator('ae-scene-self img').count(), 0);
  assert.equal(await page.locator('ae-scene-self b').count(), 0);
  assert.match(await page.locator('ae-scene-self [data-readout="tokens"]').textContent(), /<img/);
  await page.locator('ae-scene-self button', { hasText: 'The cat sat on the mat' }).click(); await settle();
});

test('axe-core finds no violations in scene 4; screenshots at 1200 and 375 px', async () => {
  await injectAxe(page);
  const result = await page.evaluate((tags) => axe.run('#scene-self', { runOnly: tags }), AXE_TAGS);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.locator('#scene-self').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-self-attention.png') });
  await page.setViewportSize({ width: 375, height: 800 }); await settle();
  await page.locator('#scene-self').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-self-attention-375.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 375 px by ${overflow}px`);
  await page.setViewportSize({ width: 1200, height: 900 });
  assert.deepEqual(errors.all(), []);
});

test('without reduced motion the tip-to-tail animation does tween', async () => {
  const frames = await page.evaluate(() => attentionExplorer.motion.frames);
  await page.locator('ae-scene-sum').scrollIntoViewIfNeeded();
  await page.locator('ae-scene-sum [data-control="play-sum"]').click();
  await page.waitForTimeout(500);
  assert.ok(await page.evaluate(() => attentionExplorer.motion.frames) > frames);
});

test('without WebAssembly the page says so plainly', async () => {
  const other = await browser.context.newPage();
  await other.addInitScript(() => { delete globalThis.WebAssembly; });
  await other.goto(`${server.url}/`);
  await other.waitForFunction(() => document.documentElement.dataset.core === 'unavailable');
  assert.equal(await other.locator('.unavailable').count(), 4);
  assert.match(await other.locator('#core-status').textContent(), /could not be loaded/);
  await other.close();
});
