// reveal.js — scroll a scene to the top of the screen and keep it there while the scenes above it
// take their real heights.
//
// Scenes off screen skip rendering (content-visibility: auto in main.css) and stand in at an
// estimated height until they are first drawn. A jump to a far scene is computed with those
// estimates; the scenes it passes or lands beside then render at their real heights and push the
// target away (1.8 k px from scene 1 to scene 7). So after the jump (or a smooth scroll, once it
// has stopped), the target is put back at the top until it stays there, for at most ~2 s, and
// never against the reader: any wheel, touch or key press ends the follow.

const SETTLED_FRAMES = 3;
const GIVE_UP_MS = 2000;
const STOP_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'];

/** Scrolls `el` to the top (smoothly if asked) and keeps it there as the page settles. */
export function revealScene(el, { smooth = false } = {}) {
  el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  const start = performance.now();
  let lastY = NaN;
  let still = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const type of STOP_EVENTS) removeEventListener(type, stop, true);
  };
  for (const type of STOP_EVENTS) addEventListener(type, stop, { capture: true, passive: true });
  const follow = () => {
    if (stopped) return;
    if (performance.now() - start > GIVE_UP_MS) { stop(); return; }
    const y = scrollY;
    if (y !== lastY) { lastY = y; still = 0; requestAnimationFrame(follow); return; } // still scrolling
    const top = el.getBoundingClientRect().top;
    if (Math.abs(top) > 2) {
      el.scrollIntoView({ block: 'start' });
      still = 0;
      lastY = NaN;
    } else if (++still >= SETTLED_FRAMES) { stop(); return; }
    requestAnimationFrame(follow);
  };
  requestAnimationFrame(follow);
}
