// settings-roundtrip.test.mjs — the one settings vocabulary in the browser, for every setting of
// every scene: the page opens a hash with every setting of the scene changed; the link it then
// shows, pasted into embed.html's address, gives the same view; the element's attributes, put on a
// new <attention-explorer>, give it again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { loadAllScenes } from '../browser-support/lesson.mjs';
import { State, SCENES } from '../../web/app/state.js';
import { other, shown, settingsOf } from '../js-support/settings-samples.mjs';

let web; let browser; let page; let errors;
before(async () => {
  web = await startServer(path.join(REPO_ROOT, 'web'));
  browser = await launchBrowser({ viewport: { width: 1000, height: 800 } });
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await web?.close(); });

const expect = (values, props) => Object.fromEntries(props.map((p) => [p.name, shown(values, p)]));

for (const { id: scene } of SCENES) {
  test(`scene ${scene}: page hash -> embed.html -> element attributes -> the same settings`, async () => {
    const props = settingsOf(scene);
    const want = new State();
    want.set(Object.fromEntries(props.map((p) => [p.name, other(p, scene)])));
    want.set({ scene });
    const wanted = expect(want.values, props);

    await page.goto('about:blank');
    await page.goto(`${web.url}/index.html#${want.toHash()}`);
    await page.waitForFunction(() => globalThis.attentionExplorer?.state);
    const onPage = await page.evaluate(() => attentionExplorer.state.values);
    assert.deepEqual(expect(onPage, props), wanted, 'the page read its hash');
    // leave only once every scene has mounted (no module fetch is cut off)
    await loadAllScenes(page);
    await page.waitForFunction(() => document.documentElement.dataset.core && [...document.querySelectorAll('[data-scene-el]')].every((e) => e.state) && location.hash.length > 1, null, { timeout: 20_000 });
    const link = await page.evaluate(() => location.hash.slice(1));

    await page.goto(`${web.url}/embed.html?${link}`);
    const el = page.locator('attention-explorer');
    await page.waitForFunction(() => document.querySelector('attention-explorer')?.state, null, { timeout: 20_000 });
    assert.deepEqual(expect(await page.evaluate(() => document.querySelector('attention-explorer').state.values), props), wanted, `embed.html?${link}`);
    assert.equal(await el.evaluate((e) => e.currentScene), scene);

    const attributes = await page.evaluate(() => ({ scene: document.querySelector('attention-explorer').currentScene, ...document.querySelector('attention-explorer').options }));
    const second = await page.evaluate(async (attrs) => {
      const e = document.createElement('attention-explorer');
      e.id = 'second';
      for (const [n, v] of Object.entries(attrs)) e.setAttribute(n, v);
      document.body.append(e);
      for (let i = 0; i < 200 && !e.state; i++) await new Promise((r) => setTimeout(r, 50));
      return e.state.values;
    }, attributes);
    assert.deepEqual(expect(second, props), wanted, `attributes ${JSON.stringify(attributes)}`);
    // a fetch cut off by the next test's navigation (ERR_ABORTED) is not a page error
    assert.deepEqual(errors.all().filter((e) => !e.includes('net::ERR_ABORTED')), []);
  });
}
