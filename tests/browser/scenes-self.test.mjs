// scenes-self.test.mjs — scene 4 as a lesson (issue 8): the stage you step to is on screen with
// its inputs and the pair panel; every number equals the core's (6-column toy model, positional
// encodings from the core); a clicked cell keeps the focus while the pointer wanders; −∞ for
// hidden keys; shuffling permutes the outputs and positions break the tie; the head presets give
// their patterns; typed W and X reach the core; solo embeds; axe; screenshots at 1280 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR, injectAxe, textOverlaps } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  page = browser.page; errors = collectConsoleErrors(page);
  await open('#scene=self');
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const S = 'ae-scene-self';
async function open(hash) {
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-readout="step"]')?.textContent);
  await page.evaluate(() => document.fonts.ready); await settle();
}
const setState = (patch) => page.evaluate((p) => attentionExplorer.state.set(p), patch).then(settle);
const stepText = () => page.locator(`${S} [data-readout="step"]`).textContent();

/** The core's answer for what the scene shows: the 6-column X (+ PE), W from the state, the mask. */
const coreAnswer = (order = null) => page.evaluate(async (order) => {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
  const m = await import('/app/toy-model.js');
  const st = attentionExplorer.state;
  const typed = m.tokenize(st.get('sentence')).tokens;
  const perm = order ?? m.permutation(typed.length, st.get('shuffle'));
  const tokens = perm.map((i) => typed[i]); const n = tokens.length;
  const { X } = m.embedSelf(tokens);
  if (st.get('positions')) { const pe = core.positionalEncoding({ n, d: 6 }); for (let i = 0; i < X.length; i++) X[i] += pe[i]; }
  const [Q, K, V] = ['wq', 'wk', 'wv'].map((w) => core.matmul(X, Float32Array.from(st.get(w)), n, 6, 2));
  const mask = new Uint8Array(n * n).fill(1);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if ((st.get('causal') && j > i) || st.get('mask').some(([a, b]) => a === i && b === j)) mask[i * n + j] = 0;
  const r = core.attention({ q: Q, k: K, v: V, n, dk: 2, mask });
  const el = document.querySelector('ae-scene-self');
  const cells = (sel) => [...el.querySelectorAll(sel)].map((c) => Number(c.dataset.value));
  return { n, tokens, Q: [...Q], K: [...K], V: [...V], scores: [...r.scores], scaled: [...r.scaled], weights: [...r.weights], output: [...r.output],
    shownW: cells('[data-heatmap="weights"] button.cell'), shownOut: cells('[data-matrix="output"] tbody td'),
    shownScores: cells('[data-heatmap="scores"] button.cell'), shownScaled: cells('[data-heatmap="scaled"] button.cell') };
}, order);

/** The visible text elements inside `sel` that overlap each other. */
const overlaps = (sel) => textOverlaps(page, `${sel} text`);

test('scene 4 opens at step 1 with no console errors', async () => {
  assert.match(await stepText(), /Step 1 of 7/);
  assert.equal(await page.locator(`${S} [data-matrix="output"]`).isVisible(), false);
  assert.deepEqual(errors.all(), []);
});

test('Next brings each stage on screen with its inputs and the pair panel (1280×800), and the numbers equal the core', async () => {
  await page.locator(`${S} button`, { hasText: 'The cat sat on the mat' }).click(); await settle();
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let step = 2; step <= 7; step++) {
    await page.locator(`${S} [data-control="next"]`).click();
    await page.waitForTimeout(700); // smooth scroll
    assert.match(await stepText(), new RegExp(`Step ${step} of 7`));
    const box = await page.evaluate(() => {
      const el = document.querySelector('ae-scene-self'); const cur = el.querySelector('.stage.current').getBoundingClientRect();
      const pair = el.querySelector('aside.pair'); const p = pair.hidden ? null : pair.getBoundingClientRect();
      return { top: cur.top, bottom: cur.bottom, shown: el.querySelectorAll('.stage:not([hidden])').length, pTop: p?.top, pBottom: p?.bottom };
    });
    assert.equal(box.shown, 1, 'only the current stage is drawn in full');
    assert.ok(box.top >= 0 && box.bottom <= 800, `stage ${step} spans ${box.top}…${box.bottom}`);
    if (step >= 4) assert.ok(box.pTop >= 0 && box.pBottom <= 800, `pair panel at step ${step} spans ${box.pTop}…${box.pBottom}`);
    if (step === 4) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-stage-4-laptop.png') });
  }
  // the strip goes back to an earlier stage
  await page.locator(`${S} [data-step="4"]`).click(); await settle();
  assert.match(await stepText(), /Step 4 of 7/);
  const r = await coreAnswer();
  assert.deepEqual(r.shownScores, r.scores);
  for (const step of [5, 6, 7]) await setState({ step });
  const r2 = await coreAnswer();
  assert.equal(r2.n, 6);
  assert.deepEqual(r2.shownOut, r2.output); assert.deepEqual(r2.shownW, r2.weights); assert.deepEqual(r2.shownScaled, r2.scaled);
});

test('a clicked cell stays focused while the pointer passes over others; a key moves it', async () => {
  await setState({ sentence: 'The cat sat on the mat', step: 6, fq: 0, fk: 0 });
  const cell = (i, j) => page.locator(`${S} [data-heatmap="weights"] button[data-i="${i}"][data-j="${j}"]`);
  await cell(2, 1).click(); await settle();
  const title = await page.locator(`${S} [data-readout="pair-title"]`).textContent();
  assert.match(title, /“sat”.*“cat”/);
  for (const [i, j] of [[0, 0], [3, 4], [5, 5]]) await cell(i, j).hover();
  await settle();
  assert.equal(await page.locator(`${S} [data-readout="pair-title"]`).textContent(), title, 'hover must not steal the focus');
  assert.match(await page.locator(`${S} [data-readout="hover"]`).textContent(), /mat/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /fq=5/);
  // the panel: q·k, scaled score, weight and α·v of that cell, from the core
  const r = await coreAnswer(); const idx = 2 * r.n + 1;
  const read = (k) => page.locator(`${S} [data-readout="pair-${k}"]`).getAttribute('data-value').then(Number);
  assert.equal(await read('dot'), r.scores[idx]); assert.equal(await read('scaled'), r.scaled[idx]); assert.equal(await read('weight'), r.weights[idx]);
  const av = await page.locator(`${S} [data-readout="pair-av"]`).textContent();
  assert.ok(av.endsWith(`(${(r.weights[idx] * r.V[2]).toFixed(2)}, ${(r.weights[idx] * r.V[3]).toFixed(2)})`), av);
  // readable: no overlapping labels in the pair's plane, every text ≥ 12 px on screen
  assert.deepEqual(await overlaps(`${S} aside.pair svg`), []);
  const small = await page.evaluate(() => [...document.querySelectorAll('ae-scene-self aside.pair svg text, ae-scene-self aside.pair dt, ae-scene-self aside.pair dd')]
    .filter((t) => t.textContent && t.getClientRects().length).map((t) => {
      const scale = t.ownerSVGElement ? t.ownerSVGElement.getScreenCTM().a : 1;
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale];
    }).filter(([, px]) => px < 12));
  assert.deepEqual(small, []);
  await cell(2, 1).focus(); await page.keyboard.press('ArrowRight'); await settle();
  assert.match(await page.locator(`${S} [data-readout="pair-title"]`).textContent(), /“sat”.*“sat”/);
});

test('the pair panel keeps its labels apart for vectors on an axis and for near-parallel pairs', async () => {
  // default head, "The cat sat": q(The) = (1, 0) and k(cat) = (2, 0) lie on the x-axis together
  await setState({ sentence: 'The cat sat', step: 4, fq: 0, fk: 1 });
  assert.deepEqual(await overlaps(`${S} aside.pair svg`), []);
  for (const [fq, fk] of [[1, 0], [2, 1], [1, 2], [2, 2]]) { await setState({ fq, fk }); assert.deepEqual(await overlaps(`${S} aside.pair svg`), [], `pair ${fq},${fk}`); }
});

test('a hidden key shows −∞ in the scaled scores, with the note; the row renormalises', async () => {
  await setState({ sentence: 'The cat sat on the mat', step: 6, paint: true, fq: 0, fk: 0 });
  await page.locator(`${S} [data-heatmap="weights"] button[data-i="2"][data-j="1"]`).click(); await settle();
  await page.waitForFunction(() => /mask=2\.1/.test(location.hash));
  const r = await coreAnswer();
  const row = r.shownW.slice(2 * r.n, 3 * r.n);
  assert.equal(row[1], 0);
  assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.deepEqual(r.shownW, r.weights);
  await setState({ step: 5, paint: false });
  const hidden = page.locator(`${S} [data-heatmap="scaled"] button[data-i="2"][data-j="1"]`);
  assert.equal(await hidden.textContent(), '−∞');
  assert.equal(await page.locator(`${S} [data-heatmap="scaled"] button.hidden-key`).count(), 1);
  assert.match(await page.locator(`${S} [data-readout="minus-infinity-note"]`).textContent(), /−∞.*before softmax.*after softmax/);
  await setState({ mask: [], causal: true });
  assert.equal(await page.locator(`${S} [data-heatmap="scaled"] button.hidden-key`).count(), 15);
  await setState({ step: 6 });
  const c = await coreAnswer();
  for (let i = 0; i < c.n; i++) for (let j = i + 1; j < c.n; j++) assert.equal(c.shownW[i * c.n + j], 0);
  assert.deepEqual(c.shownW, c.weights);
  await setState({ causal: false });
});

test('shuffling the words permutes the outputs, and positions break the tie', async () => {
  await setState({ sentence: 'The dog chased the cat', step: 7, shuffle: 0, positions: false, mask: [] });
  await page.locator(`${S} [data-control="shuffle"]`).click(); await settle();
  const shuffled = await coreAnswer();
  const typed = await coreAnswer([0, 1, 2, 3, 4]);
  assert.notDeepEqual(shuffled.tokens, typed.tokens);
  assert.deepEqual(shuffled.shownOut, shuffled.output);
  // each word's output is the same vector, only moved with the word
  const perm = await page.evaluate(async () => (await import('/app/toy-model.js')).permutation(5, attentionExplorer.state.get('shuffle')));
  perm.forEach((w, r) => { for (const c of [0, 1]) assert.ok(Math.abs(shuffled.output[r * 2 + c] - typed.output[w * 2 + c]) < 1e-6, `word ${w}`); });
  assert.match(await page.locator(`${S} [data-readout="order-verdict"]`).textContent(), /exactly the vector it had/);
  // the swapped sentence: dog and cat trade outputs without positions, and differ with them
  const pair = async (positions) => {
    await setState({ shuffle: 0, positions, sentence: 'The dog chased the cat' }); const a = await coreAnswer();
    await setState({ sentence: 'The cat chased the dog' }); const b = await coreAnswer();
    return [a, b];
  };
  const [a, b] = await pair(false);
  // equal up to float32 rounding: a fused multiply-add kernel may round a row differently by its place in a tile
  const near = (x, y, what) => x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= 1e-6 * (1 + Math.abs(v)), `${what}: ${x} vs ${y}`));
  near(a.shownOut.slice(2, 4), b.shownOut.slice(8, 10), 'dog keeps its output');
  near(a.shownOut.slice(8, 10), b.shownOut.slice(2, 4), 'cat keeps its output');
  const [pa, pb] = await pair(true);
  assert.deepEqual(pa.shownOut, pa.output);
  assert.ok(Math.abs(pa.shownOut[2] - pb.shownOut[8]) + Math.abs(pa.shownOut[3] - pb.shownOut[9]) > 1e-3, 'with positions, dog’s output depends on where it stands');
  await page.locator(`${S} [data-control="shuffle"]`).click(); await settle();
  assert.match(await page.locator(`${S} [data-readout="order-note"]`).textContent(), /outputs changed.*position/);
  await setState({ shuffle: 0, positions: false });
});

test('the head presets produce their patterns; Reset restores the default', async () => {
  await setState({ sentence: 'The cat sat on the mat', step: 6 });
  const argmax = (w, n, i) => { const row = w.slice(i * n, i * n + n); return row.indexOf(Math.max(...row)); };
  const head = async (id) => { await page.locator(`${S} [data-head="${id}"]`).click(); await settle(); const r = await coreAnswer(); assert.deepEqual(r.shownW, r.weights); return r; };
  const prev = await head('previous');
  for (let i = 1; i < prev.n; i++) assert.equal(argmax(prev.weights, prev.n, i), i - 1, `row ${i} looks one back`);
  const sink = await head('sink');
  for (let i = 0; i < sink.n; i++) assert.equal(argmax(sink.weights, sink.n, i), 0, `row ${i} looks at the first word`);
  const uni = await head('uniform');
  uni.weights.forEach((w) => assert.ok(Math.abs(w - 1 / uni.n) < 1e-6));
  const kind = await head('kind');
  const kinds = await page.evaluate(async (tokens) => { const m = await import('/app/toy-model.js'); const { X } = m.embed(tokens); return tokens.map((_, i) => { const row = [...X.subarray(i * 4, i * 4 + 3)]; return row.indexOf(Math.max(...row)); }); }, kind.tokens);
  for (let i = 0; i < kind.n; i++) assert.equal(kinds[argmax(kind.weights, kind.n, i)], kinds[i], `“${kind.tokens[i]}” attends to its own kind`);
  assert.equal(await page.locator(`${S} [data-head="kind"]`).getAttribute('aria-pressed'), 'true');
  await page.locator(`${S} [data-control="reset"]`).click(); await settle();
  assert.equal(await page.locator(`${S} [data-head="content"]`).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => attentionExplorer.state.get('positions')), false);
});

test('typed values in W_Q and X reach the core', async () => {
  await setState({ step: 2 });
  const wq = page.locator(`${S} [data-matrix-input="W_Q"] input[data-i="2"][data-j="0"]`);
  await wq.fill('-1.5'); await settle();
  assert.equal((await page.evaluate(() => attentionExplorer.state.get('wq')))[4], -1.5);
  assert.equal(await page.locator(`${S} [data-head="content"]`).getAttribute('aria-pressed'), 'false');
  await setState({ step: 1 });
  await page.locator(`${S} [data-matrix-input="X"] input[data-i="1"][data-j="5"]`).fill('0.25'); await settle();
  assert.match(await page.evaluate(() => attentionExplorer.state.get('xedit')), /^1\.5:0\.25$/);
  await setState({ step: 3 });
  const r = await page.evaluate(async () => {
    const { loadCore } = await import('/attention-core.js'); const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
    const m = await import('/app/toy-model.js'); const st = attentionExplorer.state;
    const tokens = m.tokenize(st.get('sentence')).tokens; const { X } = m.embedSelf(tokens); X[1 * 6 + 5] = 0.25;
    const Q = core.matmul(X, Float32Array.from(st.get('wq')), tokens.length, 6, 2);
    return { Q: [...Q], shown: [...document.querySelectorAll('ae-scene-self [data-matrix="Q"] tbody td')].map((td) => Number(td.dataset.value)) };
  });
  assert.deepEqual(r.shown, r.Q);
  await page.locator(`${S} [data-control="reset"]`).click(); await settle();
  assert.equal(await page.evaluate(() => attentionExplorer.state.get('xedit')), '');
});

test('the URL hash round-trips the model settings', async () => {
  await setState({ sentence: 'A bird sat in the tree', step: 6, positions: true, shuffle: 7, causal: true });
  await page.locator(`${S} [data-head="previous"]`).click(); await settle();
  // hash writes are coalesced (at most about one a second while changes continue): wait for it
  await page.waitForFunction(() => location.hash.slice(1) === attentionExplorer.state.toHash());
  const hash = await page.evaluate(() => location.hash);
  const before = await coreAnswer();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-heatmap="weights"] button.cell'));
  await settle();
  assert.equal(await page.evaluate(() => location.hash), hash);
  const afterR = await coreAnswer();
  assert.deepEqual(afterR.shownW, before.shownW);
  assert.equal(await page.locator(`${S} [data-control="positions"]`).isChecked(), true);
});

test('solo=1 shows one stage alone at a fixed size (for slides)', async () => {
  const other = await browser.context.newPage();
  await other.goto(`${server.url}/embed.html?scene=self&sentence=The%20cat%20sat%20on%20the%20mat&step=6&solo=1&hide=title`);
  await other.waitForFunction(() => document.querySelector('attention-explorer')?.shadowRoot?.querySelector('[data-heatmap="weights"] button.cell'));
  const r = await other.evaluate(() => {
    const root = document.querySelector('attention-explorer').shadowRoot;
    const vis = (sel) => [...root.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
    return { stages: vis('.stage'), nav: vis('.step-nav'), pair: vis('aside.pair'), sentence: vis('[data-control="sentence"]'), weights: vis('[data-heatmap="weights"]'), width: root.querySelector('.self-grid').getBoundingClientRect().width };
  });
  assert.deepEqual({ ...r, width: undefined }, { stages: 1, nav: 0, pair: 0, sentence: 0, weights: 1, width: undefined });
  assert.equal(r.width, 960);
  await other.screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-solo-step-6.png') });
  await other.close();
});

test('sentence text is rendered as text, never as HTML', async () => {
  await setState({ step: 1, positions: false, shuffle: 0, causal: false });
  await page.locator(`${S} [data-control="sentence"]`).fill('<img src=x onerror=alert(1)> cat <b>sat</b>'); await settle();
  assert.equal(await page.locator(`${S} img`).count(), 0);
  assert.equal(await page.locator(`${S} b`).count(), 0);
  assert.match(await page.locator(`${S} [data-readout="tokens"]`).textContent(), /<img/);
  await page.locator(`${S} button`, { hasText: 'The cat sat on the mat' }).click(); await settle();
});

test('axe-core finds no violations in scene 4; screenshots at 1280 and 375 px', async () => {
  await page.locator(`${S} [data-control="reset"]`).click();
  await setState({ step: 6, fq: 2, fk: 1 });
  await injectAxe(page);
  const result = await page.evaluate((tags) => axe.run('#scene-self', { runOnly: tags }), AXE_TAGS);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await page.locator('#scene-self').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-self-attention.png') });
  await page.setViewportSize({ width: 375, height: 800 }); await settle();
  await page.locator('#scene-self').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-4-self-attention-375.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 375 px by ${overflow}px`);
  await page.setViewportSize({ width: 1280, height: 800 });
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
  assert.equal(await other.locator('.unavailable').count(), await other.locator('[data-scene-el]').count());
  assert.match(await other.locator('#core-status').textContent(), /could not be loaded/);
  await other.close();
});
