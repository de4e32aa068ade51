// embed-modes.test.mjs — embed.html, <attention-explorer> and the example course page served with
// the strict Content-Security-Policy header (zero securitypolicyviolation events in any frame),
// URL options and hide flags, two elements that do not interfere and share one core, and the
// standalone file opened from file:// with no network.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, collectConsoleErrors, screenshot, REPO_ROOT } from '../browser-support/index.mjs';
import { STRICT_CSP, guardOrigins, recorders, cspViolations, readValue } from '../browser-support/embed.mjs';

describe('served with the strict CSP header', () => {
  let web; let browser; let page; let errors; let record;
  before(async () => {
    web = await startServer(path.join(REPO_ROOT, 'web'), { headers: { 'Content-Security-Policy': STRICT_CSP } });
    browser = await launchBrowser({ viewport: { width: 1000, height: 800 } });
    record = await guardOrigins(browser.context, [web.origin]);
    await browser.context.addInitScript(recorders);
    page = browser.page; errors = collectConsoleErrors(page);
  });
  after(async () => { await browser?.close(); await web?.close(); });
  // ready: the core runs and KaTeX (loaded lazily) has typeset, so leaving the page aborts nothing
  const ready = async (sel = 'attention-explorer') => {
    await page.locator(`${sel}[data-core="simd"]`).first().waitFor({ timeout: 20_000 });
    await page.locator(`${sel} .katex`).first().waitFor({ state: 'attached' });
  };

  test('embed.html: each scene from URL options; input changes it; hide flags', async () => {
    await page.goto(`${web.url}/embed.html?scene=dot&q=3,0&k=1,1&mode=cos&hide=bars`);
    await ready();
    const el = page.locator('attention-explorer');
    assert.equal(await readValue(el.locator('[data-readout="dot"]')), 3);
    assert.ok(Math.abs(await readValue(el.locator('[data-readout="cos"]')) - Math.SQRT1_2) < 1e-6);
    assert.equal(await el.locator('.bars-box').isVisible(), false);
    await el.locator('[data-vec="k"][data-i="0"]').fill('2');
    await page.waitForFunction(() => document.querySelector('attention-explorer').getAttribute('k') === '2,1');
    assert.equal(await readValue(el.locator('[data-readout="dot"]')), 6);
    await screenshot(page, 'embed-csp-dot');

    await page.goto(`${web.url}/embed.html?scene=weights&temperature=0.5&d_k=256&scaling=0&query=1`);
    await ready();
    assert.equal(await el.locator('[data-control="temp"]').inputValue(), '0.5');
    assert.equal(await el.locator('[data-control="dk"]').inputValue(), '256');
    assert.equal(await el.locator('[data-control="scaling"]').isChecked(), false);

    await page.goto(`${web.url}/embed.html#scene=self&sentence=A%20bird%20sat%20in%20the%20tree&step=3&hide=steps,sentence`);
    // scene 4 draws only the stage on screen (issue 8): step 3 has no formula, so no KaTeX to wait for
    await page.locator('attention-explorer[data-core="simd"] [data-matrix="Q"] td').first().waitFor({ timeout: 20_000 });
    assert.match(await el.locator('[data-readout="tokens"]').textContent(), /6 words/);
    assert.equal(await el.locator('[data-stage="4"]').isVisible(), false, 'step 3: later stages hidden');
    assert.equal(await el.locator('.step-nav').isVisible(), false);
    assert.equal(await el.locator('[data-control="sentence"]').isVisible(), false);
    await screenshot(page, 'embed-csp-self');
  });

  test('the example course page: three scenes, two ways, zero CSP violations', async () => {
    await page.goto(`${web.url}/examples/course.html`);
    await ready('#explore-dot'); await ready('#explore-weights');
    const frame = page.frameLocator('#explore-self');
    await frame.locator('attention-explorer[data-core="simd"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.getElementById('explore-self').height !== '700', null, { timeout: 10_000 });
    assert.equal(await frame.locator('[data-stage="6"]').isVisible(), true);
    await page.waitForTimeout(300);
    await screenshot(page, 'embed-example-course');
  });

  test('two elements on one page do not interfere, and share one core', async () => {
    const dot = page.locator('#explore-dot'); const weights = page.locator('#explore-weights');
    const before = await readValue(weights.locator('[data-readout="weight-sum"]'));
    const maxBefore = await weights.locator('[data-chart] .bar-value, .chart .bar-value').allTextContents();
    await dot.locator('[data-handle="q"]').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => document.getElementById('explore-dot').getAttribute('q') === '2,1.5');
    assert.equal(await weights.getAttribute('q'), null, 'the other element got no q');
    assert.deepEqual(await weights.locator('[data-chart] .bar-value, .chart .bar-value').allTextContents(), maxBefore);
    await weights.locator('[data-control="temp"]').fill('3');
    await page.waitForFunction(() => document.getElementById('explore-weights').getAttribute('temperature') === '3');
    assert.equal(await dot.getAttribute('temperature'), null);
    assert.equal(await dot.getAttribute('q'), '2,1.5', 'the first element kept its own state');
    assert.ok(Math.abs(before - 1) < 1e-5);
    const wasm = web.requests.filter((r) => r.path.endsWith('.wasm'));
    assert.equal(new Set(wasm.map((r) => r.path)).size, 1, `one core build: ${wasm.map((r) => r.path)}`);
  });

  test('zero securitypolicyviolation events, no console errors, nothing left the origin', async () => {
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors.all(), []);
    assert.deepEqual(record.foreign, []);
  });
});

describe('standalone file from file://', () => {
  let browser; let page; let errors; let record;
  const file = path.join(REPO_ROOT, 'web', 'build', 'attention-explorer-standalone.html');
  before(async () => {
    browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
    record = await guardOrigins(browser.context, []);
    page = browser.page; errors = collectConsoleErrors(page);
  });
  after(async () => { await browser?.close(); });

  test('opens, loads the inlined core, responds to input, requests nothing', async () => {
    await page.goto(`${pathToFileURL(file).href}#scene=weights`);
    await page.waitForFunction(() => document.documentElement.dataset.core, null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.core), 'simd');
    const scene = page.locator('ae-scene-weights');
    assert.ok(Math.abs(await readValue(scene.locator('[data-readout="weight-sum"]')) - 1) < 1e-5);
    const before = await readValue(scene.locator('[data-readout="maxw"]'));
    await scene.locator('[data-control="temp"]').fill('4');
    await page.waitForFunction((b) => Number(document.querySelector('ae-scene-weights [data-readout="maxw"]').dataset.value) < b, before);
    await page.locator('ae-scene-dot .katex').first().waitFor();
    assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), 'KaTeX fonts are inlined');
    await screenshot(page, 'embed-standalone-file', { fullPage: false });
    const nonFile = record.all.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.deepEqual(nonFile, []);
    assert.deepEqual(record.foreign, []);
    assert.deepEqual(errors.all(), []);
  });
});
