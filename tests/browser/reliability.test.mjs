// reliability.test.mjs — issue 14's page-side findings, one regression test each:
//   4. words that are Object.prototype members ("constructor", "__proto__", …) in scene 4 and the embed
//   5. a sentence cut inside an emoji must not freeze the address bar or "Copy link"
//   5b. the "not understood" notice summarises attacker-chosen hash keys instead of printing them all
//   6. without WebAssembly SIMD the standalone file and the sandboxed embed fall back to the baseline
//   8. scenes leave no subscriptions behind when removed; 300 elements leave heap and wasm memory flat
//   9. the served page carries the same Content-Security-Policy as embed.html
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, collectConsoleErrors, REPO_ROOT } from '../browser-support/index.mjs';
import { hostDir, writeHostPage, readValue } from '../browser-support/embed.mjs';

// Makes this engine look like one without WebAssembly SIMD: the loader's probe module (and any
// module holding a v128 op) fails validation, as it would in such a browser.
const NO_SIMD = `(() => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = function (bytes) {
    const b = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
    for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0xfd && b[i + 1] === 0x0c) return false; // v128.const
    return validate.call(this, bytes);
  };
})();`;

describe('served page', () => {
  let web; let browser; let page; let errors;
  before(async () => {
    web = await startServer(path.join(REPO_ROOT, 'web'));
    browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
    page = browser.page; errors = collectConsoleErrors(page);
  });
  after(async () => { await browser?.close(); await web?.close(); });
  const coreReady = () => page.waitForFunction(() => ['simd', 'baseline'].includes(document.documentElement.dataset.core), null, { timeout: 20_000 });

  test('index.html carries the same CSP as embed.html and loads without violations', async () => {
    const csp = (file) => page.evaluate(async (f) => {
      const html = await (await fetch(f)).text();
      return new DOMParser().parseFromString(html, 'text/html').querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null;
    }, file);
    await page.goto(`${web.url}/#scene=dot`);
    await coreReady();
    const [index, embed] = [await csp('/index.html'), await csp('/embed.html')];
    assert.ok(index, 'index.html has a CSP');
    assert.equal(index, embed);
    assert.deepEqual(errors.all(), []);
  });

  for (const word of ['constructor', 'Constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    test(`scene 4 treats "${word}" as an ordinary unknown word`, async () => {
      await page.goto('about:blank');
      await page.goto(`${web.url}/#scene=self&step=7&text=${encodeURIComponent(`The ${word} sat`)}`);
      await coreReady();
      const scene = page.locator('ae-scene-self');
      await scene.locator('[data-matrix="output"] tbody td').first().waitFor();
      assert.equal((await scene.locator('[data-error]').textContent()).trim(), '', 'no error shown');
      const out = await scene.locator('[data-matrix="output"] tbody td').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
      assert.equal(out.length, 6);
      assert.ok(out.every(Number.isFinite), `finite outputs: ${out}`);
      // and the scene keeps updating afterwards
      await page.evaluate(() => globalThis.attentionExplorer.state.set({ sentence: 'The cat sat on the mat' }));
      await page.waitForFunction(() => document.querySelectorAll('ae-scene-self [data-matrix="output"] tbody td').length === 12);
    });
  }

  test('embed.html?scene=self&sentence=constructor works', async () => {
    await page.goto(`${web.url}/embed.html?scene=self&sentence=constructor&step=7`);
    await page.locator('attention-explorer[data-core]').waitFor({ timeout: 20_000 });
    const el = page.locator('attention-explorer');
    await el.locator('[data-matrix="output"] tbody td').first().waitFor();
    assert.equal((await el.locator('[data-error]').textContent()).trim(), '');
    assert.ok(Number.isFinite(await readValue(el.locator('[data-matrix="output"] tbody td'))));
  });

  test('a sentence cut inside an emoji keeps the link following the page, and Copy link works', async () => {
    await page.goto(`${web.url}/#scene=self`);
    await coreReady();
    // 199 letters and an emoji: a cut at 200 UTF-16 units would keep half of the surrogate pair
    const text = `${'a'.repeat(199)}\u{1F600}`;
    await page.evaluate((t) => globalThis.attentionExplorer.state.set({ sentence: t }), text);
    await page.waitForFunction(() => location.hash.includes('sentence='), null, { timeout: 3000 });
    // 200 code points: cut by code point, the emoji is whole
    assert.equal(await page.evaluate(() => globalThis.attentionExplorer.state.get('sentence')), text);
    await page.evaluate((t) => globalThis.attentionExplorer.state.set({ sentence: `b${t}` }), text);
    const kept = await page.evaluate(() => globalThis.attentionExplorer.state.get('sentence'));
    assert.equal(kept, `b${'a'.repeat(199)}`, 'one more letter: the emoji is dropped whole, not split');
    // a later change still reaches the address bar
    await page.evaluate(() => globalThis.attentionExplorer.state.set({ step: 5 }));
    await page.waitForFunction(() => location.hash.includes('step=5'), null, { timeout: 3000 });
    // Copy link fills the field with the current address even without clipboard permission
    await page.locator('#copy-link').click();
    await page.waitForFunction(() => document.getElementById('link-text').value.includes('step=5'));
    // a lone surrogate set directly is dropped, not stored
    await page.evaluate(() => globalThis.attentionExplorer.state.set({ sentence: 'cat \uD83D sat' }));
    assert.equal(await page.evaluate(() => globalThis.attentionExplorer.state.get('sentence')), 'cat  sat');
  });

  test('the "not understood" notice summarises many long unknown keys', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(900)}${i}=1`).join('&');
    await page.goto('about:blank');
    await page.goto(`${web.url}/#${keys}`);
    await coreReady();
    const notice = await page.locator('#link-notice').textContent();
    assert.ok(notice.length < 400, `notice is ${notice.length} characters`);
    assert.match(notice, /and 295 more/);
  });

  test('removed scenes unsubscribe; re-inserted scenes catch up', async () => {
    await page.goto(`${web.url}/#scene=dot`);
    await page.locator('ae-scene-dot [data-readout="dot"]').waitFor();
    const result = await page.evaluate(async () => {
      const { state } = globalThis.attentionExplorer;
      const el = document.querySelector('ae-scene-dot');
      const parent = el.parentNode; const next = el.nextSibling;
      const before = state.listeners.size;
      el.remove();
      const afterRemove = state.listeners.size;
      state.set({ q: [3, 0, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [1, 1, -0.5, 0.8, 1, -1.2, 0.4, 0.3] });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const staleWhileOut = el.querySelector('[data-readout="dot"]').dataset.value;
      parent.insertBefore(el, next);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { before, afterRemove, afterInsert: state.listeners.size, staleWhileOut, now: el.querySelector('[data-readout="dot"]').dataset.value };
    });
    assert.equal(result.afterRemove, result.before - 1, 'the removed scene dropped its state listener');
    assert.equal(result.afterInsert, result.before, 'and took it back when re-inserted');
    assert.notEqual(result.staleWhileOut, '3', 'a removed scene does not render');
    assert.equal(Number(result.now), 3, 're-inserted, it shows the current state (q·k = 3·1 + 0·1)');
  });

  test('300 scenes mounted on the page\'s shared state and removed leave no listener and a flat heap', async () => {
    await page.goto(`${web.url}/#scene=dot`);
    await page.locator('ae-scene-dot [data-readout="dot"]').waitFor();
    const cdp = await browser.context.newCDPSession(page);
    const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return (await cdp.send('Runtime.getHeapUsage')).usedSize; };
    const cycle = (count) => page.evaluate(async (c) => {
      const { state } = globalThis.attentionExplorer;
      const { loadCore } = await import('/attention-core.js');
      const core = await loadCore();
      await import('/scenes/scene-self.js'); // scene 4 loads on demand (app/scene-loader.js)
      const tags = ['ae-scene-dot', 'ae-scene-weights', 'ae-scene-sum', 'ae-scene-self'];
      for (let i = 0; i < c; i++) {
        const el = document.createElement(tags[i % 4]);
        document.querySelector('main').append(el);
        el.mount({ state, core });
        el.remove();
      }
      state.set({ temperature: state.get('temperature') === 1 ? 2 : 1 }); // a change reaches only the live scenes
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return state.listeners.size;
    }, count);
    const listeners0 = await cycle(20);
    const heap0 = await heap();
    const listeners1 = await cycle(300);
    const heap1 = await heap();
    assert.equal(listeners1, listeners0, 'no listener left behind by a removed scene');
    assert.ok(heap1 - heap0 < 3e6, `JS heap grew by ${((heap1 - heap0) / 1e6).toFixed(2)} MB over 300 scenes`);
  });

  test('adding and removing 300 <attention-explorer> elements leaves heap and wasm memory flat', async () => {
    await page.goto(`${web.url}/examples/course.html`);
    await page.locator('attention-explorer[data-core]').first().waitFor({ timeout: 20_000 });
    const cdp = await browser.context.newCDPSession(page);
    const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return (await cdp.send('Runtime.getHeapUsage')).usedSize; };
    const cycle = (count) => page.evaluate(async (c) => {
      const scenes = ['dot', 'weights', 'sum', 'self'];
      for (let i = 0; i < c; i++) {
        const el = document.createElement('attention-explorer');
        el.setAttribute('scene', scenes[i % 4]);
        document.body.append(el);
        while (!el.sceneEl) await new Promise((r) => setTimeout(r, 0)); // mounted
        await new Promise((r) => requestAnimationFrame(r));
        if (i % 2) el.setAttribute('scene', scenes[(i + 1) % 4]); // a rebuild replaces the scene
        el.remove();
      }
      const { loadCore } = await import('/attention-core.js');
      return (await loadCore()).memoryBytes();
    }, count);
    const wasm0 = await cycle(40); // warm every scene's code paths and caches
    const heap0 = await heap();
    const wasm1 = await cycle(300);
    const heap1 = await heap();
    assert.equal(wasm1, wasm0, 'WebAssembly memory did not grow');
    assert.ok(heap1 - heap0 < 3e6, `JS heap grew by ${((heap1 - heap0) / 1e6).toFixed(2)} MB over 300 elements`);
  });
});

describe('without WebAssembly SIMD', () => {
  let web; let host; let hostRoot; let browser; let page; let errors;
  before(async () => {
    web = await startServer(path.join(REPO_ROOT, 'web'));
    hostRoot = await hostDir();
    host = await startServer(hostRoot);
    browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
    await browser.context.addInitScript(NO_SIMD);
    page = browser.page; errors = collectConsoleErrors(page);
  });
  after(async () => { await browser?.close(); await web?.close(); await host?.close(); });

  test('the probe really fails here, and the served embed uses the baseline', async () => {
    await page.goto(`${web.url}/embed.html?scene=dot`);
    await page.locator('attention-explorer[data-core]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await page.evaluate(async () => (await import('/attention-core.js')).simdSupported()), false);
    assert.equal(await page.locator('attention-explorer').getAttribute('data-core'), 'baseline');
  });

  test('the standalone file runs on the baseline core', async () => {
    const file = path.join(REPO_ROOT, 'web', 'build', 'attention-explorer-standalone.html');
    await page.goto(`${pathToFileURL(file).href}#scene=weights`);
    await page.waitForFunction(() => document.documentElement.dataset.core, null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.core), 'baseline');
    assert.ok(Math.abs(await readValue(page.locator('ae-scene-weights [data-readout="weight-sum"]')) - 1) < 1e-5);
    assert.deepEqual(errors.all(), []);
  });

  test('the sandboxed embed (no allow-same-origin) runs on the baseline core', async () => {
    await writeHostPage(hostRoot, 'sandboxed.html',
      `<iframe id="f" sandbox="allow-scripts" title="scene" width="900" height="700" src="${web.url}/embed.html?scene=weights"></iframe>`);
    await page.goto(`${host.url}/sandboxed.html`);
    const frame = page.frameLocator('#f');
    await frame.locator('attention-explorer[data-core]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await frame.locator('attention-explorer').getAttribute('data-core'), 'baseline');
    assert.ok(Math.abs(await readValue(frame.locator('[data-readout="weight-sum"]')) - 1) < 1e-5);
  });
});
