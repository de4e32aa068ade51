// scenes-regressions.test.mjs — one test per bug a reviewer found using the page as a new student.
// Each failed before its fix: stretching k kept its direction, in-page anchors kept the state,
// a row with every key hidden is explained, touch drags on handles, an empty sentence, the plane
// in d > 2, typed values that were clamped, k at the origin, scene 3's default view, small items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await server?.close(); });

const settle = (p = page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
/** A fresh load of the page at `hash` (about:blank first, so a hash-only change still reloads). */
async function open(hash, p = page) {
  await p.goto('about:blank');
  await p.goto(`${server.url}/${hash}`);
  await loadAllScenes(p);
  await p.waitForFunction(() => document.querySelector('ae-scene-self [data-readout="step"]')?.textContent);
  await settle(p);
}
const readout = (scene, name) => page.locator(`ae-scene-${scene} [data-readout="${name}"]`);
const value = async (scene, name) => Number(await readout(scene, name).getAttribute('data-value'));
const kShown = () => page.evaluate(() => [0, 1].map((i) => Number(document.querySelector(`ae-scene-dot input[data-vec="k"][data-i="${i}"]`).value)));
/** The core's cos θ for the q and k the inputs show (scene 1, d = 2). */
const coreCos = () => page.evaluate(async () => {
  const { loadCore } = await import('/attention-core.js');
  const core = await loadCore({ simd: document.documentElement.dataset.core === 'simd' });
  const vec = (id) => [0, 1].map((i) => Number(document.querySelector(`ae-scene-dot input[data-vec="${id}"][data-i="${i}"]`).value));
  return core.cosine(vec('q'), vec('k'));
});

test('1. stretching k keeps its direction: cos θ unchanged by keyboard and by mouse', async () => {
  await open('#mode=cos');
  const cos0 = await value('dot', 'cos'); const text0 = await readout('dot', 'cos').textContent();
  const slider = page.locator('ae-scene-dot [data-control="k-length"]');
  await slider.focus();
  for (let i = 0; i < 100; i++) await page.keyboard.press('ArrowRight');
  await settle();
  const k1 = await kShown();
  assert.ok(k1[1] > 2.5, `k grew: ${k1}`);
  assert.equal(await readout('dot', 'cos').textContent(), text0);
  assert.ok(Math.abs(await value('dot', 'cos') - cos0) < 1e-6, `cos ${cos0} -> ${await value('dot', 'cos')}`);
  assert.ok(Math.abs(await coreCos() - cos0) < 1e-6, 'the core agrees for the k on screen');
  assert.ok(Math.abs(k1[1] / k1[0] - 2) < 1e-9, `k stays on the ray (1, 2): ${k1}`);
  for (let i = 0; i < 150; i++) await page.keyboard.press('ArrowLeft');
  await settle();
  assert.ok(Math.abs(await value('dot', 'cos') - cos0) < 1e-6, 'shrinking too');
  // mouse: drag the slider's thumb all the way to the right (longest k the ±5 box allows)
  const box = await slider.boundingBox();
  const v = Number(await slider.inputValue()); const lo = Number(await slider.getAttribute('min')); const hi = Number(await slider.getAttribute('max'));
  const x = box.x + 8 + ((v - lo) / (hi - lo)) * (box.width - 16); const y = box.y + box.height / 2;
  await page.mouse.move(x, y); await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(x + 20 * i, y);
  await page.mouse.up(); await settle();
  const k2 = await kShown();
  assert.ok(Math.max(...k2.map(Math.abs)) <= 5 && k2[1] > 4.9, `k reaches the ±5 bound without bending: ${k2}`);
  assert.ok(Math.abs(await value('dot', 'cos') - cos0) < 1e-6);
  assert.equal(await readout('dot', 'cos').textContent(), text0);
});

test('1b. stretching an arbitrary direction to the ±5 bound keeps cos θ', async () => {
  await open('#mode=cos&k=1.23,4.57,0,0,0,0,0,0');
  const cos0 = await value('dot', 'cos');
  const slider = page.locator('ae-scene-dot [data-control="k-length"]');
  await slider.focus(); await page.keyboard.press('End'); await settle();
  const k = await kShown();
  assert.ok(k.every((c) => Math.abs(c) <= 5), `${k}`);
  assert.ok(Math.abs(await value('dot', 'cos') - cos0) < 1e-6);
  await page.keyboard.press('Home'); await settle();
  assert.ok(Math.abs(await value('dot', 'cos') - cos0) < 1e-6);
});

test('2. the skip link jumps to scene 1 and keeps the state', async () => {
  await open('#scene=self&mode=cos&dim=3&sentence=A%20dog%20ran');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter'); await page.waitForTimeout(300);
  assert.equal(await page.locator('ae-scene-dot input[value="cos"]').isChecked(), true, 'mode kept');
  assert.equal(await page.locator('ae-scene-dot #dim-range').inputValue(), '3', 'dim kept');
  assert.equal(await page.locator('ae-scene-self [data-control="sentence"]').inputValue(), 'A dog ran', 'sentence kept');
  const top = await page.evaluate(() => document.getElementById('scene-dot').getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 5, `scene 1 is at the top of the view: ${top}`);
  assert.match(await page.evaluate(() => location.hash), /mode=cos/, 'the address is still a state link');
  // the state link still round-trips
  await page.reload(); await page.waitForFunction(() => document.querySelector('ae-scene-dot [data-readout="dot"]')?.dataset.value);
  assert.equal(await page.locator('ae-scene-dot input[value="cos"]').isChecked(), true);
  assert.equal(await page.locator('#link-notice').isVisible(), false);
});

test('3. a row with every key hidden is explained, not claimed to sum to 1', async () => {
  // stage-focused walkthrough (issue 8): the weights and their notes are on step 6, the output on 7
  await open('#scene=self&step=6&sentence=The%20cat%20sat&mask=1.0,1.1,1.2&fq=1');
  const note = readout('self', 'empty-rows');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /“cat” can see no key.*all 0.*zero vector/s);
  assert.match(await page.locator('ae-scene-self [data-heatmap="weights"] caption').textContent(), /except/);
  assert.match(await readout('self', 'row-sum').textContent(), /0 of 3 keys visible to “cat”: it can see no key/);
  await page.evaluate(() => attentionExplorer.state.set({ step: 7 })); await settle(); await page.waitForTimeout(200);
  const tex = await page.locator('ae-scene-self [data-formula="output"]').getAttribute('data-tex');
  assert.match(tex, /\\mathbf\{0\}/); assert.doesNotMatch(tex, /= *=/);
  assert.equal(await readout('self', 'output-note').isVisible(), true);
  // the painter and the causal mask can empty a row too, and get the same explanation
  await open('#scene=self&step=6&sentence=The%20cat%20sat&causal=1&paint=1');
  await page.locator('ae-scene-self [data-heatmap="weights"] button[data-i="0"][data-j="0"]').click(); await settle();
  assert.match(await readout('self', 'empty-rows').textContent(), /“The” can see no key/);
  await page.locator('ae-scene-self [data-heatmap="weights"] button[data-i="0"][data-j="0"]').click(); await settle();
  assert.equal(await readout('self', 'empty-rows').isVisible(), false);
  assert.doesNotMatch(await readout('self', 'row-sum').textContent(), /can see no key/);
});

test('4. phone: a vertical touch drag on a handle moves it instead of scrolling', async () => {
  const phone = await launchBrowser({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  try {
    const p = phone.page; const errs = collectConsoleErrors(p);
    await open('', p);
    const handle = p.locator('ae-scene-dot [data-handle="q"]');
    await handle.scrollIntoViewIfNeeded();
    const box = await handle.boundingBox(); const x = box.x + box.width / 2; const y = box.y + box.height / 2;
    const q0 = await p.evaluate(() => attentionExplorer.state.get('q').slice(0, 2)); const s0 = await p.evaluate(() => scrollY);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 8; i++) { await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - 8 * i }] }); await p.waitForTimeout(16); }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await settle(p);
    const q1 = await p.evaluate(() => attentionExplorer.state.get('q').slice(0, 2));
    assert.ok(q1[1] - q0[1] > 1, `q moved up: ${q0} -> ${q1}`);
    assert.equal(await p.evaluate(() => scrollY), s0, 'the page did not scroll');
    // a swipe on the plane away from the handles still scrolls the page
    const plane = await p.locator('ae-scene-dot svg.plane').boundingBox();
    const sx = plane.x + 24; const sy = plane.y + plane.height - 30;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: sx, y: sy }] });
    for (let i = 1; i <= 8; i++) { await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: sx, y: sy - 15 * i }] }); await p.waitForTimeout(16); }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await p.waitForTimeout(300);
    assert.ok(await p.evaluate(() => scrollY) > s0, 'swiping the plane scrolls');
    assert.deepEqual(errs.all(), []);
  } finally { await phone.close(); }
});

test('5. an empty sentence hides every stage; nothing stale stays on screen', async () => {
  await open('#scene=self&step=7&sentence=');
  assert.equal(await page.locator('ae-scene-self [data-stage]:visible').count(), 0);
  assert.equal(await page.locator('ae-scene-self aside.pair').isVisible(), false);
  assert.match(await readout('self', 'tokens').textContent(), /Type at least one word/);
  await page.locator('ae-scene-self [data-control="sentence"]').fill('The cat sat'); await settle();
  assert.equal(await page.locator('ae-scene-self [data-matrix="output"]').isVisible(), true);
  await page.locator('ae-scene-self [data-control="sentence"]').fill(''); await settle();
  assert.equal(await page.locator('ae-scene-self [data-stage]:visible').count(), 0);
  assert.equal(await page.locator('ae-scene-self [data-matrix="output"]').isVisible(), false);
});

test('6. in d > 2 the plane does not claim the sign of q·k', async () => {
  // first two components disagree (−1.5), all three agree (+0.1)
  await open('#dim=3&q=2,1,1,0,0,0,0,0&k=-1,0.5,1.6,0,0,0,0,0');
  assert.ok(await value('dot', 'dot') > 0);
  const labels = await page.locator('ae-scene-dot svg.plane .region-label').allTextContents();
  for (const l of labels) assert.doesNotMatch(l, /q·k/, `region label "${l}"`);
  const note = page.locator('ae-scene-dot [data-plane-note]');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /dimensions 1 and 2 of 3/);
  await page.locator('ae-scene-dot #dim-range').fill('2'); await settle();
  assert.equal(await note.isVisible(), false);
  assert.ok((await page.locator('ae-scene-dot svg.plane .region-label').allTextContents()).some((l) => /q·k < 0/.test(l)));
});

test('7. typed values that were clamped are shown as used, with a visible note', async () => {
  await open('#scene=weights');
  const box = page.locator('ae-scene-weights [data-control="dk-number"]'); const note = readout('weights', 'dk-note');
  for (const [typed, used] of [['1000', '512'], ['0', '1'], ['-5', '1'], ['3.7', '4'], ['', '4']]) {
    await box.fill(typed); await box.press('Tab'); await settle();
    assert.equal(await box.inputValue(), used, `typed ${JSON.stringify(typed)}`);
    assert.equal(await page.locator('ae-scene-weights [data-control="dk"]').inputValue(), used);
    assert.equal(await note.isVisible(), true); assert.match(await note.textContent(), new RegExp(`1 to 512.*${used}`));
  }
  await box.fill('100'); await box.press('Tab'); await settle();
  assert.equal(await note.textContent(), '');
  // scene 1: a comma is not a decimal point in a number box ("2,5" reads as 25, clamped to 5)
  const q1 = page.locator('ae-scene-dot input[data-vec="q"][data-i="0"]');
  await q1.click({ clickCount: 3 }); await page.keyboard.type('2,5'); await page.keyboard.press('Tab'); await settle();
  assert.equal(await q1.inputValue(), '5');
  const qNote = page.locator('ae-scene-dot [data-input-note]');
  assert.equal(await qNote.isVisible(), true); assert.match(await qNote.textContent(), /outside −5 to 5.*set to 5.*point for decimals/);
  // scene 3 as well
  const q3 = page.locator('ae-scene-sum input[data-vec="q3"][data-i="1"]');
  await q3.fill('9'); await q3.press('Tab'); await settle();
  assert.equal(await q3.inputValue(), '3');
  assert.match(await page.locator('ae-scene-sum [data-input-note]').textContent(), /outside −3 to 3, so it was set to 3/);
});

test('9. k at the origin: no stale angle arc, an honest formula, the note beside the readouts', async () => {
  await open('');
  assert.equal(await page.locator('ae-scene-dot svg.plane .arc').isVisible(), true);
  for (const i of [0, 1]) await page.locator(`ae-scene-dot input[data-vec="k"][data-i="${i}"]`).fill('0');
  await settle();
  assert.equal(await page.locator('ae-scene-dot svg.plane .arc').isVisible(), false);
  assert.equal(await page.locator('ae-scene-dot svg.plane .arc-label').isVisible(), false);
  const tex = await page.locator('ae-scene-dot .formula').getAttribute('data-tex');
  assert.match(tex, /k is the zero vector, so .*theta.*undefined/); assert.doesNotMatch(tex, /times/);
  const note = readout('dot', 'undefined-note');
  assert.equal(await note.isVisible(), true);
  const [dl, n] = [await page.locator('ae-scene-dot dl.readouts').boundingBox(), await note.boundingBox()];
  assert.ok(n.y - (dl.y + dl.height) < 40, 'the note sits right under the readouts');
  assert.equal(await page.locator('ae-scene-dot [data-error]').isVisible(), false, 'not an error at the bottom');
  await page.locator('ae-scene-dot input[data-vec="k"][data-i="0"]').fill('1'); await settle();
  assert.equal(await page.locator('ae-scene-dot svg.plane .arc').isVisible(), true);
  assert.equal(await note.isVisible(), false);
});

test('8. scene 3 default view: q, the chain labels and the output do not overlap', async () => {
  await open('#scene=sum');
  await page.locator('ae-scene-sum').scrollIntoViewIfNeeded(); await page.waitForTimeout(2000); // the first-view tween
  const boxes = await page.evaluate(() => {
    const svg = document.querySelector('ae-scene-sum svg.plane');
    const items = [...svg.querySelectorAll('.arrow-label')].filter((t) => t.textContent && t.closest('.arrow').style.display !== 'none')
      .map((t) => ({ name: t.textContent, r: t.getBoundingClientRect() }));
    items.push({ name: 'q handle', r: svg.querySelector('[data-handle="q"] .ring').getBoundingClientRect() });
    items.push({ name: 'output dot', r: svg.querySelector('.out-dot').getBoundingClientRect() });
    return items.map(({ name, r }) => ({ name, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }));
  });
  const hits = [];
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const [p, q] = [boxes[a], boxes[b]];
    if (p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1) hits.push(`${p.name} × ${q.name}`);
  }
  assert.deepEqual(hits, []);
  const hull = await page.evaluate(() => { const st = getComputedStyle(document.querySelector('ae-scene-sum .hull')); return { dash: st.strokeDasharray, fill: st.fill }; });
  assert.equal(hull.dash, 'none', 'solid triangle edges');
  assert.match(await page.locator('ae-scene-sum .legend').textContent(), /shaded triangle/);
});

test('10. small items: paused stays out of links, visible link notice, "1 of 1 key", reduced-motion play', async () => {
  await open('#scene=self&text=Hi&step=6&bogus=1');
  assert.equal(await page.locator('#link-notice').isVisible(), true);
  assert.match(await page.locator('#link-notice').textContent(), /bogus/);
  assert.match(await readout('self', 'row-sum').textContent(), /1 of 1 key visible/);
  await page.locator('#pause-all').click(); await page.waitForTimeout(300);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /paused/);
  await page.locator('#copy-link').click();
  assert.doesNotMatch(await page.locator('#link-text').inputValue(), /paused/);
  await page.locator('ae-scene-sum [data-control="play-sum"]').click();
  assert.match(await readout('sum', 'play-note').textContent(), /finished chain/);
  assert.deepEqual(errors.all().filter((e) => !/clipboard/i.test(e)), []);
});

test('10b. small items: handles at ±5 drawn whole, scene 2 wording, painter clicks on scores do not toggle', async () => {
  await open('#q=5,-5,0.5,-1,1.5,0.2,-0.6,1&k=-5,5,-0.5,0.8,1,-1.2,0.4,0.3');
  const plane = await page.locator('ae-scene-dot svg.plane').boundingBox();
  for (const id of ['q', 'k']) {
    const r = await page.locator(`ae-scene-dot [data-handle="${id}"] .ring`).boundingBox();
    assert.ok(r.x >= plane.x && r.y >= plane.y && r.x + r.width <= plane.x + plane.width && r.y + r.height <= plane.y + plane.height, `${id} ring inside the plane`);
  }
  const scaledTitle = page.locator('ae-scene-weights .chart h3').nth(1);
  assert.match(await scaledTitle.textContent(), /÷ √2/);
  await page.locator('ae-scene-weights [data-control="scaling"]').uncheck(); await settle();
  assert.match(await scaledTitle.textContent(), /not scaled/);
  const scene2 = await page.locator('ae-scene-weights').textContent();
  assert.match(scene2, /model of scene 4.*dₖ = 2/s); assert.match(scene2, /Entropy measures how spread out/); assert.match(scene2, /side by side/);
  await open('#scene=self&step=4&paint=1');
  await page.locator('ae-scene-self [data-heatmap="scores"] button[data-i="1"][data-j="2"]').click(); await settle();
  await page.evaluate(() => attentionExplorer.state.set({ step: 6 })); await settle();
  assert.equal(await page.locator('ae-scene-self [data-heatmap="weights"] button.hidden-key').count(), 0, 'scores clicks only focus');
  await page.locator('ae-scene-self [data-heatmap="weights"] button[data-i="1"][data-j="2"]').click(); await settle();
  assert.equal(await page.locator('ae-scene-self [data-heatmap="weights"] button.hidden-key').count(), 1);
  assert.match(await page.locator('ae-scene-self .mask-controls p.note').textContent(), /weights table/);
});

test('a link or nav click to a far scene lands on it, though the scenes between render only when reached', async () => {
  // Off-screen scenes stand in at an estimated height (content-visibility); before revealScene a
  // jump from scene 1 to scene 7 ended about 1.8 k px short, in the middle of scene 6.
  const top = (id) => page.evaluate((id) => Math.round(document.getElementById(id).getBoundingClientRect().top), id);
  const landed = (id) => page.waitForFunction((id) => Math.abs(document.getElementById(id).getBoundingClientRect().top) <= 2, id, { timeout: 5000 })
    .then(() => true, () => false);
  await open('#scene=dot');
  await page.goto(`${server.url}/#scene=cost`); // a hash-only change: the page scrolls itself
  assert.ok(await landed('scene-cost'), `#scene=cost: scene 7 at ${await top('scene-cost')} px`);
  await open('#scene=dot');
  await page.locator('nav [data-goto="grad"]').click();
  assert.ok(await landed('scene-grad'), `nav link: scene 8 at ${await top('scene-grad')} px`);
  await open('#scene=dot');
  await page.goto(`${server.url}/#scene-heads`); // a plain anchor, as another page might link
  assert.ok(await landed('scene-heads'), `#scene-heads: scene 6 at ${await top('scene-heads')} px`);
  assert.deepEqual(errors.all(), []);
});
