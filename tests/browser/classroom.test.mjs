// classroom.test.mjs — the page in a classroom (issue 8): presentation mode on a 1280×720
// projector (figure text ≥ 20 px), print (one scene per page, no controls, colours kept), dark
// mode (axe, contrast included), a phone with a coarse pointer (≥ 44 px targets, sticky row
// labels). Each view: no console errors and axe finds 0 violations. Screenshots for the README.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, screenshot, injectAxe } from '../browser-support/index.mjs';
import path from 'node:path';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
/** Scroll a scene to the top and let it render: an off-screen scene is laid out at a placeholder size
 *  (content-visibility) until it comes into view, so scroll again once it has its real size. */
const bringToTop = async (page, sel) => { for (let i = 0; i < 2; i++) { await page.evaluate((s) => document.querySelector(s).scrollIntoView(), sel); await settle(page); } };

async function view(options, hash, fn) {
  const browser = await launchBrowser(options);
  const { page } = browser; const errors = collectConsoleErrors(page);
  try {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForFunction(() => document.querySelector('ae-scene-self [data-readout="step"]')?.textContent);
    // every scene and KaTeX as the page had them before they loaded on demand (app/scene-loader.js,
    // app/tex.js), so no formula or scene arrives while a layout is measured
    await page.evaluate(async () => { await globalThis.attentionExplorer.scenesLoaded(); await (await import('/app/tex.js')).loadTex(); });
    await page.evaluate(() => document.fonts.ready); await settle(page);
    await fn(page);
    assert.deepEqual(errors.all(), []);
  } finally { await browser.close(); }
}
async function axeScenes(page) {
  await injectAxe(page);
  const r = await page.evaluate((tags) => axe.run({ include: [['#scene-dot'], ['#scene-weights'], ['#scene-sum'], ['#scene-self'], ['.site-header']] }, { runOnly: tags }), AXE_TAGS);
  return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 4).map((n) => n.target).join(' ')}`);
}

test('presentation mode at 1280×720: figure text ≥ 20 px in every scene; toggle and URL option', async () => {
  await view({ viewport: { width: 1280, height: 720 } }, '#scene=self&step=6&sentence=The%20cat%20sat%20on%20the%20mat', async (page) => {
    await page.locator('#present-mode').click(); await settle(page);
    assert.equal(await page.locator('#present-mode').getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => /present=1/.test(location.hash));
    const small = await page.evaluate(() => {
      const figure = 'svg.plane text, svg.bars text, svg.histogram text, svg.token-lines text, .heatmap button.cell, .heatmap th, .matrix td, .matrix th';
      return [...document.querySelectorAll(figure)].filter((t) => t.textContent.trim() && t.getClientRects().length && t.getBoundingClientRect().width > 0
        && !t.closest('[hidden]') && getComputedStyle(t).visibility !== 'hidden' && t.getAttribute('display') !== 'none' && !t.closest('[style*="display: none"]'))
        .map((t) => { const scale = t.ownerSVGElement ? t.ownerSVGElement.getScreenCTM().a : 1; return [t.closest('[data-scene-el]')?.localName, t.textContent.slice(0, 12), +(parseFloat(getComputedStyle(t).fontSize) * scale).toFixed(1)]; })
        .filter(([, , px]) => px < 20);
    });
    assert.deepEqual(small, []);
    await bringToTop(page, 'ae-scene-self .step-nav'); // the strip, the stage and the pair panel
    await screenshot(page, 'projector-1280x720-scene-4', { fullPage: false });
    await bringToTop(page, '#scene-dot');
    await screenshot(page, 'projector-1280x720-scene-1', { fullPage: false });
    assert.deepEqual(await axeScenes(page), []);
  });
});

test('print: one scene per page, no controls, heatmap colours kept', async () => {
  await view({ viewport: { width: 1000, height: 800 } }, '#scene=self&step=6', async (page) => {
    await page.emulateMedia({ media: 'print' }); await settle(page);
    const r = await page.evaluate(() => ({
      breaks: [...document.querySelectorAll('section.scene')].map((s) => getComputedStyle(s).breakBefore),
      controls: [...document.querySelectorAll('.toolbar, .model-bar, .step-nav, ae-scene-dot .controls, input[type="range"]')].filter((e) => e.getClientRects().length).length,
      adjust: getComputedStyle(document.querySelector('[data-heatmap="weights"] button.cell')).printColorAdjust,
      cellBg: getComputedStyle(document.querySelector('[data-heatmap="weights"] button.cell')).backgroundColor,
      cells: document.querySelectorAll('[data-heatmap="weights"] button.cell').length,
    }));
    assert.ok(r.breaks.length >= 4 && r.breaks.every((b) => b === 'page'), `one scene per page: ${r.breaks}`);
    assert.equal(r.controls, 0);
    assert.equal(r.adjust, 'exact');
    assert.notEqual(r.cellBg, 'rgba(0, 0, 0, 0)');
    assert.ok(r.cells > 0);
    assert.deepEqual(await axeScenes(page), []);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
  });
});

test('dark mode follows prefers-color-scheme and keeps AA contrast (axe)', async () => {
  await view({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, '#scene=self&step=6&causal=1', async (page) => {
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(bg, 'rgb(20, 20, 24)');
    assert.deepEqual(await axeScenes(page), []);
    await bringToTop(page, 'ae-scene-self .step-nav');
    await screenshot(page, 'dark-scene-4', { fullPage: false });
  });
});

test('phone with a coarse pointer: targets ≥ 44 px, heatmap row labels stay in view', async () => {
  await view({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    '#scene=self&step=6&sentence=the%20quick%20brown%20fox%20jumps%20over%20the%20lazy%20dog%20while%20the%20small%20cat%20sat', async (page) => {
      assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
      const small = await page.evaluate(() => {
        const sel = '[data-handle] .hit, [data-scene-el] button, [data-scene-el] input[type="range"], [data-scene-el] input[type="number"], [data-scene-el] input[type="text"], [data-scene-el] select, .toolbar button';
        return [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length && !e.closest('[hidden]'))
          .map((e) => { const r = e.getBoundingClientRect(); return [e.dataset.control ?? e.className?.baseVal ?? e.className ?? e.localName, Math.round(r.width), Math.round(r.height)]; })
          .filter(([, w, hgt]) => w < 44 || hgt < 44);
      });
      assert.deepEqual(small, []);
      // a wide heatmap scrolls sideways; its row labels stay at the left edge
      const scroller = page.locator('ae-scene-self [data-heatmap="weights"]').locator('xpath=..');
      await scroller.scrollIntoViewIfNeeded();
      await scroller.evaluate((el) => { el.scrollLeft = 400; }); await settle(page);
      const r = await page.evaluate(() => {
        const box = document.querySelector('ae-scene-self [data-heatmap="weights"]').parentElement;
        const th = box.querySelector('th[scope="row"]');
        return { scrolled: box.scrollLeft, boxLeft: box.getBoundingClientRect().left, thLeft: th.getBoundingClientRect().left };
      });
      assert.ok(r.scrolled > 0, 'the heatmap scrolls');
      assert.ok(Math.abs(r.thLeft - r.boxLeft) < 2, `row label at ${r.thLeft}, box at ${r.boxLeft}`);
      await scroller.evaluate((el) => { el.scrollLeft = 0; });
      await bringToTop(page, '#scene-self');
      await screenshot(page, 'phone-375-scene-4', { fullPage: false });
      await bringToTop(page, '#scene-dot');
      await screenshot(page, 'phone-375-scene-1', { fullPage: false });
      assert.deepEqual(await axeScenes(page), []);
    });
});
