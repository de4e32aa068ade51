// scenes-cost-grad.test.mjs — scenes 7 (cost) and 8 (grad): the cost meter runs in a Web Worker
// (progress, cancel, also under the strict CSP of the embeds), accuracy and pattern numbers, the
// gradient readouts, the Jacobian heatmaps and the naive/stable softmax table all agree with the
// core called from the test; keyboard, axe, screenshots.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, SCREENSHOT_DIR } from '../browser-support/index.mjs';
import { STRICT_CSP, cspViolations, recorders } from '../browser-support/embed.mjs';
import { axeViolations } from '../browser-support/axe.mjs';

describe('the page', () => {
  let server; let browser; let page; let errors;
  before(async () => {
    server = await startServer(path.join(REPO_ROOT, 'web'));
    browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
    page = browser.page; errors = collectConsoleErrors(page);
  });
  after(async () => { await browser?.close(); await server?.close(); });
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const value = (scene, name) => page.evaluate(([s, n]) => Number(document.querySelector(`ae-scene-${s} [data-readout="${n}"]`).dataset.value), [scene, name]);
  const axe = async (selector) => assert.deepEqual(await axeViolations(page, selector), []);

  test('scene 7: the meter measures in a worker, fits slopes, and its accuracy numbers are the core’s', async () => {
    await page.goto(`${server.url}/#scene=cost&costmaxn=256&costwindow=2&costglobals=1`);
    // first paint does not wait for measurements: the accuracy table is there at once
    await page.waitForFunction(() => document.querySelector('ae-scene-cost [data-table="accuracy"] [data-method="sparse"] td')?.dataset.value);
    // memory from the shapes is drawn before any timing; no time yet
    const early = await page.evaluate(() => [...document.querySelectorAll('ae-scene-cost [data-table="slopes"] tr[data-method="materialised"] td')].map((td) => td.dataset.value));
    assert.ok(Number(early[1]) > 1.5 && early[0] === '', `memory slope drawn, time not yet: ${early}`);
    await page.locator('ae-scene-cost [data-action="measure"]').click();
    await page.waitForFunction(() => /Measured/.test(document.querySelector('ae-scene-cost [data-readout="cost-status"]').textContent), null, { timeout: 45_000 });
    assert.match(await page.locator('ae-scene-cost [data-readout="cost-status"]').textContent(), /Web Worker/);
    assert.equal(await page.evaluate(() => document.querySelector('ae-scene-cost progress').value), 1);
    const slopes = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('ae-scene-cost [data-table="slopes"] tbody tr')]
      .map((tr) => [tr.dataset.method, [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))])));
    for (const [method, cells] of Object.entries(slopes)) {
      assert.ok(cells.slice(0, 4).every(Number.isFinite), `${method}: ${cells}`);
    }
    // n ≤ 256 here, where the inputs still weigh against n²: the materialised slope is on its way to 2
    assert.ok(slopes.materialised[1] > 1.5, `materialised memory grows faster than n: ${slopes.materialised[1]}`);
    for (const m of ['tiled', 'sparse', 'linear']) assert.ok(Math.abs(slopes[m][1] - 1) < 0.15, `${m} memory slope ≈ 1: ${slopes[m][1]}`);

    // accuracy: recompute the sentence's exact / sparse / linear outputs with the core here
    const check = await page.evaluate(async () => {
      const { loadCore } = await import('/attention-core.js');
      const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
      const tm = await import('/app/toy-model.js');
      const { tokens } = tm.tokenize('The dog chased the cat and the cat ran up the tree in the park');
      const n = tokens.length; const { X } = tm.embed(tokens);
      const [q, k, v] = [tm.W_Q, tm.W_K, tm.W_V].map((W) => core.matmul(X, tm.flat(W), n, tm.D_MODEL, tm.D_K));
      const exact = core.attention({ q, k, v, n, dk: 2 }).output;
      const sparse = core.sparseAttention({ q, k, v, n, dk: 2, window: 2, globals: [0] }).output;
      const linear = core.linearAttention({ q, k, v, n, dk: 2 }).output;
      const maxDiff = (a) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - exact[i])), 0);
      const shown = (id) => [...document.querySelectorAll(`ae-scene-cost [data-table="accuracy"] tr[data-method="${id}"] td`)].map((td) => Number(td.dataset.value));
      return { sparse: [maxDiff(sparse), shown('sparse')[1]], linear: [maxDiff(linear), shown('linear')[1]] };
    });
    assert.equal(check.sparse[1], check.sparse[0]);
    assert.equal(check.linear[1], check.linear[0]);
    assert.ok(check.linear[0] > 0, 'linear attention is an approximation');
  });

  test('scene 7: cancel stops a long run; the sliders and typed values drive the pattern', async () => {
    await page.locator('ae-scene-cost [data-control="costmaxn"]').selectOption('4096');
    await page.locator('ae-scene-cost [data-action="measure"]').click();
    await page.waitForFunction(() => document.querySelector('ae-scene-cost progress').value > 0, null, { timeout: 30_000 });
    await page.locator('ae-scene-cost [data-action="cancel"]').click();
    assert.match(await page.locator('ae-scene-cost [data-readout="cost-status"]').textContent(), /cancelled/);
    assert.equal(await page.locator('ae-scene-cost [data-action="measure"]').isEnabled(), true);
    const kept = () => page.evaluate(() => Number(document.querySelector('ae-scene-cost [data-table="accuracy"] tr[data-method="sparse"] td').dataset.value));
    const before = await kept();
    await page.locator('ae-scene-cost [data-control="costwindow-number"]').fill('5'); await settle();
    assert.ok(await kept() > before, 'a wider window keeps more pairs');
    await page.locator('ae-scene-cost [data-control="costwindow"]').focus();
    await page.keyboard.press('ArrowLeft'); await settle();
    assert.match(await page.evaluate(() => location.hash), /costwindow=4/);
  });

  test('scene 7: axe finds nothing; screenshot', async () => {
    await page.goto(`${server.url}/#scene=cost&costmaxn=256&costwindow=2`);
    await page.locator('ae-scene-cost [data-action="measure"]').click();
    await page.waitForFunction(() => /Measured/.test(document.querySelector('ae-scene-cost [data-readout="cost-status"]').textContent), null, { timeout: 45_000 });
    await axe('#scene-cost');
    await page.locator('#scene-cost').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-7-cost.png') });
    assert.deepEqual(errors.all(), []);
  });

  test('scene 8: gradient readouts, Jacobian heatmaps and the naive softmax are the core’s numbers', async () => {
    await page.goto(`${server.url}/#scene=grad&gradq=2,0.5&gradk=1,1.5&dk=256`);
    await page.waitForFunction(() => document.querySelector('ae-scene-grad [data-readout="grad-dot"]')?.dataset.value);
    assert.equal(await value('grad', 'grad-dot'), 2 * 1 + 0.5 * 1.5);
    // keyboard: q one step right raises q·k by 0.1 × k₁
    await page.locator('ae-scene-grad [data-handle="q"]').focus();
    await page.keyboard.press('ArrowRight'); await settle();
    assert.ok(Math.abs(await value('grad', 'grad-dot') - (2.1 + 0.75)) < 1e-6);
    assert.ok(Math.abs(await value('grad', 'grad-along') - await value('grad', 'grad-kk')) < 1e-5, 'the gradient predicts the change');
    assert.ok(Math.abs(await value('grad', 'grad-across')) < 1e-5, 'moving across k leaves the score');

    const r = await page.evaluate(async () => {
      const { loadCore } = await import('/attention-core.js');
      const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
      const { mulberry32, normals } = await import('/app/rng.js');
      const { state } = globalThis.attentionExplorer;
      const dk = state.get('dk'); const rand = mulberry32(state.get('seed') * 7907 + dk * 31);
      const k = normals(rand, 6 * dk); const q = normals(rand, dk); // the scene's first query
      const s = core.attention({ q, k, v: new Float32Array(6), n: 1, m: 6, dk, dv: 1 });
      const cells = (name) => [...document.querySelectorAll(`ae-scene-grad [data-heatmap="${name}"] button.cell`)].map((b) => Number(b.dataset.value));
      const naive = [...document.querySelectorAll('ae-scene-grad [data-table="naive"] tbody tr')].map((tr) => [...tr.cells[1].querySelectorAll('[data-value]')].map((e) => Number(e.dataset.value)));
      const stable = [...document.querySelectorAll('ae-scene-grad [data-table="naive"] tbody tr')].map((tr) => [...tr.cells[2].querySelectorAll('[data-value]')].map((e) => Number(e.dataset.value)));
      return {
        raw: [cells('jacobian-raw'), [...core.softmaxJacobian(s.scores)]],
        scaled: [cells('jacobian-scaled'), [...core.softmaxJacobian(s.scaled)]],
        naive: [naive, [[20, 18, 19], [90, 88, 89], [1000, 999, 998]].map((x) => [...core.softmax(x, { naive: true })])],
        stable: [stable, [[20, 18, 19], [90, 88, 89], [1000, 999, 998]].map((x) => [...core.softmax(x)])],
      };
    });
    assert.deepEqual(r.raw[0], r.raw[1]);
    assert.deepEqual(r.scaled[0], r.scaled[1]);
    assert.deepEqual(r.naive[0], r.naive[1]);
    assert.deepEqual(r.stable[0], r.stable[1]);
    assert.ok(Number.isNaN(r.naive[0][1][0]) && r.naive[0][2].every(Number.isNaN), 'naive softmax overflows at 90 and 1000');
    assert.ok(await value('grad', 'jac-maxraw') < await value('grad', 'jac-maxscaled'), 'without scaling the gradient is smaller at d_k 256');
    // typed values: my row
    for (const [i, x] of ['30', '20', '10'].entries()) await page.locator(`ae-scene-grad [data-control="naive-${i}"]`).fill(x);
    await settle();
    assert.match(await page.locator('ae-scene-grad [data-readout="naive-note"]').textContent(), /^1 of 3 rows/);
  });

  test('scene 8: d_k is shared with scene 2; axe; screenshot', async () => {
    await page.locator('ae-scene-grad [data-control="grad-dk-number"]').fill('16'); await settle();
    assert.equal(await page.locator('ae-scene-weights [data-control="dk"]').inputValue(), '16');
    await page.goto(`${server.url}/#scene=grad&dk=128`);
    await page.waitForFunction(() => document.querySelector('ae-scene-grad [data-readout="jac-maxraw"]')?.dataset.value);
    await page.evaluate(() => document.activeElement?.blur()); await settle(); // the typed box shows the state again
    assert.equal(await page.locator('ae-scene-grad [data-control="grad-dk-number"]').inputValue(), '128');
    await axe('#scene-grad');
    await page.locator('#scene-grad').screenshot({ path: path.join(SCREENSHOT_DIR, 'scene-8-grad.png') });
    assert.deepEqual(errors.all(), []);
  });
});

describe('embedded under the strict CSP', () => {
  let server; let browser; let page;
  before(async () => {
    server = await startServer(path.join(REPO_ROOT, 'web'), { headers: { 'Content-Security-Policy': STRICT_CSP } });
    browser = await launchBrowser({ viewport: { width: 1000, height: 800 }, reducedMotion: 'reduce' });
    await browser.context.addInitScript(recorders);
    page = browser.page;
  });
  after(async () => { await browser?.close(); await server?.close(); });

  test('embed.html?scene=cost measures in a same-origin worker with zero CSP violations; scene=grad renders', async () => {
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/embed.html?scene=cost&costmaxn=256&hide=patterns`);
    const el = page.locator('attention-explorer');
    await el.locator('[data-action="measure"]').click();
    await page.waitForFunction(() => /Measured/.test(document.querySelector('attention-explorer').shadowRoot?.querySelector('[data-readout="cost-status"]')?.textContent ?? ''), null, { timeout: 45_000 });
    assert.match(await el.locator('[data-readout="cost-status"]').textContent(), /Web Worker/);
    assert.equal(await el.locator('[data-part="patterns"]').isVisible(), false);
    await page.goto(`${server.url}/embed.html?scene=grad&gradq=1,0&gradk=0,1&hide=readouts,naive`);
    await el.locator('[data-readout="grad-dot"][data-value="0"]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await el.locator('.readouts').first().isVisible(), false, 'hide=readouts');
    assert.equal(await el.locator('[data-part="naive"]').isVisible(), false, 'hide=naive');
    assert.equal(await el.locator('[data-part="jacobian"]').isVisible(), true);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors.all(), []);
  });
});
