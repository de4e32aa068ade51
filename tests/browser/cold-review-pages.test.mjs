// cold-review-pages.test.mjs — more of issue 8's cold review, as geometry and colour: in dark mode
// every scene's figure text, chart lines and chosen frames keep their contrast (scene 5's tanh labels
// were light on white, scene 9's loss line dark on dark); every scene's divider has the same width at
// 1280 and 1920 px (scene 4's was wider: its section is widened on large screens).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, REPO_ROOT, axeViolations } from '../browser-support/index.mjs';
import { settle, toTop, viewLesson } from '../browser-support/lesson.mjs';
import { lowContrast } from '../browser-support/figures.mjs';

const server = await startServer(path.join(REPO_ROOT, 'web'));
after(() => server.close());
const SCENES = ['dot', 'weights', 'sum', 'self', 'cross', 'heads', 'cost', 'grad', 'train'];

// every scene loaded, fonts ready, no console error (tests/browser-support/lesson.mjs)
const view = (options, hash, fn) => viewLesson(server, options, hash, fn);

test('dark mode: every scene’s figure text, chart lines and chosen frames keep their contrast', async () => {
  await view({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, '#step=6', async (page) => {
    for (const id of SCENES) await toTop(page, `#scene-${id}`);
    await page.locator('ae-scene-train [data-control="train-step"]').click(); await settle(page); // draws scene 9's curve
    // scene 5's tanh plot (labels were light on white), scene 9's loss line, the chosen multiple and head
    assert.deepEqual(await lowContrast(page, '[data-scene-el]'), []);
    const drawn = await page.evaluate(() => ({ tanh: document.querySelectorAll('ae-scene-cross .tanh-plot text').length, loss: document.querySelector('ae-scene-train .loss-line').getAttribute('points').length > 0, chosen: document.querySelectorAll('.multiple.chosen, .head-map.chosen').length }));
    assert.deepEqual(drawn, { tanh: 4, loss: true, chosen: 2 });
    assert.deepEqual(await axeViolations(page, { include: [['#scene-cross'], ['#scene-train']] }), []);
  });
});

for (const width of [1280, 1920]) {
  test(`every scene's divider has the same width at ${width} px`, async () => {
    await view({ viewport: { width, height: 900 } }, '', async (page) => {
      const dividers = [];
      for (const id of ['intro', ...SCENES.map((s) => `scene-${s}`)]) {
        const sel = id === 'intro' ? 'section.intro' : `#${id}`;
        await toTop(page, sel);
        // the visible rule under the section: its own bottom border, or a pseudo-element's
        dividers.push(await page.evaluate(([sel, id]) => {
          const el = document.querySelector(sel); const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
          const shows = (s) => parseFloat(s.borderBottomWidth) > 0 && s.borderBottomStyle !== 'none' && !/rgba\(.*, 0\)|transparent/.test(s.borderBottomColor);
          if (shows(st)) return { id, left: Math.round(r.left), width: Math.round(r.width) };
          const after = getComputedStyle(el, '::after');
          if (shows(after)) return { id, left: Math.round(r.left + parseFloat(st.paddingLeft) + parseFloat(st.borderLeftWidth)), width: Math.round(parseFloat(after.width)) };
          return { id, left: null, width: null };
        }, [sel, id]));
      }
      const first = dividers[0];
      assert.ok(first.width > 0, JSON.stringify(first));
      assert.deepEqual(dividers.filter((d) => d.width !== first.width || d.left !== first.left), [], `all like ${JSON.stringify(first)}`);
    });
  });
}
