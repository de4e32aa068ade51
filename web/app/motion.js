// motion.js — the only place animations are timed. Honours prefers-reduced-motion (no tweening,
// jump to the end), the global pause, and visibility (nothing animates off screen).
const query = matchMedia('(prefers-reduced-motion: reduce)');

export const motion = {
  reduced: query.matches,
  paused: false,
  /** Tween frames drawn so far; tests read it to prove reduced motion runs none. */
  frames: 0,
};
query.addEventListener('change', (e) => { motion.reduced = e.matches; });

const ease = (t) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

/** Tween progress 0→1 over `duration` ms, calling draw(t). Skips straight to draw(1) when motion is off. */
export class Tween {
  constructor(draw, { duration = 1200, onEnd } = {}) {
    Object.assign(this, { draw, duration, onEnd, raf: 0, start: 0, running: false });
  }
  play({ visible = true } = {}) {
    this.stop();
    if (motion.reduced || motion.paused || !visible) { this.finish(); return; }
    this.running = true; this.start = performance.now();
    const tick = (now) => {
      const t = Math.min(1, (now - this.start) / this.duration);
      motion.frames++;
      this.draw(ease(t));
      if (t < 1) this.raf = requestAnimationFrame(tick); else { this.running = false; this.onEnd?.(); }
    };
    this.raf = requestAnimationFrame(tick);
  }
  /** Stop where it is (pause). */
  stop() { cancelAnimationFrame(this.raf); this.running = false; }
  /** Jump to the final frame. */
  finish() { this.stop(); this.draw(1); this.onEnd?.(); }
}

/** Call onChange(visible) as `el` enters or leaves the viewport. */
export function watchVisibility(el, onChange) {
  if (typeof IntersectionObserver !== 'function') { onChange(true); return () => {}; }
  const io = new IntersectionObserver((entries) => { for (const e of entries) onChange(e.isIntersecting); }, { threshold: 0.05 });
  io.observe(el);
  return () => io.disconnect();
}

/** Coalesce many updates per frame into one redraw (dragging stays at display rate). */
export function frameScheduler(fn) {
  let id = 0;
  const schedule = () => { if (!id) id = requestAnimationFrame(() => { id = 0; fn(); }); };
  schedule.cancel = () => { cancelAnimationFrame(id); id = 0; };
  return schedule;
}
