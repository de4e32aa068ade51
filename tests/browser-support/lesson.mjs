// lesson.mjs — opening the lesson page for a test that works every scene.
//
// Scenes 4–9 load on demand (web/app/scene-loader.js); a test that checks all nine first asks the
// page for every scene (attentionExplorer.scenesLoaded()) and waits until each is mounted.

import assert from 'node:assert/strict';
import { launchBrowser } from './browser.mjs';
import { collectConsoleErrors } from './page.mjs';

/** Resolves after two animation frames: whatever a change scheduled has been drawn. */
export const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Loads every scene of the lesson page and waits until each is mounted. */
export async function loadAllScenes(page) {
  await page.waitForFunction(() => globalThis.attentionExplorer?.scenesLoaded);
  await page.evaluate(() => globalThis.attentionExplorer.scenesLoaded());
  await page.waitForFunction(() => [...document.querySelectorAll('[data-scene-el]')].every((el) => el.state));
}

/**
 * Opens `${server.url}/${hash}` in a fresh browser (reduced motion, plus `options`), loads every
 * scene, waits for fonts and a drawn frame, runs fn(page), and asserts the page logged no error.
 */
export async function viewLesson(server, options, hash, fn) {
  const browser = await launchBrowser({ reducedMotion: 'reduce', ...options });
  const { page } = browser; const errors = collectConsoleErrors(page);
  try {
    await page.goto(`${server.url}/${hash}`);
    await loadAllScenes(page);
    await page.evaluate(() => document.fonts.ready); await settle(page);
    await fn(page);
    assert.deepEqual(errors.all(), []);
  } finally { await browser.close(); }
}

/** Puts `sel` at the top of the screen and waits until it stays there (scenes above it settle their
 *  size when they render: content-visibility). */
export async function toTop(page, sel) {
  for (let i = 0; i < 6; i++) {
    await page.evaluate((s) => document.querySelector(s).scrollIntoView(), sel); await settle(page);
    if (Math.abs(await page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top, sel)) < 1) return;
  }
}
