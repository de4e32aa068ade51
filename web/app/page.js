// page.js — the lesson page's wiring: state <-> hash, core loading, mounting the scene elements.
// startPage() is called by main.js (ES module) and by the standalone bundle (classic script).
import { State, PROPS, SCENES } from './state.js';
import { motion } from './motion.js';
import { loadAttentionCore } from './core-loader.js';
import { mountToolbar } from './toolbar.js';
import { h } from './dom.js';
import { deferTexUntilNear, release as releaseTex } from './tex.js';
import { summarise } from './format.js';
import { statementsSent, registerQuestions } from './report.js';
import { QUESTION_IDS, chosenIds } from '../questions/ids.js';
import { sceneLoader } from './scene-loader.js';
import { mountEmbedButtons } from './embed-buttons.js';
import { revealScene } from './reveal.js';

// which scene each setting belongs to: from PROPS (state.js), never written here
const SCENE_OF = new Map(PROPS.filter((p) => p.scene !== 'all').map((p) => [p.name, p.scene]));
// the URL hash is written at most once per HASH_EVERY_MS while changes keep coming
const HASH_EVERY_MS = 1000;

/** The scene nav, from the SCENES table: one link per scene that has a section on this page. */
function fillNav() {
  const nav = document.querySelector('[data-scene-nav]');
  if (!nav) return;
  nav.replaceChildren(...SCENES.filter((sc) => document.getElementById(`scene-${sc.id}`)).sort((a, b) => a.number - b.number).map((sc) =>
    h('li', {}, h('a', { href: `#scene=${sc.id}`, 'data-goto': sc.id }, `${sc.number}. ${sc.nav}`))));
}

/** '#scene-dot' (the skip link, any in-page anchor) is a place on the page, not a state link. */
function isAnchor(hash) {
  let id = ''; try { id = decodeURIComponent(hash.slice(1)); } catch { return false; }
  return Boolean(id) && !id.includes('=') && Boolean(document.getElementById(id));
}

/** A packaged lesson's view (SCORM, web/lms/scorm-package.js): used when the address has no hash. */
function presetHash() {
  try { return JSON.parse(document.getElementById('attention-explorer-preset')?.textContent ?? '""'); } catch { return ''; }
}

export async function startPage() {
  const state = new State();
  const anchored = isAnchor(location.hash);
  const ignored = anchored ? [] : state.loadHash(location.hash.length > 1 ? location.hash : presetHash());
  let scenes = null; // the scene loader, once the core is there (scene-loader.js)
  let loaderSet; const loader = new Promise((resolve) => { loaderSet = resolve; });
  // a scene to scroll to, loaded with the scene above it (which loads anyway as the reader lands
  // there, and would push the target away if it arrived after the scroll)
  const sceneReady = (id) => {
    const above = document.getElementById(`scene-${id}`)?.previousElementSibling?.dataset?.scene;
    return Promise.all([scenes?.ensureScene(id), above && scenes?.ensureScene(above)]);
  };
  // scenesLoaded(): every scene of the page loaded and mounted, KaTeX loading (tests, print, tools)
  const loadAll = () => loader.then((l) => { releaseTex(); return l?.ensureAll(); });
  globalThis.attentionExplorer = { state, motion, statements: statementsSent, scenesLoaded: loadAll };
  // print shows every scene with its formulas (main.css): start loading them when printing begins
  addEventListener('beforeprint', loadAll);
  matchMedia?.('print').addEventListener?.('change', (e) => { if (e.matches) loadAll(); });
  // the lesson counts every scene's questions from the start, also those of scenes not loaded yet
  for (const section of document.querySelectorAll('section.scene[data-scene]')) {
    const id = section.dataset.scene;
    registerQuestions(id, chosenIds(QUESTION_IDS[id] ?? [], state.get('questions')).map((qid) => ({ id: qid })));
  }

  // state -> hash: replaceState, so dragging does not flood the history.
  let hashTimer = 0; let toolbar; let lastWrite = -1e9;
  const writeHash = () => {
    clearTimeout(hashTimer); hashTimer = 0; lastWrite = performance.now();
    try {
      const hash = state.toHash();
      if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    } catch (e) {
      // never let one bad write stop the address bar from following the page
      console.warn(`Attention Explorer: the link could not be updated (${e.message})`);
    }
    toolbar?.refreshLink();
  };
  let fromLink = false; // a link that names its scene is being read: that scene stands
  state.on((changed) => {
    // whichever scene was touched becomes the one a copied link opens at
    if (!fromLink) for (const name of changed) if (SCENE_OF.has(name)) { state.set({ scene: SCENE_OF.get(name) }); break; }
    // throttled, not debounced: a long drag still updates the link about once a second (a
    // replaceState costs a frame on a slow machine), and a single change lands within 350 ms
    if (!hashTimer) hashTimer = setTimeout(writeHash, Math.max(350, HASH_EVERY_MS - (performance.now() - lastWrite)));
  });
  // hash -> state, when someone edits the address or follows a link within the page
  window.addEventListener('hashchange', () => {
    // an anchor jump keeps the state: the browser has already scrolled and moved focus, so just put
    // the state link back in the address bar (replaceState neither scrolls nor fires hashchange)
    if (isAnchor(location.hash)) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      writeHash();
      if (target?.classList.contains('scene')) sceneReady(target.dataset.scene).then(() => revealScene(target));
      return;
    }
    if (location.hash.slice(1) !== state.toHash()) {
      fromLink = /(^#|&)scene=/.test(location.hash); // without one, the touched scene is the link's
      try { reportIgnored(state.loadHash(location.hash)); } finally { fromLink = false; }
      scrollToScene();
    }
  });

  async function scrollToScene() {
    const id = state.get('scene');
    const el = document.getElementById(`scene-${id}`);
    // the first scene opens at the top of the page, except on a projector (present=1): there the
    // scene itself fills the screen
    if (el && (id !== 'dot' || state.get('present'))) { await sceneReady(id); revealScene(el); }
  }

  fillNav();
  for (const a of document.querySelectorAll('[data-goto]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const id = a.dataset.goto;
      state.set({ scene: id }); writeHash();
      sceneReady(id).then(() => revealScene(document.getElementById(`scene-${id}`), { smooth: !motion.reduced }));
    });
  }

  // hide flags from a link or a packaged view strip those parts on the page too (rules in main.css)
  const main = document.getElementById('main');
  const applyHide = () => { if (main) main.dataset.hide = state.get('hide').join(' '); };
  state.on((changed) => { if (changed.has('hide')) applyHide(); });
  applyHide();
  toolbar = mountToolbar(state, { flushHash: writeHash });
  mountEmbedButtons(state);
  function reportIgnored(names) {
    const notice = document.getElementById('link-notice');
    notice.textContent = names.length ? `Some link settings were not understood and were left at their defaults: ${summarise(names)}.` : '';
    notice.hidden = !names.length;
  }
  reportIgnored(ignored);

  const statusEl = document.getElementById('core-status');
  try {
    // KaTeX is not in the first load: it loads when the first formula comes near the screen (tex.js)
    // (KaTeX's stylesheet with it; the one-file build inlines both and has no module script)
    deferTexUntilNear({ css: document.querySelector('script[type="module"][src$="app/main.js"]') ? 'vendor/katex/katex.min.css' : null });
    const core = await loadAttentionCore();
    document.documentElement.dataset.core = core.simd ? 'simd' : 'baseline';
    statusEl.textContent = core.simd ? 'Computing with the WebAssembly SIMD core.' : 'Computing with the WebAssembly baseline core (no SIMD).';
    // scenes 1–3 mount now; 4–9 when they come near the screen or are asked for (scene-loader.js)
    scenes = sceneLoader((el) => el.mount({ state, core }));
    loaderSet(scenes);
    await scenes.first;
  } catch (e) {
    loaderSet(null);
    document.documentElement.dataset.core = 'unavailable';
    statusEl.textContent = 'The computing core could not be loaded, so the interactive figures are switched off.';
    for (const el of document.querySelectorAll('[data-scene-el]')) {
      el.replaceChildren(h('p.unavailable', {}, `This figure needs the page’s WebAssembly core, which could not be loaded here (${e.message}). The text above still explains the idea; try a current browser with WebAssembly enabled.`));
    }
  }
  history.scrollRestoration = 'manual';
  if (anchored) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1))); writeHash();
    if (target.classList.contains('scene')) { await sceneReady(target.dataset.scene); revealScene(target); } else target.scrollIntoView({ block: 'start' });
  } else await scrollToScene();
}
