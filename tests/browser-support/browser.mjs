// browser.mjs — launches Debian's Chromium through playwright-core, sandboxed in a temp dir.
//
// Follows /work/shared/TOOLCHAIN.md: a persistent context in a fresh profile
// directory (--user-data-dir in args is rejected), HOME and the XDG dirs moved
// under the same temp dir so nothing lands in ~, no background networking.
// Never `npx playwright install`: the browser is /usr/bin/chromium.

import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]);

/**
 * Launches headless Chromium. options are passed to launchPersistentContext
 * (viewport, deviceScaleFactor, reducedMotion, colorScheme, locale, …).
 * Returns { context, page, close }: page is the context's first tab.
 */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ax-chromium-'));
  const home = path.join(tmp, 'home');
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  await Promise.all([env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME].map((dir) => mkdir(dir, { recursive: true })));

  let context;
  try {
    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      env,
      ...options,
    });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }

  const page = context.pages()[0] ?? await context.newPage();
  let closed = false;
  return {
    context,
    page,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
