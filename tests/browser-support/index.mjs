// index.mjs — the browser-test helpers in one import.
export { startServer, MIME_TYPES } from './server.mjs';
export { launchBrowser, CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
export { collectConsoleErrors, guardOrigin, screenshot, textOverlaps, REPO_ROOT, SCREENSHOT_DIR } from './page.mjs';
export { injectAxe, axeViolations, AXE_TAGS } from './axe.mjs';
