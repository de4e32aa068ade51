// phone-figures.test.mjs — figure text on a 375×812 phone with a coarse pointer (issue 8, cold
// review): every scene's SVG text comes out at 12 px or more on screen (scene 7's and 8's chart
// names were about 9 px), no figure text overlaps another or a vector, and the log charts name
// their series in a key under the chart instead of at the line ends.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT, axeViolations } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';
import { figureCollisions, smallFigureText } from '../browser-support/figures.mjs';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const SCENES = ['dot', 'weights', 'sum', 'self', 'cross', 'heads', 'cost', 'grad', 'train'];
/** Scroll through every scene so each one renders (off-screen scenes skip rendering). */
const visitAll = async (page) => {
  for (const id of SCENES) for (let i = 0; i < 2; i++) { await page.evaluate((id) => document.getElementById(`scene-${id}`).scrollIntoView(), id); await settle(page); }
};

test('phone 375×812: every scene’s figure text is ≥ 12 px and clear of other text; log charts have a key', async () => {
  const browser = await launchBrowser({ reducedMotion: 'reduce', viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const { page } = browser; const errors = collectConsoleErrors(page);
  try {
    await page.goto(`${server.url}/#step=6&sentence=the%20dog%20chased%20the%20cat`);
    await loadAllScenes(page);
    await page.evaluate(() => document.fonts.ready);
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
    await visitAll(page);
    assert.deepEqual(await smallFigureText(page, '[data-scene-el]', 12), [], 'figure text below 12 px');
    assert.deepEqual(await figureCollisions(page, '[data-scene-el] svg'), [], 'figure text that overlaps');
    // one training step draws scene 9's curve with numbers on its axes
    await page.locator('ae-scene-train [data-control="train-step"]').click(); await settle(page);
    assert.deepEqual(await smallFigureText(page, 'ae-scene-train', 12), [], 'scene 9 after a step');
    // scenes 7 and 8: the series are named in a key under each chart that has lines, not at the line ends
    const charts = await page.evaluate(() => [...document.querySelectorAll('svg.log-chart')].map((svg) => ({
      lines: svg.querySelectorAll('.series').length,
      inside: svg.querySelectorAll('.series-label').length,
      key: svg.nextElementSibling?.matches('.series-key:not([hidden])') ? [...svg.nextElementSibling.querySelectorAll('li')].map((li) => li.textContent) : null,
      keyPx: svg.nextElementSibling ? parseFloat(getComputedStyle(svg.nextElementSibling).fontSize) : 0,
      width: svg.getBoundingClientRect().width,
    })));
    const drawn = charts.filter((c) => c.lines);
    assert.ok(drawn.length >= 2, JSON.stringify(charts));
    for (const c of drawn) {
      assert.equal(c.inside, 0, 'no names at the line ends');
      assert.equal(c.key?.length, c.lines, `a key entry per series: ${JSON.stringify(c)}`);
      assert.ok(c.keyPx >= 12, `key text at ${c.keyPx} px`);
      assert.ok(c.width <= 375, `chart ${c.width} px wide`);
    }
    assert.ok(drawn.some((c) => c.key.includes('not scaled') && c.key.includes('÷ √dₖ')), 'scene 8’s key names both lines');
    assert.deepEqual(await axeViolations(page, { include: [['#scene-cost'], ['#scene-grad'], ['#scene-train']] }), []);
    assert.deepEqual(errors.all(), []);
  } finally { await browser.close(); }
});

test('a laptop keeps the names at the line ends, and a resize to a phone switches to the key', async () => {
  const browser = await launchBrowser({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  const { page } = browser; const errors = collectConsoleErrors(page);
  try {
    await page.goto(`${server.url}/#scene=grad`);
    await page.waitForFunction(() => document.querySelector('ae-scene-grad svg.log-chart .series'));
    const state = () => page.evaluate(() => { const svg = document.querySelector('ae-scene-grad svg.log-chart'); return { inside: svg.querySelectorAll('.series-label').length, key: !svg.nextElementSibling.hidden, viewBox: svg.getAttribute('viewBox') }; });
    assert.deepEqual(await state(), { inside: 2, key: false, viewBox: '0 0 500 280' });
    await page.setViewportSize({ width: 375, height: 812 }); await settle(page);
    assert.deepEqual(await state(), { inside: 0, key: true, viewBox: '0 0 340 300' });
    assert.deepEqual(errors.all(), []);
  } finally { await browser.close(); }
});
