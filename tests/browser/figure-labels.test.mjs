// figure-labels.test.mjs — no text in any plane overlaps another text or a vector (issue 8, cold
// review): every scene with a plane (1, 3, 4's pair panel, 5's geometry, 8), at the default view and
// after scripted moves and real pointer drags, on a 1280×800 laptop and in presentation mode on a
// 1280×720 projector. Boxes come from the browser's layout (tests/browser-support/figures.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';
import { figureCollisions } from '../browser-support/figures.mjs';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const toTop = async (page, sel) => { for (let i = 0; i < 2; i++) { await page.evaluate((s) => document.querySelector(s).scrollIntoView(), sel); await settle(page); } };
const set = (page, patch) => page.evaluate((p) => attentionExplorer.state.set(p), patch).then(() => settle(page));

// awkward places for two arrows: on an axis, parallel, opposite, near zero, at the edge, crossing
const DOT = [[2, 1, 1, 2], [3, 0, 1.5, 0], [0, 3, 0, -2], [2, 2, 2.1, 1.9], [1, 0, -1, 0], [0.1, 0.1, 4, 0.2], [-5, 5, 5, -5], [4.5, -0.2, 4.8, 0.3], [0, -4, 0.2, -1], [-3, -3, 3, 3], [3, 1, 1, 3], [-2, 1, -1, -2]];
const SUM = [[0.4, -2], [0, 0], [3, 0], [0, 3], [-3, -3], [2.5, -1.5], [-1, 2], [0.2, 0.2], [-3, 1], [1, 1]];
const GEO = [[2, 0.5, 1, 1.5], [3, 0, 0, 3], [-2, -1, 1, -2], [1, 1, 1.2, 0.9], [0, -3, -3, 0], [2.5, 2.5, -2.5, 2.5]];
const GRAD = [[3, 0.5, 0.5, 2], [2, 0, 0, 2], [1, 1, 1.2, 0.9], [-3, 1, 2, -1], [4, 0, 4, 0.5], [0.5, 3, -3, 0.5], [-2, -2, -1, 2], [1, -3, 3, 1]];

for (const [name, options, hash] of [
  ['laptop 1280×800', { viewport: { width: 1280, height: 800 } }, ''],
  ['presentation mode, projector 1280×720', { viewport: { width: 1280, height: 720 } }, '#present=1'],
]) {
  test(`${name}: plane text clear of other text and of vectors in scenes 1, 3, 4, 5 and 8`, async () => {
    const browser = await launchBrowser({ reducedMotion: 'reduce', ...options });
    const { page } = browser; const errors = collectConsoleErrors(page);
    try {
      await page.goto(`${server.url}/${hash}`);
      await loadAllScenes(page);
      await page.evaluate(() => document.fonts.ready); await settle(page);
      const found = []; // every collision, so one run shows them all
      const check = async (sel, what) => { for (const c of await figureCollisions(page, `${sel} svg.plane`)) found.push(`${what}: ${c}`); };

      // scene 1, every mode
      await toTop(page, '#scene-dot');
      await check('ae-scene-dot', 'scene 1 default view');
      for (const mode of ['dot', 'cos', 'scaled']) {
        for (const [qx, qy, kx, ky] of DOT) {
          await page.evaluate(([mode, q, k]) => {
            const st = attentionExplorer.state; const Q = st.get('q').slice(); const K = st.get('k').slice();
            Q[0] = q[0]; Q[1] = q[1]; K[0] = k[0]; K[1] = k[1]; st.set({ mode, dim: 2, q: Q, k: K });
          }, [mode, [qx, qy], [kx, ky]]);
          await settle(page);
          await check('ae-scene-dot', `scene 1 ${mode} q=(${qx}, ${qy}) k=(${kx}, ${ky})`);
        }
      }
      // a real pointer drag of k's tip round q
      await set(page, { mode: 'dot', q: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3] });
      await toTop(page, '#scene-dot');
      const hk = await page.locator('ae-scene-dot [data-handle="k"]').boundingBox();
      let [x, y] = [hk.x + hk.width / 2, hk.y + hk.height / 2];
      await page.mouse.move(x, y); await page.mouse.down();
      for (let i = 1; i <= 10; i++) {
        [x, y] = [x + 9, y + 7]; await page.mouse.move(x, y); await settle(page);
        await check('ae-scene-dot', `scene 1 drag of k, step ${i}`);
      }
      await page.mouse.up();

      // scene 3
      await toTop(page, '#scene-sum');
      for (const q3 of SUM) { await set(page, { q3 }); await check('ae-scene-sum', `scene 3 q=(${q3})`); }

      // scene 4's focused pair, at step 6, over several pairs of two sentences
      for (const sentence of ['The cat sat', 'the dog chased the cat']) {
        await set(page, { sentence, step: 6 });
        await toTop(page, '#scene-self');
        const n = sentence.split(' ').length;
        for (let fq = 0; fq < n; fq++) for (const fk of [0, n - 1, (fq + 1) % n]) {
          await set(page, { fq, fk }); await check('ae-scene-self aside.pair', `scene 4 "${sentence}" pair ${fq}, ${fk}`);
        }
      }

      // scene 5's geometry
      await toTop(page, '#scene-cross');
      await page.evaluate(() => document.querySelector('ae-scene-cross svg.plane').scrollIntoView({ block: 'center' })); await settle(page);
      for (const [a, b, c, d] of GEO) { await set(page, { gq: [a, b], gk: [c, d] }); await check('ae-scene-cross', `scene 5 q=(${a}, ${b}) k=(${c}, ${d})`); }

      // scene 8: scripted places, then a real drag of q's tip
      await toTop(page, '#scene-grad');
      await check('ae-scene-grad', 'scene 8 default view');
      for (const [a, b, c, d] of GRAD) { await set(page, { gradq: [a, b], gradk: [c, d] }); await check('ae-scene-grad', `scene 8 q=(${a}, ${b}) k=(${c}, ${d})`); }
      await set(page, { gradq: [3, 0.5], gradk: [0.5, 2] });
      const hq = await page.locator('ae-scene-grad [data-handle="q"]').boundingBox();
      [x, y] = [hq.x + hq.width / 2, hq.y + hq.height / 2];
      await page.mouse.move(x, y); await page.mouse.down();
      for (let i = 1; i <= 10; i++) {
        [x, y] = [x - 12, y - 9]; await page.mouse.move(x, y); await settle(page);
        await check('ae-scene-grad', `scene 8 drag of q, step ${i}`);
      }
      await page.mouse.up();
      assert.deepEqual(found, [], name);
      assert.deepEqual(errors.all(), []);
    } finally { await browser.close(); }
  });
}
