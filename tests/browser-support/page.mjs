// page.mjs — what every browser test watches on a page: errors, foreign requests, screenshots.

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'screenshots');

/**
 * Starts recording a page's problems; call before page.goto.
 * Returns { console, page, requests, all() }: console errors (type 'error'),
 * uncaught page errors, and failed requests, each as a readable string.
 */
export function collectConsoleErrors(page) {
  const errors = { console: [], page: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.console.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => errors.page.push(error.stack || String(error)));
  // a load still in flight when the page navigates away is cancelled (net::ERR_ABORTED): scenes 4–9
  // and KaTeX load on demand (web/app/scene-loader.js, tex.js), so a test that moves on may cut one
  // off. Such a failure is not counted once the page has navigated since the request was made.
  let navigations = 0; // new documents (a hash or history change is not one)
  page.on('domcontentloaded', () => { navigations++; });
  const madeAt = new WeakMap(); // request -> navigations when it was made
  const aborted = []; // [text, navigations when made]
  page.on('request', (request) => madeAt.set(request, navigations));
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && madeAt.has(request)) {
      aborted.push([`${request.method()} ${request.url()}: net::ERR_ABORTED`, madeAt.get(request)]);
      return;
    }
    errors.requests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  errors.all = () => [
    ...errors.console.map((text) => `console: ${text}`),
    ...errors.page.map((text) => `pageerror: ${text}`),
    ...errors.requests.map((text) => `request: ${text}`),
    ...aborted.filter(([, at]) => at === navigations).map(([text]) => `request: ${text}`),
  ];
  return errors;
}

/**
 * Keeps a context offline except for `origin`: requests elsewhere are aborted
 * and recorded. Returns { foreign, all }: foreign URLs, and every URL requested.
 * data:, blob: and about: URLs never reach the network and are not counted.
 */
export async function guardOrigin(context, origin) {
  const record = { foreign: [], all: [] };
  context.on('request', (request) => record.all.push(request.url()));
  await context.route(
    (url) => /^(https?|wss?|ftp):$/.test(url.protocol) && url.origin !== origin,
    (route) => {
      record.foreign.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  record.foreignOf = () => record.all.filter((url) => {
    const { protocol, origin: o } = new URL(url);
    return !['data:', 'blob:', 'about:'].includes(protocol) && o !== origin;
  });
  return record;
}

/** Saves a full-page PNG as artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name, options = {}) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true, ...options });
  return file;
}

/**
 * The pairs of visible text elements matched by `selector` (e.g. 'ae-scene-dot svg.plane text')
 * whose on-screen boxes overlap by more than `slack` px, as 'a × b' strings (issue 8: no label of
 * a figure may sit on another). Hidden elements (display none, no boxes, empty) are skipped.
 */
export function textOverlaps(page, selector, { slack = 0.5 } = {}) {
  return page.evaluate(({ selector, slack }) => {
    const visible = (t) => t.textContent.trim() && t.getClientRects().length && t.getAttribute('display') !== 'none'
      && !t.closest('[style*="display: none"]') && getComputedStyle(t).display !== 'none';
    const boxes = [...document.querySelectorAll(selector)].filter(visible)
      .map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() })).filter((b) => b.r.width > 0);
    const bad = [];
    for (let a = 0; a < boxes.length; a += 1) {
      for (let b = a + 1; b < boxes.length; b += 1) {
        const p = boxes[a].r; const q = boxes[b].r;
        if (p.left < q.right - slack && q.left < p.right - slack && p.top < q.bottom - slack && q.top < p.bottom - slack) {
          bad.push(`${boxes[a].t} × ${boxes[b].t}`);
        }
      }
    }
    return bad;
  }, { selector, slack });
}
