// plane-labels.test.mjs — no two text labels of a plane overlap (issue 8), checked with the
// bounding boxes of every visible <text> of scenes 1 and 3 (and scene 4's pair panel): at the
// default view, in every scene-1 mode, and after scripted drags of q and k through awkward
// places (on an axis, parallel, opposite, near zero, at the edge).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, textOverlaps, REPO_ROOT } from '../browser-support/index.mjs';

let server; let browser; let page; let errors;
before(async () => {
  server = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = browser.page; errors = collectConsoleErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => document.querySelector('ae-scene-sum [data-handle="q"]'));
  await page.evaluate(() => document.fonts.ready);
});
after(async () => { await browser?.close(); await server?.close(); });
const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const overlaps = (sel) => textOverlaps(page, `${sel} text`);

test('scene 1: no label overlaps at the default view, in each mode, and after drags', async () => {
  const plane = 'ae-scene-dot svg.plane';
  assert.deepEqual(await overlaps(plane), [], 'default view');
  const places = [[2, 1, 1, 2], [3, 0, 1.5, 0], [0, 3, 0, -2], [2, 2, 2.1, 1.9], [1, 0, -1, 0], [0.1, 0.1, 4, 0.2], [-5, 5, 5, -5], [4.5, -0.2, 4.8, 0.3], [0, -4, 0.2, -1], [-3, -3, 3, 3]];
  for (const mode of ['dot', 'cos', 'scaled']) {
    for (const [qx, qy, kx, ky] of places) {
      await page.evaluate(([mode, q, k]) => {
        const st = attentionExplorer.state; const Q = st.get('q').slice(); const K = st.get('k').slice();
        Q[0] = q[0]; Q[1] = q[1]; K[0] = k[0]; K[1] = k[1]; st.set({ mode, dim: 2, q: Q, k: K });
      }, [mode, [qx, qy], [kx, ky]]);
      await settle();
      assert.deepEqual(await overlaps(plane), [], `${mode} q=(${qx}, ${qy}) k=(${kx}, ${ky})`);
    }
  }
  // a real pointer drag of q's tip
  await page.evaluate(() => attentionExplorer.state.set({ mode: 'dot', q: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3] }));
  const handle = page.locator('ae-scene-dot [data-handle="q"]');
  await handle.scrollIntoViewIfNeeded(); await settle();
  const b = await handle.boundingBox(); const x = b.x + b.width / 2; const y = b.y + b.height / 2;
  await page.mouse.move(x, y); await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(x - 14 * i, y + 6 * i); await settle();
    assert.deepEqual(await overlaps(plane), [], `drag step ${i}`);
  }
  await page.mouse.up();
});

test('scene 3: no label overlaps at the default view and after drags of q', async () => {
  const plane = 'ae-scene-sum svg.plane';
  await page.locator('ae-scene-sum').scrollIntoViewIfNeeded(); await settle();
  assert.deepEqual(await overlaps(plane), [], 'default view');
  for (const q of [[0, 0], [3, 0], [0, 3], [-3, -3], [2.5, -1.5], [-1, 2], [0.2, 0.2], [-3, 1]]) {
    await page.evaluate((q) => attentionExplorer.state.set({ q3: q }), q); await settle();
    assert.deepEqual(await overlaps(plane), [], `q3=(${q})`);
  }
  // the hull is visible at the default view: a triangle with a real area
  await page.evaluate(() => attentionExplorer.state.set({ q3: [0.4, -2] })); await settle();
  const area = await page.evaluate(() => {
    const pts = document.querySelector('ae-scene-sum .hull').getAttribute('points').split(' ').map((p) => p.split(',').map(Number));
    const [[ax, ay], [bx, by], [cx, cy]] = pts; return Math.abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2;
  });
  assert.ok(area > 4000, `hull area ${area} px² in a 400 px plane`);
  assert.deepEqual(errors.all(), []);
});
