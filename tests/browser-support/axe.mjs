// axe.mjs — axe-core in a page that has a strict Content-Security-Policy (index.html and
// embed.html forbid inline scripts, so page.addScriptTag is blocked): the source is evaluated
// through the DevTools protocol, which the page's CSP does not govern.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './page.mjs';

export const AXE_TAGS = Object.freeze(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
let source;

/** Makes window.axe available in `page` (idempotent). */
export async function injectAxe(page) {
  source ??= await readFile(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  await page.evaluate(`${source}\n;0`);
}

/** axe.run(context) with our rule set; returns the violations as readable strings. */
export async function axeViolations(page, context, tags = AXE_TAGS) {
  await injectAxe(page);
  const result = await page.evaluate(([c, t]) => window.axe.run(c, { runOnly: t }), [context, tags]);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}
