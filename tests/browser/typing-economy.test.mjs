// typing-economy.test.mjs — what keeps typing a sentence at scene 4's step 7 cheap (issue 8, "60 fps:
// compute once, then draw"), asserted as behaviour, never as time: a word typed adds one table row
// and keeps every existing cell; inputs within one frame compute the model once (the latest wins);
// the output formula is one KaTeX piece per term, so a word typed renders only its new term and the
// other terms get their numbers written in place, always reading as KaTeX would; the sentence box
// sits in a form of its own (Chromium's autofill reads the typed-in field's form on every key, and
// for a field outside any form that is every field on the page); timers are not churned per frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const S = 'ae-scene-self';

async function open(sentence) {
  await page.goto('about:blank'); // a fresh document: a hash-only goto would keep the last test's page
  await page.goto(`${server.url}/#scene=self&step=7&sentence=${encodeURIComponent(sentence)}`);
  await page.waitForFunction(() => document.querySelector('ae-scene-self [data-formula="output"] .katex-html'));
  await page.evaluate(() => document.fonts.ready);
  await page.locator(`${S} [data-control="sentence"]`).scrollIntoViewIfNeeded(); await settle();
  // quiet: the formula's pieces have settled (no render pending)
  await page.waitForFunction(() => { const f = document.querySelector('ae-scene-self [data-formula="output"]'); return [...f.querySelectorAll('[data-piece]')].every((p) => p.querySelector('.katex-html')); });
  await page.waitForTimeout(400);
}

/** Types each string as the box's whole value, one input event per frame (as keys arrive). */
const typeFrames = (values) => page.evaluate(async (values) => {
  const box = document.querySelector('ae-scene-self [data-control="sentence"]'); box.focus();
  for (const v of values) {
    box.value = v; box.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
}, values);

/** Counts calls to core.attention (the model compute) until stopCount(). The core is frozen: the
 *  count goes on its class's prototype (checked to be the one the scene calls). */
const startCount = () => page.evaluate(() => {
  const el = document.querySelector('ae-scene-self'); const proto = Object.getPrototypeOf(el.core); const attention = proto.attention;
  window.__count = { attention: 0, clearTimeout: 0 };
  proto.attention = function (...a) { if (this === el.core) window.__count.attention++; return attention.apply(this, a); };
  if (el.core.attention !== proto.attention) throw new Error('core.attention could not be watched');
  const clear = window.clearTimeout;
  window.clearTimeout = function (...a) { if (a[0]) window.__count.clearTimeout++; return clear.apply(this, a); };
  window.__stopCount = () => { proto.attention = attention; window.clearTimeout = clear; return window.__count; };
});
const stopCount = () => page.evaluate(() => window.__stopCount());

/** The core's output for the state's sentence (default weights, no mask), for comparison. */
const coreOutput = () => page.evaluate(async () => {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
  const m = await import('/app/toy-model.js');
  const tokens = m.tokenize(attentionExplorer.state.get('sentence')).tokens; const n = tokens.length;
  const { X } = m.embedSelf(tokens);
  const [Q, K, V] = ['wq', 'wk', 'wv'].map((w) => core.matmul(X, Float32Array.from(attentionExplorer.state.get(w)), n, 6, 2));
  return [...core.attention({ q: Q, k: K, v: V, n, dk: 2 }).output];
});
const shownOutput = () => page.evaluate(() => [...document.querySelectorAll('ae-scene-self [data-matrix="output"] tbody td')].map((td) => Number(td.dataset.value)));

test('typing a word adds one row to each table and keeps every existing cell; inputs within a frame compute once', async () => {
  await open('The cat sat');
  const tables = ['V-in', 'output'];
  await page.evaluate((tables) => { window.__cells = Object.fromEntries(tables.map((t) => [t, [...document.querySelectorAll(`ae-scene-self [data-matrix="${t}"] tbody tr`)].map((tr) => [...tr.children])])); }, tables);
  await startCount();
  await typeFrames(['The cat sat ', 'The cat sat o', 'The cat sat on']);
  const typed = await stopCount();
  assert.ok(typed.attention >= 1 && typed.attention <= 3, `one model compute per frame at most (${typed.attention} for 3 frames)`);
  const kept = await page.evaluate((tables) => Object.fromEntries(tables.map((t) => {
    const rows = [...document.querySelectorAll(`ae-scene-self [data-matrix="${t}"] tbody tr`)].map((tr) => [...tr.children]);
    return [t, { rows: rows.length, same: window.__cells[t].every((cells, i) => cells.every((c, j) => rows[i][j] === c)) }];
  })), tables);
  for (const t of tables) {
    assert.equal(kept[t].rows, 4, `${t}: one row added`);
    assert.equal(kept[t].same, true, `${t}: the first three rows are the same elements`);
  }
  assert.deepEqual(await shownOutput(), await coreOutput(), 'the output table shows the core\'s numbers');

  // several inputs before the next frame: one compute, and the last one wins
  await startCount();
  await page.evaluate(() => {
    const box = document.querySelector('ae-scene-self [data-control="sentence"]');
    for (const v of ['The cat sat on t', 'The cat sat on th', 'The cat sat on the']) { box.value = v; box.dispatchEvent(new Event('input', { bubbles: true })); }
  });
  await settle();
  const burst = await stopCount();
  assert.equal(burst.attention, 1, 'three inputs in one frame: one compute');
  assert.equal(await page.locator(`${S} [data-matrix="output"] tbody tr:last-child th`).textContent(), 'the');
  assert.deepEqual(await shownOutput(), await coreOutput());
  // a word removed takes its row away and keeps the rest
  await typeFrames(['The cat sat']);
  assert.equal(await page.evaluate(() => {
    const rows = [...document.querySelectorAll('ae-scene-self [data-matrix="output"] tbody tr')].map((tr) => [...tr.children]);
    return rows.length === 3 && window.__cells.output.every((cells, i) => cells.every((c, j) => rows[i][j] === c));
  }), true);
  assert.deepEqual(await shownOutput(), await coreOutput());
  assert.deepEqual(errors.all(), []);
});

/** Renders TeX with the page's own KaTeX into a detached element (what a full render shows). */
const fresh = (sources) => page.evaluate(async (sources) => {
  const katex = (await import('/vendor/katex/katex.mjs')).default;
  return sources.map((source) => {
    const el = document.createElement('span');
    katex.render(source, el, { throwOnError: false, displayMode: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
    return { html: el.innerHTML, text: el.querySelector('.katex-html').textContent };
  });
}, sources);
const pieces = () => page.evaluate(() => [...document.querySelectorAll('ae-scene-self [data-formula="output"] [data-piece]')]
  .map((p) => ({ key: p.dataset.piece, tex: p.dataset.tex, text: p.querySelector('.katex-html')?.textContent ?? '', html: p.innerHTML })));

test('the output formula: a word typed renders only its new term; the other terms are written in place and read as KaTeX would', async () => {
  await open('The cat sat');
  assert.deepEqual((await pieces()).map((p) => p.key), ['out', 'v0', 'v1', 'v2', 'sum']);
  await page.evaluate(() => {
    window.__renders = []; window.__katex = new Map([...document.querySelectorAll('ae-scene-self [data-formula="output"] [data-piece]')].map((p) => [p.dataset.piece, p.querySelector('.katex-html')]));
    window.__mo = new MutationObserver((l) => { for (const m of l) for (const n of m.addedNodes) if (n.nodeType === 1 && n.matches('.katex')) window.__renders.push(n.parentElement.dataset.piece); });
    window.__mo.observe(document.querySelector('ae-scene-self [data-formula="output"]'), { childList: true, subtree: true });
  });
  await startCount();
  await typeFrames(['The cat sat ', 'The cat sat d', 'The cat sat do', 'The cat sat dog']);
  const counts = await stopCount();
  const r = await page.evaluate(() => {
    window.__mo.disconnect();
    const now = new Map([...document.querySelectorAll('ae-scene-self [data-formula="output"] [data-piece]')].map((p) => [p.dataset.piece, p.querySelector('.katex-html')]));
    return { renders: window.__renders, kept: [...window.__katex].filter(([k, el]) => now.get(k) === el).map(([k]) => k) };
  });
  const shown = await pieces();
  assert.deepEqual(shown.map((p) => p.key), ['out', 'v0', 'v1', 'v2', 'v3', 'sum'], 'one term per word, in order');
  assert.ok(r.renders.every((k) => k === 'v3' || k === 'sum'), `only the new term (and the sum, if its sign flips) rendered: ${r.renders}`);
  assert.ok(r.renders.includes('v3'), 'the new term is rendered');
  assert.ok(['out', 'v0', 'v1', 'v2'].every((k) => r.kept.includes(k)), `the other terms keep their KaTeX render: kept ${r.kept}`);
  assert.ok(counts.clearTimeout <= 2, `the pieces' renders to come share one timer (${counts.clearTimeout} timers cancelled over 4 frames)`);
  // every piece reads as a fresh KaTeX render of its TeX, and the whole formula is the pieces' TeX
  const want = await fresh(shown.map((p) => p.tex));
  shown.forEach((p, i) => assert.equal(p.text, want[i].text, `${p.key}: ${p.text} reads as KaTeX's ${want[i].text}`));
  assert.equal(await page.locator(`${S} [data-formula="output"]`).getAttribute('data-tex'), shown.map((p) => p.tex).join(' '));
  // the numbers are the core's: α₁ⱼ (2 decimals) in the terms, out₁ in the sum
  const out = await coreOutput();
  assert.match(shown.at(-1).tex, new RegExp(`\\(${out[0].toFixed(2)},\\\\ ${out[1].toFixed(2)}\\)`));
  // once quiet, every piece holds exactly a fresh render (MathML included)
  await page.waitForFunction(async () => {
    const katex = (await import('/vendor/katex/katex.mjs')).default;
    return [...document.querySelectorAll('ae-scene-self [data-formula="output"] [data-piece]')].every((p) => {
      const el = document.createElement('span');
      katex.render(p.dataset.tex, el, { throwOnError: false, displayMode: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
      return el.innerHTML === p.innerHTML;
    });
  }, null, { timeout: 5000 });
  assert.deepEqual(errors.all(), []);
});

test('the sentence box is the only field of its own form, and Enter in it submits nothing', async () => {
  await open('The cat sat');
  const form = await page.evaluate(() => {
    const box = document.querySelector('ae-scene-self [data-control="sentence"]');
    return box.form ? { fields: box.form.elements.length, same: box.form.elements[0] === box } : null;
  });
  assert.deepEqual(form, { fields: 1, same: true });
  const before = await page.evaluate(() => { window.__alive = 1; return location.pathname; });
  await page.locator(`${S} [data-control="sentence"]`).press('Enter'); await settle();
  assert.deepEqual(await page.evaluate(() => [window.__alive, location.pathname]), [1, before], 'no navigation');
  assert.equal(await page.evaluate(() => attentionExplorer.state.get('sentence')), 'The cat sat');
  assert.deepEqual(errors.all(), []);
});
