// layout.test.mjs — issue 8's layout findings, as geometry: scene 4 with 16 words fits a 1280×800
// laptop step by step and stacks on a 375 px phone, whose step strip shows that it scrolls;
// presentation mode keeps the scene on screen, keeps the header short and does not clip the embed
// dialog; scene 7 on a phone keeps its slopes table readable and says how to fill the timing chart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, REPO_ROOT, axeViolations, screenshot, textOverlaps } from '../browser-support/index.mjs';
import { settle, viewLesson } from '../browser-support/lesson.mjs';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const SIXTEEN = 'the quick brown fox jumps over the lazy dog while the small cat sat on a mat';
const PHONE = { viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

// every scene loaded, fonts ready, no console error (tests/browser-support/lesson.mjs)
const view = (options, hash, fn) => viewLesson(server, options, hash, fn);
/** The box of `sel` (first match) in viewport coordinates. */
const box = (page, sel) => page.evaluate((sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }; }, sel);
const inside = (b, w, hgt) => b.top >= -0.5 && b.left >= -0.5 && b.bottom <= hgt + 0.5 && b.right <= w + 0.5;
/** Points at the left and right edges (mid-height) of `sel` where something else is hit: a box can be
 *  on screen yet clipped by an ancestor's paint containment (content-visibility), which hides it. */
const clippedEdges = (page, sel) => page.evaluate((sel) => {
  const el = document.querySelector(sel); const r = el.getBoundingClientRect(); const y = (r.top + r.bottom) / 2;
  return [['left', r.left + 3], ['right', r.right - 3]].filter(([, x]) => { const hit = document.elementFromPoint(x, y); return !(hit && (hit === el || el.contains(hit))); }).map(([side]) => side);
}, sel);
/** Visible figure text (every scene's SVGs) that its SVG cuts off, or that is drawn below `px` on screen. */
const figureText = (page, px = 0) => page.evaluate((px) => {
  const texts = [...document.querySelectorAll('[data-scene-el] svg text')].filter((t) => t.textContent.trim() && t.getClientRects().length
    && t.getBoundingClientRect().width > 0 && !t.closest('[hidden]') && !t.closest('.questions'));
  const cut = texts.filter((t) => {
    if (getComputedStyle(t.ownerSVGElement).overflow === 'visible') return false;
    const a = t.getBoundingClientRect(); const r = t.ownerSVGElement.getBoundingClientRect();
    return a.left < r.left - 1 || a.right > r.right + 1 || a.top < r.top - 1 || a.bottom > r.bottom + 1;
  });
  const small = texts.filter((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a < px);
  const name = (t) => `${t.closest('[data-scene-el]').localName}: ${t.textContent.slice(0, 16)}`;
  return { cut: cut.map(name), small: small.map(name) };
}, px);

test('scene 4 with 16 words at 1280×800: after Next the stage and the pair panel are on screen', async () => {
  await view({ viewport: { width: 1280, height: 800 } }, `#scene=self&sentence=${encodeURIComponent(SIXTEEN)}`, async (page) => {
    assert.equal(await page.locator('ae-scene-self [data-readout="tokens"]').textContent().then((t) => t.startsWith('16 words')), true);
    for (let step = 2; step <= 7; step++) {
      await page.locator('ae-scene-self [data-control="next"]').click(); await settle(page);
      const stage = await box(page, 'ae-scene-self .stage.current');
      assert.ok(inside(stage, 1280, 800), `step ${step}: stage at ${JSON.stringify(stage)}`);
      assert.deepEqual(await clippedEdges(page, 'ae-scene-self .stage.current'), [], `step ${step}: stage edges hidden`);
      // and drawn: inside the section, whose paint containment (content-visibility) clips what sticks out
      const grid = await box(page, 'ae-scene-self .self-grid'); const section = await box(page, '#scene-self');
      assert.ok(grid.left >= section.left - 0.5 && grid.right <= section.right + 0.5, `grid ${grid.left}…${grid.right} in section ${section.left}…${section.right}`);
      if (step >= 4) {
        const pair = await box(page, 'ae-scene-self aside.pair');
        assert.ok(inside(pair, 1280, 800), `step ${step}: pair panel at ${JSON.stringify(pair)}`);
        assert.deepEqual(await clippedEdges(page, 'ae-scene-self aside.pair'), [], `step ${step}: pair panel edges hidden`);
      }
      if (step === 6) await screenshot(page, 'scene-4-16-words-step-6-laptop', { fullPage: false });
    }
    assert.deepEqual((await figureText(page)).cut, [], 'no figure text cut off on a laptop');
  });
});

test('scene 4 on a 375×812 phone: stage and pair stack; the step strip fades where steps are hidden and follows the step', async () => {
  await view(PHONE, `#scene=self&step=1&sentence=${encodeURIComponent(SIXTEEN)}`, async (page) => {
    const strip = () => page.evaluate(() => {
      const l = document.querySelector('ae-scene-self ol.steps'); const lr = l.getBoundingClientRect();
      const cur = l.querySelector('[aria-current="step"]').getBoundingClientRect();
      return { scrolls: l.scrollWidth > l.clientWidth, more: l.dataset.more, mask: getComputedStyle(l).maskImage, curLeft: cur.left - lr.left, curRight: lr.right - cur.right };
    });
    const first = await strip();
    assert.equal(first.scrolls, true, 'the strip is wider than the phone');
    assert.equal(first.more, 'right');
    assert.match(first.mask, /gradient/, 'the hidden side fades out');
    for (let step = 2; step <= 7; step++) {
      await page.locator('ae-scene-self [data-control="next"]').click(); await settle(page);
      const s = await strip();
      assert.ok(s.curLeft >= 0 && s.curRight >= 0, `step ${step}: the current step is inside the strip (${s.curLeft}, ${s.curRight})`);
    }
    assert.match((await strip()).more, /left/);
    await screenshot(page, 'phone-375-scene-4-step-7', { fullPage: false });
    // stacked: the pair panel below the stage, nothing wider than the phone
    const stage = await box(page, 'ae-scene-self .stage.current'); const pair = await box(page, 'ae-scene-self aside.pair');
    assert.ok(pair.top >= stage.bottom - 1, `pair ${pair.top} below stage ${stage.bottom}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 375);
  });
});

test('presentation mode at 1280×720: the scene stays on screen, the header is short, the embed dialog is not clipped', async () => {
  await view({ viewport: { width: 1280, height: 720 } }, '#scene=heads', async (page) => {
    // figure text: ≥ 20 px on the projector, and none cut off at the edge of its figure
    await page.evaluate(() => document.getElementById('present-mode').click()); await settle(page);
    assert.deepEqual(await figureText(page, 20), { cut: [], small: [] });
    await page.evaluate(() => document.getElementById('present-mode').click()); await settle(page);
    await page.evaluate(() => document.getElementById('scene-heads').scrollIntoView());
    // from a scene's own toggle: that scene stays at the top
    assert.ok(Math.abs((await box(page, '#scene-heads')).top) < 2);
    await page.locator('[data-present-toggle="heads"]').click(); await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.present), '1');
    const heads = await box(page, '#scene-heads');
    assert.ok(heads.top >= -2 && heads.top <= 720 * 0.25, `scene 6 starts at ${heads.top}`);
    // the header at the top of the page stays short
    await page.evaluate(() => window.scrollTo(0, 0));
    const header = await box(page, '.site-header');
    assert.ok(header.height <= 720 * 0.25, `header is ${header.height} px tall`);
    // the header's toggle (off, then on again) keeps the scene that fills the screen
    await page.evaluate(() => document.getElementById('scene-cross').scrollIntoView());
    await page.evaluate(() => window.scrollBy(0, 200));
    const before = await page.evaluate(() => { const r = document.getElementById('scene-cross').getBoundingClientRect(); return -r.top / r.height; });
    await page.evaluate(() => document.getElementById('present-mode').click()); await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.present), '0');
    const cross = await page.evaluate(() => { const r = document.getElementById('scene-cross').getBoundingClientRect(); return { share: -r.top / r.height, top: r.top, bottom: r.bottom }; });
    assert.ok(cross.top < 720 && cross.bottom > 0 && Math.abs(cross.share - before) < 0.05, `scene 5 kept in view: ${JSON.stringify(cross)} (was ${before})`);
    await page.evaluate(() => document.getElementById('present-mode').click()); await settle(page);
    // the embed dialog in presentation mode: every column and field inside the dialog
    await page.locator('[data-embed-open="cross"]').click();
    await page.locator('[data-embed-dialog]').waitFor();
    const clip = await page.evaluate(() => {
      const d = document.querySelector('[data-embed-dialog]'); const dr = d.getBoundingClientRect();
      const out = [...d.querySelectorAll('.embed-choices > *, .embed-choices label, .embed-choices input, textarea')]
        .map((e) => e.getBoundingClientRect()).filter((r) => r.right > dr.right - 1 || r.left < dr.left);
      return { out: out.length, sideways: d.scrollWidth - d.clientWidth, cols: new Set([...d.querySelectorAll('.embed-choices > *')].map((e) => Math.round(e.getBoundingClientRect().left))).size };
    });
    assert.deepEqual({ out: clip.out, sideways: clip.sideways <= 0 }, { out: 0, sideways: true }, JSON.stringify(clip));
    assert.deepEqual(await axeViolations(page, '[data-embed-dialog]'), []);
    await page.keyboard.press('Escape');
    assert.deepEqual(await axeViolations(page, { include: [['.site-header'], ['#scene-heads']] }), []);
  });
});

test('scene 7 on a 375×812 phone: the slopes table and its caption fit the screen; the empty timing chart says how to fill it', async () => {
  await view(PHONE, '#scene=cost', async (page) => {
    const t = await page.evaluate(() => {
      const table = document.querySelector('[data-table="slopes"]');
      const parts = [table.querySelector('caption'), ...table.querySelectorAll('tbody th, tbody td')];
      const out = parts.filter((e) => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > innerWidth + 0.5; }).map((e) => e.textContent.slice(0, 30));
      const td = table.querySelector('tbody td');
      return { out, label: getComputedStyle(td, '::before').content, scroller: table.parentElement.scrollWidth - table.parentElement.clientWidth };
    });
    assert.deepEqual(t.out, [], 'every part of the table is on screen');
    assert.equal(t.scroller <= 0, true, 'nothing hides behind a sideways scroll');
    assert.match(t.label, /time slope/, 'each value is named by its column');
    const empty = await page.evaluate(() => {
      const svg = document.querySelector('[data-part="cost-charts"] svg.log-chart');
      const notes = [...svg.querySelectorAll('text.empty-note')];
      return { text: notes.map((n) => n.textContent).join(' '), px: Math.min(...notes.map((n) => parseFloat(getComputedStyle(n).fontSize) * svg.getScreenCTM().a)), label: svg.getAttribute('aria-label') };
    });
    assert.match(empty.text, /No times yet.*press Measure/);
    assert.match(empty.label, /press Measure/);
    assert.ok(empty.px >= 11, `the hint is drawn at ${empty.px} px`);
    assert.deepEqual((await figureText(page)).cut, [], 'no figure text cut off on a phone');
    assert.deepEqual(await axeViolations(page, '#scene-cost'), []);
  });
});

test('cold review: captions of wide tables stay on a phone screen; scene 8’s gradient labels clear of each other; dark charts on a dark panel', async () => {
  await view(PHONE, '#scene=self&step=1&sentence=The%20cat%20sat', async (page) => {
    const cut = await page.evaluate(() => [...document.querySelectorAll('.table-scroll > table > caption')]
      .filter((c) => c.getClientRects().length && !c.closest('[hidden]')).filter((c) => { const r = c.getBoundingClientRect(); return r.right > innerWidth + 0.5 || r.left < -0.5; })
      .map((c) => c.textContent.slice(0, 40)));
    assert.deepEqual(cut, []);
  });
  await view({ viewport: { width: 1280, height: 800 } }, '#scene=grad', async (page) => {
    const overlaps = await textOverlaps(page, 'ae-scene-grad svg.plane .arrow-label', { slack: 0 });
    assert.deepEqual(overlaps, []);
  });
  await view({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, '#scene=cost', async (page) => {
    const bg = await page.evaluate(() => [...document.querySelectorAll('svg.log-chart, svg.sparse-mask')].map((e) => getComputedStyle(e).backgroundColor));
    assert.ok(bg.length >= 3 && bg.every((c) => c !== 'rgb(255, 255, 255)'), bg.join(' '));
    assert.deepEqual(await axeViolations(page, '#scene-cost'), []);
  });
});
