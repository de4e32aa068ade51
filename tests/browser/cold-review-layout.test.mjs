// cold-review-layout.test.mjs — layout leftovers of issue 8's cold review, as geometry: heatmap
// corners ("query ↓ key →") read on at most two lines and are never cut off (every heatmap, phone
// and laptop); in presentation mode on a 1280×720 projector each scene's figure starts on the first
// screen when its heading is at the top (the introduction folds to a lead with a button for the
// rest); figure text keeps its contrast on a laptop. Dark mode and the dividers: cold-review-pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, REPO_ROOT, axeViolations } from '../browser-support/index.mjs';
import { settle, toTop, viewLesson } from '../browser-support/lesson.mjs';
import { smallFigureText, figureCollisions, lowContrast } from '../browser-support/figures.mjs';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const SCENES = ['dot', 'weights', 'sum', 'self', 'cross', 'heads', 'cost', 'grad', 'train'];
const PHONE = { viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

// every scene loaded, fonts ready, no console error (tests/browser-support/lesson.mjs)
const view = (options, hash, fn) => viewLesson(server, options, hash, fn);

/** Every rendered heatmap corner: its number of text lines, and whether anything of it is cut off. */
const corners = (page) => page.evaluate(() => [...document.querySelectorAll('.heatmap td.corner')].filter((c) => c.getClientRects().length && !c.closest('[hidden]')).map((c) => {
  // the line boxes of its text (each text node's rects; a wrapped node gives one rect per line)
  const rects = []; const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.data.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
  }
  const mids = rects.map((r) => (r.top + r.bottom) / 2).sort((a, b) => a - b);
  const lines = mids.filter((m, i) => !i || m - mids[i - 1] > 3).length;
  const box = c.getBoundingClientRect();
  const cut = rects.some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) || c.scrollWidth > c.clientWidth + 1;
  return { map: c.closest('table').dataset.heatmap, lines, cut, text: c.textContent.replace(/\s+/g, ' ').trim() };
}));

for (const [name, options] of [['phone 375×812', PHONE], ['laptop 1280×800', { viewport: { width: 1280, height: 800 } }]]) {
  test(`${name}: every heatmap corner reads on at most two lines and is not cut off`, async () => {
    await view(options, '#step=6&sentence=the%20dog%20chased%20the%20cat', async (page) => {
      const seen = [];
      for (const id of SCENES) {
        await toTop(page, `#scene-${id}`);
        for (const c of await corners(page)) seen.push(c);
      }
      const maps = new Set(seen.map((c) => c.map));
      for (const m of ['weights', 'cross-weights', 'head-1', 'jacobian-raw', 'train-weights', 'train-positions']) assert.ok(maps.has(m), `${m} was checked (${[...maps]})`);
      assert.deepEqual(seen.filter((c) => c.lines > 2 || c.cut), [], 'corners on more than two lines or cut off');
      // every scene has been drawn: no figure text overlaps another anywhere on the page, and every
      // figure's text and lines keep their contrast
      assert.deepEqual(await figureCollisions(page, '[data-scene-el] svg'), []);
      assert.deepEqual(await lowContrast(page, '[data-scene-el]'), []);
      // the text still says which way the queries and the keys run, in reading order
      assert.ok(seen.filter((c) => /weights|cross|head|train/.test(c.map)).every((c) => c.text === 'query ↓ key →'), JSON.stringify(seen.map((c) => c.text)));
    });
  });
}

test('presentation mode at 1280×720: with a scene’s heading at the top, its figure starts on the screen', async () => {
  await view({ viewport: { width: 1280, height: 720 } }, '#present=1', async (page) => {
    // the figure that opens each scene (scene 4: its step strip and the current stage)
    const FIGURE = { dot: 'svg.plane', weights: 'svg.bars', sum: 'svg.plane', self: '.stage.current', cross: 'table.heatmap', heads: 'table.heatmap', cost: 'svg.log-chart', grad: 'svg.plane', train: 'svg.curve' };
    const late = [];
    for (const [id, sel] of Object.entries(FIGURE)) {
      await toTop(page, `#scene-${id} h2`);
      const r = await page.evaluate(([id, sel]) => ({ h2: document.querySelector(`#scene-${id} h2`).getBoundingClientRect().top, figure: document.querySelector(`ae-scene-${id} ${sel}`).getBoundingClientRect().top }), [id, sel]);
      // at least 120 px of the figure are on the first screen
      if (Math.abs(r.h2) > 1 || r.figure > 720 - 120) late.push(`${id}: heading at ${Math.round(r.h2)}, figure at ${Math.round(r.figure)}`);
    }
    assert.deepEqual(late, []);
    // the rest of the introduction is one button away, and the folded part is back after it
    await toTop(page, '#scene-dot h2');
    const more = page.locator('#scene-dot button.intro-more[aria-controls="intro-dot"]');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#intro-dot > p').nth(1).isVisible(), false);
    await more.click(); await settle(page);
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#intro-dot > p').nth(1).isVisible(), true);
    // scene 4's sentence and model fold behind their own button
    await toTop(page, '#scene-self h2');
    const setup = page.locator('#scene-self button.intro-more:not([aria-controls])');
    assert.equal(await page.locator('ae-scene-self .model-bar').isVisible(), false);
    await setup.click(); await settle(page);
    assert.equal(await page.locator('ae-scene-self .model-bar').isVisible(), true);
    assert.equal(await setup.getAttribute('aria-expanded'), 'true');
    // figure text stays ≥ 20 px with the new layout (scenes 2 and 7 put their controls beside their charts)
    for (const id of SCENES) await toTop(page, `#scene-${id}`);
    assert.deepEqual(await smallFigureText(page, '[data-scene-el]:not(ae-scene-self)', 20), []);
    // and no figure text overlaps another (chart names at the line ends, axis numbers, labels)
    assert.deepEqual(await figureCollisions(page, '[data-scene-el] svg'), []);
    assert.deepEqual(await axeViolations(page, { include: [['#scene-dot'], ['#scene-weights'], ['#scene-self'], ['#scene-cost']] }), []);
    // off the projector the introduction is whole again and the buttons are gone
    await page.evaluate(() => document.getElementById('present-mode').click()); await settle(page);
    assert.equal(await page.locator('#intro-self > p').nth(1).isVisible(), true);
    assert.equal(await page.locator('button.intro-more').first().isVisible(), false);
  });
});
