// embed-snippets.test.mjs — every snippet of docs/EMBEDDING.md, read from the guide itself, pasted
// into a host page on a second origin (the guide's address prefix replaced by the web/ server):
// it renders, responds to input, resize messages reach the host (generic, Canvas lti.frameResize,
// H5P protocol), and no request leaves the two origins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, collectConsoleErrors, screenshot, REPO_ROOT } from '../browser-support/index.mjs';
import { readSnippets, localize, hostDir, writeHostPage, guardOrigins, recorders, readValue } from '../browser-support/embed.mjs';

let web; let host; let dir; let browser; let page; let errors; let record; let snippets;

before(async () => {
  snippets = await readSnippets();
  // The element and widget are modules loaded cross-origin: the guide says to send this header.
  web = await startServer(path.join(REPO_ROOT, 'web'), { headers: { 'Access-Control-Allow-Origin': '*' } });
  dir = await hostDir();
  host = await startServer(dir);
  browser = await launchBrowser({ viewport: { width: 1100, height: 800 } });
  record = await guardOrigins(browser.context, [web.origin, host.origin]);
  await browser.context.addInitScript(recorders);
  page = browser.page; errors = collectConsoleErrors(page);
});
after(async () => { await browser?.close(); await web?.close(); await host?.close(); });

const snippet = (name) => {
  assert.ok(snippets.has(name), `the guide has no snippet "${name}"`);
  return localize(snippets.get(name), `${web.url}/`);
};
const open = async (name, body, options) => {
  await writeHostPage(dir, `${name}.html`, body, options);
  await page.goto(`${host.url}/${name}.html`);
};
const waitCore = (frameOrPage, sel = 'attention-explorer') => frameOrPage.locator(`${sel}[data-core="simd"]`).first().waitFor({ timeout: 20_000 });

test('the guide has every snippet the tests need', () => {
  for (const name of ['html-element', 'html-iframe', 'canvas', 'moodle', 'h5p', 'myst', 'quarto', 'reveal', 'standalone']) assert.ok(snippets.has(name), name);
  for (const [name, code] of snippets) if (name !== 'standalone') assert.match(code, /your-site\.example\/attention-explorer\//, name);
});

test('plain HTML, elements: two scenes render and respond; a cross-origin page', async () => {
  await open('html-element', snippet('html-element'));
  await waitCore(page);
  assert.equal(await page.locator('attention-explorer').count(), 2);
  const dot = page.locator('attention-explorer[scene="dot"]');
  assert.equal(await readValue(dot.locator('[data-readout="dot"]')), 4); // (2,1)·(1,2)
  await dot.locator('[data-handle="k"]').focus(); await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('attention-explorer[scene="dot"]').getAttribute('k') === '1.1,2');
  assert.ok(Math.abs(await readValue(dot.locator('[data-readout="dot"]')) - 4.2) < 1e-5);
  const weights = page.locator('attention-explorer[scene="weights"]');
  assert.equal(await weights.locator('.dk-block').isVisible(), false, 'hide="dk,saturation" hides the d_k block');
  assert.equal(await weights.locator('[data-control="temp"]').inputValue(), '2');
  await screenshot(page, 'embed-snippet-html-element');
});

test('plain HTML, iframe: the generic resize message reaches the host and sizes the frame', async () => {
  await open('html-iframe', snippet('html-iframe'));
  const frame = page.frameLocator('iframe');
  await waitCore(frame);
  await page.waitForFunction(() => window.__messages.some((m) => m?.type === 'attention-explorer:resize' && m.height > 400));
  const msg = await page.evaluate(() => window.__messages.filter((m) => m?.type === 'attention-explorer:resize').at(-1));
  assert.equal(msg.scene, 'sum');
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe').clientHeight - h) < 2, msg.height);
  await frame.locator('[data-handle="q"]').focus(); await page.keyboard.press('ArrowUp');
  await frame.locator('attention-explorer[q3="1.5,0.6"]').waitFor();
  await screenshot(page, 'embed-snippet-html-iframe');
});

test('Canvas: lti.frameResize (a JSON string) reaches a Canvas-like parent, which resizes the frame', async () => {
  const canvasParent = `<script>addEventListener('message', (e) => {
    let d = e.data; if (typeof d === 'string') { try { d = JSON.parse(d); } catch { return; } }
    if (d?.subject !== 'lti.frameResize') return;
    for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = d.height + 'px';
  });</script>`;
  await open('canvas', `${canvasParent}\n${snippet('canvas')}`);
  await waitCore(page.frameLocator('iframe'));
  await page.waitForFunction(() => window.__messages.some((m) => typeof m === 'string' && JSON.parse(m).subject === 'lti.frameResize'));
  await page.locator('iframe').evaluate((f) => { f.style.height = '300px'; }); // squeezed: the embed re-posts its height
  await page.waitForFunction(() => document.querySelector('iframe').clientHeight > 400);
  const last = await page.evaluate(() => JSON.parse(window.__messages.filter((m) => typeof m === 'string').at(-1)).height);
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe').clientHeight - h) < 2, last);
  assert.equal(await page.frameLocator('iframe').locator('.sat-block').isVisible(), false, 'hide=saturation');
});

test('H5P: the embed speaks h5p-resizer.js\'s protocol (hello, prepareResize, resize) and gets resized', async () => {
  const code = snippet('h5p').replace(/<script src="https:\/\/h5p\.org\/[^"]*h5p-resizer\.js"[^>]*><\/script>/, '<script src="h5p-resizer.js"></script>');
  assert.notEqual(code, snippet('h5p'), 'the H5P snippet loads h5p-resizer.js (swapped for the local stand-in, offline)');
  await open('h5p', code);
  await waitCore(page.frameLocator('iframe'));
  await page.waitForFunction(() => ['hello', 'prepareResize', 'resize'].every((a) => window.__messages.some((m) => m?.context === 'h5p' && m.action === a)), null, { timeout: 10_000 });
  const want = await page.evaluate(() => window.__messages.filter((m) => m?.context === 'h5p' && m.action === 'resize').at(-1).scrollHeight);
  assert.ok(want > 600, `content taller than the 600 px frame: ${want}`);
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe').clientHeight - h) < 2, want);
  await screenshot(page, 'embed-snippet-h5p');
});

test('Moodle: a sandboxed iframe (allow-scripts only) renders and responds', async () => {
  await open('moodle', snippet('moodle'));
  const frame = page.frameLocator('iframe');
  await waitCore(frame);
  assert.equal(await page.frames()[1].evaluate(() => self.origin), 'null', 'the frame has an opaque origin');
  assert.equal(await frame.locator('.pair').isVisible(), false, 'hide=pair');
  const cell = frame.locator('[data-heatmap="weights"] button.cell[data-i="1"][data-j="3"]');
  const before = await frame.locator('[data-readout="row-sum"]').textContent();
  await cell.click();
  await page.waitForFunction(() => window.__messages.length > 0);
  // the readout is redrawn on the next frame: wait for it (a fixed read raced under load)
  const changed = await page.frames()[1].waitForFunction((b) => document.querySelector('[data-readout="row-sum"]')?.textContent !== b, before, { timeout: 10_000 })
    .then(() => true, () => false);
  assert.ok(changed, 'focusing another row changes the row readout');
  await screenshot(page, 'embed-snippet-moodle');
});

test('MyST: the {anywidget} body drives the widget module through an anywidget-style host', async () => {
  const block = snippet('myst');
  const m = /```\{anywidget\} (\S+)\n([\s\S]*?)\n```/.exec(block);
  assert.ok(m, 'the MyST snippet is an {anywidget} directive');
  const [, url, json] = m;
  await open('myst', `<div id="widget"></div><script type="module">
    const values = ${json};
    const listeners = new Map();
    const model = { get: (k) => values[k], set: (k, v) => { values[k] = v; (listeners.get('change:' + k) ?? []).forEach((f) => f()); },
      on: (e, f) => listeners.set(e, [...(listeners.get(e) ?? []), f]), off: (e, f) => listeners.set(e, (listeners.get(e) ?? []).filter((g) => g !== f)),
      save_changes: () => {} };
    const mod = await import(${JSON.stringify(url)});
    window.model = model;
    window.cleanup = await (mod.default?.render ?? mod.render)({ model, el: document.getElementById('widget') });
  </script>`);
  await waitCore(page);
  assert.equal(await page.locator('attention-explorer').getAttribute('sentence'), 'The cat sat on the mat');
  assert.equal(await page.locator('attention-explorer [data-stage="6"]').isVisible(), true, 'step 6 is shown');
  await page.evaluate(() => window.model.set('step', 7));
  await page.locator('attention-explorer [data-stage="7"]').waitFor();
  await page.locator('attention-explorer [data-control="prev"]').click();
  await page.waitForFunction(() => window.model.get('step') === '6', null, { timeout: 5000 });
  await screenshot(page, 'embed-snippet-myst');
});

test('Quarto: the raw HTML block renders its element', async () => {
  const m = /```\{=html\}\n([\s\S]*?)\n```/.exec(snippet('quarto'));
  assert.ok(m, 'the Quarto snippet is a {=html} raw block');
  await open('quarto', m[1]);
  await waitCore(page);
  const el = page.locator('attention-explorer');
  assert.equal(await el.locator('.table-scroll:has(> .vector-inputs)').isVisible(), false, 'hide=inputs');
  assert.equal(await readValue(el.locator('[data-readout="out-x"]')) < 0.5, true);
  await el.locator('[data-control="play-sum"]').click();
});

test('Reveal.js: a data-src iframe loads when the slide assigns its src', async () => {
  await open('reveal', `<div class="reveal"><div class="slides">${snippet('reveal')}</div></div>`);
  const iframe = page.locator('iframe');
  assert.equal(await iframe.getAttribute('src'), null, 'lazy: nothing loads before the slide is shown');
  await iframe.evaluate((f) => { f.src = f.dataset.src; }); // what Reveal.js does when the slide comes near
  await waitCore(page.frameLocator('iframe'));
  assert.equal(await page.frameLocator('iframe').locator('.ae-title').isVisible(), false, 'hide=title');
});

test('standalone link points at the built file', async () => {
  const href = /href="([^"]+)"/.exec(snippet('standalone'))[1];
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /<attention-explorer|ae-scene-dot/);
});

test('no console errors, and no request left the host and web/ origins', () => {
  assert.deepEqual(record.foreign, []);
  assert.deepEqual(errors.all(), []);
});
