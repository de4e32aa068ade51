// scenes-cross-heads.test.mjs — scenes 5 (cross-attention, five scorings) and 6 (many heads): the
// numbers on screen equal the core's, keyboard and typed values work, deep links and hide flags,
// embed.html, axe finds nothing, screenshots at 1200 and 375 px. One page for both scenes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';
import { axeViolations } from '../browser-support/axe.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 }, reducedMotion: 'reduce' });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/#scene=cross`);
  // scene 6 is more than a screen below scene 5: it loads on demand (app/scene-loader.js)
  await loadAllScenes(page);
  await page.waitForFunction(() => document.querySelector('ae-scene-cross [data-heatmap="cross-weights"] button.cell'));
  await page.waitForFunction(() => document.querySelector('ae-scene-heads [data-heatmap="head-1"] button.cell'));
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Scene 5: the core's five runs for the sentences on screen, and what the scene shows. */
const crossAnswer = () => page.evaluate(async () => {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
  const t = await import('/app/toy-cross.js');
  const { SCORINGS } = await import('/scenes/scene-cross.js');
  const el = document.querySelector('ae-scene-cross');
  const src = t.tokenize(el.querySelector('[data-control="cross-source"]').value).tokens;
  const tgt = t.tokenize(el.querySelector('[data-control="cross-target"]').value).tokens;
  const n = tgt.length; const m = src.length;
  const K = t.embedWords(src).X; const Q = t.embedWords(tgt).X;
  const runs = {};
  for (const x of SCORINGS) {
    const args = { q: Q, k: K, v: K, n, m, dk: t.D, kind: x.kind, scale: x.scale };
    if (x.kind === 'bilinear') Object.assign(args, { q: t.withBias(Q, n), dq: t.D + 1, w: t.flat(t.BILINEAR_W) });
    if (x.kind === 'additive') Object.assign(args, { q: t.withBias(Q, n), dq: t.D + 1, wq: t.flat(t.ADDITIVE.wq), wk: t.flat(t.ADDITIVE.wk), u: t.ADDITIVE.u });
    const r = core.attention(args);
    runs[x.id] = { scaled: [...r.scaled], weights: [...r.weights] };
  }
  const cells = (sel) => [...el.querySelectorAll(sel)].map((c) => Number(c.dataset.value));
  const multiples = Object.fromEntries(SCORINGS.map((x) => [x.id, el.querySelector(`[data-multiple="${x.id}"] svg.bars`).dataset.values.split(',').map(Number)]));
  const rows = el.querySelectorAll('[data-heatmap="cross-weights"] tbody tr').length;
  const cols = el.querySelectorAll('[data-heatmap="cross-weights"] thead th').length;
  return { n, m, runs, rows, cols, shownScores: cells('[data-heatmap="cross-scores"] button.cell'), shownWeights: cells('[data-heatmap="cross-weights"] button.cell'), multiples };
});

test('scene 5 opens from a deep link without console errors; its n × m heatmaps are the core’s', async () => {
  const r = await crossAnswer();
  assert.equal(r.n, 5); assert.equal(r.m, 4);
  assert.equal(r.rows, 5); assert.equal(r.cols, 4, 'not square: 5 target words × 4 source words');
  assert.deepEqual(r.shownScores, r.runs.scaled.scaled);
  assert.deepEqual(r.shownWeights, r.runs.scaled.weights);
  const tq = 2; // "cat"
  for (const id of Object.keys(r.runs)) assert.deepEqual(r.multiples[id], r.runs[id].weights.slice(tq * r.m, (tq + 1) * r.m), id);
  // with these hand-set vectors, "cat" attends most to "chat" under every scoring
  for (const id of Object.keys(r.runs)) {
    const row = r.multiples[id];
    assert.equal(row.indexOf(Math.max(...row)), 1, `${id}: cat → chat`);
  }
  assert.deepEqual(errors.all(), []);
});

test('the scoring switch works by keyboard, and a focused row picks the small multiples’ query', async () => {
  await page.locator('ae-scene-cross [data-scoring="scaled"]').focus();
  await page.keyboard.press('ArrowDown'); await settle(); // radio group: next option, cosine
  await page.waitForFunction(() => /scoring=cosine/.test(location.hash));
  let r = await crossAnswer();
  assert.deepEqual(r.shownWeights, r.runs.cosine.weights);
  await page.locator('ae-scene-cross [data-scoring="additive"]').check(); await settle();
  r = await crossAnswer();
  assert.deepEqual(r.shownScores, r.runs.additive.scaled);
  await page.locator('ae-scene-cross [data-heatmap="cross-weights"] button[data-i="1"][data-j="0"]').focus(); await settle();
  await page.waitForFunction(() => /tq=1/.test(location.hash));
  r = await crossAnswer();
  assert.deepEqual(r.multiples.bilinear, r.runs.bilinear.weights.slice(r.m, 2 * r.m));
  assert.match(await page.locator('ae-scene-cross .multiples h3').textContent(), /“black”/);
});

test('typed sentences of different lengths give a non-square map; empty input is explained', async () => {
  await page.locator('ae-scene-cross [data-control="cross-source"]').fill('le petit chien mange le pain');
  await page.locator('ae-scene-cross [data-control="cross-target"]').fill('the dog eats'); await settle();
  const r = await crossAnswer();
  assert.equal(r.rows, 3); assert.equal(r.cols, 6);
  assert.deepEqual(r.shownWeights, r.runs.additive.weights);
  await page.locator('ae-scene-cross [data-control="cross-target"]').fill('   '); await settle();
  assert.match(await page.locator('ae-scene-cross [data-readout="cross-tokens"]').textContent(), /at least one word/);
  assert.equal(await page.locator('ae-scene-cross .cross-maps').isVisible(), false);
  await page.locator('ae-scene-cross button', { hasText: 'le chat noir dort → the black cat is sleeping' }).click(); await settle();
});

test('geometry: typed q and k give the core’s dot, cosine, bilinear and additive', async () => {
  const input = page.locator('ae-scene-cross input[data-vec="gk"][data-i="0"]');
  await input.fill('-1.5'); await input.press('Tab'); await settle();
  await page.locator('ae-scene-cross [data-handle="gq"]').focus();
  await page.keyboard.press('ArrowUp'); await settle();
  await page.waitForFunction(() => /gq=2,0.6/.test(location.hash) && /gk=-1.5,1.5/.test(location.hash));
  const r = await page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const t = await import('/app/toy-cross.js');
    const hash = new URLSearchParams(location.hash.slice(1));
    const q = hash.get('gq').split(',').map(Number); const k = hash.get('gk').split(',').map(Number);
    const A = t.GEO_ADDITIVE;
    const read = (name) => Number(document.querySelector(`ae-scene-cross [data-readout="geo-${name}"]`).dataset.value);
    return {
      q, k,
      shown: [read('dot'), read('cos'), read('bilinear'), read('additive'), read('nq')],
      core: [core.dot(q, k), core.cosine(q, k), core.scores({ q, k, n: 1, dk: 2, kind: 'bilinear', w: t.flat(t.GEO_W) })[0],
        core.scores({ q, k, n: 1, dk: 2, kind: 'additive', wq: t.flat(A.wq), wk: t.flat(A.wk), u: A.u })[0], core.norm(q)],
    };
  });
  assert.deepEqual(r.k, [-1.5, 1.5]);
  assert.deepEqual(r.q, [2, 0.6]);
  assert.deepEqual(r.shown, r.core);
});

test('scene 6: four heads, each head’s weights, concat and output are the core’s', async () => {
  await page.goto('about:blank'); // a fresh load, not a hash change
  await page.goto(`${server.url}/#scene=heads&phrase=The%20dog%20chased%20the%20cat&head=2`);
  await page.waitForFunction(() => document.querySelectorAll('ae-scene-heads [data-heatmap="head-4"] button.cell').length === 25);
  const answer = () => page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js');
    const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const t = await import('/app/toy-heads.js');
    const el = document.querySelector('ae-scene-heads');
    const heads = Number(el.querySelector('input[data-heads]:checked').value);
    const { tokens } = t.tokenize(el.querySelector('[data-control="heads-sentence"]').value); const n = tokens.length;
    const r = core.multiHead({ x: t.inputs(tokens).X, n, dModel: 8, heads, wq: t.flat(t.W_Q), wk: t.flat(t.W_K), wv: t.flat(t.W_V), wo: t.flat(t.W_O) });
    const cells = (sel) => [...el.querySelectorAll(sel)].map((c) => Number(c.dataset.value));
    const maps = [1, 2, 3, 4].map((x) => cells(`[data-head-map="${x}"]:not([hidden]) [data-heatmap="head-${x}"] button.cell`));
    return {
      n, heads, r: { weights: [...r.weights], concat: [...r.concat], output: [...r.output], q: [...r.q] },
      maps, concat: cells('[data-matrix="concat"] tbody td'), output: cells('[data-matrix="heads-output"] tbody td'), qSlice: cells('[data-matrix="slice-q"] tbody td'),
    };
  });
  let a = await answer();
  assert.equal(a.heads, 4);
  for (let x = 0; x < 4; x++) assert.deepEqual(a.maps[x], a.r.weights.slice(x * 25, (x + 1) * 25), `head ${x + 1}`);
  assert.deepEqual(a.concat, a.r.concat); assert.deepEqual(a.output, a.r.output);
  // head 2 (columns 3-4 of Q)
  assert.deepEqual(a.qSlice, Array.from({ length: 5 }, (_, i) => a.r.q.slice(i * 8 + 2, i * 8 + 4)).flat());
  // the heads differ: head 1 looks at the previous word, head 3 at the first word
  const argmax = (w, i) => { const row = w.slice(i * 5, i * 5 + 5); return row.indexOf(Math.max(...row)); };
  assert.deepEqual([1, 2, 3, 4].map((i) => argmax(a.maps[0], i)), [0, 1, 2, 3]);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => argmax(a.maps[2], i)), [0, 0, 0, 0, 0]);
  // two heads by keyboard: the same columns, shared by fewer, wider heads
  await page.locator('ae-scene-heads input[data-heads="4"]').focus();
  await page.keyboard.press('ArrowLeft'); await settle();
  await page.waitForFunction(() => /heads=2/.test(location.hash));
  a = await answer();
  assert.equal(a.heads, 2);
  assert.deepEqual(a.maps[0], a.r.weights.slice(0, 25)); assert.deepEqual(a.maps[1], a.r.weights.slice(25, 50));
  assert.deepEqual(a.maps[2], []); assert.deepEqual(a.maps[3], []);
  assert.deepEqual(a.concat, a.r.concat);
  assert.match(await page.locator('ae-scene-heads [data-readout="heads-cost"]').textContent(), /2 × 100 = 200 = 5·5·8/);
  // selecting a head from its heatmap with Enter
  await page.locator('ae-scene-heads [data-heatmap="head-1"] button.cell').first().focus();
  await page.keyboard.press('Enter'); await settle();
  await page.waitForFunction(() => !/head=2/.test(location.hash));
  a = await answer();
  assert.deepEqual(a.qSlice, Array.from({ length: 5 }, (_, i) => a.r.q.slice(i * 8, i * 8 + 4)).flat());
  assert.deepEqual(errors.all(), []);
});

test('axe finds no violations in scenes 5 and 6; screenshots; no sideways scroll at 375 px', async () => {
  await page.goto('about:blank');
  await page.goto(`${server.url}/#scene=cross`);
  await loadAllScenes(page); // scene 6 is a screen below
  await page.waitForFunction(() => document.querySelector('ae-scene-heads [data-heatmap="head-1"] button.cell'));
  await page.waitForFunction(() => document.querySelector('ae-scene-cross .formula .katex'));
  for (const id of ['#scene-cross', '#scene-heads']) assert.deepEqual(await axeViolations(page, id), [], id);
  await page.locator('#scene-cross').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-5-cross-attention.png') });
  // an off-screen scene is laid out at its placeholder size (content-visibility): bring it on screen first
  await page.locator('#scene-heads').scrollIntoViewIfNeeded(); await settle();
  await page.locator('#scene-heads').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-6-many-heads.png') });
  await page.setViewportSize({ width: 375, height: 800 }); await settle();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 375 px by ${overflow}px`);
  await page.setViewportSize({ width: 1200, height: 900 });
  assert.deepEqual(errors.all(), []);
});

test('embed.html shows one scene with its options and hide flags', async () => {
  await page.goto(`${server.url}/embed.html?scene=cross&scoring=bilinear&source=le%20chien%20dort&hide=geometry,multiples`);
  await page.locator('ae-scene-cross [data-heatmap="cross-weights"] button.cell').first().waitFor(); // locators see into shadow roots
  assert.equal(await page.locator('ae-scene-cross input[data-scoring="bilinear"]').isChecked(), true);
  assert.equal(await page.locator('ae-scene-cross .geometry').isVisible(), false);
  assert.equal(await page.locator('ae-scene-cross .multiples').isVisible(), false);
  assert.equal(await page.locator('ae-scene-cross [data-heatmap="cross-weights"] thead th').count(), 3);
  await page.goto(`${server.url}/embed.html?scene=heads&heads=1&hide=slices`);
  await page.locator('ae-scene-heads [data-heatmap="head-1"] button.cell').first().waitFor();
  assert.equal(await page.locator('ae-scene-heads .slices').isVisible(), false);
  assert.equal(await page.locator('ae-scene-heads [data-head-map="2"]').isVisible(), false);
  assert.deepEqual(errors.all(), []);
});
