// scene-base.js — lifecycle shared by the scene elements.
//   mount({ state, core }) -> build() once -> render() on every relevant state change (≤ 1 per frame).
//   Visibility is tracked so animations start and stop with the scene (onVisible(visible)).
//   Leaving the document counts as becoming invisible, and drops every subscription (state,
//   visibility, the pending frame, timers), so removed scenes are garbage; coming back re-subscribes
//   and redraws from the current state.
//   Core errors are shown as text in the scene; state is never lost.
import { h, text, hide } from '../app/dom.js';
import { frameScheduler, watchVisibility } from '../app/motion.js';
import { propOf } from '../app/state.js';
import { mountQuestions } from '../questions/panel.js';
import { attachReporting } from '../app/report-adapters.js';

export class SceneElement extends HTMLElement {
  /** State names this scene draws from; subclasses override. */
  static keys = [];

  mount({ state, core }) {
    this.state = state; this.core = core; this.visible = false;
    this.classList.add('scene-body');
    this.live = h('p.sr-only', { 'aria-live': 'polite', 'data-live': '' });
    this.errorEl = h('p.error', { role: 'status', 'data-error': '' });
    this.build();
    this.append(this.errorEl, this.live);
    // predict, then check: this scene's questions (web/questions/<scene>.js), and where results go
    this.questions = mountQuestions(this, this.localName.replace(/^ae-scene-/, ''));
    if (this.questions) attachReporting(state);
    this.schedule = frameScheduler(() => this.safeRender());
    this.subscribe();
    this.safeRender();
  }

  /** Listen to the state and to visibility (once; undone by disconnectedCallback). */
  subscribe() {
    if (this.unsubscribe) return;
    // keys may use a setting's old name (an alias): listeners get public names (state.js PROPS)
    const keys = new Set(this.constructor.keys.map((k) => propOf(k)?.name ?? k));
    const offState = this.state.on((changed) => { if ([...changed].some((k) => keys.has(k))) this.schedule(); });
    const offVisible = watchVisibility(this, (v) => { this.visible = v; this.onVisible?.(v); });
    const offQuestions = this.questions?.listen?.() ?? (() => {});
    this.unsubscribe = () => { offState(); offVisible(); offQuestions(); };
  }

  connectedCallback() {
    // re-inserted after a removal: catch up with whatever changed meanwhile
    if (this.state && !this.unsubscribe) { this.subscribe(); this.schedule(); }
  }

  disconnectedCallback() {
    if (!this.unsubscribe) return;
    this.unsubscribe(); this.unsubscribe = null;
    this.schedule.cancel();
    clearTimeout(this.announceTimer); this.announceTimer = 0;
    this.visible = false;
    this.onVisible?.(false); // stops play timers and tweens
  }

  safeRender() {
    this.problems = [];
    try { this.render(); } catch (e) { this.problems.push(e.message); }
    text(this.errorEl, this.problems.join(' '));
    hide(this.errorEl, this.problems.length === 0);
  }

  /** Run a core call; on error record its message (shown as text) and return the fallback. */
  attempt(fn, fallback = NaN) {
    try { return fn(); } catch (e) { this.problems.push(e.message); return fallback; }
  }

  /** Screen-reader summary, sent once the user pauses (not on every drag frame). */
  announce(message) {
    // one timer, pushed back by each new message (not cancelled and set again on every frame)
    this.announcement = message; this.announceAt = performance.now() + 450;
    const tick = () => {
      const wait = this.announceAt - performance.now();
      if (wait > 1) { this.announceTimer = setTimeout(tick, wait); return; }
      this.announceTimer = 0; text(this.live, this.announcement);
    };
    if (!this.announceTimer) this.announceTimer = setTimeout(tick, 450);
  }
}
