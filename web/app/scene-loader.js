// scene-loader.js — which module defines each scene element, and when the lesson page loads it.
// Scenes 1–3 come with the page. Scenes 4–9 (their modules, toy models, tables, charts, question
// files and the cost worker; scene 4 starts about six screens down) load on demand, which keeps
// them out of the first load: when a scene comes
// within LOOKAHEAD of the screen (scrolling, Tab into its "Embed this view" button), when it is
// navigated to (nav, `#scene=…`, `#scene-…`: page.js awaits ensureScene before it scrolls), or when
// ensureAll() is asked for (page.js: printing, attentionExplorer.scenesLoaded()). Until then the
// scene's element stands in at about its loaded height (main.css, [data-scene-el][data-pending]),
// so the page does not jump. esbuild inlines these imports in the one-file builds.
const MODULES = {
  dot: () => import('../scenes/scene-dot.js'),
  weights: () => import('../scenes/scene-weights.js'),
  sum: () => import('../scenes/scene-sum.js'),
  self: () => import('../scenes/scene-self.js'),
  cross: () => import('../scenes/scene-cross.js'),
  heads: () => import('../scenes/scene-heads.js'),
  cost: () => import('../scenes/scene-cost.js'),
  grad: () => import('../scenes/scene-grad.js'),
  train: () => import('../scenes/scene-train.js'),
};
/** The scenes that come with the page. */
export const FIRST_SCENES = ['dot', 'weights', 'sum'];
// how far off screen a scene starts loading: more than content-visibility's own margin, so a
// scene is mounted before it is first drawn
const LOOKAHEAD = '150% 0px 150% 0px';

/**
 * The page's scene mounter: mount(el) mounts one scene element (page.js passes state and core).
 * Returns { ensureScene(id) -> Promise, ensureAll() -> Promise }.
 */
export function sceneLoader(mount) {
  const sections = new Map([...document.querySelectorAll('section.scene[data-scene]')]
    .filter((s) => s.querySelector('[data-scene-el]')).map((s) => [s.dataset.scene, s]));
  const loading = new Map();
  const ensureScene = (id) => {
    const section = sections.get(id);
    if (!section || !MODULES[id]) return Promise.resolve();
    if (!loading.has(id)) {
      const el = section.querySelector('[data-scene-el]');
      loading.set(id, MODULES[id]().then(() => customElements.whenDefined(el.localName)).then(() => {
        if (!el.state) mount(el);
        delete el.dataset.pending;
      }, (e) => {
        loading.delete(id); // the next approach or link tries again
        el.textContent = `This figure could not be loaded (${e.message}). Reload the page to try again.`;
      }));
    }
    return loading.get(id);
  };
  const ensureAll = () => Promise.all([...sections.keys()].map(ensureScene));

  const late = [...sections].filter(([id]) => !FIRST_SCENES.includes(id));
  for (const [, section] of late) section.querySelector('[data-scene-el]').dataset.pending = '';
  // the first scenes mount together, in page order, once their modules are all there
  const first = Promise.all(FIRST_SCENES.map((id) => MODULES[id]())).then(() => Promise.all(FIRST_SCENES.map(ensureScene)));
  // watch the later scenes once the first have their real heights (before that scene 5 is close)
  first.then(() => new Promise(requestAnimationFrame)).then(() => {
    if (typeof IntersectionObserver !== 'function') { ensureAll(); return; }
    const seen = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) { seen.unobserve(e.target); ensureScene(e.target.dataset.scene); }
    }, { rootMargin: LOOKAHEAD });
    for (const [, section] of late) seen.observe(section);
  });
  return { ensureScene, ensureAll, first };
}
